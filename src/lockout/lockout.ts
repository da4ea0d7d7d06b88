/**
 * Lockout after wrong codes that a password holder cannot turn against the owner ("smart
 * lockout"): plain state in, decision and new state out.
 *
 * **Buckets.** Failures are counted per source as well as per account. A *familiar* source (one
 * that completed a sign-in: the host's device cookie id, or an IP prefix, passed as `source`) has
 * a bucket of its own. Every other source, and every call without a `source`, shares the
 * *unfamiliar* bucket: an attacker can change address at will, so unknown sources are one party.
 * Guesses from elsewhere therefore never lock the owner's familiar device. Each bucket applies
 * two rules:
 * - **Consecutive failures** (what users see): every `threshold` wrong codes in a row (6) lock the
 *   bucket, first for `baseLockMs`, each further lock `lockMultiplier` times longer up to
 *   `maxLockMs`. At `maxFailures` (100, NIST SP 800-63B §5.2.2) only {@link unlockLockout} helps.
 *   A success in the bucket resets this count.
 * - **A failure budget** (what bounds an attacker): a bucket of `burst` failures refilled at one
 *   per `intervalMs` (GCRA), which neither a success nor an unlock refills. Without it, an
 *   attacker could interleave guesses with the owner's sign-ins (each success wiping the count)
 *   or with an administrator's unlocks. A failure is charged its `cost`: a code tried against k
 *   authenticator apps is k guesses, so more apps do not mean more chances.
 *
 * **The bound** (default policy; P = guesses × 3 / 10^6 for a 6-digit TOTP code with a ±1
 * window; "guesses" = codes compared, i.e. the sum of costs). A failure is allowed while one unit
 * of budget is left and then charged in full, so the last one may overdraw by cost − 1 (≤ 9 with
 * 10 apps); the overdraft delays later guesses, it is not forgiven. Over any time T a bucket
 * admits at most burst + ⌊T / interval⌋ + (cost − 1) guesses.
 * - Password holder, from anywhere but the owner's familiar sources: the unfamiliar bucket,
 *   20 + ⌊8760 h / 36 h⌋ + 9 = **272 guesses a year** (263 naming one app per guess):
 *   P ≤ **0.082%**, with any number of unlocks (they reset counts and locks, never the budget).
 * - One stolen familiar source (a copied device cookie, a shared IP prefix): its own bucket adds
 *   10 + ⌊365 d / 14 d⌋ + 9 = 45 a year: together 317, P ≤ 0.095%. An entry is forgotten (to make
 *   room for a newer source) only when it is *clean*: no failure since its last success and a
 *   full budget, so forgetting and re-learning a source never refills it.
 * - Assumptions: the attacker cannot complete a sign-in (that needs the code); cannot change the
 *   password without one (a password change drops this state and with it every budget); and
 *   `source` keys cannot be forged into a familiar one (the host derives them from something the
 *   owner's device holds).
 */
import { InvalidArgumentError } from '../errors.js';
import { assertInteger, assertOptions, toMillis } from '../lib/assert.js';
import {
  DEFAULT_LOCKOUT_POLICY,
  type LockoutPolicy,
  type LockoutPolicyInput,
  lockoutPolicy,
} from './policy.js';
import {
  emptyBucket,
  type FamiliarSource,
  isSourceKey,
  type LockoutBucket,
  type LockoutState,
  readLockoutState,
} from './state.js';

export type { FamiliarSource, LockoutBucket, LockoutState };
export { DEFAULT_LOCKOUT_POLICY, type LockoutPolicy, type LockoutPolicyInput, lockoutPolicy };

/** What {@link lockoutStatus} reports. `retryAfterMs` is `Infinity` for a lock only `unlock` lifts. */
export interface LockoutStatus {
  locked: boolean;
  retryAfterMs: number;
  /** Consecutive failures in the bucket the source counts in. */
  failures: number;
  permanent: boolean;
}

/** Options of every lockout function; `source` is an opaque key, `undefined` for unknown. */
export interface LockoutOptions {
  now?: number | Date;
  policy?: LockoutPolicy | LockoutPolicyInput;
  source?: string;
}

/** Largest `cost` of one failure: more authenticator apps than any account has. */
const MAX_COST = 1000;

type Budget = { burst: number; intervalMs: number };

function resolve(opts: LockoutOptions | undefined) {
  const o = assertOptions(opts, 'opts');
  const source = o.source;
  if (source !== undefined && !isSourceKey(source))
    throw new InvalidArgumentError('opts.source', 'a string of 1 to 256 characters (or left out)');
  return {
    now: o.now === undefined ? Date.now() : toMillis(o.now, 'opts.now'),
    policy: o.policy === undefined ? DEFAULT_LOCKOUT_POLICY : lockoutPolicy(o.policy),
    source,
  };
}

/** Same characters, in a time that depends on the lengths only (keys have a fixed length). */
function sameKey(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** The familiar entry for `source`, looking at every entry whatever matches. */
function findFamiliar(state: LockoutState, source: string | undefined, enabled: boolean) {
  if (source === undefined || !enabled) return undefined;
  let found: FamiliarSource | undefined;
  for (const entry of state.familiar ?? []) if (sameKey(entry.source, source)) found ??= entry;
  return found;
}

function bucketStatus(
  b: LockoutBucket,
  budget: Budget,
  now: number,
  policy: LockoutPolicy,
): LockoutStatus {
  if (b.failures >= policy.maxFailures)
    return {
      locked: true,
      retryAfterMs: Number.POSITIVE_INFINITY,
      failures: b.failures,
      permanent: true,
    };
  const budgetWait = b.budgetAt - now - (budget.burst - 1) * budget.intervalMs;
  const retryAfterMs = Math.max(0, b.lockedUntil - now, budgetWait);
  return { locked: retryAfterMs > 0, retryAfterMs, failures: b.failures, permanent: false };
}

function bucketFailure(
  b: LockoutBucket,
  budget: Budget,
  now: number,
  cost: number,
  policy: LockoutPolicy,
): LockoutBucket {
  const failures = b.failures + 1;
  let { locks, lockedUntil } = b;
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
    budgetAt: Math.max(b.budgetAt, now) + cost * budget.intervalMs,
  };
}

