/** An in-process `RateLimiter` (fixed windows): the embedded default and a reference. */
import { InvalidArgumentError } from '../errors.js';
import { assertInteger, assertOptions, assertString } from '../lib/assert.js';
import type { RateLimiter } from './types.js';

/**
 * Counts per key in fixed windows, in this process only. Behind a load balancer each instance
 * counts separately; use a shared limiter (Redis `INCR` + `PEXPIRE`) there.
 *
 * @example
 * ```ts
 * const limiter = memoryRateLimiter({ now: () => Date.now() });
 * await limiter.consume('mfa:sms:global', 1000, 3_600_000); // { allowed: true, retryAfterMs: 0 }
 * ```
 */
export function memoryRateLimiter(opts?: { now?: () => number }): RateLimiter {
  const o = assertOptions(opts, 'opts');
  if (o.now !== undefined && typeof o.now !== 'function')
    throw new InvalidArgumentError('opts.now', 'a function');
  const now = o.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number; windowMs: number }>();
  let sweepAt = 0;
  return {
    async consume(key, limit, windowMs) {
      // Arguments come from host code and from quota configuration: junk is misuse, reported
      // by name as a typed error, never a TypeError or a window that silently never closes.
      assertString(key, 'key', 512);
      if (key.length === 0) throw new InvalidArgumentError('key', 'a non-empty string');
      assertInteger(limit, 'limit', 0, 1_000_000_000);
      assertInteger(windowMs, 'windowMs', 1, 366 * 24 * 3_600_000);
      const t = now();
      if (typeof t !== 'number' || !Number.isFinite(t))
        throw new InvalidArgumentError('opts.now', 'a function returning a finite number');
      if (t >= sweepAt) {
        // Forget finished windows now and then, so memory does not grow with every key ever seen.
        for (const [k, w] of windows) if (t - w.start >= w.windowMs) windows.delete(k);
        sweepAt = t + 60_000;
      }
      let w = windows.get(key);
      if (w === undefined || t - w.start >= windowMs) {
        w = { start: t, count: 0, windowMs };
        windows.set(key, w);
      }
      if (w.count >= limit) return { allowed: false, retryAfterMs: w.start + windowMs - t };
      w.count++;
      return { allowed: true, retryAfterMs: 0 };
    },
  };
}
