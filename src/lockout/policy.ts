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

/** Every field with its range; a dotted path is a field of a group (`budget`, `familiar`). */
const FIELDS: [string, number, number][] = [
  ['threshold', 1, 100],
  ['baseLockMs', 1000, 7 * DAY],
  ['lockMultiplier', 1, 100],
  ['maxLockMs', 1000, 365 * DAY],
  ['maxFailures', 1, 100],
  ['budget.burst', 1, 10_000],
  ['budget.intervalMs', 1000, 365 * DAY],
  ['familiar.max', 0, 100],
  ['familiar.burst', 1, 10_000],
  ['familiar.intervalMs', 1000, 365 * DAY],
];

type Fields = Record<string, unknown>;

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
  const issues: { path: string; message: string }[] = [];
  const isGroup = (value: unknown, path: string) => {
    if (value === undefined || (value !== null && typeof value === 'object')) return true;
    issues.push({ path, message: 'an object' });
    return false;
  };
  const o: Fields = isGroup(opts, '(root)') ? { ...opts } : {};
  const policy = {
    ...DEFAULT_LOCKOUT_POLICY,
    budget: { ...DEFAULT_LOCKOUT_POLICY.budget },
    familiar: { ...DEFAULT_LOCKOUT_POLICY.familiar },
  } as Fields;
  for (const group of ['budget', 'familiar']) if (!isGroup(o[group], group)) o[group] = undefined;
  for (const [path, min, max] of FIELDS) {
    const [a, b] = path.split('.') as [string, string | undefined];
    const value = b === undefined ? o[a] : (o[a] as Fields | undefined)?.[b];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max)
      issues.push({ path, message: `an integer from ${min} to ${max}` });
    else if (b === undefined) policy[a] = value;
    else (policy[a] as Fields)[b] = value;
  }
  const result = policy as unknown as Required<LockoutPolicy>;
  if (result.maxLockMs < result.baseLockMs)
    issues.push({ path: 'maxLockMs', message: 'at least baseLockMs' });
  if (issues.length > 0) throw new InvalidConfigError(issues, 'lockout policy');
  return result;
}
