// The lockout invariants as fast-check properties over any interleaving of failures, successes
// and unlocks from any sources, under random policies.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import {
  type LockoutPolicy,
  type LockoutState,
  lockoutPolicy,
  lockoutStatus,
  recordFailure,
  recordSuccess,
  unlockLockout,
} from '../../src/lockout.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const t0 = 1_700_000_000_000;

type Op =
  | { kind: 'fail'; source: string | undefined; cost: number; gap: number }
  | { kind: 'success'; source: string | undefined; gap: number }
  | { kind: 'unlock'; gap: number };

const sourceArb = fc.option(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { nil: undefined });
const gapArb = fc.integer({ min: 0, max: 3 * DAY });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('fail' as const),
    source: sourceArb,
    cost: fc.integer({ min: 1, max: 10 }),
    gap: gapArb,
  }),
  fc.record({ kind: fc.constant('success' as const), source: sourceArb, gap: gapArb }),
  fc.record({ kind: fc.constant('unlock' as const), gap: gapArb }),
);

const policyArb = fc
  .record({
    threshold: fc.integer({ min: 1, max: 10 }),
    baseLockMs: fc.integer({ min: 1000, max: HOUR }),
    lockMultiplier: fc.integer({ min: 1, max: 5 }),
    maxLockMs: fc.integer({ min: HOUR, max: 2 * DAY }),
    maxFailures: fc.integer({ min: 1, max: 100 }),
    budget: fc.record({
      burst: fc.integer({ min: 1, max: 30 }),
      intervalMs: fc.integer({ min: 1000, max: 2 * DAY }),
    }),
    familiar: fc.record({
      max: fc.integer({ min: 0, max: 4 }),
      burst: fc.integer({ min: 1, max: 30 }),
      intervalMs: fc.integer({ min: 1000, max: 20 * DAY }),
    }),
  })
  .map((p) => lockoutPolicy(p));

/** Applies one operation; failures only when allowed, as the service does. */
function apply(state: LockoutState | undefined, op: Op, now: number, policy: LockoutPolicy) {
  if (op.kind === 'unlock') return unlockLockout(state, { now, policy });
  const source = op.source;
  if (lockoutStatus(state, { now, policy, ...(source ? { source } : {}) }).locked) return state;
  return op.kind === 'fail'
    ? recordFailure(state, { now, policy, cost: op.cost, ...(source ? { source } : {}) })
    : recordSuccess(state, { now, policy, ...(source ? { source } : {}) });
}

const budgets = (s: LockoutState | undefined) =>
  new Map([
    ['', s?.budgetAt ?? 0],
    ...(s?.familiar ?? []).map((f) => [f.source, f.budgetAt] as const),
  ]);

