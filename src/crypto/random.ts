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
