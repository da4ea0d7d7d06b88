/**
 * `mfa-kit/lockout`: lockout after repeated wrong codes, as pure functions over plain state.
 *
 * @module
 */
export {
  DEFAULT_LOCKOUT_POLICY,
  type LockoutPolicy,
  type LockoutState,
  type LockoutStatus,
  lockoutPolicy,
  lockoutStatus,
  recordFailure,
  recordSuccess,
} from './lockout/lockout.js';