describe('lockout properties', () => {
  it('no success or unlock ever refills a budget', () => {
    fc.assert(
      fc.property(policyArb, fc.array(opArb, { maxLength: 80 }), (policy, ops) => {
        let state: LockoutState | undefined;
        let now = t0;
        for (const op of ops) {
          now += op.gap;
          const before = budgets(state);
          state = apply(state, op, now, policy);
          if (op.kind === 'fail') continue;
          // Every budget that existed is unchanged; a new familiar entry starts full.
          for (const [source, at] of budgets(state)) {
            if (before.has(source)) expect(at).toBe(before.get(source));
            else expect(at).toBe(0);
          }
        }
      }),
    );
  });

  it('over any time and any unlocks, the unfamiliar bucket compares at most burst + T/interval + cost − 1 codes', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.array(
          fc.record({
            cost: fc.integer({ min: 1, max: 10 }),
            unlockEvery: fc.integer({ min: 1, max: 5 }),
          }),
          { minLength: 1, maxLength: 300 },
        ),
        (policy, attempts) => {
          // The attacker guesses as soon as allowed; a "helpful admin" unlocks every few guesses.
          let state: LockoutState | undefined;
          let now = t0;
          let compared = 0;
          let maxCost = 0;
          for (const [i, a] of attempts.entries()) {
            const status = lockoutStatus(state, { now, policy, source: `ip${i}` });
            if (status.permanent) state = unlockLockout(state, { now, policy });
            now += lockoutStatus(state, { now, policy, source: `ip${i}` }).retryAfterMs;
            state = recordFailure(state, { now, policy, source: `ip${i}`, cost: a.cost });
            compared += a.cost;
            maxCost = Math.max(maxCost, a.cost);
            if (i % a.unlockEvery === 0) state = unlockLockout(state, { now, policy });
          }
          const { burst, intervalMs } = policy.budget;
          expect(compared).toBeLessThanOrEqual(
            burst + Math.floor((now - t0) / intervalMs) + maxCost - 1,
          );
        },
      ),
    );
  });

  it('failures from unfamiliar sources never change what a familiar source sees', () => {
    fc.assert(
      fc.property(
        policyArb.filter((p) => (p.familiar?.max ?? 0) > 0),
        fc.array(opArb, { maxLength: 40 }),
        fc.array(fc.record({ cost: fc.integer({ min: 1, max: 10 }), gap: gapArb }), {
          maxLength: 40,
        }),
        (policy, ops, attacks) => {
          let clean: LockoutState | undefined = recordSuccess(undefined, {
            now: t0,
            policy,
            source: 'owner',
          });
          let attacked: LockoutState | undefined = clean;
          let now = t0;
          // The owner's own history (any of it) happens in both worlds, from the owner's source.
          const owned = ops.map((op) => (op.kind === 'unlock' ? op : { ...op, source: 'owner' }));
          for (let i = 0; i < Math.max(owned.length, attacks.length); i++) {
            const op = owned[i];
            const hit = attacks[i];
            now += (op?.gap ?? 0) + (hit?.gap ?? 0);
            if (op && op.kind !== 'unlock') {
              clean = apply(clean, op, now, policy);
              attacked = apply(attacked, op, now, policy);
            }
            if (hit)
              attacked = recordFailure(attacked, { now, policy, source: `ip${i}`, cost: hit.cost });
            expect(lockoutStatus(attacked, { now, policy, source: 'owner' })).toEqual(
              lockoutStatus(clean, { now, policy, source: 'owner' }),
            );
          }
        },
      ),
    );
  });

  it('lock lengths grow and stop at maxLockMs; maxFailures in a row lock for good', () => {
    fc.assert(
      fc.property(policyArb, sourceArb, (policy, source) => {
        let state: LockoutState | undefined = source
          ? recordSuccess(undefined, { now: t0, policy, source })
          : undefined;
        const opts = source ? { policy, source } : { policy };
        let now = t0;
        let last = 0;
        for (let failures = 1; failures <= policy.maxFailures; failures++) {
          // Wait out the budget so only the consecutive lock is measured.
          now = Math.max(now, (state?.familiar?.[0] ?? state)?.budgetAt ?? 0);
          expect(lockoutStatus(state, { now, ...opts }).locked).toBe(false);
          state = recordFailure(state, { now, ...opts });
          const status = lockoutStatus(state, { now, ...opts });
          if (failures === policy.maxFailures) {
            expect(status).toMatchObject({ locked: true, permanent: true });
          } else if (failures % policy.threshold === 0) {
            const lock = (state.familiar?.[0] ?? state).lockedUntil - now;
            expect(lock).toBeGreaterThanOrEqual(last);
            expect(lock).toBeLessThanOrEqual(policy.maxLockMs);
            last = lock;
            now += lock;
          }
        }
        expect(lockoutStatus(state, { now: now + 10 * 365 * DAY, ...opts }).permanent).toBe(true);
      }),
    );
  });

  it('without sources, a state stored by 0.1 behaves exactly as 0.1 did', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ ok: fc.boolean(), gap: fc.integer({ min: 0, max: 2 * DAY }) }), {
          maxLength: 120,
        }),
        (steps) => {
          let state: LockoutState | undefined;
          let legacy: LegacyState | undefined;
          let now = t0;
          for (const step of steps) {
            now += step.gap;
            expect(lockoutStatus(state, { now })).toEqual(legacyStatus(legacy, now));
            if (legacyStatus(legacy, now).locked) continue;
            if (step.ok) {
              state = recordSuccess(state, { now });
              legacy = legacySuccess(legacy);
            } else {
              state = recordFailure(state, { now });
              legacy = legacyFailure(legacy, now);
            }
            // The new module reads the state 0.1 wrote, and writes the same fields.
            expect(state).toEqual(legacy);
            expect(lockoutStatus(legacy, { now })).toEqual(legacyStatus(legacy, now));
          }
        },
      ),
    );
  });

  it('junk state or options: an InvalidArgumentError naming the field, never a TypeError', () => {
    const valid = recordFailure(recordSuccess(undefined, { now: t0, source: 'a' }), {
      now: t0,
      source: 'a',
    });
    const paths = ['failures', 'locks', 'lockedUntil', 'budgetAt', 'familiar'];
    const entryPaths = ['source', 'seenAt', 'failures', 'locks', 'lockedUntil', 'budgetAt'];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything().map((junk) => ({ state: junk, field: 'state' })),
          fc
            .tuple(fc.constantFrom(...paths), fc.anything())
            .map(([k, v]) => ({ state: { ...valid, [k]: v }, field: `state.${k}` })),
          fc.tuple(fc.constantFrom(...entryPaths), fc.anything()).map(([k, v]) => ({
            state: { ...valid, familiar: [{ ...valid.familiar![0], [k]: v }] },
            field: `state.familiar[0].${k}`,
          })),
        ),
        fc.constantFrom('status', 'failure', 'success', 'unlock'),
        ({ state, field }, fn) => {
          const call = () => {
            const s = state as LockoutState;
            if (fn === 'status') return lockoutStatus(s, { now: t0, source: 'a' });
            if (fn === 'failure') return recordFailure(s, { now: t0, source: 'a' });
            if (fn === 'success') return recordSuccess(s, { now: t0, source: 'a' });
            return unlockLockout(s, { now: t0 });
          };
          try {
            call();
          } catch (err) {
            expect(err).toBeInstanceOf(InvalidArgumentError);
            expect((err as InvalidArgumentError).argument.startsWith(field)).toBe(true);
          }
        },
      ),
    );
    for (const now of [Number.NaN, -1, Number.POSITIVE_INFINITY, new Date(Number.NaN), '1']) {
      expect(() => recordFailure(undefined, { now: now as never })).toThrow(
        expect.objectContaining({ argument: 'opts.now' }),
      );
    }
    for (const source of ['', 'x'.repeat(257), 5, null, {}])
      expect(() => lockoutStatus(undefined, { source: source as never })).toThrow(
        expect.objectContaining({ argument: 'opts.source' }),
      );
    for (const cost of [0, -1, 1.5, Number.NaN, 1001, '2'])
      expect(() => recordFailure(undefined, { cost: cost as never })).toThrow(
        expect.objectContaining({ argument: 'opts.cost' }),
      );
    expect(() => unlockLockout(undefined, 'x' as never)).toThrow(
      expect.objectContaining({ argument: 'opts' }),
    );
    // Two entries for one source would give it two budgets.
    expect(() =>
      lockoutStatus({ ...valid, familiar: [valid.familiar![0]!, valid.familiar![0]!] }),
    ).toThrow(expect.objectContaining({ argument: 'state.familiar[1].source' }));
  });

  it('never changes the state it is given', () => {
    fc.assert(
      fc.property(policyArb, fc.array(opArb, { maxLength: 30 }), (policy, ops) => {
        let state: LockoutState | undefined;
        let now = t0;
        for (const op of ops) {
          now += op.gap;
          const frozen = structuredClone(state);
          const next = apply(state, op, now, policy);
          expect(state).toEqual(frozen);
          state = next;
        }
      }),
    );
  });
});

