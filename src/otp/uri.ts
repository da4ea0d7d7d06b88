/**
 * `otpauth://` key URIs (the Google Authenticator Key URI format), the text inside enrollment QR
 * codes. Built strictly; parsed tolerantly where real apps differ and strictly where it matters.
 */
import { OTP_ALGORITHMS, type OtpAlgorithm } from '../crypto/hmac.js';
import { base32Decode, base32Encode } from '../encoding/base32.js';
import { InvalidArgumentError, InvalidOtpauthUriError, MfaError } from '../errors.js';
import { assertInteger, assertOneOf, assertOptions, assertString } from '../lib/assert.js';
import { assertSecret, MIN_SECRET_BYTES } from './options.js';

/** What an otpauth URI describes. */
export interface OtpauthParams {
  type: 'totp' | 'hotp';
  secret: Uint8Array;
  /** The service name shown in the app, e.g. `Acme`. */
  issuer?: string;
  /** The user's account, e.g. an e-mail address. */
  account: string;
  algorithm: OtpAlgorithm;
  digits: number;
  /** Seconds per step (TOTP); 30 when the URI does not say. */
  period: number;
  /** Initial counter, present exactly for `hotp`. */
  counter?: bigint;
}

/** Input of {@link buildOtpauthUri}: everything but `secret` and `account` has a default. */
export type BuildOtpauthParams = Pick<OtpauthParams, 'secret' | 'account'> &
  Partial<Omit<OtpauthParams, 'secret' | 'account' | 'counter'>> & { counter?: number | bigint };

const MAX_LABEL = 256; // longer names are unreadable in every app and bloat the QR code
const MAX_URI = 4096;

/**
 * The otpauth URI to put in a QR code. The label is `Issuer:account`, percent-encoded (a space is
 * `%20`), and `issuer` is repeated as a parameter, as the Key URI format asks. All parameters are
 * written explicitly, so no app falls back to a default of its own.
 *
 * @example
 * ```ts
 * buildOtpauthUri({ secret, issuer: 'Acme Co', account: 'alice@example.com' });
 * // 'otpauth://totp/Acme%20Co:alice%40example.com?secret=…&issuer=Acme%20Co&algorithm=SHA1&digits=6&period=30'
 * ```
 */
export function buildOtpauthUri(params: BuildOtpauthParams): string {
  const p = assertOptions(params, 'params');
  const type = p.type === undefined ? 'totp' : assertOneOf(p.type, 'params.type', ['totp', 'hotp']);
  const secret = assertSecret(p.secret, 'params.secret');
  const account = assertName(p.account, 'params.account');
  const issuer = p.issuer === undefined ? undefined : assertName(p.issuer, 'params.issuer');
  const algorithm =
    p.algorithm === undefined
      ? 'SHA1'
      : assertOneOf(p.algorithm, 'params.algorithm', OTP_ALGORITHMS);
  const digits = p.digits === undefined ? 6 : assertInteger(p.digits, 'params.digits', 6, 10);
  const period = p.period === undefined ? 30 : assertInteger(p.period, 'params.period', 1, 120);

  const label = issuer === undefined ? enc(account) : `${enc(issuer)}:${enc(account)}`;
  let query = `secret=${base32Encode(secret)}`;
  if (issuer !== undefined) query += `&issuer=${enc(issuer)}`;
  query += `&algorithm=${algorithm}&digits=${digits}`;
  if (type === 'totp') {
    if (p.counter !== undefined)
      throw new InvalidArgumentError('params.counter', 'absent for totp');
    query += `&period=${period}`;
  } else {
    if (p.counter === undefined) throw new InvalidArgumentError('params.counter', 'set for hotp');
    const counter =
      typeof p.counter === 'bigint'
        ? p.counter
        : BigInt(assertInteger(p.counter, 'params.counter', 0, Number.MAX_SAFE_INTEGER));
    if (counter < 0n || counter >= 1n << 64n) {
      throw new InvalidArgumentError('params.counter', 'an integer from 0 to 2^64 - 1');
    }
    query += `&counter=${counter}`;
  }
  return `otpauth://${type}/${label}?${query}`;
}

/**
 * A name for the label. The Key URI format forbids a colon in issuer and account, and apps
 * disagree on encoded ones (`{ account: 'a:b' }` reads back as issuer `a` in several), and they
 * trim the spaces around names, so a name that would not read back as written is refused.
 */
function assertName(value: unknown, name: string): string {
  const text = assertString(value, name, MAX_LABEL);
  if (text.length === 0) throw new InvalidArgumentError(name, 'a non-empty string');
  if (/:|^\s|\s$/.test(text))
    throw new InvalidArgumentError(name, 'free of colons and of leading or trailing spaces');
  return text;
}

