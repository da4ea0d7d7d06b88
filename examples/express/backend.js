// Where mfa-kit keeps its documents and counts its SMS quotas. Without settings: in memory (gone
// when the demo stops). DATABASE_URL (postgres://… or mysql://…) and REDIS_URL put them on real
// servers, through mfa-kit's ready stores and the drivers the host already uses. Only the MFA
// documents move: the demo's accounts and sessions stay in memory.
import { memoryStore } from 'mfa-kit';

export async function createBackend({ env = process.env, log = console.log } = {}) {
  const closers = [];
  let store = memoryStore();
  let rateLimiter;
  const where = [];
  const url = env.DATABASE_URL;
  if (url?.startsWith('postgres://') || url?.startsWith('postgresql://')) {
    const { default: pg } = await import('pg');
    const { postgresStore } = await import('mfa-kit/stores/postgres');
    const pool = new pg.Pool({ connectionString: url, max: 5 });
    closers.push(() => pool.end());
    store = postgresStore(pool);
    await store.createTable();
    where.push('PostgreSQL');
  } else if (url?.startsWith('mysql://')) {
    const mysql = await import('mysql2/promise');
    const { mysqlStore } = await import('mfa-kit/stores/mysql');
    const pool = mysql.createPool({ uri: url, connectionLimit: 5 });
    closers.push(() => pool.end());
    store = mysqlStore(pool);
    await store.createTable();
    where.push('MySQL');
  } else if (url) {
    throw new Error('DATABASE_URL must start with postgres:// or mysql://');
  }
  if (env.REDIS_URL) {
    const { Redis } = await import('ioredis');
    const { redisRateLimiter } = await import('mfa-kit/stores/redis');
    const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2 });
    closers.push(() => redis.quit());
    rateLimiter = redisRateLimiter(redis);
    where.push('Redis (SMS quotas)');
  }
  log(
    `MFA documents: ${where.length ? where.join(', ') : 'in memory (set DATABASE_URL / REDIS_URL for real servers)'}`,
  );
  return {
    store,
    ...(rateLimiter ? { rateLimiter } : {}),
    close: () => Promise.all(closers.map((close) => close())),
  };
}
