/**
 * mfa-kit: multi-factor authentication for TypeScript and JavaScript backends. The root exports
 * everything but phone-number parsing (`parsePhone`, `phoneRegion`: import them from
 * `mfa-kit/sms`), whose metadata takes ~100 ms to load, so that importing the root stays fast for
 * apps without SMS. Each subpath (`mfa-kit/totp`, `mfa-kit/sms`, …) exports one module with only
 * its own dependencies.
 *
 * @module
 */
export * from './backup-codes.js';
export { type ConfigIssue, InvalidConfigError, InvalidDocumentError } from './errors.js';
export * from './lockout.js';
export * from './seal.js';
export * from './service.js';
// From the modules themselves, not the mfa-kit/sms barrel, so phone.ts never enters the graph.
export {
  DEFAULT_SMS_TTL_MS,
  type IssueSmsCodeOptions,
  issueSmsCode,
  type SmsCodeErrorCode,
  type SmsCodeRecord,
  type VerifySmsCodeResult,
  verifySmsCode,
} from './sms/code.js';
export { formatSmsMessage, type SmsMessageOptions } from './sms/message.js';
export type { ParsePhoneResult, PhoneErrorCode } from './sms/phone.js';
export {
  assertCountry,
  type ParsePhoneOptions,
  type ResolvedPhoneOptions,
  resolvePhoneOptions,
} from './sms/phone-options.js';
export {
  DEFAULT_SMS_QUOTAS,
  type Quota,
  type RateLimitRule,
  resolveSmsQuotas,
  type SmsPurpose,
  type SmsQuotas,
  type SmsSendSubject,
  smsSendRules,
} from './sms/quotas.js';
export * from './totp.js';
