/**
 * `mfa-kit/testkit`: RFC vectors, fast-check arbitraries and the `MfaStore` and `RateLimiter`
 * conformance suites, for tests of code built on mfa-kit. Needs vitest and fast-check (optional peer dependencies).
 *
 * @module
 */
export {
  codeArbitrary,
  hostileCodeArbitrary,
  otpauthParamsArbitrary,
  secretArbitrary,
  timeArbitrary,
} from './testkit/arbitraries.js';
export { describeRateLimiterConformance } from './testkit/rate-limiter-conformance.js';
export { describeStoreConformance } from './testkit/store-conformance.js';
export { type Rfc4226Vectors, type Rfc6238Vectors, rfc4226, rfc6238 } from './testkit/vectors.js';
