/**
 * Bearer identifiers held by clients. Each carries the user id, so a lookup needs no second
 * index.
 * - Trusted-device tokens: a random secret of which only the SHA-256 hash is stored.
 * - Sign-in challenge ids: stateless. The id is its own record, MAC'd with a key derived from the
 *   keyring, so `challenge.start` writes nothing; the sign-in epoch it carries ties it to the
 *   document (a later success, password change or sign-out everywhere kills it).
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { packWords } from '../crypto/hash-core.js';
import { sha256 as sha256Core } from '../crypto/sha256.js';
import { base64urlDecode, base64urlEncode } from '../encoding/base64url.js';
import { utf8Encode } from '../encoding/utf8.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function hashSecret(secret: Uint8Array): string {
  return base64urlEncode(sha256(secret));
}

/** `<prefix>.<base64url(userId)>.<base64url(secret)>` */
export function formatToken(prefix: string, userId: string, secret: Uint8Array): string {
  return `${prefix}.${base64urlEncode(utf8Encode(userId))}.${base64urlEncode(secret)}`;
}

/** The user id and the hash to look up, or undefined for anything that is not such a token. */
export function parseToken(
  prefix: string,
  token: unknown,
  secretBytes: number,
): { userId: string; hash: string } | undefined {
  if (typeof token !== 'string' || token.length > 2048) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== prefix) return undefined;
  const user = base64urlDecode(parts[1]!);
  const secret = base64urlDecode(parts[2]!);
  if (user === undefined || secret?.length !== secretBytes) return undefined;
  try {
    return { userId: decoder.decode(user), hash: hashSecret(secret) };
  } catch {
    return undefined;
  }
}

/** Same bytes, in a time that depends on the lengths only. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Finds the entry whose hash matches, comparing in constant time against every entry. */
export function findByHash<T extends { hash: string }>(
  entries: readonly T[],
  hash: string,
): T | undefined {
  const wanted = base64urlDecode(hash)!;
  let found: T | undefined;
  for (const entry of entries) {
    const stored = base64urlDecode(entry.hash);
    if (stored !== undefined && sameBytes(stored, wanted) && found === undefined) found = entry;
  }
  return found;
}

/**
 * HMAC-SHA256 (RFC 2104) under one fixed key, on the project's SHA-256 compression: the key's
 * inner and outer states are computed once, so each MAC costs only the message's blocks plus one
 * (a challenge id: three compressions, no allocation but the result). Checked against
 * @noble/hashes in test/service/tokens.test.ts.
 */
export function keyedHmacSha256(key: Uint8Array): (message: Uint8Array) => Uint8Array {
  const core = sha256Core();
  const pad = new Int32Array(16);
  packWords(key.length > 64 ? sha256(key) : key, pad);
  const inner = new Int32Array(8);
  const outer = new Int32Array(8);
  for (let i = 0; i < 16; i++) pad[i] = pad[i]! ^ 0x36363636;
  core.compress(core.iv, pad, inner);
  for (let i = 0; i < 16; i++) pad[i] = pad[i]! ^ 0x36363636 ^ 0x5c5c5c5c;
  core.compress(core.iv, pad, outer);
  pad.fill(0);
  core.wipe(); // no trace of the key block left in the shared scratch
  const state = new Int32Array(8);
  const outerBlock = new Int32Array(16);
  outerBlock[8] = 0x80000000 | 0;
  outerBlock[15] = (64 + 32) * 8;
  return (message) => {
    // The inner hash continues after the key block: the message, a 1 bit, the length in bits.
    const blocks = Math.ceil((message.length + 9) / 64);
    const words = packWords(message, new Int32Array(blocks * 16));
    words[message.length >> 2]! |= 0x80 << (24 - 8 * (message.length & 3));
    words[words.length - 1] = (64 + message.length) * 8;
    state.set(inner);
    for (let i = 0; i < words.length; i += 16)
      core.compress(state, words.subarray(i, i + 16), state);
    outerBlock.set(state);
    core.compress(outer, outerBlock, state);
    const out = new Uint8Array(32);
    for (let i = 0; i < 8; i++) {
      const w = state[i]!;
      out[4 * i] = w >>> 24;
      out[4 * i + 1] = w >>> 16;
      out[4 * i + 2] = w >>> 8;
      out[4 * i + 3] = w;
    }
    words.fill(0);
    state.fill(0);
    outerBlock.fill(0, 0, 8);
    return out;
  };
}

/** Keys derived from the keyring's current key, one per purpose (HKDF info strings versioned). */
export interface TokenKeys {
  /** MACs challenge ids (the key's HMAC states computed once). */
  challenge: (message: Uint8Array) => Uint8Array;
  /** Turns a host's `source` (an IP prefix, a cookie id) into an opaque lockout key. */
  source: (message: Uint8Array) => Uint8Array;
}

export function deriveTokenKeys(key: Uint8Array): TokenKeys {
  const derive = (info: string) => hkdf(sha256, key, undefined, encoder.encode(info), 32);
  return {
    challenge: keyedHmacSha256(derive('mfa-kit/challenge-id/v1')),
    source: keyedHmacSha256(derive('mfa-kit/lockout-source/v1')),
  };
}

