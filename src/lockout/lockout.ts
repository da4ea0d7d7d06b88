/**
 * Lockout after wrong codes: plain state in, decision and new state out.
 *
 * Two rules work together:
 * - **Consecutive failures** (what users see): every `threshold` wrong codes in a row (6) lock the
 *   account, first for `baseLockMs`, each further lock `lockMultiplier` times longer up to
 *   `maxLockMs`. At `maxFailures` (100, NIST SP 800-63B §5.2.2) only an explicit unlock helps. A
 *   success resets this count.
 * - **A failure budget** (what bounds an attacker): a bucket of `budget.burst` failures refilled
 *   at one per `budget.intervalMs`, which a success does *not* refill. Without it, an attacker
 *   holding the password could interleave guesses with the real user's sign-ins and, since each
 *   success resets the consecutive count, guess five times per sign-in forever.
 *
 * With the defaults an attacker gets at most 20 guesses in the first day, one per 36 hours after
 * that, and 263 in a year: a 0.079% chance of hitting a 6-digit TOTP code with a ±1 window.
 */
import { InvalidArgumentError, InvalidConfigError } from '../errors.js';
import { toMillis } from '../lib/assert.js';

/** Lockout rules; see the module comment. All durations in milliseconds. */
export interface LockoutPolicy {
  threshold: number;
  baseLockMs: number;
  lockMultiplier: number;
  maxLockMs: number;
  maxFailures: number;
  budget: { burst: number; intervalMs: number };
}

/** Per-account lockout state: plain JSON, `undefined` before the first failure. */
export interface LockoutState {
  /** Wrong codes since the last success. */
  failures: number;
  /** Locks imposed since the last success (drives their growing length). */
  locks: number;
  /** End of the current consecutive-failure lock (ms since the epoch; 0 for none). */
  lockedUntil: number;
  /** When the failure budget is full again: its "theoretical arrival time" (GCRA). */
  budgetAt: number;
}

