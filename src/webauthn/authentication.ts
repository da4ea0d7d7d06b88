/**
 * Authentication (WebAuthn §7.2): checks an `AuthenticationResponseJSON` against the challenge
 * the server issued and the credential it stored, and returns the new signature counter. A
 * counter that does not move forward for an authenticator that counts means two devices hold the
 * same key — a possible clone — so the assertion is refused with its own code for the caller to
 * report. Authenticators that never count (0 then 0, as most passkeys) are accepted.
 */

import { equalBytes } from '../crypto/constant-time.js';
import { base64urlEncode } from '../encoding/base64url.js';
import { InvalidArgumentError } from '../errors.js';
import { assertBytes, assertInteger, assertString } from '../lib/assert.js';
import { parseAuthenticatorData } from './authenticator-data.js';
import {
  checkAuthenticatorData,
  checkClientData,
  checkExpectations,
  fail,
  hash,
  type WebauthnExpectations,
  type WebauthnFailure,
} from './client-data.js';
import { parseCoseKey, verifyCoseSignature } from './cose.js';
import { readAuthenticationResponse } from './json.js';
import { concat } from './registration.js';

/** A stored credential, as the relying party knows it. */
export interface StoredCredential {
  /** Credential id, base64url. */
  id: string;
  /** The COSE public key from registration. */
  publicKey: Uint8Array;
  /** The last signature counter seen (0 for authenticators that do not count). */
  signCount: number;
}

/** Expectations of an assertion: those of any ceremony, plus the credentials that may answer. */
export interface AuthenticationExpectations extends WebauthnExpectations {
  /** The credentials allowed for this sign-in (the user's). Any other id is `unknown_credential`. */
  credentials: readonly StoredCredential[];
  /** The user handle given at registration; a response that names another user is refused. */
  userHandle?: Uint8Array;
}

/** A verified assertion. */
export interface AuthenticationSuccess {
  ok: true;
  /** The id of the credential that signed. */
  credentialId: string;
  /** The counter to store from now on. */
  signCount: number;
  userVerified: boolean;
  backedUp: boolean;
}

/** A refused assertion; a counter regression also says which credential it concerns. */
export type AuthenticationFailure = WebauthnFailure & { credentialId?: string };

/**
 * Verifies an authentication response. Hostile or malformed input gives `{ ok: false }`; only a
 * misused `expected` throws.
 *
 * @example
 * ```ts
 * const result = await verifyAuthentication(body, {
 *   challenge, rpId: 'example.com', origins: ['https://example.com'], credentials,
 * });
 * if (result.ok) updateCounter(result.credentialId, result.signCount);
 * ```
 */
export async function verifyAuthentication(
  response: unknown,
  expected: AuthenticationExpectations,
): Promise<AuthenticationSuccess | AuthenticationFailure> {
  checkExpectations(expected, 'expected');
  if (!Array.isArray(expected.credentials)) {
    throw new InvalidArgumentError('expected.credentials', 'an array');
  }
  expected.credentials.forEach((c, i) => {
    assertString(c?.id, `expected.credentials[${i}].id`, 1366);
    assertBytes(c.publicKey, `expected.credentials[${i}].publicKey`, 1);
    assertInteger(c.signCount, `expected.credentials[${i}].signCount`, 0, 0xffffffff);
  });
  if (expected.userHandle !== undefined)
    assertBytes(expected.userHandle, 'expected.userHandle', 1, 64);

  const input = readAuthenticationResponse(response);
  if (input === undefined) return fail('malformed');
  const credential = expected.credentials.find((c) => c.id === input.id);
  if (credential === undefined) return fail('unknown_credential');
  if (
    input.userHandle !== undefined &&
    expected.userHandle !== undefined &&
    !equalBytes(input.userHandle, expected.userHandle)
  ) {
    return fail('user_mismatch');
  }
  const clientFailure = checkClientData(input.clientDataJSON, 'webauthn.get', expected);
  if (clientFailure !== undefined) return clientFailure;
  const authData = parseAuthenticatorData(input.authenticatorData);
  // Attested credential data belongs to registration only.
  if (authData === undefined || authData.attested !== undefined) return fail('malformed');
  const dataFailure = checkAuthenticatorData(authData, expected);
  if (dataFailure !== undefined) return dataFailure;
  const key = parseCoseKey(credential.publicKey);
  if (key === undefined) return fail('unsupported_key');
  const signed = concat(input.authenticatorData, hash(input.clientDataJSON));
  if (!(await verifyCoseSignature(key, signed, input.signature))) return fail('bad_signature');
  const next = authData.signCount;
  if ((next > 0 || credential.signCount > 0) && next <= credential.signCount) {
    return { ...fail('counter_regression'), credentialId: credential.id };
  }
  return {
    ok: true,
    credentialId: base64urlEncode(input.rawId),
    signCount: next,
    userVerified: authData.flags.uv,
    backedUp: authData.flags.bs,
  };
}
