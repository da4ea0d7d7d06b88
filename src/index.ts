/**
 * mfa-kit: multi-factor authentication for TypeScript and JavaScript backends. The root exports
 * everything; each subpath (`mfa-kit/totp`, `mfa-kit/sms`, …) exports one module with only its
 * own dependencies.
 *
 * @module
 */
export * from './backup-codes.js';
export { generateKeyringEntry, parseKeyring } from './crypto/keyring-text.js';
export { type ConfigIssue, InvalidConfigError, InvalidDocumentError } from './errors.js';
export * from './lockout.js';
export * from './seal.js';
export * from './service.js';
export * from './sms.js';
export * from './totp.js';
