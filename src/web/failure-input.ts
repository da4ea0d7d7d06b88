/** The one reading of a failure that every web helper shares, so they agree on hostile input. */
import { InvalidArgumentError } from '../errors.js';

/** A failure's `error` (`result.error`), or the whole failed result (`result`). */
export type FailureLike =
  | { readonly code: string; readonly retryAfterMs?: number | undefined }
  | {
      readonly ok: false;
      readonly error: { readonly code: string; readonly retryAfterMs?: number | undefined };
    };

/**
 * The code, and the wait when it is a usable number (finite, not negative); anything that is
 * not a failure at all is a programming error and throws, naming the argument.
 */
export function readFailure(input: unknown): { code: string; retryAfterMs?: number } {
  const outer =
    input !== null && typeof input === 'object' ? (input as Record<string, unknown>) : undefined;
  const error =
    outer && outer.ok === false && outer.error !== null && typeof outer.error === 'object'
      ? (outer.error as Record<string, unknown>)
      : outer;
  if (error === undefined || typeof error.code !== 'string')
    throw new InvalidArgumentError('error', 'a failure such as result.error, with a string code');
  const wait = error.retryAfterMs;
  return typeof wait === 'number' && Number.isFinite(wait) && wait >= 0
    ? { code: error.code, retryAfterMs: wait }
    : { code: error.code };
}