/** `encodeURIComponent` leaves `'()*!~` alone; apps disagree on them, so encode them too. */
function enc(text: string): string {
  return encodeURIComponent(text).replace(
    /['()*!~]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function dec(text: string, field: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new InvalidOtpauthUriError(field, 'has malformed percent-encoding');
  }
}

const URI_SHAPE = /^otpauth:\/\/([^/?#]*)\/([^?#]*)(?:\?([^#]*))?(?:#.*)?$/is;

/**
 * Reads an otpauth URI, e.g. to import a key from another system. Tolerant where apps differ:
 * issuer only in the label or only as a parameter, `%3A` as the label separator, lower-case or
 * padded secrets, `+` for spaces in parameters, missing optional parameters, unknown parameters.
 * Strict where it matters: the scheme, the type, a missing or unreadable secret, a hotp URI
 * without counter, unknown algorithms and out-of-range digits or period throw
 * {@link InvalidOtpauthUriError} naming the field.
 *
 * @example
 * ```ts
 * const { secret, issuer, account } = parseOtpauthUri(scannedText);
 * ```
 */
export function parseOtpauthUri(uri: string): OtpauthParams {
  assertString(uri, 'uri');
  // Too long is a bad URI (a QR code can hold junk), not a programming error.
  if (uri.length > MAX_URI)
    throw new InvalidOtpauthUriError('uri', `is longer than ${MAX_URI} characters`);
  const match = URI_SHAPE.exec(uri.trim());
  if (match === null) throw new InvalidOtpauthUriError('scheme', 'must be otpauth://');
  const type = match[1]!.toLowerCase();
  if (type !== 'totp' && type !== 'hotp')
    throw new InvalidOtpauthUriError('type', 'must be totp or hotp');

  const query = new Map<string, string>();
  for (const pair of (match[3] ?? '').split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = dec(eq < 0 ? pair : pair.slice(0, eq), 'query').toLowerCase();
    const value = eq < 0 ? '' : dec(pair.slice(eq + 1).replace(/\+/g, ' '), key);
    if (query.has(key)) throw new InvalidOtpauthUriError(key, 'appears more than once');
    query.set(key, value);
  }

  // Steam Guard (`encoder=steam`, as KeePassXC writes it) makes 5-character codes from its own
  // alphabet; read as plain TOTP its codes would never match, so refuse it rather than ignore it.
  const encoder = query.get('encoder');
  if (encoder !== undefined && encoder !== '')
    throw new InvalidOtpauthUriError('encoder', 'is not supported');

  const issuerParam = query.get('issuer');
  const { issuer: labelIssuer, account } = splitLabel(match[2]!, issuerParam);
  const issuer = issuerParam !== undefined && issuerParam !== '' ? issuerParam : labelIssuer;

  const secretText = query.get('secret');
  if (secretText === undefined || secretText.trim() === '')
    throw new InvalidOtpauthUriError('secret', 'is missing');
  let secret: Uint8Array;
  try {
    secret = base32Decode(secretText);
  } catch (err) {
    if (err instanceof MfaError) throw new InvalidOtpauthUriError('secret', 'is not valid base32');
    throw err;
  }
  if (secret.length < MIN_SECRET_BYTES) {
    throw new InvalidOtpauthUriError('secret', `is shorter than ${MIN_SECRET_BYTES} bytes`);
  }

  const algorithmText = query.get('algorithm')?.toUpperCase();
  const algorithm =
    algorithmText === undefined || algorithmText === '' ? 'SHA1' : (algorithmText as OtpAlgorithm);
  if (!OTP_ALGORITHMS.includes(algorithm))
    throw new InvalidOtpauthUriError('algorithm', 'must be SHA1, SHA256 or SHA512');
  const digits = readInteger(query.get('digits'), 'digits', 6, 6, 10);
  const period = readInteger(query.get('period'), 'period', 30, 1, 120);

  const result: OtpauthParams = { type, secret, account, algorithm, digits, period };
  if (issuer !== undefined) result.issuer = issuer;
  if (type === 'hotp') {
    const counterText = query.get('counter');
    if (counterText === undefined || !/^\d{1,20}$/.test(counterText)) {
      throw new InvalidOtpauthUriError(
        'counter',
        'must be present for hotp as a non-negative integer',
      );
    }
    const counter = BigInt(counterText);
    if (counter >= 1n << 64n) throw new InvalidOtpauthUriError('counter', 'must be below 2^64');
    result.counter = counter;
  }
  return result;
}

function splitLabel(
  raw: string,
  issuerParam: string | undefined,
): { issuer?: string; account: string } {
  // With an issuer parameter, a label that starts with it splits right after it, whatever
  // colons the issuer itself holds ('Acme: EU:alice' with issuer 'Acme: EU').
  let issuer: string | undefined;
  let account: string;
  const literal = raw.indexOf(':');
  const whole = issuerParam !== undefined && issuerParam !== '' ? dec(raw, 'label') : undefined;
  if (whole?.startsWith(`${issuerParam}:`)) {
    issuer = issuerParam;
    account = whole.slice(issuerParam!.length + 1);
  } else if (literal >= 0) {
    // Our own URIs and most others separate with a literal colon and encode colons inside names.
    issuer = dec(raw.slice(0, literal), 'label');
    account = dec(raw.slice(literal + 1), 'label');
  } else {
    // Some generators encode the separator as %3A too: split at the first colon.
    const label = whole ?? dec(raw, 'label');
    const cut = label.indexOf(':');
    if (cut >= 0) {
      issuer = label.slice(0, cut);
      account = label.slice(cut + 1);
    } else {
      account = label;
    }
  }
  account = account.replace(/^\s+/, ''); // "Issuer: account" is allowed by the format
  if (account === '') throw new InvalidOtpauthUriError('label', 'has no account name');
  if (account.length > MAX_LABEL || (issuer?.length ?? 0) > MAX_LABEL) {
    throw new InvalidOtpauthUriError('label', `is longer than ${MAX_LABEL} characters`);
  }
  return issuer === undefined || issuer === '' ? { account } : { issuer, account };
}

function readInteger(
  text: string | undefined,
  field: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined || text === '') return fallback;
  const value = /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max))
    throw new InvalidOtpauthUriError(field, `must be an integer from ${min} to ${max}`);
  return value;
}
