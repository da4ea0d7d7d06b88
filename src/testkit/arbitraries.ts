/** fast-check arbitraries for property tests of code built on mfa-kit. */
import fc from 'fast-check';
import type { OtpAlgorithm } from '../crypto/hmac.js';

/**
 * Authenticator keys of realistic lengths (10 to 64 bytes).
 *
 * @example
 * ```ts
 * fc.assert(fc.property(secretArbitrary(), timeArbitrary(), (secret, now) => {
 *   expect(myVerify(secret, generateTotp(secret, { now }), now)).toBe(true);
 * }));
 * ```
 */
export const secretArbitrary = (): fc.Arbitrary<Uint8Array> =>
  fc.uint8Array({ minLength: 10, maxLength: 64 });

/**
 * Times from 2001 to 2100, in milliseconds since the epoch.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(timeArbitrary(), (now) => expect(generateTotp(secret, { now })).toMatch(/^\d{6}$/)));
 * ```
 */
export const timeArbitrary = (): fc.Arbitrary<number> =>
  fc.integer({ min: 1_000_000_000_000, max: 4_102_444_800_000 });

/**
 * Strings of `digits` ASCII digits, as a user would type a code.
 *
 * @example
 * ```ts
 * fc.assert(fc.asyncProperty(codeArbitrary(), async (code) => { await myEndpoint(code); }));
 * ```
 */
export const codeArbitrary = (digits = 6): fc.Arbitrary<string> =>
  fc
    .array(fc.constantFrom(...'0123456789'), { minLength: digits, maxLength: digits })
    .map((d) => d.join(''));

/**
 * Anything a client could send in place of a code.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(hostileCodeArbitrary(), (code) => expect(verifyTotp(secret, code as string).ok).toBe(false)));
 * ```
 */
export const hostileCodeArbitrary = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.string(),
    fc.integer(),
    fc.constant(null),
    fc.constant(undefined),
    fc.object(),
    fc.string({ unit: 'grapheme' }),
  );

// Issuer and account names as buildOtpauthUri accepts them: no colon, no edge spaces.
const labelName = () =>
  fc
    .string({ minLength: 1, maxLength: 40 })
    .filter((s) => s.trim() === s && s.length > 0 && !s.includes(':'));

/**
 * Parameters for `buildOtpauthUri`, with names that stress encoding (inner spaces, Unicode, `?&#%/`).
 * Never a colon or an edge space: the Key URI format forbids them and `buildOtpauthUri` refuses them.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(otpauthParamsArbitrary(), (p) => expect(myQrRoundTrip(buildOtpauthUri(p))).toBe(true)));
 * ```
 */
export const otpauthParamsArbitrary = (): fc.Arbitrary<{
  secret: Uint8Array;
  account: string;
  issuer: string;
  algorithm: OtpAlgorithm;
  digits: number;
  period: number;
}> =>
  fc.record({
    secret: secretArbitrary(),
    account: labelName(),
    issuer: labelName(),
    algorithm: fc.constantFrom<OtpAlgorithm>('SHA1', 'SHA256', 'SHA512'),
    digits: fc.integer({ min: 6, max: 10 }),
    period: fc.integer({ min: 1, max: 120 }),
  });
