import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { memoryRateLimiter } from '../../src/service.js';

describe('memoryRateLimiter', () => {
  it('counts per key in fixed windows and says how long to wait', async () => {
    let now = 0;
    const limiter = memoryRateLimiter({ now: () => now });
    expect(await limiter.consume('k', 2, 1000)).toEqual({ allowed: true, retryAfterMs: 0 });
    expect(await limiter.consume('k', 2, 1000)).toEqual({ allowed: true, retryAfterMs: 0 });
    now = 400;
    expect(await limiter.consume('k', 2, 1000)).toEqual({ allowed: false, retryAfterMs: 600 });
    expect(await limiter.consume('other', 2, 1000)).toMatchObject({ allowed: true });
    now = 1000;
    expect(await limiter.consume('k', 2, 1000)).toMatchObject({ allowed: true });
  });

  it('limit 0 refuses everything', async () => {
    const limiter = memoryRateLimiter({ now: () => 0 });
    expect(await limiter.consume('k', 0, 1000)).toEqual({ allowed: false, retryAfterMs: 1000 });
  });

  it('attack: junk arguments give typed errors naming them, never a TypeError or an endless window', async () => {
    const limiter = memoryRateLimiter({ now: () => 0 });
    const cases: [unknown[], string][] = [
      [[undefined, 1, 1000], 'key'],
      [[null, 1, 1000], 'key'],
      [[{ toString: () => 'k' }, 1, 1000], 'key'],
      [['', 1, 1000], 'key'],
      [['k'.repeat(513), 1, 1000], 'key'],
      [[Symbol('k'), 1, 1000], 'key'],
      [['k', Number.NaN, 1000], 'limit'],
      [['k', -1, 1000], 'limit'],
      [['k', 1.5, 1000], 'limit'],
      [['k', '5', 1000], 'limit'],
      [['k', 10n, 1000], 'limit'],
      [['k', 1, Number.POSITIVE_INFINITY], 'windowMs'],
      [['k', 1, 0], 'windowMs'],
      [['k', 1, -5], 'windowMs'],
      [['k', 1, undefined], 'windowMs'],
    ];
    for (const [args, name] of cases) {
      const call = () => (limiter.consume as (...a: unknown[]) => Promise<unknown>)(...args);
      await expect(call(), String(args[0]) + name).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(call()).rejects.toMatchObject({ argument: name });
    }
  });

  it('a clock that returns junk is reported, not trusted', async () => {
    const limiter = memoryRateLimiter({ now: () => Number.NaN });
    await expect(limiter.consume('k', 1, 1000)).rejects.toMatchObject({ argument: 'opts.now' });
  });
});
