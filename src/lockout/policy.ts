/**
 * The lockout rules and their defaults. The defaults are chosen so that the bound stated in
 * `lockout.ts` holds: an attacker who has the password checks fewer than 333 codes a year
 * (P < 0.1% for a 6-digit TOTP code with a ±1 window) however many `unlock` calls help them.
 */
import { InvalidConfigError } from '../errors.js';

/** Lockout rules; see the module comment of `mfa-kit/lockout`. All durations in milliseconds. */
export interface LockoutPolicy {
  /** Wrong codes in a row (in one bucket) that lock it. */
  threshold: number;
  baseLockMs: number;
  lockMultiplier: number;
  maxLockMs: number;
  /** Consecutive failures in one bucket after which only an unlock helps (NIST: at most 100). */
  maxFailures: number;
  /** The budget of the unfamiliar bucket, shared by every source the account does not know. */
  budget: { burst: number; intervalMs: number };
  /**
   * Familiar sources (sources that completed a sign-in): how many are remembered, and the
   * budget each one has on its own. `max: 0` turns familiar sources off (one bucket, as in 0.1).
   * Optional in the type so that policies written for 0.1 still type-check.
   */
  familiar?: { max: number; burst: number; intervalMs: number };
}

/** What {@link lockoutPolicy} accepts: any field may be left out. */
export type LockoutPolicyInput = Partial<Omit<LockoutPolicy, 'budget' | 'familiar'>> & {
  budget?: Partial<LockoutPolicy['budget']>;
  familiar?: Partial<NonNullable<LockoutPolicy['familiar']>>;
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The default lockout rules: 6 wrong codes lock for 1 minute, each further lock 4 times longer
 * up to 24 hours, a hard lock at 100; unfamiliar sources share a budget of 20 failures refilled
 * one per 36 hours; each of up to 10 familiar sources has its own budget of 10, refilled one per
 * 14 days.
 *
 * @example
 * ```ts
 * lockoutPolicy({ ...DEFAULT_LOCKOUT_POLICY, threshold: 5 });
 * ```
 */
export const DEFAULT_LOCKOUT_POLICY: Readonly<Required<LockoutPolicy>> = Object.freeze({
  threshold: 6,
  baseLockMs: MINUTE,
  lockMultiplier: 4,
  maxLockMs: 24 * HOUR,
  maxFailures: 100,
  budget: Object.freeze({ burst: 20, intervalMs: 36 * HOUR }),
  familiar: Object.freeze({ max: 10, burst: 10, intervalMs: 14 * DAY }),
});

const FIELDS: [keyof Omit<LockoutPolicy, 'budget' | 'familiar'>, number, number][] = [
  ['threshold', 1, 100],
  ['baseLockMs', 1000, 7 * DAY],
  ['lockMultiplier', 1, 100],
  ['maxLockMs', 1000, 365 * DAY],
  ['maxFailures', 1, 100],
];

/**
 * The policy with defaults filled in. Every bad field is reported at once in one
 * {@link InvalidConfigError}.
 *
 * @example
 * ```ts
 * const policy = lockoutPolicy({ threshold: 5, familiar: { max: 5 } }); // the rest as documented
 * ```
 */
export function lockoutPolicy(opts?: LockoutPolicyInput): Required<LockoutPolicy> {
  if (opts !== undefined && (opts === null || typeof opts !== 'object')) {
    throw new InvalidConfigError([{ path: '(root)', message: 'an object' }], 'lockout policy');
  }
  const o = opts ?? {};
  const issues: { path: string; message: string }[] = [];
  const read = (value: unknown, path: string, min: number, max: number, fallback: number) => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      issues.push({ path, message: `an integer from ${min} to ${max}` });
      return fallback;
    }
    return value;
  };
  const group = (value: unknown, path: string, shape: string): Record<string, unknown> => {
    if (value === undefined) return {};
    if (value === null || typeof value !== 'object') {
      issues.push({ path, message: `an object ${shape}` });
      return {};
    }
    return value as Record<string, unknown>;
  };
  const d = DEFAULT_LOCKOUT_POLICY;
  const budget = group(o.budget, 'budget', '{ burst, intervalMs }');
  const familiar = group(o.familiar, 'familiar', '{ max, burst, intervalMs }');
  const policy = {} as Required<LockoutPolicy>;
  for (const [field, min, max] of FIELDS) policy[field] = read(o[field], field, min, max, d[field]);
  policy.budget = {
    burst: read(budget.burst, 'budget.burst', 1, 10_000, d.budget.burst),
    intervalMs: read(budget.intervalMs, 'budget.intervalMs', 1000, 365 * DAY, d.budget.intervalMs),
  };
  policy.familiar = {
    max: read(familiar.max, 'familiar.max', 0, 100, d.familiar.max),
    burst: read(familiar.burst, 'familiar.burst', 1, 10_000, d.familiar.burst),
    intervalMs: read(
      familiar.intervalMs,
      'familiar.intervalMs',
      1000,
      365 * DAY,
      d.familiar.intervalMs,
    ),
  };
  if (policy.maxLockMs < policy.baseLockMs)
    issues.push({ path: 'maxLockMs', message: 'at least baseLockMs' });
  if (issues.length > 0) throw new InvalidConfigError(issues, 'lockout policy');
  return policy;
}