/** What {@link lockoutStatus} reports. `retryAfterMs` is `Infinity` for a lock only `unlock` lifts. */
export interface LockoutStatus {
  locked: boolean;
  retryAfterMs: number;
  failures: number;
  permanent: boolean;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The default lockout rules: 6 wrong codes lock for 1 minute, each further lock 4 times longer
 * up to 24 hours, a hard lock at 100, and a budget of 20 failures refilled one per 36 hours.
 *
 * @example
 * ```ts
 * lockoutPolicy({ ...DEFAULT_LOCKOUT_POLICY, threshold: 5 });
 * ```
 */
export const DEFAULT_LOCKOUT_POLICY: Readonly<LockoutPolicy> = Object.freeze({
  threshold: 6,
  baseLockMs: MINUTE,
  lockMultiplier: 4,
  maxLockMs: 24 * HOUR,
  maxFailures: 100,
  budget: Object.freeze({ burst: 20, intervalMs: 36 * HOUR }),
});

const FIELDS: [keyof Omit<LockoutPolicy, 'budget'>, number, number][] = [
  ['threshold', 1, 100],
  ['baseLockMs', 1000, 7 * 24 * HOUR],
  ['lockMultiplier', 1, 100],
  ['maxLockMs', 1000, 365 * 24 * HOUR],
  ['maxFailures', 1, 100],
];

/**
 * The policy with defaults filled in. Every bad field is reported at once in one
 * {@link InvalidConfigError}.
 *
 * @example
 * ```ts
 * const policy = lockoutPolicy({ threshold: 5 }); // the rest as documented
 * ```
 */
export function lockoutPolicy(
  opts?: Partial<Omit<LockoutPolicy, 'budget'>> & { budget?: Partial<LockoutPolicy['budget']> },
): LockoutPolicy {
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
  const policy = { budget: { ...DEFAULT_LOCKOUT_POLICY.budget } } as LockoutPolicy;
  for (const [field, min, max] of FIELDS)
    policy[field] = read(o[field], field, min, max, DEFAULT_LOCKOUT_POLICY[field]);
  if (o.budget !== undefined && (o.budget === null || typeof o.budget !== 'object')) {
    issues.push({ path: 'budget', message: 'an object { burst, intervalMs }' });
  } else {
    policy.budget.burst = read(
      o.budget?.burst,
      'budget.burst',
      1,
      10_000,
      DEFAULT_LOCKOUT_POLICY.budget.burst,
    );
    policy.budget.intervalMs = read(
      o.budget?.intervalMs,
      'budget.intervalMs',
      1000,
      365 * 24 * HOUR,
      DEFAULT_LOCKOUT_POLICY.budget.intervalMs,
    );
  }
  if (policy.maxLockMs < policy.baseLockMs)
    issues.push({ path: 'maxLockMs', message: 'at least baseLockMs' });
  if (issues.length > 0) throw new InvalidConfigError(issues, 'lockout policy');
  return policy;
}

function read(state: LockoutState | undefined): LockoutState {
  if (state === undefined) return { failures: 0, locks: 0, lockedUntil: 0, budgetAt: 0 };
  const valid =
    state !== null &&
    typeof state === 'object' &&
    [state.failures, state.locks, state.lockedUntil, state.budgetAt].every(
      (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0,
    );
  // A corrupted state must not read as "never failed": refuse it loudly instead.
  if (!valid)
    throw new InvalidArgumentError(
      'state',
      'a state returned by recordFailure or recordSuccess (omit it before the first failure)',
    );
  return {
    failures: state.failures,
    locks: state.locks,
    lockedUntil: state.lockedUntil,
    budgetAt: state.budgetAt,
  };
}

function resolve(opts: { now?: number | Date; policy?: LockoutPolicy } | undefined) {
  const o = opts ?? {};
  return {
    now: o.now === undefined ? Date.now() : toMillis(o.now, 'opts.now'),
    policy: o.policy === undefined ? DEFAULT_LOCKOUT_POLICY : lockoutPolicy(o.policy),
  };
}

/**
 * Whether the account may try a code now, and if not, for how long it must wait.
 *
 * @example
 * ```ts
 * const status = lockoutStatus(user.lockout, { now: Date.now() });
 * if (status.locked) res.status(429).json({ retryAfterMs: status.retryAfterMs });
 * ```
 */
export function lockoutStatus(
  state: LockoutState | undefined,
  opts?: { now?: number | Date; policy?: LockoutPolicy },
): LockoutStatus {
  const { now, policy } = resolve(opts);
  const s = read(state);
  if (s.failures >= policy.maxFailures) {
    return {
      locked: true,
      retryAfterMs: Number.POSITIVE_INFINITY,
      failures: s.failures,
      permanent: true,
    };
  }
  const { burst, intervalMs } = policy.budget;
  const budgetWait = s.budgetAt - now - (burst - 1) * intervalMs;
  const retryAfterMs = Math.max(0, s.lockedUntil - now, budgetWait);
  return { locked: retryAfterMs > 0, retryAfterMs, failures: s.failures, permanent: false };
}

/**
 * The state after a wrong code. Check {@link lockoutStatus} before verifying, not after.
 *
 * @example
 * ```ts
 * user.lockout = recordFailure(user.lockout, { now: Date.now() });
 * ```
 */
export function recordFailure(
  state: LockoutState | undefined,
  opts?: { now?: number | Date; policy?: LockoutPolicy },
): LockoutState {
  const { now, policy } = resolve(opts);
  const s = read(state);
  const failures = s.failures + 1;
  let { locks, lockedUntil } = s;
  if (failures % policy.threshold === 0) {
    locks += 1;
    const length = Math.min(
      policy.baseLockMs * policy.lockMultiplier ** (locks - 1),
      policy.maxLockMs,
    );
    lockedUntil = Math.max(lockedUntil, now + length);
  }
  return {
    failures,
    locks,
    lockedUntil,
    budgetAt: Math.max(s.budgetAt, now) + policy.budget.intervalMs,
  };
}

/**
 * The state after a correct code: the consecutive count and lock length start over; the failure
 * budget keeps refilling at its own pace.
 *
 * @example
 * ```ts
 * user.lockout = recordSuccess(user.lockout, { now: Date.now() });
 * ```
 */
export function recordSuccess(
  state: LockoutState | undefined,
  opts?: { now?: number | Date; policy?: LockoutPolicy },
): LockoutState {
  resolve(opts);
  const s = read(state);
  return { failures: 0, locks: 0, lockedUntil: 0, budgetAt: s.budgetAt };
}
