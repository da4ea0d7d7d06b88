/** mysqlStore against a real MariaDB through mysql2/promise (a pool and a single connection). */
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mysqlDdl, mysqlStore } from '../../src/stores/mysql.js';
import { describeStoreConformance } from '../../src/testkit.js';
import { describeRacingSignIns } from './racing.js';
import { describeWithServer, MARIADB, uniqueName } from './servers.js';

const table = uniqueName('mfa_my');

await describeWithServer(MARIADB, 'mysqlStore on MariaDB', () => {
  let pool: mysql.Pool;
  let connection: mysql.Connection;
  // A pool that reports changed rows instead of found rows (the flag MySQL clients may differ on).
  let changedRowsPool: mysql.Pool;
  beforeAll(async () => {
    pool = mysql.createPool({ uri: MARIADB.url, connectionLimit: 10 });
    changedRowsPool = mysql.createPool({
      uri: MARIADB.url,
      connectionLimit: 4,
      flags: ['-FOUND_ROWS'],
    });
    connection = await mysql.createConnection(MARIADB.url);
    await mysqlStore(pool, { table }).createTable();
  });
  afterAll(async () => {
    await pool?.query(`DROP TABLE IF EXISTS \`${table}\``);
    await Promise.all([pool?.end(), changedRowsPool?.end(), connection?.end()]);
  });

  describeStoreConformance('mysql2 pool', () => mysqlStore(pool, { table }));
  describeStoreConformance('mysql2 pool without FOUND_ROWS', () =>
    mysqlStore(changedRowsPool, { table }),
  );
  describeStoreConformance('mysql2 connection', () => mysqlStore(connection, { table }));
  describeRacingSignIns('mysql2 pool', async () => mysqlStore(pool, { table }));

  it('the two pools really count differently: found rows versus changed rows', async () => {
    const user = uniqueName('flags');
    await mysqlStore(pool, { table }).save(user, 'd', null);
    const noop = `UPDATE \`${table}\` SET doc = doc WHERE user_id = ?`;
    const [found] = await pool.execute(noop, [user]);
    const [changed] = await changedRowsPool.execute(noop, [user]);
    expect((found as { affectedRows: number }).affectedRows).toBe(1);
    expect((changed as { affectedRows: number }).affectedRows).toBe(0);
  });

  it('saving the same document again still counts as a write (affectedRows, not changedRows)', async () => {
    for (const p of [pool, changedRowsPool]) {
      const store = mysqlStore(p, { table });
      const user = uniqueName('same-doc');
      await store.save(user, 'same', null);
      expect(await store.save(user, 'same', 1)).toBe(true);
      expect(await store.load(user)).toEqual({ doc: 'same', version: 2 });
    }
  });

  it('createTable is idempotent, also when eight connections race, and matches the DDL', async () => {
    const fresh = uniqueName('mfa_my_race');
    try {
      await Promise.all(
        Array.from({ length: 8 }, () => mysqlStore(pool, { table: fresh }).createTable()),
      );
      await mysqlStore(pool, { table: fresh }).createTable();
      const [rows] = await pool.query(`SHOW CREATE TABLE \`${fresh}\``);
      const ddl = (rows as Record<string, string>[])[0]!['Create Table']!;
      expect(ddl).toMatch(/`user_id` varbinary\(255\) NOT NULL/);
      expect(ddl).toMatch(/`doc` mediumtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL/);
      expect(mysqlDdl(fresh)).toContain(`\`${fresh}\``);
    } finally {
      await pool.query(`DROP TABLE IF EXISTS \`${fresh}\``);
    }
  });

  it('takes a reserved word as table name', async () => {
    const store = mysqlStore(pool, { table: 'order' });
    try {
      await store.createTable();
      expect(await store.save('alice', 'doc', null)).toBe(true);
      expect(await store.load('alice')).toEqual({ doc: 'doc', version: 1 });
    } finally {
      await pool.query('DROP TABLE IF EXISTS `order`');
    }
  });
});
