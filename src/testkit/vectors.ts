/** The RFC test vectors mfa-kit itself is tested against, for users' own tests. */
import rfc4226Json from '../../test/vectors/rfc4226.json' with { type: 'json' };
import rfc6238Json from '../../test/vectors/rfc6238.json' with { type: 'json' };

/** RFC 4226 Appendix D: HOTP codes for counters 0 to 9. */
export interface Rfc4226Vectors {
  secretAscii: string;
  codes: string[];
}

/** RFC 6238 Appendix B: 8-digit TOTP codes; each algorithm has its own seed. */
export interface Rfc6238Vectors {
  seeds: { SHA1: string; SHA256: string; SHA512: string };
  rows: { time: number; algorithm: 'SHA1' | 'SHA256' | 'SHA512'; totp: string }[];
}

/**
 * RFC 4226 Appendix D vectors.
 *
 * @example
 * ```ts
 * rfc4226.codes.forEach((code, counter) => expect(myHotp(ascii(rfc4226.secretAscii), counter)).toBe(code));
 * ```
 */
export const rfc4226: Rfc4226Vectors = rfc4226Json;
/**
 * RFC 6238 Appendix B vectors: 18 rows, 8 digits, mind the per-algorithm seeds.
 *
 * @example
 * ```ts
 * for (const row of rfc6238.rows) expect(generateTotp(ascii(rfc6238.seeds[row.algorithm]), { now: row.time * 1000, algorithm: row.algorithm, digits: 8 })).toBe(row.totp);
 * ```
 */
export const rfc6238: Rfc6238Vectors = rfc6238Json as Rfc6238Vectors;
