/** The downloadable text file of backup codes (also what a print view shows). */
import { InvalidArgumentError } from '../errors.js';
import { assertOptions, assertString, toMillis } from '../lib/assert.js';
import { oneLine } from '../lib/text.js';

/** Input of {@link formatBackupCodesText}. */
export interface BackupCodesTextOptions {
  codes: string[];
  issuer: string;
  account: string;
  createdAt: number | Date;
}

/**
 * The text of a `backup-codes.txt` download: issuer, account, date, the numbered codes and a
 * one-line instruction. Lines end with `\r\n` so the file reads well on every system.
 *
 * @example
 * ```ts
 * const text = formatBackupCodesText({ codes, issuer: 'Acme', account: 'alice@example.com', createdAt: Date.now() });
 * res.set('Content-Disposition', 'attachment; filename="acme-backup-codes.txt"').send(text);
 * ```
 */
export function formatBackupCodesText(opts: BackupCodesTextOptions): string {
  const o = assertOptions(opts, 'opts');
  if (
    !Array.isArray(o.codes) ||
    o.codes.length === 0 ||
    o.codes.some((c) => typeof c !== 'string' || c.length > 32)
  ) {
    throw new InvalidArgumentError('opts.codes', 'a non-empty array of codes');
  }
  const issuer = oneLine(assertString(o.issuer, 'opts.issuer', 256));
  const account = oneLine(assertString(o.account, 'opts.account', 256));
  const date = new Date(toMillis(o.createdAt, 'opts.createdAt')).toISOString().slice(0, 10);
  const width = String(o.codes.length).length;
  const lines = [
    `${issuer} backup codes`,
    `Account: ${account}`,
    `Created: ${date}`,
    '',
    ...o.codes.map((code, i) => `${String(i + 1).padStart(width, ' ')}. ${oneLine(code)}`),
    '',
    'Each code works once. Use one to sign in if you lose your phone; keep this file somewhere safe.',
    '',
  ];
  return lines.join('\r\n');
}
