/**
 * The shared rate limiter's contract as a suite, run on each Redis client and on a Redis
 * Cluster: exactly `limit` of 100 concurrent consumes pass, refusals say how long to wait and
 * count nothing, and the window ends on time.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RateLimiter } from '../../src/service.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const key = () => `quota-${randomBytes(6).toString('hex')}`;

export function describeRateLimiter(name: string, make: () => RateLimiter): void {
  describe(`${name}: RateLimiter`, () => {
    it('100 concurrent consumes: exactly `limit` allowed, each refusal with a sensible wait', async () => {
      const limiter = make();
      const k = key();
      const results = await Promise.all(
        Array.from({ length: 100 }, () => limiter.consume(k, 10, 60_000)),
      );
      expect(results.filter((r) => r.allowed)).toHaveLength(10);
      for (const r of results) {
        if (r.allowed) expect(r.retryAfterMs).toBe(0);
        else expect(r.retryAfterMs).toBeGreaterThan(55_000);
        expect(r.retryAfterMs).toBeLessThanOrEqual(60_000);
      }
    });

    it('the window ends on time, and refused calls did not count', async () => {
      const limiter = make();
      const k = key();
      expect((await limiter.consume(k, 2, 400)).allowed).toBe(true);
      expect((await limiter.consume(k, 2, 400)).allowed).toBe(true);
      for (let i = 0; i < 5; i++) expect((await limiter.consume(k, 2, 400)).allowed).toBe(false);
      const refused = await limiter.consume(k, 2, 400);
      expect(refused.retryAfterMs).toBeGreaterThan(0);
      await sleep(refused.retryAfterMs + 50);
      const next = await Promise.all(Array.from({ length: 5 }, () => limiter.consume(k, 2, 400)));
      expect(next.filter((r) => r.allowed)).toHaveLength(2);
    });

    it('keys are counted apart', async () => {
      const limiter = make();
      const [a, b] = [key(), key()];
      expect((await limiter.consume(a, 1, 60_000)).allowed).toBe(true);
      expect((await limiter.consume(a, 1, 60_000)).allowed).toBe(false);
      expect((await limiter.consume(b, 1, 60_000)).allowed).toBe(true);
    });

    it('two limiter instances over one prefix share the count (two app servers)', async () => {
      const [x, y] = [make(), make()];
      const k = key();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? x : y).consume(k, 7, 60_000)),
      );
      expect(results.filter((r) => r.allowed)).toHaveLength(7);
    });

    it('refuses nonsense arguments by name', async () => {
      const limiter = make();
      for (const [args, argument] of [
        [['', 1, 1000], 'key'],
        [[42, 1, 1000], 'key'],
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
