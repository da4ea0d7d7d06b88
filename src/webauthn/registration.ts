/**
 * Registration (WebAuthn §7.1): checks a `RegistrationResponseJSON` against the challenge the
 * server issued and returns the credential to store. Attestation is not trusted: format `none` is
 * the default, `packed` self-attestation is verified (it costs one signature check and catches a
 * broken authenticator), and any other format is accepted as if it were `none` — its certificate
 * chain is not checked, so it proves nothing about the make of the authenticator, and nothing in
 * mfa-kit relies on that.
 */
import { base64urlEncode } from '../encoding/base64url.js';
import { parseAuthenticatorData } from './authenticator-data.js';
import { type CborValue, decodeCbor } from './cbor.js';
import {
  checkAuthenticatorData,
  checkClientData,
  checkExpectations,
  fail,
  hash,
  type WebauthnExpectations,
  type WebauthnFailure,
} from './client-data.js';
import { type CoseAlgorithm, importCoseKey, parseCoseKey, verifyCoseSignature } from './cose.js';
import { readRegistrationResponse } from './json.js';

/** A credential to store after a successful registration. */
export interface RegisteredCredential {
  /** Credential id, base64url (as the browser's `credential.id`). */
  id: string;
  /** The COSE public key, as the authenticator sent it. */
  publicKey: Uint8Array;
  alg: CoseAlgorithm;
  signCount: number;
  transports: string[];
  /** The authenticator model id (all zeros for most passkeys with attestation `none`). */
  aaguid: Uint8Array;
  /** The passkey can be synced to other devices (a passkey provider rather than a security key). */
  backupEligible: boolean;
  backedUp: boolean;
  userVerified: boolean;
  /** The attestation format the authenticator chose; only `none` and `packed` self are checked. */
  attestationFormat: string;
}

/** Expectations of a registration: those of any ceremony, plus credentials already registered. */
export interface RegistrationExpectations extends WebauthnExpectations {
  /** Credential ids (base64url) the user already has; one of them coming back is refused. */
  excludeCredentialIds?: readonly string[];
}

/**
 * Verifies a registration response. Hostile or malformed input gives `{ ok: false }`; only a
 * misused `expected` throws.
 *
 * @example
 * ```ts
 * const result = await verifyRegistration(body, {
 *   challenge, rpId: 'example.com', origins: ['https://example.com'],
 * });
 * if (result.ok) saveCredential(result.credential);
 * ```
 */
export async function verifyRegistration(
  response: unknown,
  expected: RegistrationExpectations,
): Promise<{ ok: true; credential: RegisteredCredential } | WebauthnFailure> {
  checkExpectations(expected, 'expected');
  const input = readRegistrationResponse(response);
  if (input === undefined) return fail('malformed');
  const clientFailure = checkClientData(input.clientDataJSON, 'webauthn.create', expected);
  if (clientFailure !== undefined) return clientFailure;

  let attestation: CborValue;
  try {
    attestation = decodeCbor(input.attestationObject, { maxDepth: 4, maxItems: 32 });
  } catch {
    return fail('malformed');
  }
  if (!(attestation instanceof Map)) return fail('malformed');
  const fmt = attestation.get('fmt');
  const attStmt = attestation.get('attStmt');
  const authDataBytes = attestation.get('authData');
  if (
    typeof fmt !== 'string' ||
    !(attStmt instanceof Map) ||
    !(authDataBytes instanceof Uint8Array)
  ) {
    return fail('malformed');
  }
  const authData = parseAuthenticatorData(authDataBytes);
  if (authData === undefined) return fail('malformed');
  const dataFailure = checkAuthenticatorData(authData, expected);
  if (dataFailure !== undefined) return dataFailure;
  const attested = authData.attested;
  if (attested === undefined) return fail('malformed');
  if (base64urlEncode(attested.credentialId) !== input.id) return fail('malformed');
  if (expected.excludeCredentialIds?.includes(input.id)) return fail('excluded_credential');
  const key = parseCoseKey(attested.publicKey);
  // The platform's import also checks that an EC point is on its curve.
  if (key === undefined || (await importCoseKey(key)) === undefined) return fail('unsupported_key');

  if (fmt === 'none') {
    if (attStmt.size !== 0) return fail('bad_attestation');
  } else if (fmt === 'packed' && !attStmt.has('x5c')) {
    // Self-attestation: signed by the credential key itself, over authData ‖ hash(clientData).
    const sig = attStmt.get('sig');
    if (attStmt.get('alg') !== key.alg || !(sig instanceof Uint8Array))
      return fail('bad_attestation');
    const signed = concat(authDataBytes, hash(input.clientDataJSON));
    if (!(await verifyCoseSignature(key, signed, sig))) return fail('bad_attestation');
  }

  return {
    ok: true,
    credential: {
      id: input.id,
      publicKey: attested.publicKeyBytes,
      alg: key.alg,
      signCount: authData.signCount,
      transports: input.transports,
      aaguid: attested.aaguid,
      backupEligible: authData.flags.be,
      backedUp: authData.flags.bs,
      userVerified: authData.flags.uv,
      attestationFormat: fmt,
    },
  };
}

export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
