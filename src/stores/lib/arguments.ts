/**
 * The argument checks every ready store shares. Stores are the last code before a database, so a
 * user id that is not a string, or a version that cannot exist, is refused here by name instead of
 * surfacing as a driver error that may quote the value.
 */
import { InvalidArgumentError } from '../../errors.js';

const encoder = new TextEncoder();

/** The longest user id, in UTF-8 bytes: what every store's key column holds (MySQL VARBINARY(255)). */
export const MAX_USER_ID_BYTES = 255;

/** The largest version a store can hold (a 32-bit signed INTEGER column). */
export const MAX_VERSION = 2_147_483_647;

export function checkUserId(userId: unknown): string {
  if (typeof userId !== 'string' || userId === '' || userId.includes('\0')) {
    throw new InvalidArgumentError('userId', 'a non-empty string without NUL characters');
  }
  // UTF-8 is at most 3 bytes per UTF-16 unit, so only long ids pay for the encoding.
  if (userId.length * 3 > MAX_USER_ID_BYTES && encoder.encode(userId).length > MAX_USER_ID_BYTES) {
    throw new InvalidArgumentError('userId', `at most ${MAX_USER_ID_BYTES} bytes of UTF-8`);
  }
  return userId;
}

export function checkSave(userId: unknown, doc: unknown, expectedVersion: unknown): void {
  checkUserId(userId);
  if (typeof doc !== 'string') throw new InvalidArgumentError('doc', 'a string');
  if (
    expectedVersion !== null &&
    !(
      typeof expectedVersion === 'number' &&
      Number.isSafeInteger(expectedVersion) &&
      expectedVersion >= 0 &&
      expectedVersion < MAX_VERSION
    )
  ) {
    throw new InvalidArgumentError(
      'expectedVersion',
      `null or an integer from 0 to ${MAX_VERSION - 1}`,
    );
  }
}

/** A version read back from a database: drivers answer numbers, bigints or digit strings. */
export function toVersion(value: unknown): number {
  const n = typeof value === 'string' || typeof value === 'bigint' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) {
    throw new TypeError('store: the version column holds something that is not a positive integer');
  }
  return n;
}
