/** HOTP (RFC 4226): one-time codes from a shared secret and a counter. */
import { type CounterMac, counterMac } from '../crypto/hmac.js';
import { InvalidArgumentError } from '../errors.js';
import { assertInteger, assertOptions } from '../lib/assert.js';
import { assertSecret, type OtpOptions, parseCode, resolveOtpOptions } from './options.js';

const TWO_32 = 4294967296;
const MAX_COUNTER = (1n << 64n) - 1n;
const POWERS_OF_10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10];

/** Options of {@link verifyHotp}: the next expected counter and how far ahead to look. */
export interface VerifyHotpOptions extends OtpOptions {
  counter: number | bigint;
  /** Extra counters after `counter` to try, for tokens pressed without signing in; default 0. */
  lookAhead?: number;
}

/** The outcome of {@link verifyHotp}: on success the counter that matched (store `counter + 1n`). */
export type VerifyHotpResult = { ok: true; counter: bigint } | { ok: false };

/**
 * RFC 4226 §5.3 dynamic truncation to a `digits`-long decimal value, read from the digest as
 * big-endian 32-bit words: the low nibble of the last byte picks 4 bytes at that offset.
 */
export function truncate(digest: Int32Array, digits: number): number {
  const offset = digest[digest.length - 1]! & 0x0f;
  const word = offset >>> 2;
  const shift = (offset & 3) * 8;
  const bytes =
    shift === 0 ? digest[word]! : (digest[word]! << shift) | (digest[word + 1]! >>> (32 - shift));
  return (bytes & 0x7fffffff) % POWERS_OF_10[digits]!;
}

export function hotpValue(mac: CounterMac, hi: number, lo: number, digits: number): number {
  return truncate(mac.digest(hi, lo), digits);
}

export function formatCode(value: number, digits: number): string {
  return value.toString().padStart(digits, '0');
}

function toCounter(counter: unknown, name: string): bigint {
  if (typeof counter === 'bigint') {
    if (counter < 0n || counter > MAX_COUNTER) {
      throw new InvalidArgumentError(name, 'an integer from 0 to 2^64 - 1');
    }
    return counter;
  }
  return BigInt(assertInteger(counter, name, 0, Number.MAX_SAFE_INTEGER));
}

/**
 * The HOTP code for `counter` (a number up to 2^53 − 1, or a bigint up to 2^64 − 1).
 *
 * @example
 * ```ts
 * const secret = new TextEncoder().encode('12345678901234567890');
 * generateHotp(secret, 0); // '755224' (RFC 4226 Appendix D)
 * ```
 */
export function generateHotp(
  secret: Uint8Array,
  counter: number | bigint,
  opts?: OtpOptions,
): string {
  assertSecret(secret);
  const c = toCounter(counter, 'counter');
  const { algorithm, digits } = resolveOtpOptions(opts);
  const mac = counterMac(algorithm, secret);
  try {
    return formatCode(hotpValue(mac, Number(c >> 32n), Number(c & 0xffffffffn), digits), digits);
  } finally {
    mac.destroy();
  }
}

/**
 * Checks a HOTP code against `counter` and up to `lookAhead` counters after it (never behind).
 * Returns the counter that matched; the caller stores `counter + 1n` so the code cannot be used
 * again. A code that is not exactly `digits` ASCII digits is `{ ok: false }`, not an error.
 *
 * @example
 * ```ts
 * const result = verifyHotp(secret, input, { counter: stored, lookAhead: 5 });
 * if (result.ok) stored = result.counter + 1n;
 * ```
 */
export function verifyHotp(
  secret: Uint8Array,
  code: string,
  opts: VerifyHotpOptions,
): VerifyHotpResult {
  assertSecret(secret);
  const o = assertOptions(opts, 'opts');
  const start = toCounter(o.counter, 'opts.counter');
  const lookAhead =
    o.lookAhead === undefined ? 0 : assertInteger(o.lookAhead, 'opts.lookAhead', 0, 100);
  const { algorithm, digits } = resolveOtpOptions(opts);
  const input = parseCode(code, digits);
  const mac = counterMac(algorithm, secret);
  try {
    // Every candidate is computed even after a match, so timing does not tell which one matched.
    let matched = -1n;
    for (let i = 0n; i <= BigInt(lookAhead); i++) {
      const c = start + i;
      if (c > MAX_COUNTER) break;
      const hit = hotpValue(mac, Number(c >> 32n), Number(c & 0xffffffffn), digits) === input;
      if (hit && matched < 0n) matched = c;
    }
    return matched >= 0n ? { ok: true, counter: matched } : { ok: false };
  } finally {
    mac.destroy();
  }
}

/** {@link hotpValue} of a counter below 2^53, such as a TOTP time step. */
export function counterValue(mac: CounterMac, counter: number, digits: number): number {
  return hotpValue(mac, Math.floor(counter / TWO_32), counter >>> 0, digits);
}
