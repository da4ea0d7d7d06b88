/**
 * `mfa-kit/web`: what every web host otherwise writes by hand around the service, for any
 * framework and runtime (Web-standard `Headers`, `Request`, `Response` and plain strings; no
 * framework imported): the device and challenge cookies, reading cookies without ever throwing,
 * HTTP statuses and plain-language messages for failures, the enrollment guard, and reading a
 * posted challenge answer.
 *
 * @module
 */
export {
  type PostedAnswer,
  type PostedFields,
  readChallengeAnswer,
} from './web/challenge-answer.js';
export { type Cookie, type CookieOptions, defineCookie } from './web/cookie.js';
export { type CookieSource, parseCookies, readCookie } from './web/cookie-header.js';
export {
  type EnrollmentRedirect,
  type EnrollmentStatusLike,
  enrollmentRedirect,
} from './web/enrollment-redirect.js';
export {
  describeFailure,
  type FailureBody,
  type FailureReply,
  failureResponse,
  failureStatus,
  retryAfter,
} from './web/failure.js';
export type { FailureLike } from './web/failure-input.js';
export {
  englishMessages,
  type FailureMessages,
  failureMessage,
  formatWait,
} from './web/messages.js';
export {
  type MfaCookies,
  type MfaCookiesOptions,
  mfaCookies,
  type StartLike,
  type VerifyLike,
} from './web/mfa-cookies.js';
export { withCookies } from './web/with-cookies.js';
