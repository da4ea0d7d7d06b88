/**
 * The `RateLimiter` contract as a vitest suite, for limiters shared by many app instances (Redis,
 * a database, a gateway): exactly `limit` of many concurrent calls pass, a refusal says how long
 * to wait and counts nothing, keys are counted apart, and the window ends on time.
 */
import { describe, expect, it } from 'vitest';
import type { RateLimiter } from '../adapters/types.js';
import { randomBytes } from '../crypto/random.js';
import { base64urlEncode } from '../encoding/base64url.js';
import { InvalidArgumentError } from '../errors.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Registers the conformance tests. `makeLimiter` may be called several times: limiters it returns
 * must share their counts, as two app instances over one backend do. Keys are random per test.
 *
 * @example
 * ```ts
 * import { describeRateLimiterConformance } from 'mfa-kit/testkit';
 * describeRateLimiterConformance('dynamo limiter', () => dynamoRateLimiter(client));
 * ```
 */
export function describeRateLimiterConformance(name: string, makeLimiter: () => RateLimiter): void {
  if (typeof name !== 'string' || name === '')
    throw new InvalidArgumentError('name', 'a non-empty string');
  if (typeof makeLimiter !== 'function') {
    throw new InvalidArgumentError('makeLimiter', 'a function returning a RateLimiter');
  }
  const key = () => `conformance-${base64urlEncode(randomBytes(9))}`;
  const make = (): RateLimiter => {
    const limiter = makeLimiter() as Partial<RateLimiter> | null;
    if (typeof limiter !== 'object' || limiter === null || typeof limiter.consume !== 'function') {
      throw new InvalidArgumentError('makeLimiter()', 'a RateLimiter with consume()');
    }
    return limiter as RateLimiter;
  };

  describe(`${name}: RateLimiter conformance`, () => {
    it('100 concurrent consumes: exactly `limit` allowed, each refusal with a sensible wait', async () => {
      const limiter = make();
      const k = key();
      const results = await Promise.all(
        Array.from({ length: 100 }, () => limiter.consume(k, 10, 60_000)),
      );
      expect(results.filter((r) => r.allowed)).toHaveLength(10);
      for (const r of results) {
        if (r.allowed) expect(r.retryAfterMs).toBe(0);
        else expect(r.retryAfterMs).toBeGreaterThan(50_000);
        expect(r.retryAfterMs).toBeLessThanOrEqual(60_000);
      }
    });

    it('the window ends on time, and refused calls did not count', async () => {
      const limiter = make();
      const k = key();
      // A second: long enough that a busy machine does not end the window mid-test.
      const windowMs = 1000;
      expect((await limiter.consume(k, 2, windowMs)).allowed).toBe(true);
      expect((await limiter.consume(k, 2, windowMs)).allowed).toBe(true);
      for (let i = 0; i < 5; i++)
        expect((await limiter.consume(k, 2, windowMs)).allowed).toBe(false);
      const refused = await limiter.consume(k, 2, windowMs);
      expect(refused.retryAfterMs).toBeGreaterThan(0);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(windowMs);
      await sleep(refused.retryAfterMs + 50);
      const next = await Promise.all(
        Array.from({ length: 5 }, () => limiter.consume(k, 2, windowMs)),
      );
      expect(next.filter((r) => r.allowed)).toHaveLength(2);
    });

    it('keys are counted apart', async () => {
      const limiter = make();
      const [a, b] = [key(), key()];
      expect((await limiter.consume(a, 1, 60_000)).allowed).toBe(true);
      expect((await limiter.consume(a, 1, 60_000)).allowed).toBe(false);
      expect((await limiter.consume(b, 1, 60_000)).allowed).toBe(true);
    });

    it('two limiters from the factory share the count (two app instances)', async () => {
      const [x, y] = [make(), make()];
      const k = key();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? x : y).consume(k, 7, 60_000)),
      );
      expect(results.filter((r) => r.allowed)).toHaveLength(7);
    });
  });
}
