/**
 * mfa-kit: multi-factor authentication for TypeScript and JavaScript backends. The root exports
 * everything; each subpath (`mfa-kit/totp`, …) exports one module with only its own dependencies.
 *
 * @module
 */
export * from './totp.js';
