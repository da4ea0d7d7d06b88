/** The CSPRNG every default in mfa-kit draws from, and the type of an injected replacement. */
import { InvalidArgumentError } from '../errors.js';
import { assertInteger, isBytes } from '../lib/assert.js';

/** A source of cryptographically secure random bytes; inject one for deterministic tests. */
export type RandomBytes = (length: number) => Uint8Array;

const MAX_PER_CALL = 65536; // Web Crypto refuses larger requests

/**
 * `length` bytes from `crypto.getRandomValues`, the one platform call mfa-kit makes.
 *
 * @example
 * ```ts
 * const nonce = randomBytes(24);
 * ```
 */
export function randomBytes(length: number): Uint8Array {
  assertInteger(length, 'length', 0, 2 ** 24);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += MAX_PER_CALL) {
    globalThis.crypto.getRandomValues(out.subarray(i, Math.min(length, i + MAX_PER_CALL)));
  }
  return out;
}

/** Calls an injected source and checks it kept its promise, so a broken stub cannot weaken keys. */
export function drawRandom(
  source: RandomBytes | undefined,
  length: number,
  name: string,
): Uint8Array {
  if (source === undefined) return randomBytes(length);
  if (typeof source !== 'function') throw new InvalidArgumentError(name, 'a function');
  const bytes = source(length);
  if (!isBytes(bytes) || bytes.length !== length) {
    throw new InvalidArgumentError(
      name,
      `a function returning a Uint8Array of the requested length`,
    );
  }
  return bytes;
}

/** Rejection sampling gives up after this many draws: a real CSPRNG never needs 64 (p < 2^-100). */
const MAX_REDRAWS = 64;

/**
 * A uniform integer in `[0, bound)` from 32-bit draws, those above the largest multiple of
 * `bound` redrawn. A source that keeps returning rejected values (all 0xFF, say) ends in an
 * `InvalidArgumentError` naming `name` after 64 draws instead of looping forever.
 *
 * @example
 * ```ts
 * const digit = randomBelow(undefined, 10, 'opts.randomBytes'); // 0 … 9
 * ```
 */
export function randomBelow(source: RandomBytes | undefined, bound: number, name: string): number {
  assertInteger(bound, 'bound', 1, 2 ** 32);
  const limit = 2 ** 32 - (2 ** 32 % bound);
  for (let i = 0; i < MAX_REDRAWS; i++) {
    const b = drawRandom(source, 4, name);
    const value = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
    if (value < limit) return value % bound;
  }
  throw new InvalidArgumentError(name, 'a source of uniform random bytes (it kept repeating)');
}
