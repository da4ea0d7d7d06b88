/**
 * The options the browser needs to start a ceremony, in WebAuthn Level 3 JSON, so the page
 * passes them to `PublicKeyCredential.parseCreationOptionsFromJSON` / `parseRequestOptionsFromJSON`
 * without a library. Attestation is always `none`: mfa-kit does not judge authenticator makes.
 */
import { base64urlEncode } from '../encoding/base64url.js';
import { COSE_ALGORITHMS } from './cose.js';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialDescriptorJSON,
  PublicKeyCredentialRequestOptionsJSON,
  UserVerification,
} from './json.js';

/** A credential to list in `excludeCredentials` or `allowCredentials`. */
export interface CredentialDescriptor {
  id: string;
  transports?: readonly string[];
}

const descriptor = (c: CredentialDescriptor): PublicKeyCredentialDescriptorJSON =>
  c.transports !== undefined && c.transports.length > 0
    ? { type: 'public-key', id: c.id, transports: [...c.transports] }
    : { type: 'public-key', id: c.id };

/**
 * Creation options for registering a second-factor credential (a passkey or a security key).
 *
 * @example
 * ```ts
 * const options = creationOptions({
 *   rp: { id: 'example.com', name: 'Acme' },
 *   user: { id: userHandle, name: 'alice@example.com', displayName: 'alice@example.com' },
 *   challenge, timeoutMs: 300_000, exclude: [], userVerification: 'preferred',
 * });
 * ```
 */
export function creationOptions(params: {
  rp: { id: string; name: string };
  user: { id: Uint8Array; name: string; displayName: string };
  challenge: Uint8Array;
  timeoutMs: number;
  exclude: readonly CredentialDescriptor[];
  userVerification: UserVerification;
}): PublicKeyCredentialCreationOptionsJSON {
  return {
    rp: { id: params.rp.id, name: params.rp.name },
    user: {
      id: base64urlEncode(params.user.id),
      name: params.user.name,
      displayName: params.user.displayName,
    },
    challenge: base64urlEncode(params.challenge),
    pubKeyCredParams: COSE_ALGORITHMS.map((alg) => ({ type: 'public-key' as const, alg })),
    timeout: params.timeoutMs,
    excludeCredentials: params.exclude.map(descriptor),
    authenticatorSelection: {
      // A second factor is asked for after the password, so the credential need not be
      // discoverable; security keys with few slots keep them for first-factor passkeys.
      residentKey: 'discouraged',
      requireResidentKey: false,
      userVerification: params.userVerification,
    },
    attestation: 'none',
  };
}

/**
 * Request options for a sign-in with one of the user's credentials.
 *
 * @example
 * ```ts
 * const options = requestOptions({
 *   rpId: 'example.com', challenge, timeoutMs: 300_000, allow: credentials, userVerification: 'preferred',
 * });
 * ```
 */
export function requestOptions(params: {
  rpId: string;
  challenge: Uint8Array;
  timeoutMs: number;
  allow: readonly CredentialDescriptor[];
  userVerification: UserVerification;
}): PublicKeyCredentialRequestOptionsJSON {
  return {
    challenge: base64urlEncode(params.challenge),
    timeout: params.timeoutMs,
    rpId: params.rpId,
    allowCredentials: params.allow.map(descriptor),
    userVerification: params.userVerification,
  };
}
