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

export const rfc4226: Rfc4226Vectors = rfc4226Json;
export const rfc6238: Rfc6238Vectors = rfc6238Json as Rfc6238Vectors;
