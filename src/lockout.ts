/**
 * `mfa-kit/lockout`: lockout after repeated wrong codes that a password holder cannot turn against
 * the owner (failures counted per source as well as per account), as pure functions over plain
 * state.
 *
 * @module
 */
export {
  DEFAULT_LOCKOUT_POLICY,
  type FamiliarSource,
  type LockoutBucket,
  type LockoutOptions,
  type LockoutPolicy,
  type LockoutPolicyInput,
  type LockoutState,
  type LockoutStatus,
  lockoutPolicy,
  lockoutStatus,
  recordFailure,
  recordSuccess,
  unlockLockout,
} from './lockout/lockout.js';
