/** The text of a verification SMS, with the origin-bound line that lets browsers autofill it. */
import { InvalidArgumentError } from '../errors.js';
import { assertOptions, assertString } from '../lib/assert.js';
import { oneLine } from '../lib/text.js';

/** Options of {@link formatSmsMessage}. */
export interface SmsMessageOptions {
  issuer: string;
  code: string;
  /** The site's host name (e.g. `example.com`): adds `@example.com #123456` as the last line. */
  domain?: string;
}

const HOST =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

/**
 * The SMS text. With `domain`, the last line follows the origin-bound one-time code format
 * (`@example.com #123456`) that Safari, Chrome's WebOTP API and Android read to autofill the code
 * only on that site, which also blunts phishing.
 *
 * @example
 * ```ts
 * formatSmsMessage({ issuer: 'Acme', code: '123456', domain: 'acme.com' });
 * // '123456 is your Acme verification code. Don't share it.\n\n@acme.com #123456'
 * ```
 */
export function formatSmsMessage(opts: SmsMessageOptions): string {
  const o = assertOptions(opts, 'opts');
  const issuer = oneLine(assertString(o.issuer, 'opts.issuer', 64)).trim();
  if (issuer === '') throw new InvalidArgumentError('opts.issuer', 'a non-empty string');
  const code = assertString(o.code, 'opts.code', 8);
  if (!/^\d{4,8}$/.test(code))
    throw new InvalidArgumentError('opts.code', 'a string of 4 to 8 digits');
  const text = `${code} is your ${issuer} verification code. Don't share it.`;
  if (o.domain === undefined) return text;
  const domain = assertString(o.domain, 'opts.domain', 253);
  if (!HOST.test(domain))
    throw new InvalidArgumentError('opts.domain', 'a lower-case host name such as example.com');
  return `${text}\n\n@${domain} #${code}`;
}
