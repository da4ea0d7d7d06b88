/**
 * `mfa-kit/sms`: phone numbers (libphonenumber-js), one-time SMS codes, the message text and send
 * quotas. The only module that loads libphonenumber-js.
 *
 * @module
 */
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
export {
  type ParsePhoneResult,
  type PhoneErrorCode,
  parsePhone,
  phoneRegion,
} from './sms/phone.js';
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
