/**
 * `mfa-kit/stores/postgres`: the `MfaStore` on PostgreSQL, over the client the host already has
 * (`pg`, postgres.js or PGlite). No driver is imported: clients are recognized by their shape.
 *
 * @module
 */
import { InvalidArgumentError } from '../errors.js';
import { assertOptions } from '../lib/assert.js';
import { checkSave, checkUserId, toVersion } from './lib/arguments.js';
import type { SqlStore } from './lib/sql-store.js';
import { DEFAULT_TABLE, quoteTable } from './lib/table-name.js';

export type { SqlStore } from './lib/sql-store.js';

/** A `pg` Pool, PoolClient or Client, or a PGlite instance: anything with `query(text, values)`. */
export interface PgQueryable {
  query(
    text: string,
    values?: unknown[],
  ): Promise<{ rows: unknown[]; rowCount?: number | null; affectedRows?: number }>;
}

/** A postgres.js `sql` (or the `sql` of a `sql.begin` transaction): used through `sql.unsafe`. */
export interface PostgresJsSql {
  // biome-ignore lint/suspicious/noExplicitAny: postgres.js types its parameters per call site
  unsafe(query: string, parameters?: any[]): PromiseLike<ArrayLike<unknown> & { count: number }>;
}

/** Anything {@link postgresStore} accepts. */
export type PostgresClient = PgQueryable | PostgresJsSql;

/** One statement, answered as rows and the number of rows it inserted or updated. */
type Run = (text: string, values: unknown[]) => Promise<{ rows: unknown[]; affected: number }>;

/**
 * The DDL of the table, for migration tools (`createTable()` runs the same statement). `user_id`
 * is `text`, compared exactly (case and spaces count); `doc` is `text`, not `jsonb`, because the
 * document is stored and read back byte for byte, never queried into.
 *
 * @example
 * ```ts
 * import { postgresDdl } from 'mfa-kit/stores/postgres';
 * writeFileSync('migrations/0007_mfa.sql', `${postgresDdl('mfa_documents')};\n`);
 * ```
 */
export function postgresDdl(table: string = DEFAULT_TABLE): string {
  const t = quoteTable(table, '"', 'table');
  return `CREATE TABLE IF NOT EXISTS ${t} (user_id text PRIMARY KEY, version integer NOT NULL CHECK (version > 0), doc text NOT NULL)`;
}

/**
 * The MFA store on PostgreSQL. Pass the client the app already has: a `pg` `Pool` (or `Client`),
 * a postgres.js `sql`, or a PGlite instance. Every call is one statement, so a pool needs no
 * transaction; a conflicting save is an `UPDATE … WHERE version = $expected` that matches no row.
 *
 * @example
 * ```ts
 * import { createMfa } from 'mfa-kit';
 * import { postgresStore } from 'mfa-kit/stores/postgres';
 * const store = postgresStore(pool, { table: 'mfa_documents' }); // pool = new pg.Pool() or postgres()
 * await store.createTable();
 * const mfa = createMfa({ store, keyring, issuer: 'Acme' });
 * ```
 */
export function postgresStore(client: PostgresClient, opts?: { table?: string }): SqlStore {
  const run = runner(client);
  const o = assertOptions(opts, 'opts');
  const table = o.table === undefined ? DEFAULT_TABLE : o.table;
  const t = quoteTable(table, '"');
  const ddl = postgresDdl(table);
  return {
    table,
    async createTable() {
      try {
        await run(ddl, []);
      } catch (err) {
        // Two processes creating the table at once: one gets a unique violation on the catalog
        // (23505) or "already exists" (42P07) although IF NOT EXISTS was given. The table exists.
        const code = (err as { code?: unknown } | null)?.code;
        if (code !== '23505' && code !== '42P07') throw err;
      }
    },
    async load(userId) {
      checkUserId(userId);
      const { rows } = await run(`SELECT doc, version FROM ${t} WHERE user_id = $1`, [userId]);
      const row = rows[0] as { doc: string; version: unknown } | undefined;
      return row === undefined ? null : { doc: row.doc, version: toVersion(row.version) };
    },
    async save(userId, doc, expectedVersion) {
      checkSave(userId, doc, expectedVersion);
      const { affected } =
        expectedVersion === null
          ? await run(
              `INSERT INTO ${t} (user_id, version, doc) VALUES ($1, 1, $2) ON CONFLICT (user_id) DO NOTHING`,
              [userId, doc],
            )
          : await run(
              `UPDATE ${t} SET doc = $2, version = version + 1 WHERE user_id = $1 AND version = $3`,
              [userId, doc, expectedVersion],
            );
      return affected === 1;
    },
    async delete(userId) {
      checkUserId(userId);
      await run(`DELETE FROM ${t} WHERE user_id = $1`, [userId]);
    },
  };
}

/** Recognizes the client once: postgres.js by `unsafe`, `pg` and PGlite by `query`. */
function runner(client: unknown): Run {
  const c = client as Partial<PgQueryable & PostgresJsSql> | null;
  if ((typeof c === 'function' || typeof c === 'object') && c !== null) {
    if (typeof c.unsafe === 'function') {
      const sql = c as PostgresJsSql;
      return async (text, values) => {
        const rows = await sql.unsafe(text, values);
        return { rows: Array.from(rows), affected: rows.count };
      };
    }
    if (typeof c.query === 'function') {
      const pg = c as PgQueryable;
      return async (text, values) => {
        const r = await pg.query(text, values);
        // pg reports rowCount; PGlite reports affectedRows.
        return { rows: r.rows, affected: r.rowCount ?? r.affectedRows ?? 0 };
      };
    }
  }
  throw new InvalidArgumentError(
    'client',
    'a pg Pool or Client, a postgres.js sql, or a PGlite instance',
  );
}
