/**
 * Bearer identifiers held by clients: sign-in challenge ids and trusted-device tokens. Each
 * carries the user id, so a lookup needs no second index, and a random secret of which only the
 * SHA-256 hash is stored.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { equalBytes } from '../crypto/constant-time.js';
import { base64urlDecode, base64urlEncode } from '../encoding/base64url.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function hashSecret(secret: Uint8Array): string {
  return base64urlEncode(sha256(secret));
}

/** `<prefix>.<base64url(userId)>.<base64url(secret)>` */
export function formatToken(prefix: string, userId: string, secret: Uint8Array): string {
  return `${prefix}.${base64urlEncode(encoder.encode(userId))}.${base64urlEncode(secret)}`;
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

/** Finds the entry whose hash matches, comparing in constant time against every entry. */
export function findByHash<T extends { hash: string }>(
  entries: readonly T[],
  hash: string,
): T | undefined {
  const wanted = base64urlDecode(hash)!;
  let found: T | undefined;
  for (const entry of entries) {
    const stored = base64urlDecode(entry.hash);
    if (stored !== undefined && equalBytes(stored, wanted) && found === undefined) found = entry;
  }
  return found;
}
