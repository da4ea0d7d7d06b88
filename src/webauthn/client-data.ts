/**
 * The checks every WebAuthn ceremony shares: the client data the browser wrote (type, challenge,
 * origin, cross-origin) and the relying-party hash and flags in authenticator data. Each failure
 * has its own code so a host can log why, while users see one generic refusal.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { equalBytes } from '../crypto/constant-time.js';
import { base64urlDecode } from '../encoding/base64url.js';
import { InvalidArgumentError } from '../errors.js';
import { assertBytes, assertOneOf, assertString } from '../lib/assert.js';
import type { AuthenticatorData } from './authenticator-data.js';
import type { UserVerification } from './json.js';

/** Why a registration or an assertion was refused. */
export type WebauthnFailureCode =
  | 'malformed'
  | 'wrong_type'
  | 'challenge_mismatch'
  | 'origin_mismatch'
  | 'cross_origin'
  | 'rp_id_mismatch'
  | 'user_not_present'
  | 'user_not_verified'
  | 'unsupported_key'
  | 'bad_attestation'
  | 'bad_signature'
  | 'unknown_credential'
  | 'excluded_credential'
  | 'user_mismatch'
  | 'counter_regression';

/** A refused ceremony. */
export interface WebauthnFailure {
  ok: false;
  error: { code: WebauthnFailureCode };
}

/** What the relying party expects of a ceremony it started. */
export interface WebauthnExpectations {
  /** The challenge the server issued (raw bytes, 16 to 64). */
  challenge: Uint8Array;
  /** The relying-party id, a registrable domain such as `example.com`. */
  rpId: string;
  /** Origins allowed to run the ceremony, e.g. `['https://example.com']`. */
  origins: readonly string[];
  /** `'required'` refuses an authenticator that did not verify the user (default `'preferred'`). */
  userVerification?: UserVerification;
  /** Accept ceremonies from a cross-origin iframe (default false). */
  allowCrossOrigin?: boolean;
}

export const fail = (code: WebauthnFailureCode): WebauthnFailure => ({
  ok: false,
  error: { code },
});

const MAX_CLIENT_DATA_JSON = 6144;

/** Checks the caller's expectations once: misuse throws, naming the field. */
export function checkExpectations(expected: WebauthnExpectations, name: string): void {
  if (typeof expected !== 'object' || expected === null) {
    throw new InvalidArgumentError(name, 'an object');
  }
  assertBytes(expected.challenge, `${name}.challenge`, 16, 64);
  assertString(expected.rpId, `${name}.rpId`, 253);
  if (expected.rpId.length === 0) throw new InvalidArgumentError(`${name}.rpId`, 'a domain name');
  if (!Array.isArray(expected.origins) || expected.origins.length === 0) {
    throw new InvalidArgumentError(`${name}.origins`, 'a non-empty array of origins');
  }
  expected.origins.forEach((o, i) => {
    assertString(o, `${name}.origins[${i}]`, 2048);
  });
  if (expected.userVerification !== undefined) {
    assertOneOf(expected.userVerification, `${name}.userVerification`, [
      'required',
      'preferred',
      'discouraged',
    ]);
  }
}

/**
 * Parses and checks client data JSON against the ceremony type and expectations.
 *
 * @example
 * ```ts
 * const failure = checkClientData(clientDataJSON, 'webauthn.get', expected);
 * if (failure !== undefined) refuse(failure.error.code);
 * ```
 */
export function checkClientData(
  bytes: Uint8Array,
  type: 'webauthn.create' | 'webauthn.get',
  expected: WebauthnExpectations,
): WebauthnFailure | undefined {
  if (bytes.length > MAX_CLIENT_DATA_JSON) return fail('malformed');
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return fail('malformed');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail('malformed');
  const { type: t, challenge, origin, crossOrigin } = data as Record<string, unknown>;
  if (typeof t !== 'string' || typeof challenge !== 'string' || typeof origin !== 'string') {
    return fail('malformed');
  }
  if (crossOrigin !== undefined && typeof crossOrigin !== 'boolean') return fail('malformed');
  if (t !== type) return fail('wrong_type');
  const received = challenge.length <= 128 ? base64urlDecode(challenge) : undefined;
  if (received === undefined || !equalBytes(received, expected.challenge)) {
    return fail('challenge_mismatch');
  }
  if (!expected.origins.includes(origin)) return fail('origin_mismatch');
  if (crossOrigin === true && expected.allowCrossOrigin !== true) return fail('cross_origin');
  return undefined;
}

/**
 * Checks the relying-party hash and the presence and verification flags of authenticator data.
 *
 * @example
 * ```ts
 * const failure = checkAuthenticatorData(parsed, expected);
 * ```
 */
export function checkAuthenticatorData(
  data: AuthenticatorData,
  expected: WebauthnExpectations,
): WebauthnFailure | undefined {
  if (!equalBytes(data.rpIdHash, sha256(new TextEncoder().encode(expected.rpId)))) {
    return fail('rp_id_mismatch');
  }
  if (!data.flags.up) return fail('user_not_present');
  if (expected.userVerification === 'required' && !data.flags.uv) return fail('user_not_verified');
  return undefined;
}

/** SHA-256, re-exported so the ceremonies hash client data with the same code. */
export const hash = (bytes: Uint8Array): Uint8Array => sha256(bytes);