/**
 * The lockout key of a source: HMAC-SHA256 under the source key, base64url (43 characters), so
 * neither the document nor a challenge id ever holds a raw IP address or cookie id. The kind
 * (`host`, `device`) keeps a host's string from ever colliding with a device's.
 */
export function sourceKey(keys: TokenKeys, kind: 'host' | 'device', value: string): string {
  return base64urlEncode(keys.source(utf8Encode(`${kind}\u0000${value}`)));
}

/** What a challenge id says. */
export interface ChallengeClaims {
  userId: string;
  /** 16 random bytes: names the challenge (its texted code is stored under their hash). */
  nonce: Uint8Array;
  expiresAt: number;
  /** The document's sign-in epoch when the challenge began. */
  epoch: number;
  /** The lockout key of the source that began the sign-in (43 characters), if any. */
  source?: string;
}

const CHALLENGE_PREFIX = 'mfac2';
const NONCE_BYTES = 16;
const SOURCE_BYTES = 32;
const MAC_BYTES = 32;
// version 1 · nonce 16 · expiry 8 · epoch 4 · source flag 1 · source 0|32
const FIXED = 1 + NONCE_BYTES + 8 + 4 + 1;
const DOMAIN = encoder.encode('mfa-kit/challenge-id/v2\u0000');

/**
 * What the MAC covers: the domain, the user id (length-prefixed) and the body, in one buffer
 * whose tail is the body, so formatting writes the body in place and parsing copies it once.
 */
function macInput(user: Uint8Array, bodyLength: number): { input: Uint8Array; at: number } {
  const at = DOMAIN.length + 4 + user.length;
  const input = new Uint8Array(at + bodyLength);
  input.set(DOMAIN);
  new DataView(input.buffer).setUint32(DOMAIN.length, user.length);
  input.set(user, DOMAIN.length + 4);
  return { input, at };
}

/** `mfac2.<base64url(userId)>.<base64url(body ‖ MAC)>`, the MAC over the user id and the body. */
export function formatChallengeId(keys: TokenKeys, claims: ChallengeClaims): string {
  const source = claims.source === undefined ? undefined : base64urlDecode(claims.source);
  const user = utf8Encode(claims.userId);
  const bodyLength = FIXED + (source ? SOURCE_BYTES : 0);
  const { input, at } = macInput(user, bodyLength);
  const view = new DataView(input.buffer, at);
  input[at] = 1;
  input.set(claims.nonce, at + 1);
  view.setFloat64(1 + NONCE_BYTES, claims.expiresAt);
  view.setUint32(1 + NONCE_BYTES + 8, claims.epoch);
  input[at + FIXED - 1] = source ? 1 : 0;
  if (source) input.set(source, at + FIXED);
  const out = new Uint8Array(bodyLength + MAC_BYTES);
  out.set(input.subarray(at));
  out.set(keys.challenge(input), bodyLength);
  return `${CHALLENGE_PREFIX}.${base64urlEncode(user)}.${base64urlEncode(out)}`;
}

/**
 * The claims of a genuine challenge id, or undefined for anything else (any changed character
 * breaks the MAC). Expiry and epoch are the caller's to check against the clock and the document.
 */
export function parseChallengeId(keys: TokenKeys, id: unknown): ChallengeClaims | undefined {
  if (typeof id !== 'string' || id.length > 1024) return undefined;
  const dot = CHALLENGE_PREFIX.length;
  const second = id.indexOf('.', dot + 1);
  if (!id.startsWith(`${CHALLENGE_PREFIX}.`) || second < 0 || id.includes('.', second + 1))
    return undefined;
  const user = base64urlDecode(id.slice(dot + 1, second));
  const raw = base64urlDecode(id.slice(second + 1));
  if (user === undefined || user.length === 0 || raw === undefined) return undefined;
  if (raw.length !== FIXED + MAC_BYTES && raw.length !== FIXED + SOURCE_BYTES + MAC_BYTES)
    return undefined;
  const bodyLength = raw.length - MAC_BYTES;
  const { input, at } = macInput(user, bodyLength);
  input.set(raw.subarray(0, bodyLength), at);
  if (!sameBytes(keys.challenge(input), raw.subarray(bodyLength))) return undefined;
  if (raw[0] !== 1) return undefined;
  let userId: string;
  try {
    userId = decoder.decode(user);
  } catch {
    return undefined;
  }
  const view = new DataView(raw.buffer, raw.byteOffset, bodyLength);
  const claims: ChallengeClaims = {
    userId,
    nonce: raw.slice(1, 1 + NONCE_BYTES),
    expiresAt: view.getFloat64(1 + NONCE_BYTES),
    epoch: view.getUint32(1 + NONCE_BYTES + 8),
  };
  if (raw[FIXED - 1] === 1 && bodyLength === FIXED + SOURCE_BYTES)
    claims.source = base64urlEncode(raw.subarray(FIXED, bodyLength));
  return claims;
}
