/**
 * `mfa-kit/totp`: one-time passwords alone (HOTP, TOTP, base32, secrets, otpauth URIs), for apps
 * that need nothing else. No dependencies: its SHA-1/SHA-2 kernels are tested bit for bit against
 * @noble/hashes and OpenSSL.
 *
 * @module
 */
export { equalBytes } from './crypto/constant-time.js';
export type { OtpAlgorithm } from './crypto/hmac.js';
export { type RandomBytes, randomBytes } from './crypto/random.js';
export { base32Decode, base32Encode } from './encoding/base32.js';
export {
  InvalidArgumentError,
  InvalidBase32Error,
  InvalidOtpauthUriError,
  MfaError,
  type MfaErrorCode,
} from './errors.js';
export {
  generateHotp,
  type VerifyHotpOptions,
  type VerifyHotpResult,
  verifyHotp,
} from './otp/hotp.js';
export type { OtpOptions } from './otp/options.js';
export { type GenerateSecretOptions, generateSecret } from './otp/secret.js';
export {
  generateTotp,
  type TotpOptions,
  type VerifyTotpOptions,
  type VerifyTotpResult,
  verifyTotp,
} from './otp/totp.js';
export {
  type BuildOtpauthParams,
  buildOtpauthUri,
  type OtpauthParams,
  parseOtpauthUri,
} from './otp/uri.js';