// The lockout of 0.1 (src/lockout/lockout.ts before per-source buckets), kept as the reference
// that old documents and callers without `source` must still match.
interface LegacyState {
  failures: number;
  locks: number;
  lockedUntil: number;
  budgetAt: number;
}
const LEGACY = {
  threshold: 6,
  baseLockMs: 60_000,
  lockMultiplier: 4,
  maxLockMs: DAY,
  maxFailures: 100,
  burst: 20,
  intervalMs: 36 * HOUR,
};
const legacyRead = (s?: LegacyState) => s ?? { failures: 0, locks: 0, lockedUntil: 0, budgetAt: 0 };
function legacyStatus(state: LegacyState | undefined, now: number) {
  const s = legacyRead(state);
  if (s.failures >= LEGACY.maxFailures)
    return {
      locked: true,
      retryAfterMs: Number.POSITIVE_INFINITY,
      failures: s.failures,
      permanent: true,
    };
  const budgetWait = s.budgetAt - now - (LEGACY.burst - 1) * LEGACY.intervalMs;
  const retryAfterMs = Math.max(0, s.lockedUntil - now, budgetWait);
  return { locked: retryAfterMs > 0, retryAfterMs, failures: s.failures, permanent: false };
}
function legacyFailure(state: LegacyState | undefined, now: number): LegacyState {
  const s = legacyRead(state);
  const failures = s.failures + 1;
  let { locks, lockedUntil } = s;
  if (failures % LEGACY.threshold === 0) {
    locks += 1;
    const length = Math.min(
      LEGACY.baseLockMs * LEGACY.lockMultiplier ** (locks - 1),
      LEGACY.maxLockMs,
    );
    lockedUntil = Math.max(lockedUntil, now + length);
  }
  return { failures, locks, lockedUntil, budgetAt: Math.max(s.budgetAt, now) + LEGACY.intervalMs };
}
function legacySuccess(state: LegacyState | undefined): LegacyState {
  return { failures: 0, locks: 0, lockedUntil: 0, budgetAt: legacyRead(state).budgetAt };
}
