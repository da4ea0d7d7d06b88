// A software authenticator for tests: makes real ES256, EdDSA and RS256 credentials (keys from
// @noble/curves and WebCrypto) and answers registration and sign-in ceremonies exactly as a
// browser would serialize them with `credential.toJSON()`. Every field a refusal test needs to
// get wrong (origin, type, challenge, rpId, flags, counter) is a parameter, and the answer is
// signed properly anyway, so each test reaches the one check it means to hit.
import { webcrypto } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base64urlDecode, base64urlEncode } from '../../src/encoding/base64url.js';
import type {
  AuthenticationResponseJSON,
  RegistrationResponseJSON,
} from '../../src/webauthn/index.js';

export type Alg = 'ES256' | 'EdDSA' | 'RS256';

type Cbor = number | string | boolean | null | Uint8Array | Cbor[] | Map<number | string, Cbor>;

function head(major: number, n: number): number[] {
  if (n < 24) return [(major << 5) | n];
  if (n < 0x100) return [(major << 5) | 24, n];
  if (n < 0x10000) return [(major << 5) | 25, n >> 8, n & 0xff];
  return [(major << 5) | 26, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

/** Deterministic CBOR encoding, enough for attestation objects and COSE keys. */
export function encodeCbor(value: Cbor): Uint8Array {
  const out: number[] = [];
  const put = (v: Cbor): void => {
    if (v === false) out.push(0xf4);
    else if (v === true) out.push(0xf5);
    else if (v === null) out.push(0xf6);
    else if (typeof v === 'number') out.push(...(v >= 0 ? head(0, v) : head(1, -1 - v)));
    else if (typeof v === 'string') {
      const b = new TextEncoder().encode(v);
      out.push(...head(3, b.length), ...b);
    } else if (v instanceof Uint8Array) out.push(...head(2, v.length), ...v);
    else if (Array.isArray(v)) {
      out.push(...head(4, v.length));
      for (const x of v) put(x);
    } else {
      out.push(...head(5, v.size));
      for (const [k, x] of v) {
        put(k);
        put(x);
      }
    }
  };
  put(value);
  return new Uint8Array(out);
}

const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

const utf8 = (s: string) => new TextEncoder().encode(s);

export interface CeremonyParams {
  challenge: Uint8Array | string;
  origin: string;
  rpId: string;
  /** Overrides of what the authenticator or browser would write. */
  type?: string;
  crossOrigin?: boolean;
  up?: boolean;
  uv?: boolean;
  be?: boolean;
  bs?: boolean;
  /** Signature counter to report (default: the authenticator's own). */
  signCount?: number;
  userHandle?: Uint8Array;
}

export interface SoftAuthenticator {
  alg: Alg;
  credentialId: Uint8Array;
  id: string;
  /** COSE public key bytes, as stored after registration. */
  cose: Uint8Array;
  register(p: CeremonyParams & { fmt?: 'none' | 'packed' }): Promise<RegistrationResponseJSON>;
  assert(p: CeremonyParams): Promise<AuthenticationResponseJSON>;
}

function flagsByte(p: CeremonyParams, at: boolean): number {
  return (
    ((p.up ?? true) ? 0x01 : 0) |
    ((p.uv ?? true) ? 0x04 : 0) |
    (p.be ? 0x08 : 0) |
    (p.bs ? 0x10 : 0) |
    (at ? 0x40 : 0)
  );
}

function clientData(p: CeremonyParams, type: string): Uint8Array {
  const challenge = typeof p.challenge === 'string' ? p.challenge : base64urlEncode(p.challenge);
  return utf8(
    JSON.stringify({
      type: p.type ?? type,
      challenge,
      origin: p.origin,
      ...(p.crossOrigin !== undefined ? { crossOrigin: p.crossOrigin } : {}),
    }),
  );
}

const u32 = (n: number) =>
  new Uint8Array([(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);

/** A new authenticator holding one fresh credential. `counting` authenticators bump a counter. */
export async function softAuthenticator(
  alg: Alg,
  opts: { counting?: boolean; credentialId?: Uint8Array } = {},
): Promise<SoftAuthenticator> {
  let sign: (data: Uint8Array) => Promise<Uint8Array>;
  let cose: Uint8Array;
  if (alg === 'ES256') {
    const secret = p256.utils.randomSecretKey();
    const pub = p256.getPublicKey(secret, false);
    cose = encodeCbor(
      new Map<number, Cbor>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, pub.slice(1, 33)],
        [-3, pub.slice(33)],
      ]),
    );
    sign = async (data) => p256.sign(data, secret, { format: 'der', prehash: true });
  } else if (alg === 'EdDSA') {
    const secret = ed25519.utils.randomSecretKey();
    cose = encodeCbor(
      new Map<number, Cbor>([
        [1, 1],
        [3, -8],
        [-1, 6],
        [-2, ed25519.getPublicKey(secret)],
      ]),
    );
    sign = async (data) => ed25519.sign(data, secret);
  } else {
    const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    const pair = (await webcrypto.subtle.generateKey(
      { ...algorithm, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const jwk = await webcrypto.subtle.exportKey('jwk', pair.publicKey);
    cose = encodeCbor(
      new Map<number, Cbor>([
        [1, 3],
        [3, -257],
        [-1, base64urlDecode(jwk.n!)!],
        [-2, base64urlDecode(jwk.e!)!],
      ]),
    );
    sign = async (data) =>
      new Uint8Array(await webcrypto.subtle.sign(algorithm.name, pair.privateKey, data));
  }
  const credentialId = opts.credentialId ?? webcrypto.getRandomValues(new Uint8Array(32));
  const id = base64urlEncode(credentialId);
  let counter = 0;
  const nextCount = (p: CeremonyParams) => {
    if (p.signCount !== undefined) return p.signCount;
    if (opts.counting) counter += 1;
    return counter;
  };
  const coseAlg = alg === 'ES256' ? -7 : alg === 'EdDSA' ? -8 : -257;

  return {
    alg,
    credentialId,
    id,
    cose,
    async register(p) {
      const cd = clientData(p, 'webauthn.create');
      const authData = cat(
        sha256(utf8(p.rpId)),
        new Uint8Array([flagsByte(p, true)]),
        u32(nextCount(p)),
        new Uint8Array(16), // aaguid: zeros, as with attestation none
        new Uint8Array([credentialId.length >> 8, credentialId.length & 0xff]),
        credentialId,
        cose,
      );
      const attStmt = new Map<string, Cbor>();
      if (p.fmt === 'packed') {
        attStmt.set('alg', coseAlg);
        attStmt.set('sig', await sign(cat(authData, sha256(cd))));
      }
      const attestationObject = encodeCbor(
        new Map<string, Cbor>([
          ['fmt', p.fmt ?? 'none'],
          ['attStmt', attStmt],
          ['authData', authData],
        ]),
      );
      return {
        id,
        rawId: id,
        type: 'public-key',
        response: {
          clientDataJSON: base64urlEncode(cd),
          attestationObject: base64urlEncode(attestationObject),
          transports: ['usb'],
        },
        authenticatorAttachment: 'cross-platform',
        clientExtensionResults: {},
      };
    },
    async assert(p) {
      const cd = clientData(p, 'webauthn.get');
      const authData = cat(
        sha256(utf8(p.rpId)),
        new Uint8Array([flagsByte(p, false)]),
        u32(nextCount(p)),
      );
      const signature = await sign(cat(authData, sha256(cd)));
      return {
        id,
        rawId: id,
        type: 'public-key',
        response: {
          clientDataJSON: base64urlEncode(cd),
          authenticatorData: base64urlEncode(authData),
          signature: base64urlEncode(signature),
          ...(p.userHandle !== undefined ? { userHandle: base64urlEncode(p.userHandle) } : {}),
        },
        authenticatorAttachment: 'cross-platform',
        clientExtensionResults: {},
      };
    },
  };
}
