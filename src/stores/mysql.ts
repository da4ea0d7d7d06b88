/**
 * `mfa-kit/stores/mysql`: the `MfaStore` on MySQL or MariaDB, over the mysql2/promise pool the
 * host already has. No driver is imported: the pool is used through `execute` alone.
 *
 * @module
 */
import { InvalidArgumentError } from '../errors.js';
import { assertOptions } from '../lib/assert.js';
import { checkSave, checkUserId, toVersion } from './lib/arguments.js';
import type { SqlStore } from './lib/sql-store.js';
import { DEFAULT_TABLE, quoteTable } from './lib/table-name.js';

export type { SqlStore } from './lib/sql-store.js';

/**
 * A mysql2/promise `Pool`, `PoolConnection` or `Connection` (or `pool.promise()` of a callback
 * pool): anything whose `execute(sql, values)` answers `[result, fields]`.
 */
export interface MysqlExecutable {
  execute(sql: string, values?: (string | number)[]): Promise<[unknown, unknown]>;
}

/**
 * The DDL of the table, for migration tools (`createTable()` runs the same statement).
 * `user_id` is `VARBINARY(255)` so ids compare byte for byte: the default collations would make
 * `Alice` and `alice`, or `bob` and `bob `, the same user. `doc` is `utf8mb4`, which mysql2
 * speaks by default; a connection set to 3-byte `utf8` cannot carry every document.
 *
 * @example
 * ```ts
 * import { mysqlDdl } from 'mfa-kit/stores/mysql';
 * await knex.raw(mysqlDdl('mfa_documents'));
 * ```
 */
export function mysqlDdl(table: string = DEFAULT_TABLE): string {
  const t = quoteTable(table, '`', 'table');
  return `CREATE TABLE IF NOT EXISTS ${t} (user_id VARBINARY(255) NOT NULL PRIMARY KEY, version INT NOT NULL, doc MEDIUMTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL) ENGINE=InnoDB`;
}

// A duplicate key: another request created the document first. A deadlock: InnoDB rolled this
// statement back while racing inserts of one key. Either way nothing was written: a conflict.
const CONFLICT_ERRNOS = new Set([1062, 1213]);

/**
 * The MFA store on MySQL 5.7+/8 or MariaDB 10.5+, over a mysql2/promise pool. Every call is one
 * statement; a conflicting save is an `UPDATE … WHERE version = ?` that matches no row. Pass a
 * pool rather than a connection inside a `REPEATABLE READ` transaction, whose snapshot would keep
 * answering the old version.
 *
 * @example
 * ```ts
 * import { createMfa } from 'mfa-kit';
 * import { mysqlStore } from 'mfa-kit/stores/mysql';
 * const store = mysqlStore(pool); // pool = mysql2/promise createPool(process.env.DATABASE_URL)
 * await store.createTable();
 * const mfa = createMfa({ store, keyring, issuer: 'Acme' });
 * ```
 */
export function mysqlStore(pool: MysqlExecutable, opts?: { table?: string }): SqlStore {
  if (
    (typeof pool !== 'object' && typeof pool !== 'function') ||
    pool === null ||
    typeof pool.execute !== 'function'
  ) {
    throw new InvalidArgumentError('pool', 'a mysql2/promise Pool or Connection');
  }
  const o = assertOptions(opts, 'opts');
  const table = o.table === undefined ? DEFAULT_TABLE : o.table;
  const t = quoteTable(table, '`');
  const ddl = mysqlDdl(table);
  const run = async (sql: string, values: (string | number)[]) =>
    (await pool.execute(sql, values))[0];
  return {
    table,
    async createTable() {
      await run(ddl, []);
    },
    async load(userId) {
      checkUserId(userId);
      const rows = (await run(`SELECT doc, version FROM ${t} WHERE user_id = ?`, [userId])) as {
        doc: string;
        version: unknown;
      }[];
      const row = rows[0];
      return row === undefined ? null : { doc: row.doc, version: toVersion(row.version) };
    },
    async save(userId, doc, expectedVersion) {
      checkSave(userId, doc, expectedVersion);
      if (expectedVersion === null) {
        try {
          await run(`INSERT INTO ${t} (user_id, version, doc) VALUES (?, 1, ?)`, [userId, doc]);
          return true;
        } catch (err) {
          // Not INSERT IGNORE: it would also turn a too-long document into a silent truncation.
          if (CONFLICT_ERRNOS.has((err as { errno?: number } | null)?.errno ?? 0)) return false;
          throw err;
        }
      }
      // The update always changes `version`, so affectedRows is 1 on success whether or not the
      // connection counts found rows (CLIENT_FOUND_ROWS) instead of changed ones.
      const result = (await run(
        `UPDATE ${t} SET doc = ?, version = version + 1 WHERE user_id = ? AND version = ?`,
        [doc, userId, expectedVersion],
      )) as { affectedRows: number };
      return result.affectedRows === 1;
    },
    async delete(userId) {
      checkUserId(userId);
      await run(`DELETE FROM ${t} WHERE user_id = ?`, [userId]);
    },
  };
}
