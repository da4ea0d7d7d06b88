/** Comparison whose running time does not depend on where two secrets first differ. */
import { assertBytes } from '../lib/assert.js';

/**
 * True when `a` and `b` hold the same bytes. Time depends only on the lengths, which are not
 * secret for the fixed-size hashes and tags mfa-kit compares.
 *
 * @example
 * ```ts
 * if (equalBytes(storedHash, candidateHash)) accept();
 * ```
 */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  assertBytes(a, 'a');
  assertBytes(b, 'b');
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
