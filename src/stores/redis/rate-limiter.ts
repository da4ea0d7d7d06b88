/**
 * A `RateLimiter` shared by every app instance: one Redis key per quota, counted in fixed
 * windows by one Lua script, so the check and the count are one atomic step on one key (Redis
 * Cluster safe) and the window is timed by Redis itself, not by each instance's clock.
 */
import type { RateLimiter } from '../../adapters/types.js';
import { InvalidArgumentError } from '../../errors.js';
import { assertInteger, assertOptions } from '../../lib/assert.js';
import { checkPrefix, type RedisClient, script, scriptRunner } from './scripts.js';

// ARGV[1] the limit, ARGV[2] the window in ms. A refused call counts nothing and answers how
// long until the window ends. The window starts with its first allowed call (SET … PX).
const CONSUME = script(`local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n >= tonumber(ARGV[1]) then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    ttl = tonumber(ARGV[2])
  end
  return {0, math.max(ttl, 1)}
end
if n == 0 then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[2])
else
  redis.call('INCR', KEYS[1])
end
return {1, 0}`);

const MAX_WINDOW_MS = 366 * 24 * 3_600_000;

/**
 * Counts per key in fixed windows in Redis (default key prefix `mfa:rate:`), for quotas that must
 * hold across every app instance: SMS per phone number, per IP, a global SMS budget. As with any
 * fixed window, up to twice `limit` can pass around a window's end.
 *
 * @example
 * ```ts
 * import { redisRateLimiter } from 'mfa-kit/stores/redis';
 * const limiter = redisRateLimiter(redis, { prefix: 'acme:rate:' });
 * const { allowed, retryAfterMs } = await limiter.consume('sms:ip:203.0.113.9', 20, 3_600_000);
 * ```
 */
export function redisRateLimiter(client: RedisClient, opts?: { prefix?: string }): RateLimiter {
  const run = scriptRunner(client, 'client');
  const prefix = checkPrefix(assertOptions(opts, 'opts').prefix, 'mfa:rate:');
  return {
    async consume(key, limit, windowMs) {
      if (typeof key !== 'string' || key === '' || key.length > 1024) {
        throw new InvalidArgumentError('key', 'a non-empty string of at most 1024 characters');
      }
      assertInteger(limit, 'limit', 1, 1_000_000_000);
      assertInteger(windowMs, 'windowMs', 1, MAX_WINDOW_MS);
      const [allowed, retryAfterMs] = (await run(CONSUME, prefix + key, [
        String(limit),
        String(windowMs),
      ])) as [unknown, unknown];
      return { allowed: Number(allowed) === 1, retryAfterMs: Number(retryAfterMs) };
    },
  };
}
