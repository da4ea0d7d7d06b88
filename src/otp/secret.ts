/** Fresh authenticator keys. */
import { drawRandom, type RandomBytes } from '../crypto/random.js';
import { assertInteger, assertOptions } from '../lib/assert.js';

/** Options of {@link generateSecret}. */
export interface GenerateSecretOptions {
  /** Key length in bytes, 16 to 64; default 20 (160 bits, RFC 4226's recommendation). */
  bytes?: number;
  /** Injected randomness for tests; default `crypto.getRandomValues`. */
  randomBytes?: RandomBytes;
}

/**
 * A new random key for HOTP/TOTP. Keys shorter than 128 bits are refused here (RFC 4226 §4),
 * although shorter imported keys still verify.
 *
 * @example
 * ```ts
 * const secret = generateSecret();         // 20 random bytes
 * const text = base32Encode(secret);       // 32 characters to show for manual entry
 * ```
 */
export function generateSecret(opts?: GenerateSecretOptions): Uint8Array {
  const o = assertOptions(opts, 'opts');
  const bytes = o.bytes === undefined ? 20 : assertInteger(o.bytes, 'opts.bytes', 16, 64);
  return drawRandom(o.randomBytes, bytes, 'opts.randomBytes');
}
