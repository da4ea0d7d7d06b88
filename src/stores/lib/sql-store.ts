/** What the SQL stores return: an `MfaStore` with `delete` and the table it lives in. */
import type { MfaStore } from '../../adapters/types.js';

/**
 * An {@link MfaStore} over a SQL table of one row per user (`user_id`, `version`, `doc`).
 *
 * @example
 * ```ts
 * import { postgresStore, type SqlStore } from 'mfa-kit/stores/postgres';
 * const store: SqlStore = postgresStore(pool);
 * await store.createTable();
 * ```
 */
export interface SqlStore extends MfaStore {
  /** Creates the table if it does not exist; safe to call on every start, also concurrently. */
  createTable(): Promise<void>;
  /** Removes the user's document (account deletion); nothing happens for an unknown user. */
  delete(userId: string): Promise<void>;
  /** The table, as given (unquoted). */
  readonly table: string;
}
