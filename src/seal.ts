/**
 * `mfa-kit/seal`: secrets encrypted at rest (XChaCha20-Poly1305), bound to their context, under a
 * rotating keyring. Depends on @noble/ciphers.
 *
 * @module
 */

export { generateKeyringEntry, parseKeyring } from './crypto/keyring-text.js';
export {
  assertKeyring,
  type Keyring,
  needsReseal,
  openSecret,
  type SealOptions,
  sealSecret,
} from './crypto/seal.js';
export { SealedSecretError } from './errors.js';
