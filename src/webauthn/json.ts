/**
 * The WebAuthn Level 3 JSON shapes (what `PublicKeyCredential.parseCreationOptionsFromJSON`
 * takes and `credential.toJSON()` gives), and strict readers that turn untrusted JSON into bytes.
 * A reader returns `undefined` for anything off-shape — a missing field, a number where a string
 * belongs, a string too long to be honest — so hostile input ends as `{ ok: false }`, never as a
 * TypeError deep inside a check.
 */
import { base64urlDecode } from '../encoding/base64url.js';

/** A base64url string (unpadded), as every binary field of the JSON forms. */
export type Base64URLString = string;

/** `AuthenticatorTransport` values; unknown ones are passed through as strings. */
export type AuthenticatorTransportJSON =
  | 'usb'
  | 'nfc'
  | 'ble'
  | 'internal'
  | 'hybrid'
  | 'smart-card'
  | (string & {});

/** A credential the browser should exclude or allow. */
export interface PublicKeyCredentialDescriptorJSON {
  type: 'public-key';
  id: Base64URLString;
  transports?: AuthenticatorTransportJSON[];
}

/** `PublicKeyCredentialCreationOptionsJSON` (WebAuthn Level 3 §5.1.7). */
export interface PublicKeyCredentialCreationOptionsJSON {
  rp: { id: string; name: string };
  user: { id: Base64URLString; name: string; displayName: string };
  challenge: Base64URLString;
  pubKeyCredParams: { type: 'public-key'; alg: number }[];
  timeout?: number;
  excludeCredentials?: PublicKeyCredentialDescriptorJSON[];
  authenticatorSelection?: {
    authenticatorAttachment?: 'platform' | 'cross-platform';
    residentKey?: 'discouraged' | 'preferred' | 'required';
    requireResidentKey?: boolean;
    userVerification?: UserVerification;
  };
  hints?: string[];
  attestation?: 'none' | 'indirect' | 'direct' | 'enterprise';
  extensions?: Record<string, unknown>;
}

/** `PublicKeyCredentialRequestOptionsJSON` (WebAuthn Level 3 §5.1.8). */
export interface PublicKeyCredentialRequestOptionsJSON {
  challenge: Base64URLString;
  timeout?: number;
  rpId?: string;
  allowCredentials?: PublicKeyCredentialDescriptorJSON[];
  userVerification?: UserVerification;
  hints?: string[];
  extensions?: Record<string, unknown>;
}

/** `RegistrationResponseJSON`: what `credential.toJSON()` returns after `navigator.credentials.create`. */
export interface RegistrationResponseJSON {
  id: Base64URLString;
  rawId: Base64URLString;
  type: 'public-key';
  response: {
    clientDataJSON: Base64URLString;
    attestationObject: Base64URLString;
    authenticatorData?: Base64URLString;
    transports?: AuthenticatorTransportJSON[];
    publicKeyAlgorithm?: number;
    publicKey?: Base64URLString;
  };
  authenticatorAttachment?: 'platform' | 'cross-platform' | null;
  clientExtensionResults?: Record<string, unknown>;
}

/** `AuthenticationResponseJSON`: what `credential.toJSON()` returns after `navigator.credentials.get`. */
export interface AuthenticationResponseJSON {
  id: Base64URLString;
  rawId: Base64URLString;
  type: 'public-key';
  response: {
    clientDataJSON: Base64URLString;
    authenticatorData: Base64URLString;
    signature: Base64URLString;
    userHandle?: Base64URLString | null;
  };
  authenticatorAttachment?: 'platform' | 'cross-platform' | null;
  clientExtensionResults?: Record<string, unknown>;
}

/** How strongly to ask for user verification (PIN or biometrics) on the authenticator. */
export type UserVerification = 'required' | 'preferred' | 'discouraged';

