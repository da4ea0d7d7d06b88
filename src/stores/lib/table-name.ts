/**
 * Table names are spliced into SQL (placeholders cannot stand for identifiers), so they are held
 * to a plain identifier, optionally schema-qualified, and then quoted: a reserved word such as
 * `user` works, and nothing a caller passes can become SQL.
 */
import { InvalidArgumentError } from '../../errors.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?$/;

/** The default table of every SQL store. */
export const DEFAULT_TABLE = 'mfa_documents';

/** `table` checked and quoted with `quote` (`"` for PostgreSQL and SQLite, a backtick for MySQL). */
export function quoteTable(table: unknown, quote: '"' | '`', argument = 'opts.table'): string {
  if (typeof table !== 'string' || !IDENTIFIER.test(table)) {
    throw new InvalidArgumentError(
      argument,
      'a table name of letters, digits and underscores (1 to 63, not starting with a digit), optionally schema.table',
    );
  }
  return table
    .split('.')
    .map((part) => `${quote}${part}${quote}`)
    .join('.');
}
