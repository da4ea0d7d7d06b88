/** Options shared by HOTP and TOTP, and their validation. */
import { OTP_ALGORITHMS, type OtpAlgorithm } from '../crypto/hmac.js';
import { assertBytes, assertInteger, assertOneOf, assertOptions } from '../lib/assert.js';

export type { OtpAlgorithm };

/** How codes are computed: hash (default `SHA1`) and length (default 6, from 6 to 10). */
export interface OtpOptions {
  algorithm?: OtpAlgorithm;
  digits?: number;
}

/** Imported keys as short as 80 bits exist in the wild and still verify; generated ones are longer. */
export const MIN_SECRET_BYTES = 10;
const MAX_SECRET_BYTES = 1024;

export function resolveOtpOptions(opts: OtpOptions | undefined, name = 'opts') {
  const o = assertOptions(opts, name);
  return {
    algorithm:
      o.algorithm === undefined
        ? 'SHA1'
        : assertOneOf(o.algorithm, `${name}.algorithm`, OTP_ALGORITHMS),
    digits: o.digits === undefined ? 6 : assertInteger(o.digits, `${name}.digits`, 6, 10),
  } as const;
}

export function assertSecret(secret: unknown, name = 'secret'): Uint8Array {
  return assertBytes(secret, name, MIN_SECRET_BYTES, MAX_SECRET_BYTES);
}

/**
 * The numeric value of a code typed by a user, or -1 when it is not exactly `digits` ASCII digits.
 * Anything else (a number, Unicode digits, a sign, inner spaces) is simply not a code.
 */
export function parseCode(code: unknown, digits: number): number {
  if (typeof code !== 'string' || code.length !== digits) return -1;
  let value = 0;
  for (let i = 0; i < digits; i++) {
    const d = code.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}
