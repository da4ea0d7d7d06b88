import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateHotp, InvalidArgumentError, verifyHotp } from '../../src/totp.js';
import { algorithmArb, ascii, digitsArb, referenceHotp, secretArb } from '../helpers.js';
import rfc4226 from '../vectors/rfc4226.json' with { type: 'json' };

const secret = ascii(rfc4226.secretAscii);

describe('generateHotp', () => {
  it('matches RFC 4226 Appendix D', () => {
    rfc4226.codes.forEach((code, counter) => {
      expect(generateHotp(secret, counter)).toBe(code);
      expect(generateHotp(secret, BigInt(counter))).toBe(code);
    });
  });

  it('agrees with an independent HMAC for any secret, counter, algorithm and length', () => {
    fc.assert(
      fc.property(
        secretArb,
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        algorithmArb,
        digitsArb,
        (key, counter, algorithm, digits) => {
          expect(generateHotp(key, counter, { algorithm, digits })).toBe(
            referenceHotp(key, counter, algorithm, digits),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('computes SHA512 with a 20-byte secret correctly (otplib 12 did not)', () => {
    expect(generateHotp(secret, 1, { algorithm: 'SHA512', digits: 8 })).toBe(
      referenceHotp(secret, 1n, 'SHA512', 8),
    );
  });

  it('handles counters past 2^32 as numbers and as bigints alike', () => {
    for (const c of [2 ** 32, 2 ** 32 + 1, 2 ** 40 + 7, Number.MAX_SAFE_INTEGER]) {
      expect(generateHotp(secret, c)).toBe(generateHotp(secret, BigInt(c)));
      expect(generateHotp(secret, c)).toBe(referenceHotp(secret, BigInt(c), 'SHA1', 6));
    }
    expect(generateHotp(secret, (1n << 64n) - 1n)).toBe(
      referenceHotp(secret, (1n << 64n) - 1n, 'SHA1', 6),
    );
  });

  it('keeps leading zeros', () => {
    const key = ascii('12345678901234567890');
    const zeroLed = Array.from({ length: 2000 }, (_, c) => generateHotp(key, c)).find((c) =>
      c.startsWith('0'),
    );
    expect(zeroLed).toHaveLength(6);
  });
});

describe('verifyHotp', () => {
  it('returns the matched counter', () => {
    expect(verifyHotp(secret, '969429', { counter: 3 })).toEqual({ ok: true, counter: 3n });
  });

  it('looks ahead, never behind', () => {
    expect(verifyHotp(secret, '520489', { counter: 5, lookAhead: 4 })).toEqual({
      ok: true,
      counter: 9n,
    });
    expect(verifyHotp(secret, '520489', { counter: 5, lookAhead: 3 })).toEqual({ ok: false });
    expect(verifyHotp(secret, '755224', { counter: 1, lookAhead: 10 })).toEqual({ ok: false });
  });

  it('refuses a code once the caller stores counter + 1', () => {
    const first = verifyHotp(secret, '287082', { counter: 0, lookAhead: 2 });
    expect(first).toEqual({ ok: true, counter: 1n });
    if (!first.ok) return;
    expect(verifyHotp(secret, '287082', { counter: first.counter + 1n, lookAhead: 2 })).toEqual({
      ok: false,
    });
  });

  it('stops at 2^64 - 1 instead of wrapping', () => {
    const last = (1n << 64n) - 1n;
    const code = generateHotp(secret, last);
    expect(verifyHotp(secret, code, { counter: last, lookAhead: 5 })).toEqual({
      ok: true,
      counter: last,
    });
    expect(verifyHotp(secret, generateHotp(secret, 0), { counter: last, lookAhead: 5 }).ok).toBe(
      false,
    );
  });

  it('treats malformed codes as wrong, not as errors', () => {
    for (const bad of [
      '',
      '75522',
      '7552244',
      ' 755224',
      '755 224',
      '-55224',
      '+55224',
      '７５５２２４',
      755224,
      null,
    ]) {
      expect(verifyHotp(secret, bad as string, { counter: 0 })).toEqual({ ok: false });
    }
  });

  it('throws a typed error for misuse, naming the argument', () => {
    expect(() => verifyHotp(secret, '755224', { counter: -1 })).toThrow(/opts\.counter/);
    expect(() => verifyHotp(secret, '755224', { counter: 1.5 })).toThrow(InvalidArgumentError);
    expect(() => verifyHotp(secret, '755224', { counter: 0, lookAhead: -1 })).toThrow(
      /opts\.lookAhead/,
    );
    expect(() => verifyHotp(secret, '755224', { counter: 1n << 64n })).toThrow(/opts\.counter/);
  });
});
