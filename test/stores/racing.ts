/**
 * Racing sign-ins through `createMfa` over a real store, with only the public API: four service
 * instances (four app servers) over one store race to verify one code, racing wrong codes must
 * each be counted toward the lockout, and `mfa.deleteUser` works through the store's `delete`.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMfa, type MfaEvent, type MfaStore } from '../../src/service.js';
import { base32Decode, generateTotp } from '../../src/totp.js';

const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);

/** `instances` services over one store, sharing a clock and an event log. */
export function services(store: MfaStore, instances = 4) {
  const clock = { now: T0 };
  const events: MfaEvent[] = [];
  const keyring = { current: 'k1', keys: { k1: Uint8Array.from({ length: 32 }, (_, i) => i + 9) } };
  const make = () =>
    createMfa({
      store,
      keyring,
      issuer: 'Acme',
      now: () => clock.now,
      onEvent: (e) => {
        events.push(e);
      },
      policy: { enforcement: 'optional' },
      backupCodes: { cost: { N: 1024, r: 8, p: 1 } }, // production cost is for production
      lockout: { threshold: 20, budget: { burst: 100 } },
    });
  return { all: Array.from({ length: instances }, make), clock, events };
}

type Services = ReturnType<typeof services>;

export const freshUser = () => `race-${randomBytes(6).toString('hex')}`;

/** Enrolls an authenticator app and returns a function giving its code at the current time. */
export async function enroll(s: Services, userId: string): Promise<() => string> {
  const mfa = s.all[0]!;
  const begun = await mfa.totp.begin(userId, { accountName: userId, authenticatedAt: s.clock.now });
  if (!begun.ok) throw new Error(`totp.begin: ${begun.error.code}`);
  const secret = base32Decode(begun.secret);
  const code = () => generateTotp(secret, { now: s.clock.now });
  const confirmed = await mfa.totp.confirm(userId, begun.factorId, code());
  if (!confirmed.ok) throw new Error(`totp.confirm: ${confirmed.error.code}`);
  s.clock.now += 30_000; // the confirming code is spent
  return code;
}

export async function challenge(s: Services, userId: string): Promise<string> {
  const started = await s.all[0]!.challenge.start(userId);
  if (!('required' in started) || !started.required) throw new Error('expected a challenge');
  return started.challengeId;
}

/** Wrong codes, one after another, until the account is locked: how many were refused first. */
async function wrongUntilLocked(s: Services, challengeId: string): Promise<number> {
  for (let refused = 0; refused < 100; refused++) {
    const r = await s.all[0]!.challenge.verify(challengeId, { code: '000000' });
    if (r.ok) throw new Error('a wrong code was accepted');
    if (r.error.code === 'locked') return refused;
    expect(r.error.code).toBe('invalid_code');
  }
  throw new Error('never locked');
}

export function describeRacingSignIns(name: string, makeStore: () => Promise<MfaStore>): void {
  describe(`${name}: racing sign-ins through createMfa`, () => {
    it('20 racing verifications of one code on four instances: exactly one success', async () => {
      const s = services(await makeStore());
      const user = freshUser();
      const code = (await enroll(s, user))();
      const id = await challenge(s, user);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => s.all[i % 4]!.challenge.verify(id, { code })),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(s.events.filter((e) => e.type === 'signin.verified')).toHaveLength(1);
      // The winner's sign-in stands: a second challenge with the same code is refused.
      const again = await s.all[1]!.challenge.verify(await challenge(s, user), { code });
      expect(again.ok).toBe(false);
    });

    it('mfa.deleteUser removes everything on this store, and the user can enroll again', async () => {
      const s = services(await makeStore());
      const user = freshUser();
      await enroll(s, user);
      expect(await s.all[1]!.deleteUser(user)).toEqual({ ok: true });
      expect((await s.all[2]!.status(user)).factors).toHaveLength(0);
      expect(await s.all[0]!.challenge.start(user)).toMatchObject({ required: false });
      const code = await enroll(s, user);
      const verified = await s.all[3]!.challenge.verify(await challenge(s, user), { code: code() });
      expect(verified.ok).toBe(true);
    });

    it('racing wrong codes on four instances: every refusal is counted toward the lockout', async () => {
      const s = services(await makeStore());
      // How many wrong codes in a row lock an account, measured one by one on a fresh user.
      const baselineUser = freshUser();
      await enroll(s, baselineUser);
      const lockAfter = await wrongUntilLocked(s, await challenge(s, baselineUser));
      expect(lockAfter).toBeGreaterThan(12);

      const user = freshUser();
      await enroll(s, user);
      const id = await challenge(s, user);
      const failedBefore = s.events.filter((e) => e.type === 'signin.failed').length;
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          s.all[i % 4]!.challenge.verify(id, { code: '000000' }),
        ),
      );
      expect(results.some((r) => r.ok)).toBe(false);
      const refused = results.filter((r) => !r.ok && r.error.code === 'invalid_code').length;
      expect(refused).toBeGreaterThan(0);
      expect(s.events.filter((e) => e.type === 'signin.failed').length - failedBefore).toBe(
        refused,
      );
      // Had a refusal been lost to a race, the account would take more wrong codes to lock.
      expect(refused + (await wrongUntilLocked(s, id))).toBe(lockAfter);
    });
  });
}
