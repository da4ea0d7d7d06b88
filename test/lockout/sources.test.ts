// Smart lockout, written as the attacks it stops: a password holder guessing from anywhere must
// neither lock the owner's familiar device nor win more guesses through unlocks, successes or
// extra authenticator apps.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LOCKOUT_POLICY,
  type LockoutState,
  lockoutPolicy,
  lockoutStatus,
  recordFailure,
  recordSuccess,
  unlockLockout,
} from '../../src/lockout.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;
const t0 = 1_700_000_000_000;
const OWNER = 'owner-laptop';

/** The attacker from ever-new addresses: all land in the one unfamiliar bucket. */
function attack(
  state: LockoutState | undefined,
  n: number,
  now: number,
  cost = 1,
  policy = DEFAULT_LOCKOUT_POLICY,
) {
  let s = state;
  for (let i = 0; i < n; i++) {
    if (lockoutStatus(s, { now, policy, source: `ip-${i}` }).locked) break;
    s = recordFailure(s, { now, policy, source: `ip-${i}`, cost });
  }
  return s;
}

describe('lockout per source', () => {
  it('an attacker who exhausts everything still leaves the owner’s familiar device open', () => {
    let state = recordSuccess(undefined, { now: t0, source: OWNER });
    // 100 consecutive failures from unknown sources: the unfamiliar bucket is hard-locked.
    let now = t0;
    for (let i = 0; i < 100; i++) {
      now += lockoutStatus(state, { now, source: `ip-${i}` }).retryAfterMs;
      state = recordFailure(state, { now, source: `ip-${i}` });
    }
    expect(lockoutStatus(state, { now, source: 'ip-new' })).toMatchObject({
      locked: true,
      permanent: true,
    });
    expect(lockoutStatus(state, { now })).toMatchObject({ locked: true, permanent: true });
    expect(lockoutStatus(state, { now, source: OWNER })).toEqual({
      locked: false,
      retryAfterMs: 0,
      failures: 0,
      permanent: false,
    });
    // The owner's sign-in does not lift the attacker's hard lock.
    state = recordSuccess(state, { now, source: OWNER });
    expect(lockoutStatus(state, { now, source: 'ip-new' }).permanent).toBe(true);
  });

  it('a source becomes familiar only by completing a sign-in', () => {
    let state = attack(undefined, 3, t0);
    expect(lockoutStatus(state, { now: t0, source: 'ip-0' }).failures).toBe(3);
    state = recordSuccess(state, { now: t0, source: 'ip-0' });
    expect(state.familiar?.map((f) => f.source)).toEqual(['ip-0']);
    // Success without a source (a caller that knows none) teaches nothing.
    expect(recordSuccess(undefined, { now: t0 }).familiar).toBeUndefined();
  });

  it('a familiar source locks on its own typos, with the usual growing waits', () => {
    let state = recordSuccess(undefined, { now: t0, source: OWNER });
    for (let i = 0; i < 6; i++) state = recordFailure(state, { now: t0, source: OWNER });
    expect(lockoutStatus(state, { now: t0, source: OWNER })).toEqual({
      locked: true,
      retryAfterMs: MINUTE,
      failures: 6,
      permanent: false,
    });
    // Only the owner's own bucket: the rest of the world is untouched.
    expect(lockoutStatus(state, { now: t0, source: 'elsewhere' }).failures).toBe(0);
  });

  it('a stolen familiar source is bounded by its own budget: 10 then one per 14 days', () => {
    let state = recordSuccess(undefined, { now: t0, source: OWNER });
    let now = t0;
    let guesses = 0;
    let nextOwner = t0 + DAY;
    while (now < t0 + YEAR && guesses < 10_000) {
      // The owner signs in daily from the same source, which resets its count, not its budget.
      const status = lockoutStatus(state, { now, source: OWNER });
      if (nextOwner <= now + status.retryAfterMs) {
        now = Math.max(now, nextOwner);
        if (!lockoutStatus(state, { now, source: OWNER }).locked)
          state = recordSuccess(state, { now, source: OWNER });
        nextOwner += DAY;
        continue;
      }
      now += status.retryAfterMs;
      if (now >= t0 + YEAR) break;
      state = recordFailure(state, { now, source: OWNER });
      guesses++;
    }
    expect(guesses).toBe(10 + Math.floor(YEAR / (14 * DAY))); // 36
  });

  it('a code tried against 10 apps costs 10: the budget counts codes compared, not requests', () => {
    // No consecutive lock in the way: the budget alone decides.
    const policy = lockoutPolicy({ threshold: 100 });
    for (const [cost, requests] of [
      [1, 20],
      [2, 10],
      [10, 2],
    ] as const) {
      expect(
        attack(undefined, 1000, t0, cost, policy)?.failures,
        `cost ${cost}: the burst of 20 codes`,
      ).toBe(requests);
    }
    // A year of the cheapest and the dearest guesses compares at most 263 / 272 codes.
    for (const [cost, bound] of [
      [1, 263],
      [10, 272],
    ] as const) {
      let state: LockoutState | undefined;
      let now = t0;
      let compared = 0;
      // Capped so that a budget that refills on unlock fails the test instead of hanging it.
      while (compared < 10 * bound) {
        now += lockoutStatus(state, { now, policy, source: 'x' }).retryAfterMs;
        if (now >= t0 + YEAR) break;
        state = unlockLockout(recordFailure(state, { now, policy, source: 'x', cost }), { now });
        compared += cost;
      }
      expect(compared).toBeLessThanOrEqual(bound);
      expect(compared).toBeGreaterThan(bound - cost);
      expect(compared * 3e-6).toBeLessThan(0.001);
    }
  });

  it('unlock lifts the hard lock but refills no budget', () => {
    let state: LockoutState | undefined;
    let now = t0;
    for (let i = 0; i < 100; i++) {
      now += lockoutStatus(state, { now }).retryAfterMs;
      state = recordFailure(state, { now });
    }
    expect(lockoutStatus(state, { now }).permanent).toBe(true);
    const unlocked = unlockLockout(state, { now });
    expect(unlocked.budgetAt).toBe(state?.budgetAt);
    const status = lockoutStatus(unlocked, { now });
    expect(status.permanent).toBe(false);
    expect(status.failures).toBe(0);
    // Still waiting for the budget: exactly as long as without the hard lock.
    expect(status.retryAfterMs).toBe(
      state!.budgetAt - now - 19 * DEFAULT_LOCKOUT_POLICY.budget.intervalMs,
    );
    // Unlocking over and over gives nothing either.
    let again = unlocked;
    for (let i = 0; i < 50; i++) again = unlockLockout(again, { now });
    expect(lockoutStatus(again, { now })).toEqual(status);
  });

  it('unlock also clears familiar locks, keeping their budgets', () => {
    let state = recordSuccess(undefined, { now: t0, source: OWNER });
    for (let i = 0; i < 6; i++) state = recordFailure(state, { now: t0, source: OWNER });
    const unlocked = unlockLockout(state, { now: t0 });
    expect(lockoutStatus(unlocked, { now: t0, source: OWNER }).locked).toBe(false);
    expect(unlocked.familiar?.[0]?.budgetAt).toBe(state.familiar?.[0]?.budgetAt);
  });

  it('a password change (state dropped) lifts every lock', () => {
    const state = attack(undefined, 50, t0);
    expect(lockoutStatus(state, { now: t0 }).locked).toBe(true);
    expect(lockoutStatus(undefined, { now: t0 }).locked).toBe(false);
  });

  it('keeps the newest familiar sources, forgetting only clean ones', () => {
    const policy = lockoutPolicy({ familiar: { max: 3 } });
    let state: LockoutState | undefined;
    for (let i = 0; i < 5; i++)
      state = recordSuccess(state, { now: t0 + i, policy, source: `d${i}` });
    expect(state?.familiar?.map((f) => f.source)).toEqual(['d2', 'd3', 'd4']);
    // Signing in again moves a source to the newest place.
    state = recordSuccess(state, { now: t0 + 10, policy, source: 'd2' });
    expect(state.familiar?.map((f) => f.source)).toEqual(['d3', 'd4', 'd2']);
  });

  it('a stolen familiar source cannot be forgotten and re-learnt with a full budget', () => {
    const policy = lockoutPolicy({ familiar: { max: 2 } });
    let state = recordSuccess(undefined, { now: t0, policy, source: 'stolen' });
    state = recordSuccess(state, { now: t0, policy, source: 'phone' });
    // The thief spends the stolen source's budget.
    for (let i = 0; i < 10; i++)
      state = recordFailure(state, { now: t0, policy, source: 'stolen' });
    expect(lockoutStatus(state, { now: t0, policy, source: 'stolen' }).locked).toBe(true);
    // The owner signs in from many new places: only the clean entry makes room.
    for (let i = 0; i < 5; i++)
      state = recordSuccess(state, { now: t0 + HOUR + i, policy, source: `cafe-${i}` });
    expect(state.familiar?.map((f) => f.source)).toEqual(['stolen', 'cafe-4']);
    // The owner signing in from the stolen source resets its count, not its budget.
    state = recordSuccess(state, { now: t0 + 2 * HOUR, policy, source: 'stolen' });
    expect(lockoutStatus(state, { now: t0 + 2 * HOUR, policy, source: 'stolen' }).locked).toBe(
      true,
    );
  });

  it('with familiar sources off, every source shares one bucket (0.1 behaviour)', () => {
    const policy = lockoutPolicy({ familiar: { max: 0 } });
    let state = recordSuccess(undefined, { now: t0, policy, source: OWNER });
    expect(state.familiar).toBeUndefined();
    state = attack(state, 6, t0) as LockoutState;
    for (let i = 0; i < 6; i++) state = recordFailure(state, { now: t0, policy, source: 'x' });
    expect(lockoutStatus(state, { now: t0, policy, source: OWNER }).locked).toBe(true);
  });

  it('reads a state stored by 0.1 as the unfamiliar bucket', () => {
    const old = { failures: 6, locks: 1, lockedUntil: t0 + MINUTE, budgetAt: t0 + 6 * 36 * HOUR };
    expect(lockoutStatus(old, { now: t0 })).toEqual({
      locked: true,
      retryAfterMs: MINUTE,
      failures: 6,
      permanent: false,
    });
    expect(lockoutStatus(old, { now: t0, source: 'anything' }).locked).toBe(true);
    const learnt = recordSuccess(old, { now: t0, source: OWNER });
    expect(learnt).toMatchObject({ failures: 0, budgetAt: old.budgetAt });
    expect(lockoutStatus(learnt, { now: t0, source: OWNER }).locked).toBe(false);
  });
});
