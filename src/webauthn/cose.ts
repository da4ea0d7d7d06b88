/**
 * COSE public keys (RFC 9052/9053) as WebAuthn authenticators send them, and the signature check
 * for each algorithm mfa-kit accepts: ES256 (P-256) and EdDSA (Ed25519) through @noble/curves,
 * RS256 through WebCrypto, which every runtime mfa-kit supports ships. The maths is theirs; this
 * file only decides which key shapes are acceptable and routes to the right verifier.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { base64urlEncode } from '../encoding/base64url.js';
import { type CborValue, decodeCbor } from './cbor.js';

/** COSE algorithm numbers mfa-kit verifies, in the order it offers them to authenticators. */
export const COSE_ALGORITHMS = [-8, -7, -257] as const;
export type CoseAlgorithm = (typeof COSE_ALGORITHMS)[number];

/** A checked COSE key: the algorithm and the raw key material its verifier takes. */
export type CoseKey =
  | { alg: -7; point: Uint8Array /* 65 bytes, 0x04 ‖ x ‖ y */ }
  | { alg: -8; x: Uint8Array /* 32 bytes */ }
  | { alg: -257; n: Uint8Array; e: Uint8Array };

/** RSA keys below 2048 bits are refused: NIST retired them, and no current authenticator makes one. */
const MIN_RSA_MODULUS_BYTES = 256;
const MAX_RSA_MODULUS_BYTES = 1024;

const bytesAt = (map: Map<number | string, CborValue>, label: number): Uint8Array | undefined => {
  const v = map.get(label);
  return v instanceof Uint8Array ? v : undefined;
};

/**
 * Reads a COSE key (CBOR bytes or an already decoded map). `undefined` when it is not a key
 * mfa-kit can verify with — an unknown algorithm, a wrong curve, a short coordinate.
 *
 * @example
 * ```ts
 * const key = parseCoseKey(storedPublicKey);
 * if (key === undefined) refuse();
 * ```
 */
export function parseCoseKey(input: Uint8Array | CborValue): CoseKey | undefined {
  let value: CborValue = input;
  if (input instanceof Uint8Array) {
    try {
      value = decodeCbor(input, { maxDepth: 2, maxItems: 16 });
    } catch {
      return undefined;
    }
  }
  if (!(value instanceof Map)) return undefined;
  const kty = value.get(1);
  const alg = value.get(3);
  if (kty === 2 && alg === -7) {
    const x = bytesAt(value, -2);
    const y = bytesAt(value, -3);
    if (value.get(-1) !== 1 || x?.length !== 32 || y?.length !== 32) return undefined;
    const point = new Uint8Array(65);
    point[0] = 4;
    point.set(x, 1);
    point.set(y, 33);
    // A point off the curve can never verify; refuse it now rather than store it.
    try {
      p256.Point.fromBytes(point).assertValidity();
    } catch {
      return undefined;
    }
    return { alg: -7, point };
  }
  if (kty === 1 && alg === -8) {
    const x = bytesAt(value, -2);
    if (value.get(-1) !== 6 || x?.length !== 32) return undefined;
    try {
      ed25519.Point.fromBytes(x);
    } catch {
      return undefined;
    }
    return { alg: -8, x };
  }
  if (kty === 3 && alg === -257) {
    const n = bytesAt(value, -1);
    const e = bytesAt(value, -2);
    if (n === undefined || e === undefined) return undefined;
    if (n.length < MIN_RSA_MODULUS_BYTES || n.length > MAX_RSA_MODULUS_BYTES || n[0] === 0) {
      return undefined;
    }
    if (e.length === 0 || e.length > 8 || e[0] === 0) return undefined;
    return { alg: -257, n, e };
  }
  return undefined;
}

/**
 * True when `signature` is the key's signature over `data`. ES256 signatures come DER-encoded
 * from authenticators; high-S values are accepted because WebAuthn never required low S.
 * Malformed signatures are `false`, never an exception.
 *
 * @example
 * ```ts
 * const ok = await verifyCoseSignature(key, signedBytes, signature);
 * ```
 */
export async function verifyCoseSignature(
  key: CoseKey,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  try {
    if (key.alg === -7) {
      return p256.verify(signature, data, key.point, { format: 'der', lowS: false, prehash: true });
    }
    if (key.alg === -8) {
      // zip215: false is RFC 8032's strict rule, the one WebCrypto and authenticators follow.
      return ed25519.verify(signature, data, key.x, { zip215: false });
    }
    const subtle = globalThis.crypto?.subtle;
    if (subtle === undefined) return false;
    const cryptoKey = await subtle.importKey(
      'jwk',
      { kty: 'RSA', n: base64urlEncode(key.n), e: base64urlEncode(key.e), alg: 'RS256', ext: true },
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      false,
      ['verify'],
    );
    return await subtle.verify(
      'RSASSA-PKCS1-v1_5',
      cryptoKey,
      signature as BufferSource,
      data as BufferSource,
    );
  } catch {
    return false;
  }
}
