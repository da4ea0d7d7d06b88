/**
 * The shared rate limiter's checks, run on each Redis client and on a Redis Cluster: the public
 * conformance suite from mfa-kit/testkit, plus the argument checks of redisRateLimiter.
 */
import { describe, expect, it } from 'vitest';
import type { RateLimiter } from '../../src/service.js';
import { describeRateLimiterConformance } from '../../src/testkit.js';

export function describeRateLimiter(name: string, make: () => RateLimiter): void {
  describeRateLimiterConformance(name, make);
  describe(`${name}: misuse`, () => {
    it('refuses nonsense arguments by name', async () => {
      const limiter = make();
      for (const [args, argument] of [
        [['', 1, 1000], 'key'],
        [[42, 1, 1000], 'key'],
        [['k'.repeat(1025), 1, 1000], 'key'],
        [['k', 0, 1000], 'limit'],
        [['k', 1.5, 1000], 'limit'],
        [['k', Number.NaN, 1000], 'limit'],
        [['k', 1, 0], 'windowMs'],
        [['k', 1, Number.POSITIVE_INFINITY], 'windowMs'],
        [['k', 1, '1000'], 'windowMs'],
      ] as const) {
        await expect(
          (limiter.consume as (...a: unknown[]) => Promise<unknown>)(...args),
        ).rejects.toMatchObject({ code: 'ERR_MFA_INVALID_ARGUMENT', argument });
      }
    });
  });
}
