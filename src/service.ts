/**
 * The MFA service and its adapters: `createMfa`, the store and provider interfaces, and the
 * in-memory reference adapters.
 *
 * @module
 */

export { memoryRateLimiter } from './adapters/memory-rate-limiter.js';
export { type MemoryStore, memoryStore } from './adapters/memory-store.js';
export type { MfaStore, RateLimiter, SmsMessage, SmsSender } from './adapters/types.js';
export type {
  AmrValue,
  ChallengeAnswer,
  ChallengeStartResult,
  FactorSummary,
  StartOptions,
  StartRequired,
  StartResult,
  StartSkipped,
  VerifyOptions,
  VerifyResult,
} from './service/challenge.js';
export { createMfa, type Mfa } from './service/create-mfa.js';
export type { DeviceSummary } from './service/devices.js';
export type { FactorType } from './service/document.js';
export type { ReauthOptions } from './service/enrollment.js';
export type { MfaEvent, MfaEventType, SignInMethod } from './service/events.js';
export type {
  WebauthnBeginResult,
  WebauthnConfirmResult,
} from './service/factors/webauthn.js';
export type {
  ConfirmResult,
  SignInChallenges,
  SmsEnrollment,
  TotpEnrollment,
  TrustedDevices,
  WebauthnEnrollment,
} from './service/mfa.js';
export type {
  Enforcement,
  MfaOptions,
  Policy,
  PolicyDecision,
  SmsOptions,
} from './service/options.js';
export type { Failure, FailureCode, Result } from './service/runtime.js';
export type { MfaStatus } from './service/status.js';
export type { WebauthnOptions } from './service/webauthn.js';
export type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from './webauthn/json.js';
