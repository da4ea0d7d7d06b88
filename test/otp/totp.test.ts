import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateTotp, type OtpAlgorithm, verifyTotp } from '../../src/totp.js';
import { algorithmArb, ascii, digitsArb, referenceHotp, secretArb } from '../helpers.js';
import rfc6238 from '../vectors/rfc6238.json' with { type: 'json' };

describe('generateTotp', () => {
  it('matches all 18 rows of RFC 6238 Appendix B, each algorithm with its own seed', () => {
    expect(rfc6238.rows).toHaveLength(18);
    for (const row of rfc6238.rows) {
      const algorithm = row.algorithm as OtpAlgorithm;
      const secret = ascii(rfc6238.seeds[algorithm]);
      expect(generateTotp(secret, { now: row.time * 1000, algorithm, digits: 8 })).toBe(row.totp);
      expect(generateTotp(secret, { now: new Date(row.time * 1000), algorithm, digits: 8 })).toBe(
        row.totp,
      );
    }
  });

  it('is HOTP of floor((now - t0) / period) for any period and t0', () => {
    fc.assert(
      fc.property(
        secretArb,
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        algorithmArb,
        digitsArb,
        (secret, now, period, t0, algorithm, digits) => {
          fc.pre(now >= t0 * 1000);
          const step = BigInt(Math.floor((now - t0 * 1000) / (period * 1000)));
          expect(generateTotp(secret, { now, period, t0, algorithm, digits })).toBe(
            referenceHotp(secret, step, algorithm, digits),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a time before t0', () => {
    expect(() => generateTotp(ascii('12345678901234567890'), { now: 1000, t0: 2 })).toThrow(
      /opts\.now/,
    );
  });
});

describe('verifyTotp', () => {
  const secret = ascii('12345678901234567890');
  const now = 1_700_000_000_000;

  it('returns the step and the drift', () => {
    const code = generateTotp(secret, { now });
    expect(verifyTotp(secret, code, { now })).toEqual({
      ok: true,
      step: Math.floor(now / 30000),
      delta: 0,
    });
    expect(verifyTotp(secret, code, { now: now + 30000 })).toMatchObject({ ok: true, delta: -1 });
    expect(verifyTotp(secret, code, { now: now - 30000 })).toMatchObject({ ok: true, delta: 1 });
    expect(verifyTotp(secret, code, { now: now + 60000 })).toEqual({ ok: false });
  });

  it('accepts a code exactly when some step in the window produces it', () => {
    fc.assert(
      fc.property(
        secretArb,
        fc.integer({ min: 100_000_000, max: 4_000_000_000_000 }),
        fc.integer({ min: -6, max: 6 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        digitsArb,
        (key, t, offset, past, future, digits) => {
          const code = generateTotp(key, { now: t, digits });
          const later = t + offset * 30_000; // the verifier's clock, `offset` steps away
          const result = verifyTotp(key, code, { now: later, digits, window: { past, future } });
          const drift = -offset; // the code's step relative to the verifier's
          if (drift >= -past && drift <= future) {
            expect(result).toMatchObject({ ok: true });
          }
          // Outside the window a match is only possible by a code collision at the matched step.
          if (result.ok) {
            expect(generateTotp(key, { now: result.step * 30_000, digits })).toBe(code);
            expect(result.delta).toBeGreaterThanOrEqual(-past);
            expect(result.delta).toBeLessThanOrEqual(future);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a replay once the caller passes afterStep', () => {
    fc.assert(
      fc.property(secretArb, fc.integer({ min: 100_000_000, max: 4_000_000_000_000 }), (key, t) => {
        const code = generateTotp(key, { now: t, digits: 10 });
        const first = verifyTotp(key, code, { now: t, digits: 10 });
        expect(first.ok).toBe(true);
        if (!first.ok) return;
        const again = verifyTotp(key, code, { now: t + 1000, digits: 10, afterStep: first.step });
        if (again.ok) expect(again.step).toBeGreaterThan(first.step); // only via a collision
      }),
      { numRuns: 200 },
    );
  });

  it('refuses an earlier code after a later one was used', () => {
    const previous = generateTotp(secret, { now: now - 30000 });
    const current = generateTotp(secret, { now });
    const used = verifyTotp(secret, current, { now });
    expect(used.ok).toBe(true);
    if (!used.ok) return;
    expect(verifyTotp(secret, previous, { now, afterStep: used.step })).toEqual({ ok: false });
  });

  it('accepts window as a number, including 0', () => {
    const code = generateTotp(secret, { now });
    expect(verifyTotp(secret, code, { now: now + 30000, window: 0 })).toEqual({ ok: false });
    expect(verifyTotp(secret, code, { now: now + 90000, window: 3 })).toMatchObject({
      ok: true,
      delta: -3,
    });
  });

  it('treats malformed codes as wrong, not as errors', () => {
    const code = generateTotp(secret, { now });
    for (const bad of [
      `${code} `,
      code.slice(1),
      `0${code}`,
      code.replace(/\d/, 'a'),
      `٠${code.slice(1)}`,
      {},
    ]) {
      expect(verifyTotp(secret, bad as string, { now })).toEqual({ ok: false });
    }
  });

  it('throws a typed error for misuse, naming the argument', () => {
    expect(() => verifyTotp(secret, '123456', { now: Number.NaN })).toThrow(/opts\.now/);
    expect(() => verifyTotp(secret, '123456', { period: 0 })).toThrow(/opts\.period/);
    expect(() => verifyTotp(secret, '123456', { window: -1 })).toThrow(/opts\.window/);
    expect(() => verifyTotp(secret, '123456', { window: { past: 1 } as never })).toThrow(
      /opts\.window\.future/,
    );
    expect(() => verifyTotp(secret, '123456', { afterStep: 1.5 })).toThrow(/opts\.afterStep/);
    expect(() => verifyTotp(secret, '123456', { digits: 4 })).toThrow(/opts\.digits/);
  });
});
