/**
 * Authenticator data (WebAuthn §6.1): the bytes the authenticator signs. Parsed strictly — every
 * byte must be accounted for — because what is not parsed is still signed and could mean
 * something to another reader.
 */
import { type CborValue, decodeCborPrefix } from './cbor.js';

/** The flag bits of authenticator data, as booleans. */
export interface AuthenticatorFlags {
  /** User present: someone touched the key. */
  up: boolean;
  /** User verified: by PIN or biometrics. */
  uv: boolean;
  /** Backup eligible: a synced passkey rather than a device-bound key. */
  be: boolean;
  /** Backed up: the passkey is synced now. */
  bs: boolean;
  /** Attested credential data follows (registration). */
  at: boolean;
  /** Extension data follows. */
  ed: boolean;
}

/** Parsed authenticator data. */
export interface AuthenticatorData {
  rpIdHash: Uint8Array;
  flags: AuthenticatorFlags;
  signCount: number;
  attested?: {
    aaguid: Uint8Array;
    credentialId: Uint8Array;
    publicKey: CborValue;
    publicKeyBytes: Uint8Array;
  };
  extensions?: CborValue;
}

const MAX_CREDENTIAL_ID = 1023; // WebAuthn §5.8.3: credential ids are at most 1023 bytes

/**
 * Parses authenticator data; `undefined` when the bytes are not exactly one well-formed record.
 *
 * @example
 * ```ts
 * const data = parseAuthenticatorData(authDataBytes);
 * if (data === undefined || !data.flags.up) refuse();
 * ```
 */
export function parseAuthenticatorData(bytes: Uint8Array): AuthenticatorData | undefined {
  if (bytes.length < 37) return undefined;
  const flagsByte = bytes[32]!;
  const flags: AuthenticatorFlags = {
    up: (flagsByte & 0x01) !== 0,
    uv: (flagsByte & 0x04) !== 0,
    be: (flagsByte & 0x08) !== 0,
    bs: (flagsByte & 0x10) !== 0,
    at: (flagsByte & 0x40) !== 0,
    ed: (flagsByte & 0x80) !== 0,
  };
  // A credential that is backed up but not eligible for backup is a contradiction (§6.1.3).
  if (flags.bs && !flags.be) return undefined;
  const signCount =
    ((bytes[33]! << 24) | (bytes[34]! << 16) | (bytes[35]! << 8) | bytes[36]!) >>> 0;
  const out: AuthenticatorData = { rpIdHash: bytes.slice(0, 32), flags, signCount };
  let pos = 37;
  try {
    if (flags.at) {
      if (bytes.length < pos + 18) return undefined;
      const aaguid = bytes.slice(pos, pos + 16);
      const idLength = (bytes[pos + 16]! << 8) | bytes[pos + 17]!;
      pos += 18;
      if (idLength === 0 || idLength > MAX_CREDENTIAL_ID || bytes.length < pos + idLength) {
        return undefined;
      }
      const credentialId = bytes.slice(pos, pos + idLength);
      pos += idLength;
      const key = decodeCborPrefix(bytes, pos, { maxDepth: 2, maxItems: 16 });
      out.attested = {
        aaguid,
        credentialId,
        publicKey: key.value,
        publicKeyBytes: bytes.slice(pos, key.end),
      };
      pos = key.end;
    }
    if (flags.ed) {
      const ext = decodeCborPrefix(bytes, pos, { maxDepth: 4, maxItems: 32 });
      if (!(ext.value instanceof Map)) return undefined;
      out.extensions = ext.value;
      pos = ext.end;
    }
  } catch {
    return undefined;
  }
  return pos === bytes.length ? out : undefined;
}
