/**
 * Many app servers over one database: four worker processes (test/multiprocess/worker.mjs,
 * running the built dist/) share one PostgreSQL table, one Redis and one rate limiter. They race
 * to verify one code (exactly one success across all of them), share a quota, and one of them is
 * SIGKILLed in the middle of a burst of writes (every document still loads, no write is lost or
 * doubled, and the users can still sign in).
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMfa, type MfaStore } from '../../src/service.js';
import { postgresStore } from '../../src/stores/postgres.js';
import { redisStore } from '../../src/stores/redis.js';
import { base32Decode, generateTotp } from '../../src/totp.js';
import { describeWithServers, POSTGRES, REDIS, uniqueName } from '../stores/servers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
const key = randomBytes(32);
const table = uniqueName('mfa_mp');
const prefix = `${uniqueName('mfa-mp')}:`;

/** dist/ must hold the stores and the service, built from sources no newer than it. */
function ensureDist(): void {
  const built = ['service.js', 'stores/postgres.js', 'stores/redis.js'].map(
    (f) => `${root}dist/${f}`,
  );
  const newest = (dir: string): number =>
    Math.max(
      ...readdirSync(dir, { recursive: true, encoding: 'utf8' }).map(
        (f) => statSync(`${dir}/${f}`).mtimeMs,
      ),
    );
  const stale =
    !built.every(existsSync) ||
    Math.min(...built.map((f) => statSync(f).mtimeMs)) < newest(`${root}src`);
  if (stale)
    execFileSync('npx', ['tsup', '--silent'], {
      cwd: root,
      env: { ...process.env, MFA_NO_DTS: '1' },
    });
}