// Bounds in characters of base64url: generous for real authenticators (an attestation object
// with a certificate chain is a few kB), small enough that a hostile body costs nothing.
const MAX_ID = 1366; // 1023 bytes
const MAX_CLIENT_DATA = 8192;
const MAX_AUTH_DATA = 8192;
const MAX_ATTESTATION = 32768;
const MAX_SIGNATURE = 1400; // an RSA-8192 signature is 1366 characters
const MAX_TRANSPORTS = 8;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function bytesField(v: unknown, max: number, min = 1): Uint8Array | undefined {
  if (typeof v !== 'string' || v.length > max || v.length < min) return undefined;
  return base64urlDecode(v);
}

/** The parts common to both responses: the credential id (checked twice) and the client data. */
function readCredential(
  input: unknown,
):
  | { id: string; rawId: Uint8Array; response: Record<string, unknown>; clientDataJSON: Uint8Array }
  | undefined {
  if (!isRecord(input) || input.type !== 'public-key' || !isRecord(input.response))
    return undefined;
  const rawId = bytesField(input.rawId, MAX_ID);
  if (rawId === undefined || input.id !== input.rawId) return undefined;
  const clientDataJSON = bytesField(input.response.clientDataJSON, MAX_CLIENT_DATA);
  if (clientDataJSON === undefined) return undefined;
  return { id: input.rawId as string, rawId, response: input.response, clientDataJSON };
}

/** A registration response with its binary fields decoded. */
export interface RegistrationInput {
  id: string;
  rawId: Uint8Array;
  clientDataJSON: Uint8Array;
  attestationObject: Uint8Array;
  transports: string[];
}

/**
 * Reads untrusted JSON as a {@link RegistrationResponseJSON}; `undefined` when it is not one.
 *
 * @example
 * ```ts
 * const input = readRegistrationResponse(await request.json());
 * if (input === undefined) refuse();
 * ```
 */
export function readRegistrationResponse(input: unknown): RegistrationInput | undefined {
  const base = readCredential(input);
  if (base === undefined) return undefined;
  const attestationObject = bytesField(base.response.attestationObject, MAX_ATTESTATION);
  if (attestationObject === undefined) return undefined;
  const t = base.response.transports;
  let transports: string[] = [];
  if (t !== undefined) {
    if (!Array.isArray(t) || t.length > MAX_TRANSPORTS) return undefined;
    if (!t.every((x): x is string => typeof x === 'string' && x.length > 0 && x.length <= 32)) {
      return undefined;
    }
    transports = [...new Set(t)];
  }
  return {
    id: base.id,
    rawId: base.rawId,
    clientDataJSON: base.clientDataJSON,
    attestationObject,
    transports,
  };
}

/** An authentication response with its binary fields decoded. */
export interface AuthenticationInput {
  id: string;
  rawId: Uint8Array;
  clientDataJSON: Uint8Array;
  authenticatorData: Uint8Array;
  signature: Uint8Array;
  userHandle: Uint8Array | undefined;
}

/**
 * Reads untrusted JSON as an {@link AuthenticationResponseJSON}; `undefined` when it is not one.
 *
 * @example
 * ```ts
 * const input = readAuthenticationResponse(body.webauthn);
 * if (input === undefined) refuse();
 * ```
 */
export function readAuthenticationResponse(input: unknown): AuthenticationInput | undefined {
  const base = readCredential(input);
  if (base === undefined) return undefined;
  const authenticatorData = bytesField(base.response.authenticatorData, MAX_AUTH_DATA, 50);
  const signature = bytesField(base.response.signature, MAX_SIGNATURE);
  if (authenticatorData === undefined || signature === undefined) return undefined;
  const h = base.response.userHandle;
  let userHandle: Uint8Array | undefined;
  if (h !== undefined && h !== null && h !== '') {
    userHandle = bytesField(h, 86); // user handles are at most 64 bytes
    if (userHandle === undefined) return undefined;
  }
  return {
    id: base.id,
    rawId: base.rawId,
    clientDataJSON: base.clientDataJSON,
    authenticatorData,
    signature,
    userHandle,
  };
}
