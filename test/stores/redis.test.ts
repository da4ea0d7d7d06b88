/** redisStore and redisRateLimiter against a real Redis through ioredis and node-redis. */
import { randomInt } from 'node:crypto';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMfa } from '../../src/service.js';
import { script } from '../../src/stores/redis/scripts.js';
import { redisRateLimiter, redisStore } from '../../src/stores/redis.js';
import { describeStoreConformance } from '../../src/testkit.js';
import { describeRacingSignIns } from './racing.js';
import { describeRateLimiter } from './rate-limiter.js';
import { describeWithServer, REDIS, uniqueName } from './servers.js';

const prefix = `${uniqueName('mfa-test')}:`;
const connectNodeRedis = () => createClient({ url: REDIS.url }).connect();

await describeWithServer(REDIS, 'Redis store and rate limiter', () => {
  let io: Redis;
  let node: Awaited<ReturnType<typeof connectNodeRedis>>;
  beforeAll(async () => {
    io = new Redis(REDIS.url);
    node = await connectNodeRedis();
  });
  afterAll(async () => {
    const keys = await io.keys(`${prefix}*`);
    if (keys.length > 0) await io.del(...keys);
    io?.disconnect();
    await node?.close();
  });

  for (const [name, client] of [
    ['ioredis', () => io],
    ['node-redis', () => node],
  ] as const) {
    describe(name, () => {
      describeStoreConformance(`redisStore (${name})`, () => redisStore(client(), { prefix }));
      describeRacingSignIns(`redisStore (${name})`, async () => redisStore(client(), { prefix }));
      describeRateLimiter(`redisRateLimiter (${name})`, () =>
        redisRateLimiter(client(), { prefix: `${prefix}rate:${name}:` }),
      );
    });
  }

  it('both clients share one document and its version', async () => {
    const a = redisStore(io, { prefix });
    const b = redisStore(node, { prefix });
    expect(await a.save('shared', 'by ioredis', null)).toBe(true);
    expect(await b.save('shared', 'stale', null)).toBe(false);
    expect(await b.save('shared', 'by node-redis', 1)).toBe(true);
    expect(await a.load('shared')).toEqual({ doc: 'by node-redis', version: 2 });
    expect(await io.hgetall(`${prefix}shared`)).toEqual({ v: '2', d: 'by node-redis' });
  });

  it('SMS quotas hold across four service instances sharing redisRateLimiter', async () => {
    // With an in-process limiter each instance would allow its own 3 texts to the number.
    const sent: string[] = [];
    const limiter = redisRateLimiter(node, { prefix: `${prefix}sms:` });
    const store = redisStore(io, { prefix });
    const instances = Array.from({ length: 4 }, () =>
      createMfa({
        store,
        keyring: { current: 'k1', keys: { k1: Uint8Array.from({ length: 32 }, (_, i) => i + 3) } },
        issuer: 'Acme',
        rateLimiter: limiter,
        sms: {
          sender: { send: async (m) => void sent.push(m.to) },
          defaultCountry: 'US',
          quotas: {
            cooldown: { limit: 0, windowMs: 1000 },
            perNumber: { limit: 3, windowMs: 3_600_000 },
          },
        },
      }),
    );
    const phone = `(201) 555-01${randomInt(10, 100)}`;
    const results = await Promise.all(
      instances.flatMap((mfa, i) =>
        [0, 1].map((j) =>
          mfa.sms.begin(`${prefix}sms-user-${i}-${j}`, phone, { authenticatedAt: Date.now() }),
        ),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(sent).toHaveLength(3);
    for (const r of results) {
      if (!r.ok) {
        expect(r.error.code).toBe('rate_limited');
        expect(r.error.retryAfterMs).toBeGreaterThan(3_500_000);
      }
    }
  });

  it('prefixes keep stores apart', async () => {
    const a = redisStore(io, { prefix: `${prefix}a:` });
    const b = redisStore(io, { prefix: `${prefix}b:` });
    await a.save('u', 'in a', null);
    expect(await b.load('u')).toBeNull();
  });

  it('script hashes are the ones Redis computes, and a flushed script cache is refilled', async () => {
    for (const source of [
      'return 1',
      "return redis.call('GET', KEYS[1])",
      `-- ${'x'.repeat(3000)}\nreturn 2`,
    ]) {
      expect(script(source).sha).toBe(await io.script('LOAD', source));
    }
    const store = redisStore(node, { prefix });
    await store.save('flushed', 'before', null);
    await io.script('FLUSH');
    expect(await store.save('flushed', 'after', 1)).toBe(true);
    expect(await redisStore(io, { prefix }).load('flushed')).toEqual({ doc: 'after', version: 2 });
  });
});