/** A worker process and the messages it has sent, awaited by type. */
class Worker {
  readonly child: ChildProcess;
  private readonly inbox: { type: string; [k: string]: unknown }[] = [];
  private waiting: (() => void)[] = [];
  constructor(store: 'postgres' | 'redis') {
    this.child = fork(`${root}test/multiprocess/worker.mjs`, [], {
      env: {
        ...process.env,
        MFA_MP_POSTGRES_URL: POSTGRES.url,
        MFA_MP_REDIS_URL: REDIS.url,
        MFA_MP_STORE: store,
        MFA_MP_TABLE: table,
        MFA_MP_PREFIX: prefix,
        MFA_MP_KEY: key.toString('hex'),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (m) => {
      this.inbox.push(m as { type: string });
      for (const w of this.waiting.splice(0)) w();
    });
  }
  send(m: Record<string, unknown>) {
    this.child.send({ now: clock.now, ...m });
  }
  /** All messages of `type` so far. */
  seen(type: string) {
    return this.inbox.filter((m) => m.type === type);
  }
  async next(type: string, timeoutMs = 20_000): Promise<Record<string, unknown>> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const error = this.inbox.find((m) => m.type === 'error');
      if (error) throw new Error(`worker: ${error.message}`);
      const i = this.inbox.findIndex((m) => m.type === type);
      if (i >= 0) return this.inbox.splice(i, 1)[0]!;
      if (Date.now() > until) throw new Error(`worker: no '${type}' within ${timeoutMs} ms`);
      await new Promise<void>((r) => {
        this.waiting.push(r);
        setTimeout(r, 200);
      });
    }
  }
  async stop() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.send({ type: 'stop' });
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

const clock = { now: T0 };
const workers: Worker[] = [];
async function startWorkers(store: 'postgres' | 'redis', n = 4): Promise<Worker[]> {
  const started = Array.from({ length: n }, () => new Worker(store));
  workers.push(...started);
  await Promise.all(started.map((w) => w.next('ready')));
  return started;
}

await describeWithServers(
  [POSTGRES, REDIS],
  'four processes over one PostgreSQL and one Redis',
  () => {
    let pool: pg.Pool;
    let redis: Redis;
    const service = (store: MfaStore) =>
      createMfa({
        store,
        keyring: { current: 'k1', keys: { k1: new Uint8Array(key) } },
        issuer: 'Acme',
        now: () => clock.now,
        policy: { enforcement: 'optional' },
        backupCodes: { cost: { N: 1024, r: 8, p: 1 } },
        lockout: { threshold: 50, budget: { burst: 200 } },
      });
    const enroll = async (mfa: ReturnType<typeof service>, user: string) => {
      const begun = await mfa.totp.begin(user, { accountName: user, authenticatedAt: clock.now });
      if (!begun.ok) throw new Error(begun.error.code);
      const secret = base32Decode(begun.secret);
      const code = () => generateTotp(secret, { now: clock.now });
      const confirmed = await mfa.totp.confirm(user, begun.factorId, code());
      if (!confirmed.ok) throw new Error(confirmed.error.code);
      clock.now += 30_000;
      return code;
    };
    const challenge = async (mfa: ReturnType<typeof service>, user: string) => {
      const s = await mfa.challenge.start(user);
      if (!('required' in s) || !s.required) throw new Error('expected a challenge');
      return s.challengeId;
    };

    beforeAll(async () => {
      ensureDist();
      pool = new pg.Pool({ connectionString: POSTGRES.url });
      redis = new Redis(REDIS.url);
      await postgresStore(pool, { table }).createTable();
    }, 120_000);
    afterAll(async () => {
      await Promise.all(workers.map((w) => w.stop()));
      await pool?.query(`DROP TABLE IF EXISTS "${table}"`);
      const keys = (await redis?.keys(`${prefix}*`)) ?? [];
      if (keys.length > 0) await redis.del(...keys);
      await pool?.end();
      redis?.disconnect();
    }, 30_000);

    for (const store of ['postgres', 'redis'] as const) {
      it(`${store}: 4 processes × 5 racing verifications of one code, exactly one success`, async () => {
        const s =
          store === 'postgres' ? postgresStore(pool, { table }) : redisStore(redis, { prefix });
        const mfa = service(s);
        const user = `race-${randomBytes(6).toString('hex')}`;
        const code = (await enroll(mfa, user))();
        const challengeId = await challenge(mfa, user);
        const ws = await startWorkers(store);
        for (const w of ws) w.send({ type: 'verify', challengeId, code, times: 5 });
        for (const w of ws) w.send({ type: 'go' });
        const results = (await Promise.all(ws.map((w) => w.next('verified')))).flatMap(
          (m) => m.results as string[],
        );
        expect(results).toHaveLength(20);
        expect(results.filter((r) => r === 'ok')).toHaveLength(1);
        await Promise.all(ws.map((w) => w.stop()));
      }, 60_000);
    }

    it('the Redis rate limiter holds one quota across 4 processes × 25 consumes', async () => {
      const ws = await startWorkers('postgres');
      const quota = `quota-${randomBytes(6).toString('hex')}`;
      for (const w of ws)
        w.send({ type: 'consume', key: quota, limit: 13, windowMs: 60_000, times: 25 });
      for (const w of ws) w.send({ type: 'go' });
      const allowed = (await Promise.all(ws.map((w) => w.next('consumed')))).map(
        (m) => m.allowed as number,
      );
      expect(allowed.reduce((a, b) => a + b)).toBe(13);
      await Promise.all(ws.map((w) => w.stop()));
    }, 60_000);

    it('a process SIGKILLed mid-burst: every document loads, no write lost or doubled, sign-in works', async () => {
      const store = postgresStore(pool, { table });
      const mfa = service(store);
      const users = Array.from({ length: 5 }, () => `burst-${randomBytes(6).toString('hex')}`);
      const codes = new Map<string, () => string>();
      for (const u of users) codes.set(u, await enroll(mfa, u));
      const before = new Map<string, number>();
      for (const u of users) before.set(u, (await store.load(u))!.version);

      const ws = await startWorkers('postgres');
      for (const w of ws) w.send({ type: 'burst', users, writes: 60 });
      const victim = ws[0]!;
      // Kill it once it is well into the burst, with writes in flight around it.
      while (victim.seen('wrote').length < 10) await new Promise((r) => setTimeout(r, 5));
      victim.child.kill('SIGKILL');
      await new Promise((r) => victim.child.once('exit', r));
      // It really died mid-burst: killed by the signal, before finishing its writes.
      expect(victim.child.signalCode).toBe('SIGKILL');
      expect(victim.seen('burst-done')).toHaveLength(0);
      await Promise.all(ws.slice(1).map((w) => w.next('burst-done', 60_000)));

      const reported = ws.flatMap((w) => w.seen('wrote')).filter((m) => m.ok).length;
      let written = 0;
      for (const u of users) {
        const row = await store.load(u);
        expect(row).not.toBeNull();
        expect(() => JSON.parse(row!.doc)).not.toThrow();
        written += row!.version - before.get(u)!;
        expect((await mfa.status(u)).backupCodesRemaining).toBeGreaterThan(0);
      }
      // Each reported success is one committed write; the victim may have committed one more
      // that it never got to report. Nothing else may appear or vanish.
      expect(written - reported).toBeGreaterThanOrEqual(0);
      expect(written - reported).toBeLessThanOrEqual(1);
      expect(reported).toBeGreaterThanOrEqual(60); // a real burst, not a handful

      clock.now += 30_000;
      for (const u of users) {
        const r = await mfa.challenge.verify(await challenge(mfa, u), { code: codes.get(u)!() });
        expect(r.ok).toBe(true);
      }
      await Promise.all(ws.map((w) => w.stop()));
    }, 90_000);
  },
);