/** Counts and locks start over; the budget is left exactly as it was. */
const cleared = <B extends LockoutBucket>(b: B): B => ({
  ...b,
  failures: 0,
  locks: 0,
  lockedUntil: 0,
});

/**
 * Whether a code may be tried now from `source`, and if not, for how long to wait. A familiar
 * source is judged by its own bucket only; any other source by the shared unfamiliar bucket.
 *
 * @example
 * ```ts
 * const status = lockoutStatus(user.lockout, { now: Date.now(), source: deviceCookieId });
 * if (status.locked) res.status(429).json({ retryAfterMs: status.retryAfterMs });
 * ```
 */
export function lockoutStatus(
  state: LockoutState | undefined,
  opts?: LockoutOptions,
): LockoutStatus {
  const { now, policy, source } = resolve(opts);
  const s = readLockoutState(state);
  const familiar = findFamiliar(s, source, policy.familiar.max > 0);
  return familiar
    ? bucketStatus(familiar, policy.familiar, now, policy)
    : bucketStatus(s, policy.budget, now, policy);
}

/**
 * The state after a wrong code from `source`. Check {@link lockoutStatus} before verifying, not
 * after. `cost` is the number of codes the failure compared: a code tried against each of k
 * authenticator apps costs k (default 1).
 *
 * @example
 * ```ts
 * user.lockout = recordFailure(user.lockout, { now: Date.now(), source: deviceCookieId, cost: 2 });
 * ```
 */
export function recordFailure(
  state: LockoutState | undefined,
  opts?: LockoutOptions & { cost?: number },
): LockoutState {
  const { now, policy, source } = resolve(opts);
  const cost = opts?.cost === undefined ? 1 : assertInteger(opts.cost, 'opts.cost', 1, MAX_COST);
  const s = readLockoutState(state);
  const familiar = findFamiliar(s, source, policy.familiar.max > 0);
  if (!familiar) return { ...s, ...bucketFailure(s, policy.budget, now, cost, policy) };
  const updated = { ...familiar, ...bucketFailure(familiar, policy.familiar, now, cost, policy) };
  return { ...s, familiar: (s.familiar ?? []).map((e) => (e === familiar ? updated : e)) };
}

/**
 * Clean: nothing would be lost by forgetting it (no failure since its last success, full budget).
 * Only such an entry makes room, so re-learning a source can never refill its budget.
 */
const isClean = (e: FamiliarSource, now: number) =>
  e.failures === 0 && e.lockedUntil <= now && e.budgetAt <= now;

/**
 * The state after a correct code from `source`: the consecutive count and lock length of its
 * bucket start over, the budget keeps refilling at its own pace, and the source becomes (or
 * stays, as the newest) familiar. When `familiar.max` sources are known already, the oldest clean
 * one is forgotten; if none is clean the new source stays unfamiliar.
 *
 * @example
 * ```ts
 * user.lockout = recordSuccess(user.lockout, { now: Date.now(), source: deviceCookieId });
 * ```
 */
export function recordSuccess(
  state: LockoutState | undefined,
  opts?: LockoutOptions,
): LockoutState {
  const { now, policy, source } = resolve(opts);
  const s = readLockoutState(state);
  const enabled = policy.familiar.max > 0;
  const familiar = findFamiliar(s, source, enabled);
  const list = s.familiar ?? [];
  if (familiar) {
    // Newest last: the order is what eviction reads.
    const moved = { ...cleared(familiar), seenAt: now };
    return { ...s, familiar: [...list.filter((e) => e !== familiar), moved] };
  }
  const next: LockoutState = { ...s, ...cleared<LockoutBucket>(s) };
  if (source === undefined || !enabled) return next;
  let kept = list;
  if (kept.length >= policy.familiar.max) {
    // The list is oldest first: forget the oldest clean entry; without one, stay unfamiliar.
    const gone = kept.findIndex((e) => isClean(e, now));
    if (gone < 0) return next;
    kept = kept.filter((_, i) => i !== gone);
  }
  return { ...next, familiar: [...kept, { source, seenAt: now, ...emptyBucket() }] };
}

/**
 * Lifts every lock, the hard lock included (administrators, account recovery): consecutive
 * counts and lock lengths start over in every bucket, but no budget is refilled, so unlocking
 * again and again gives an attacker no extra guesses. While a budget is spent its bucket stays
 * locked until the budget refills; a password change (the state dropped) is what refills it.
 *
 * @example
 * ```ts
 * user.lockout = unlockLockout(user.lockout, { now: Date.now() });
 * ```
 */
export function unlockLockout(
  state: LockoutState | undefined,
  opts?: Omit<LockoutOptions, 'source'>,
): LockoutState {
  resolve(opts);
  const s = readLockoutState(state);
  const next: LockoutState = { ...s, ...cleared<LockoutBucket>(s) };
  if (s.familiar) next.familiar = s.familiar.map(cleared);
  return next;
}
