/**
 * WebAuthn for mfa-kit: registration and assertion verification over WebAuthn Level 3 JSON.
 * Never imported statically by the service or by `mfa-kit/totp`: the service loads it with a
 * dynamic `import()` only when `createMfa({ webauthn })` is configured, so apps without passkeys
 * carry none of it (nor the elliptic-curve code it pulls in).
 */

export {
  type AuthenticationExpectations,
  type AuthenticationFailure,
  type AuthenticationSuccess,
  type StoredCredential,
  verifyAuthentication,
} from './authentication.js';
export {
  type AuthenticatorData,
  type AuthenticatorFlags,
  parseAuthenticatorData,
} from './authenticator-data.js';
export {
  CborError,
  type CborLimits,
  type CborValue,
  decodeCbor,
  decodeCborPrefix,
} from './cbor.js';
export type { WebauthnExpectations, WebauthnFailure, WebauthnFailureCode } from './client-data.js';
export {
  COSE_ALGORITHMS,
  type CoseAlgorithm,
  type CoseKey,
  derToP256Raw,
  importCoseKey,
  parseCoseKey,
  verifyCoseSignature,
} from './cose.js';
export type {
  AuthenticationResponseJSON,
  Base64URLString,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialDescriptorJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
  UserVerification,
} from './json.js';
export { type CredentialDescriptor, creationOptions, requestOptions } from './options.js';
export {
  type RegisteredCredential,
  type RegistrationExpectations,
  verifyRegistration,
} from './registration.js';
