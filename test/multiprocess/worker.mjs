// One app server process for test/multiprocess: mfa-kit from the built dist/ over a shared
// PostgreSQL table (or Redis) and a shared Redis rate limiter. The parent drives it over IPC:
// every message carries the clock, so all processes agree on the current TOTP step.
import { Redis } from 'ioredis';
import pg from 'pg';
import { createMfa } from '../../dist/service.js';
import { postgresStore } from '../../dist/stores/postgres.js';
import { redisRateLimiter, redisStore } from '../../dist/stores/redis.js';

const env = process.env;
const pool = new pg.Pool({ connectionString: env.MFA_MP_POSTGRES_URL, max: 8 });
const redis = new Redis(env.MFA_MP_REDIS_URL);
const store =
  env.MFA_MP_STORE === 'redis'
    ? redisStore(redis, { prefix: env.MFA_MP_PREFIX })
    : postgresStore(pool, { table: env.MFA_MP_TABLE });
const limiter = redisRateLimiter(redis, { prefix: `${env.MFA_MP_PREFIX}rate:` });
let now = 0;
const mfa = createMfa({
  store,
  keyring: { current: 'k1', keys: { k1: Buffer.from(env.MFA_MP_KEY, 'hex') } },
  issuer: 'Acme',
  now: () => now,
  policy: { enforcement: 'optional' },
  backupCodes: { cost: { N: 1024, r: 8, p: 1 } },
  lockout: { threshold: 50, budget: { burst: 200 } },
});

let go;
const started = new Promise((resolve) => {
  go = resolve;
});

process.on('message', async (m) => {
  now = m.now;
  if (m.type === 'go') return go();
  try {
    if (m.type === 'verify') {
      await started; // every process fires at once
      const results = await Promise.all(
        Array.from({ length: m.times }, () =>
          mfa.challenge.verify(m.challengeId, { code: m.code }),
        ),
      );
      process.send({ type: 'verified', results: results.map((r) => (r.ok ? 'ok' : r.error.code)) });
    } else if (m.type === 'consume') {
      await started;
      const results = await Promise.all(
        Array.from({ length: m.times }, () => limiter.consume(m.key, m.limit, m.windowMs)),
      );
      process.send({ type: 'consumed', allowed: results.filter((r) => r.allowed).length });
    } else if (m.type === 'burst') {
      // Regenerate backup codes of the users over and over (each one read and one conditional
      // write, racing the other processes), reporting each write, until killed or done.
      for (let i = 0; i < m.writes; i++) {
        const user = m.users[i % m.users.length];
        const r = await mfa.backupCodes.regenerate(user, { authenticatedAt: now });
        process.send({ type: 'wrote', ok: r.ok });
      }
      process.send({ type: 'burst-done' });
    } else if (m.type === 'stop') {
      await Promise.all([pool.end(), redis.quit()]);
      process.exit(0);
    }
  } catch (err) {
    process.send({ type: 'error', message: String(err?.stack ?? err) });
  }
});
process.send({ type: 'ready' });
