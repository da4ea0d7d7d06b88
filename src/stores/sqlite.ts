/**
 * `mfa-kit/stores/sqlite`: the `MfaStore` on SQLite, over the database handle the host already
 * has: better-sqlite3, `node:sqlite` (Node 22.5+) or `bun:sqlite`. All three answer the same
 * `prepare(sql).run(...) / .get(...)`, so no driver is imported and no flavour is told apart.
 *
 * @module
 */
import { InvalidArgumentError } from '../errors.js';
import { assertOptions } from '../lib/assert.js';
import { checkSave, checkUserId, toVersion } from './lib/arguments.js';
import type { SqlStore } from './lib/sql-store.js';
import { DEFAULT_TABLE, quoteTable } from './lib/table-name.js';

export type { SqlStore } from './lib/sql-store.js';

/** A prepared statement: `changes` from `run`, a row (or undefined, or bun's null) from `get`. */
export interface SqliteStatement {
  // biome-ignore lint/suspicious/noExplicitAny: each driver types its bind parameters its own way
  run(...params: any[]): { changes: number | bigint };
  // biome-ignore lint/suspicious/noExplicitAny: each driver types its bind parameters its own way
  get(...params: any[]): unknown;
}

/** A better-sqlite3 `Database`, a `node:sqlite` `DatabaseSync` or a `bun:sqlite` `Database`. */
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
}

/**
 * The DDL of the table, for migration tools (`createTable()` runs the same statement). A
 * `WITHOUT ROWID` table keyed by the user id; TEXT compares byte for byte (BINARY collation).
 *
 * @example
 * ```ts
 * import { sqliteDdl } from 'mfa-kit/stores/sqlite';
 * db.exec(sqliteDdl());
 * ```
 */
export function sqliteDdl(table: string = DEFAULT_TABLE): string {
  const t = quoteTable(table, '"', 'table');
  return `CREATE TABLE IF NOT EXISTS ${t} (user_id TEXT NOT NULL PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL) WITHOUT ROWID`;
}

/**
 * The MFA store on SQLite. Each call is one statement, atomic in SQLite; several processes may
 * share the file (give the handle a busy timeout — better-sqlite3's default is 5 s — and use WAL
 * journal mode). Statements are prepared once, when first used.
 *
 * @example
 * ```ts
 * import { createMfa } from 'mfa-kit';
 * import { sqliteStore } from 'mfa-kit/stores/sqlite';
 * const store = sqliteStore(db); // db = new Database('app.db') (better-sqlite3), DatabaseSync, bun:sqlite
 * await store.createTable();
 * const mfa = createMfa({ store, keyring, issuer: 'Acme' });
 * ```
 */
export function sqliteStore(db: SqliteDatabase, opts?: { table?: string }): SqlStore {
  if (typeof db !== 'object' || db === null || typeof db.prepare !== 'function') {
    throw new InvalidArgumentError('db', 'a better-sqlite3, node:sqlite or bun:sqlite database');
  }
  const o = assertOptions(opts, 'opts');
  const table = o.table === undefined ? DEFAULT_TABLE : o.table;
  const t = quoteTable(table, '"');
  const statements = new Map<string, SqliteStatement>();
  const statement = (sql: string) => {
    let s = statements.get(sql);
    if (s === undefined) {
      s = db.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  };
  const ddl = sqliteDdl(table);
  return {
    table,
    async createTable() {
      // Not cached: it must run again after the host drops the table.
      db.prepare(ddl).run();
    },
    async load(userId) {
      checkUserId(userId);
      const row = statement(`SELECT doc, version FROM ${t} WHERE user_id = ?`).get(userId) as
        | { doc: string; version: unknown }
        | null
        | undefined;
      return row == null ? null : { doc: row.doc, version: toVersion(row.version) };
    },
    async save(userId, doc, expectedVersion) {
      checkSave(userId, doc, expectedVersion);
      const { changes } =
        expectedVersion === null
          ? statement(
              `INSERT INTO ${t} (user_id, version, doc) VALUES (?, 1, ?) ON CONFLICT (user_id) DO NOTHING`,
            ).run(userId, doc)
          : statement(
              `UPDATE ${t} SET doc = ?, version = version + 1 WHERE user_id = ? AND version = ?`,
            ).run(doc, userId, expectedVersion);
      return Number(changes) === 1;
    },
    async delete(userId) {
      checkUserId(userId);
      statement(`DELETE FROM ${t} WHERE user_id = ?`).run(userId);
    },
  };
}
