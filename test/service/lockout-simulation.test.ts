// A simulated year through the service: the owner signs in every morning from a familiar device
// with the right code; an attacker who has the password guesses from ever-new addresses as fast as
// the lockout allows, and a "helpful" administrator unlocks the account every week. The owner must
// never be refused, and the codes the attacker got compared must keep the chance of a hit < 0.1%.
import { describe, expect, it } from 'vitest';
import type { MfaEvent } from '../../src/service.js';
import { base32Decode, generateTotp } from '../../src/totp.js';
import { DAY, enrollTotp, type Harness, HOUR, harness } from './harness.js';

const YEAR = 365 * DAY;
const USER = 'alice';
const OWNER_DEVICE = 'alice-laptop-cookie';

/** A 6-digit code that none of the apps accepts now (±1 step): a real wrong guess, chosen cheaply. */
function wrongCode(h: Harness, secrets: Uint8Array[], seed: number): string {
  const valid = new Set(
    secrets.flatMap((s) => [-30_000, 0, 30_000].map((d) => generateTotp(s, { now: h.now + d }))),
  );
  for (let n = seed; ; n += 7919) {
    const code = String(n % 1_000_000).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

async function start(h: Harness, source: string) {
  const started = await h.mfa.challenge.start(USER, { source });
  if (!('required' in started) || !started.required)
    throw new Error(`expected a challenge, got ${JSON.stringify(started)}`);
  return started.challengeId;
}

interface Scenario {
  apps: number;
  /** The attacker names one app per guess (cost 1) instead of trying all of them. */
  named: boolean;
  unlockEveryMs: number | undefined;
}

async function simulateYear({ apps, named, unlockEveryMs }: Scenario) {
  const h = harness();
  const enrolled = [];
  for (let i = 0; i < apps; i++) enrolled.push(await enrollTotp(h, USER));
  const secrets = enrolled.map((e) => base32Decode(e.secret));
  const phone = enrolled[0]!; // the app the owner actually uses

  const t0 = h.now;
  let nextOwner = t0; // the owner signs in first: the laptop becomes familiar
  let nextUnlock = unlockEveryMs === undefined ? Number.POSITIVE_INFINITY : t0 + unlockEveryMs;
  let nextAttack = t0 + HOUR; // the password leaks an hour later
  const owner = { signIns: 0, refused: [] as string[] };
  const attacker = { verifyCalls: 0, lockedAnswers: 0, hardLocks: 0 };
  h.events.length = 0;

  while (Math.min(nextOwner, nextAttack, nextUnlock) < t0 + YEAR) {
    const at = Math.min(nextOwner, nextAttack, nextUnlock);
    h.advance(at - h.now);
    if (at === nextOwner) {
      const challengeId = await start(h, OWNER_DEVICE);
      const result = await h.mfa.challenge.verify(challengeId, { code: h.code(phone.secret) });
      owner.signIns++;
      if (!result.ok)
        owner.refused.push(`day ${Math.floor((at - t0) / DAY)}: ${result.error.code}`);
      nextOwner += DAY;
    } else if (at === nextUnlock) {
      await h.mfa.unlock(USER);
      nextUnlock += unlockEveryMs!;
    } else {
      attacker.verifyCalls++;
      const source = `attacker-ip-${attacker.verifyCalls}`;
      const challengeId = await start(h, source);
      const factorId = named ? enrolled[attacker.verifyCalls % apps]!.factorId : undefined;
      const code = wrongCode(h, secrets, attacker.verifyCalls * 104_729);
      const result = await h.mfa.challenge.verify(
        challengeId,
        factorId ? { code, factorId } : { code },
      );
      if (result.ok) throw new Error('a wrong code was accepted');
      if (result.error.code === 'locked') {
        attacker.lockedAnswers++;
        const wait = result.error.retryAfterMs;
        if (wait === undefined) attacker.hardLocks++;
        // As fast as allowed: back the moment the lock ends, or after the next unlock.
        nextAttack = wait === undefined ? nextUnlock : h.now + Math.max(wait, 1);
      } else {
        expect(result.error.code).toBe('invalid_code');
      }
    }
  }
  const failed = h.events.filter(
    (e): e is Extract<MfaEvent, { type: 'signin.failed' }> => e.type === 'signin.failed',
  ).length;
  // Codes actually compared: a guess without a factor is compared with every app.
  const compared = failed * (named ? 1 : apps);
  return { h, owner, attacker, failed, compared, chance: (compared * 3) / 1e6 };
}

describe('a year against a password holder (default policy)', () => {
  it.each([
    { apps: 10, named: false, unlockEveryMs: 7 * DAY },
    { apps: 10, named: true, unlockEveryMs: 7 * DAY },
    { apps: 1, named: false, unlockEveryMs: 7 * DAY },
    { apps: 2, named: true, unlockEveryMs: undefined },
    // Any number of unlocks: hourly is 8,760 of them.
    { apps: 3, named: true, unlockEveryMs: HOUR },
  ])('apps $apps, factor named: $named, unlock every $unlockEveryMs ms', async (scenario) => {
    const started = performance.now();
    const { owner, attacker, failed, compared, chance } = await simulateYear(scenario);
    const ms = performance.now() - started;
    console.info(
      `lockout year ${JSON.stringify(scenario)}: owner ${owner.signIns} sign-ins, refused ${owner.refused.length}; attacker ${attacker.verifyCalls} verify calls, ${failed} checked, ${compared} codes compared (P = ${(chance * 100).toFixed(4)}%), ${attacker.lockedAnswers} locked answers, ${attacker.hardLocks} hard locks; ${ms.toFixed(0)} ms`,
    );
    // The owner signs in every day of the year and is never refused, hard lock or not.
    expect(owner.signIns).toBe(365);
    expect(owner.refused).toEqual([]);
    // The attacker really was throttled, and what got through is under the bound.
    expect(attacker.lockedAnswers).toBeGreaterThan(0);
    expect(failed).toBeGreaterThan(0);
    expect(compared).toBeLessThanOrEqual(272);
    expect(chance).toBeLessThan(0.001);
    if (scenario.unlockEveryMs === undefined) {
      // Without an administrator the shared bucket hard-locks at 100 in a row (NIST SP 800-63B).
      expect(failed).toBe(100);
      expect(attacker.hardLocks).toBeGreaterThan(0);
    }
    expect(ms).toBeLessThan(10_000);
  });

  it('100 concurrent guesses are checked no more often than the lockout allows', async () => {
    const h = harness();
    const { secret, factorId } = await enrollTotp(h, USER);
    const owner = await h.mfa.challenge.verify(await start(h, OWNER_DEVICE), {
      code: h.code(secret),
    });
    expect(owner.ok).toBe(true);
    h.advance(30_000);
    h.events.length = 0;
    const secrets = [base32Decode(secret)];
    const results = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const challengeId = await start(h, `botnet-${i}`);
        return h.mfa.challenge.verify(challengeId, { code: wrongCode(h, secrets, i), factorId });
      }),
    );
    // Every guess was answered, none accepted; only the first 6 were compared (the first lock).
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(h.events.filter((e) => e.type === 'signin.failed')).toHaveLength(6);
    // The owner's laptop is untouched by all of it.
    const again = await h.mfa.challenge.verify(await start(h, OWNER_DEVICE), {
      code: h.code(secret),
    });
    expect(again.ok).toBe(true);
  });

  it('a password change lifts the lock the attacker caused', async () => {
    const h = harness();
    const { secret, factorId } = await enrollTotp(h, USER);
    // The attacker spends the shared budget: every unknown source is then locked for a day or more.
    let wait = 0;
    for (let i = 0; i < 40 && wait < HOUR; i++) {
      const challengeId = await start(h, `attacker-${i}`);
      const code = wrongCode(h, [base32Decode(secret)], i * 104_729);
      const result = await h.mfa.challenge.verify(challengeId, { code, factorId });
      wait = result.ok || result.error.code !== 'locked' ? 0 : (result.error.retryAfterMs ?? YEAR);
      if (wait < HOUR) h.advance(wait); // past the short consecutive locks
    }
    expect(wait).toBeGreaterThanOrEqual(HOUR);
    // The owner, on a new phone (an unfamiliar source), is refused too …
    const before = await h.mfa.challenge.verify(await start(h, 'alice-new-phone'), {
      code: h.code(secret),
    });
    expect(before).toMatchObject({ ok: false, error: { code: 'locked' } });
    // … until the password is changed: the attacker can no longer guess, so nothing stays locked.
    await h.mfa.onPasswordChanged(USER);
    const after = await h.mfa.challenge.verify(await start(h, 'alice-new-phone'), {
      code: h.code(secret),
    });
    expect(after).toMatchObject({ ok: true });
  });
});
