/**
 * postgresStore against a real PostgreSQL through pg (Pool and Client) and postgres.js, and
 * always against PGlite (a real PostgreSQL compiled to WebAssembly), which is also what runs
 * where no server answers.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresDdl, postgresStore } from '../../src/stores/postgres.js';
import { describeStoreConformance } from '../../src/testkit.js';
import { describeRacingSignIns } from './racing.js';
import { describeWithServer, POSTGRES, uniqueName } from './servers.js';

const table = uniqueName('mfa_pg');

describe('postgresStore on PGlite (embedded PostgreSQL)', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
    await postgresStore(db, { table }).createTable();
  }, 60_000); // a WebAssembly PostgreSQL boots in seconds, more on a busy machine
  afterAll(() => db?.close());

  describeStoreConformance('PGlite', () => postgresStore(db, { table }));
  describeRacingSignIns('PGlite', async () => postgresStore(db, { table }));

  it('createTable is idempotent and the DDL is what it runs', async () => {
    const store = postgresStore(db, { table: 'mfa_ddl_check' });
    await store.createTable();
    await store.createTable();
    const { rows } = await db.query<{ column_name: string; data_type: string }>(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'mfa_ddl_check' ORDER BY ordinal_position`,
    );
    expect(rows).toEqual([
      { column_name: 'user_id', data_type: 'text' },
      { column_name: 'version', data_type: 'integer' },
      { column_name: 'doc', data_type: 'text' },
    ]);
    expect(postgresDdl('mfa_ddl_check')).toMatch(/^CREATE TABLE IF NOT EXISTS "mfa_ddl_check" \(/);
  });

  it('takes reserved words and schema-qualified names as table names', async () => {
    await db.exec('CREATE SCHEMA IF NOT EXISTS auth');
    for (const name of ['user', 'auth.mfa']) {
      const store = postgresStore(db, { table: name });
      await store.createTable();
      expect(await store.save('alice', 'doc', null)).toBe(true);
      expect(await store.load('alice')).toEqual({ doc: 'doc', version: 1 });
    }
  });
});

await describeWithServer(POSTGRES, 'postgresStore on PostgreSQL', () => {
  let pool: pg.Pool;
  let client: pg.Client;
  let sql: postgres.Sql;
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: POSTGRES.url, max: 10 });
    client = new pg.Client({ connectionString: POSTGRES.url });
    await client.connect();
    sql = postgres(POSTGRES.url, { max: 10, onnotice: () => {} });
    await postgresStore(pool, { table }).createTable();
  });
  afterAll(async () => {
    await pool?.query(`DROP TABLE IF EXISTS "${table}"`);
    await Promise.all([pool?.end(), client?.end(), sql?.end()]);
  });

  describeStoreConformance('pg Pool', () => postgresStore(pool, { table }));
  describeStoreConformance('postgres.js', () => postgresStore(sql, { table }));
  describeRacingSignIns('pg Pool', async () => postgresStore(pool, { table }));
  describeRacingSignIns('postgres.js', async () => postgresStore(sql, { table }));

  // A single pg Client serves one query at a time (pg 9 will refuse more), so it is tested here
  // sequentially; racing requests need a Pool.
  it('the three clients see one another’s writes and versions', async () => {
    const [a, b, c] = [pool, client, sql].map((x) => postgresStore(x, { table }));
    expect(await a!.save('shared-user', 'by pg Pool', null)).toBe(true);
    expect(await b!.save('shared-user', 'by pg Client', 1)).toBe(true);
    expect(await c!.save('shared-user', 'stale', 1)).toBe(false);
    expect(await c!.save('shared-user', 'by postgres.js', 2)).toBe(true);
    expect(await a!.load('shared-user')).toEqual({ doc: 'by postgres.js', version: 3 });
    await c!.delete('shared-user');
    expect(await b!.load('shared-user')).toBeNull();
  });

  it('createTable is safe when eight connections race to create the same table', async () => {
    const fresh = uniqueName('mfa_pg_race');
    try {
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          postgresStore(i % 2 ? pool : sql, { table: fresh }).createTable(),
        ),
      );
      expect(await postgresStore(pool, { table: fresh }).save('u', 'd', null)).toBe(true);
    } finally {
      await pool.query(`DROP TABLE IF EXISTS "${fresh}"`);
    }
  });

  it('runs inside the host’s transaction when given the transaction’s client', async () => {
    const tx = await pool.connect();
    try {
      await tx.query('BEGIN');
      await postgresStore(tx, { table }).save('tx-user', 'in a transaction', null);
      await tx.query('ROLLBACK');
    } finally {
      tx.release();
    }
    expect(await postgresStore(pool, { table }).load('tx-user')).toBeNull();
  });
});
