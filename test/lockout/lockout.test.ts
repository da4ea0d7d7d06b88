import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LOCKOUT_POLICY,
  InvalidConfigError,
  type LockoutState,
  lockoutPolicy,
  lockoutStatus,
  recordFailure,
  recordSuccess,
} from '../../src/index.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const t0 = 1_700_000_000_000;

function failTimes(n: number, now = t0): LockoutState | undefined {
  let state: LockoutState | undefined;
  for (let i = 0; i < n; i++) state = recordFailure(state, { now });
  return state;
}

describe('lockout', () => {
  it('locks after 6 wrong codes in a row, for one minute', () => {
    expect(lockoutStatus(failTimes(5), { now: t0 })).toMatchObject({ locked: false, failures: 5 });
    expect(lockoutStatus(failTimes(6), { now: t0 })).toEqual({
      locked: true,
      retryAfterMs: MINUTE,
      failures: 6,
      permanent: false,
    });
    expect(lockoutStatus(failTimes(6), { now: t0 + MINUTE }).locked).toBe(false);
  });

  it('makes each later lock longer: 1, 4, 16 minutes', () => {
    let state: LockoutState | undefined;
    let now = t0;
    const waits: number[] = [];
    for (let lock = 0; lock < 3; lock++) {
      for (let i = 0; i < 6; i++) state = recordFailure(state, { now });
      const { retryAfterMs } = lockoutStatus(state, { now });
      waits.push(retryAfterMs);
      now += retryAfterMs;
    }
    expect(waits).toEqual([MINUTE, 4 * MINUTE, 16 * MINUTE]);
  });

  it('resets the consecutive count on success', () => {
    const state = recordSuccess(failTimes(5), { now: t0 });
    expect(lockoutStatus(recordFailure(state, { now: t0 }), { now: t0 })).toMatchObject({
      locked: false,
      failures: 1,
    });
  });

  it('locks for good at 100 consecutive failures, whatever the time', () => {
    const policy = lockoutPolicy({ budget: { burst: 1000, intervalMs: 1000 } });
    let state: LockoutState | undefined;
    let now = t0;
    for (let i = 0; i < 100; i++) {
      now += lockoutStatus(state, { now, policy }).retryAfterMs;
      state = recordFailure(state, { now, policy });
    }
    expect(lockoutStatus(state, { now: now + 10 * 365 * DAY, policy })).toEqual({
      locked: true,
      retryAfterMs: Number.POSITIVE_INFINITY,
      failures: 100,
      permanent: true,
    });
  });

  it('never unlocks early, and the wait never shrinks as failures grow', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2 * HOUR }), { minLength: 1, maxLength: 60 }),
        (gaps) => {
          let state: LockoutState | undefined;
          let now = t0;
          let lastUnlockAt = t0;
          for (const gap of gaps) {
            now += gap;
            const status = lockoutStatus(state, { now });
            if (status.locked) {
              expect(now).toBeLessThan(lastUnlockAt);
              // Still locked a moment before the announced time, free at it.
              if (status.retryAfterMs > 1)
                expect(lockoutStatus(state, { now: now + status.retryAfterMs - 1 }).locked).toBe(
                  true,
                );
              if (!status.permanent)
                expect(lockoutStatus(state, { now: now + status.retryAfterMs }).locked).toBe(false);
              continue;
            }
            const before = lockoutStatus(state, { now }).retryAfterMs;
            state = recordFailure(state, { now });
            const after = lockoutStatus(state, { now });
            expect(after.retryAfterMs).toBeGreaterThanOrEqual(before);
            lastUnlockAt = now + after.retryAfterMs;
          }
        },
      ),
    );
  });

  it('bounds an attacker to 263 guesses a year even when the real user signs in between', () => {
    // The attacker guesses whenever allowed; the user signs in successfully every 8 hours,
    // which resets the consecutive count but not the failure budget.
    for (const interleaved of [false, true]) {
      let state: LockoutState | undefined;
      let now = t0;
      let guesses = 0;
      let firstDay = 0;
      let nextUserSignIn = t0 + 8 * HOUR;
      while (now < t0 + 365 * DAY && guesses < 10_000) {
        const status = lockoutStatus(state, { now });
        if (status.permanent) break;
        if (interleaved && nextUserSignIn <= now + status.retryAfterMs) {
          now = Math.max(now, nextUserSignIn);
          if (!lockoutStatus(state, { now }).locked) state = recordSuccess(state, { now });
          nextUserSignIn += 8 * HOUR;
          continue;
        }
        now += status.retryAfterMs;
        if (now >= t0 + 365 * DAY) break;
        state = recordFailure(state, { now });
        guesses++;
        if (now < t0 + DAY) firstDay++;
      }
      // Alone, the attacker stops at the 100-failure hard lock; interleaved, the budget binds:
      // 20 at once, then one per 36 hours (20 + floor(8760 h / 36 h) = 263).
      expect(firstDay).toBe(20);
      expect(guesses).toBe(interleaved ? 263 : 100);
      // Chance of hitting a 6-digit TOTP code with a ±1 window (3 valid codes per guess).
      expect(guesses * 3e-6).toBeLessThan(0.001);
    }
  });

  it('reports every bad policy field at once', () => {
    try {
      lockoutPolicy({ threshold: 0, baseLockMs: -1, maxFailures: 500, budget: { burst: 0 } });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidConfigError);
      expect((err as InvalidConfigError).issues.map((i) => i.path)).toEqual([
        'threshold',
        'baseLockMs',
        'maxFailures',
        'budget.burst',
      ]);
    }
    expect(lockoutPolicy()).toEqual(DEFAULT_LOCKOUT_POLICY);
  });

  it('checks the familiar-source fields too, without touching the caller’s object', () => {
    const opts = { budget: 'x', familiar: { max: 101, burst: 0, intervalMs: 5 } } as never;
    const copy = structuredClone(opts);
    try {
      lockoutPolicy(opts);
      expect.unreachable();
    } catch (err) {
      expect((err as InvalidConfigError).issues.map((i) => i.path)).toEqual([
        'budget',
        'familiar.max',
        'familiar.burst',
        'familiar.intervalMs',
      ]);
    }
    expect(opts).toEqual(copy);
    expect(lockoutPolicy({ familiar: { max: 0 } }).familiar).toEqual({
      ...DEFAULT_LOCKOUT_POLICY.familiar,
      max: 0,
    });
    expect(() => lockoutPolicy('x' as never)).toThrow(InvalidConfigError);
  });

  it('refuses a corrupted state rather than reading it as clean', () => {
    expect(() => lockoutStatus({ failures: -1 } as never)).toThrow(/state/);
    expect(() => recordFailure('x' as never)).toThrow(/state/);
  });
});
