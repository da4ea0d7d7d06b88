/** redisStore and redisRateLimiter against a real Redis through ioredis and node-redis. */
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
