/**
 * The demo on real servers: DATABASE_URL (PostgreSQL or MariaDB/MySQL) keeps mfa-kit's documents
 * in the database and REDIS_URL its SMS quotas in Redis. Each case signs up, turns on an
 * authenticator app, signs out and signs in with a code, then reads the row the demo wrote.
 * Skipped, saying which server and why, where the server is unreachable (CI runs them all).
 */
import { Socket } from 'node:net';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { enrollTotp, type RunningDemo, signUp, startDemo, totpAt } from '../e2e/demo-server.js';

const POSTGRES_URL = process.env.DEMO_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const MYSQL_URL = process.env.DEMO_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const REDIS_URL = process.env.DEMO_REDIS_URL ?? 'redis://127.0.0.1:6379';

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(Number(port), hostname, () => done(true));
  });
}

const [hasPostgres, hasMysql, hasRedis] = await Promise.all(
  [POSTGRES_URL, MYSQL_URL, REDIS_URL].map(reachable),
);
for (const [ok, name, url] of [
  [hasPostgres, 'PostgreSQL', POSTGRES_URL],
  [hasMysql, 'MariaDB/MySQL', MYSQL_URL],
  [hasRedis, 'Redis', REDIS_URL],
] as const)
  if (!ok) console.warn(`demo on ${name}: SKIPPED, nothing answers at ${url}`);

const running: RunningDemo[] = [];
afterAll(() => Promise.all(running.map((d) => d.close())));

/** Sign-up, an authenticator app, sign-out, sign-in with a code: the user id it signed in. */
async function journey(demo: RunningDemo, login: string) {
  const { c } = await signUp(demo, login);
  const { key, page } = await enrollTotp(demo, c);
  expect(page.url).toBe('/security/backup-codes');
  await c.go('/signout', {});
  await c.go('/signin');
  expect((await c.go('/signin', { login, password: 'long enough' })).url).toBe('/signin/verify');
  demo.clock.now += 30_000;
  const done = await c.go('/signin/verify', { code: totpAt(key, demo.clock.now) });
  expect(done.url).toBe('/security');
  expect(done.body).toContain(`Signed in as ${login}`);
}

describe('the demo on real servers', () => {
  it.skipIf(!hasPostgres || !hasRedis)(
    'DATABASE_URL=postgres://… and REDIS_URL: signs in, the document is in PostgreSQL',
    async () => {
      const demo = await startDemo({ DATABASE_URL: POSTGRES_URL, REDIS_URL });
      running.push(demo);
      expect(demo.logs[0]).toBe('MFA documents: PostgreSQL, Redis (SMS quotas)');
      const login = `pg-${Date.now()}@example.com`;
      await journey(demo, login);
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        const { rows } = await client.query<{ version: number; doc: string }>(
          'SELECT version, doc FROM mfa_documents ORDER BY version DESC',
        );
        const ours = rows.filter((r) => r.doc.includes('"totp"'));
        expect(ours.length).toBeGreaterThan(0);
        for (const r of rows) expect(r.doc).not.toContain(login); // ids and sealed data only
      } finally {
        await client.end();
      }
    },
  );

  it.skipIf(!hasMysql)('DATABASE_URL=mysql://…: signs in, the document is in MariaDB', async () => {
    const demo = await startDemo({ DATABASE_URL: MYSQL_URL });
    running.push(demo);
    expect(demo.logs[0]).toBe('MFA documents: MySQL');
    await journey(demo, `my-${Date.now()}@example.com`);
    const conn = await mysql.createConnection(MYSQL_URL);
    try {
      const [rows] = await conn.query('SELECT COUNT(*) AS n FROM mfa_documents');
      expect(Number((rows as { n: number }[])[0]!.n)).toBeGreaterThan(0);
    } finally {
      await conn.end();
    }
  });

  it('refuses a DATABASE_URL it cannot use, naming the variable', async () => {
    await expect(startDemo({ DATABASE_URL: 'mongodb://127.0.0.1/test' })).rejects.toThrow(
      /DATABASE_URL must start with postgres:\/\/ or mysql:\/\//,
    );
  });
});
