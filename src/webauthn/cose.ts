/**
 * COSE public keys (RFC 9052/9053) as WebAuthn authenticators send them, and the signature check
 * for each algorithm mfa-kit accepts: ES256 (P-256), EdDSA (Ed25519) and RS256, all through
 * WebCrypto (`crypto.subtle`), which Node 20+, Bun, Deno, workers and current browsers ship. The
 * maths is the platform's; this file only decides which key shapes are acceptable, turns the
 * DER signature of ES256 into the fixed-size form WebCrypto takes, and routes to the verifier.
 */
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
 * mfa-kit can verify with — an unknown algorithm, a wrong curve, a short coordinate. Whether an
 * EC point is on its curve is checked by {@link importCoseKey}.
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
    return { alg: -7, point };
  }
  if (kty === 1 && alg === -8) {
    const x = bytesAt(value, -2);
    if (value.get(-1) !== 6 || x?.length !== 32) return undefined;
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

const buffer = (b: Uint8Array): ArrayBuffer => b.slice().buffer as ArrayBuffer;

const PARAMS = {
  [-7]: { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' },
  [-8]: { name: 'Ed25519' },
  [-257]: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
} as const;

/**
 * The key as a WebCrypto verification key; `undefined` when the platform refuses it (an EC point
 * off the curve, an Ed25519 key that is not a point) or has no WebCrypto.
 *
 * @example
 * ```ts
 * if ((await importCoseKey(key)) === undefined) refuse();
 * ```
 */
export async function importCoseKey(key: CoseKey): Promise<CryptoKey | undefined> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) return undefined;
  try {
    if (key.alg === -257) {
      const jwk = {
        kty: 'RSA',
        n: base64urlEncode(key.n),
        e: base64urlEncode(key.e),
        alg: 'RS256',
      };
      return await subtle.importKey('jwk', jwk, PARAMS[-257], false, ['verify']);
    }
    const raw = key.alg === -7 ? key.point : key.x;
    return await subtle.importKey('raw', buffer(raw), PARAMS[key.alg], false, ['verify']);
  } catch {
    return undefined;
  }
}

/**
 * The 64-byte `r ‖ s` form of a DER ECDSA-P256 signature (SEQUENCE of two INTEGERs), strictly:
 * minimal lengths, no padding beyond the sign byte, nothing after. `undefined` otherwise.
 *
 * @example
 * ```ts
 * const raw = derToP256Raw(derSignature); // what crypto.subtle.verify takes for ECDSA
 * ```
 */
export function derToP256Raw(der: Uint8Array): Uint8Array | undefined {
  if (der.length < 8 || der.length > 72 || der[0] !== 0x30 || der[1] !== der.length - 2) {
    return undefined;
  }
  const out = new Uint8Array(64);
  let pos = 2;
  for (let i = 0; i < 2; i++) {
    if (der[pos] !== 0x02) return undefined;
    const len = der[pos + 1]!;
    pos += 2;
    if (len === 0 || len > 33 || pos + len > der.length) return undefined;
    let int = der.subarray(pos, pos + len);
    if (int[0]! & 0x80) return undefined; // negative
    if (int[0] === 0) {
      // Zero, or a leading zero byte the next one does not need: not minimal DER.
      if (len === 1 || !(int[1]! & 0x80)) return undefined;
      int = int.subarray(1);
    }
    if (int.length > 32) return undefined;
    out.set(int, i * 32 + 32 - int.length);
    pos += len;
  }
  return pos === der.length ? out : undefined;
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
  const cryptoKey = await importCoseKey(key);
  if (cryptoKey === undefined) return false;
  const sig = key.alg === -7 ? derToP256Raw(signature) : signature;
  if (sig === undefined) return false;
  try {
    return await globalThis.crypto.subtle.verify(
      PARAMS[key.alg],
      cryptoKey,
      buffer(sig),
      buffer(data),
    );
  } catch {
    return false;
  }
}
