/**
 * SMS abuse through the service, as issue 9 reproduced it: refused sends that drained budgets
 * other people need, a victim's number blocked by someone else's enrollment attempts, costly
 * destinations accepted by default.
 */
import { describe, expect, it } from 'vitest';
import { createMfa, memoryRateLimiter, memoryStore, type SmsMessage } from '../../src/service.js';

const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);

function setup(quotas: Record<string, { limit: number; windowMs: number }> = {}) {
  let now = T0;
  const outbox: SmsMessage[] = [];
  const mfa = createMfa({
    store: memoryStore(),
    keyring: { current: 'k1', keys: { k1: Uint8Array.from({ length: 32 }, (_, i) => i + 7) } },
    issuer: 'Acme',
    now: () => now,
    rateLimiter: memoryRateLimiter({ now: () => now }),
    sms: {
      sender: { send: async (m) => void outbox.push(m) },
      defaultCountry: 'US',
      quotas,
    },
    policy: { enforcement: 'optional' },
  });
  const auth = () => ({ authenticatedAt: now });
  return {
    mfa,
    outbox,
    auth,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const usNumber = (i: number) => `+1201555${String(1000 + i).padStart(4, '0')}`;

describe('quotas count only what is sent', () => {
  it('attack: an account over its own daily quota cannot spend the global budget of everyone else', async () => {
    const { mfa, outbox, auth } = setup({ global: { limit: 30, windowMs: 3_600_000 } });
    const results = [];
    for (let i = 0; i < 200; i++) results.push(await mfa.sms.begin('mallory', usNumber(i), auth()));
    expect(results.filter((r) => r.ok)).toHaveLength(10); // her own 10 a day
    expect(outbox).toHaveLength(10);
    expect(results.slice(10).every((r) => !r.ok && r.error.code === 'rate_limited')).toBe(true);
    // 190 refused begins later, an unrelated user still gets a text.
    expect(await mfa.sms.begin('alice', '+1 973 555 0100', auth())).toMatchObject({ ok: true });
    expect(outbox).toHaveLength(11);
  });

  it('attack: refusals from one IP do not spend the budgets of the numbers or users it targets', async () => {
    const { mfa, auth } = setup({ perIp: { limit: 3, windowMs: 3_600_000 } });
    for (let i = 0; i < 3; i++)
      expect(
        (await mfa.sms.begin(`bot-${i}`, usNumber(i), { ...auth(), ip: '198.51.100.7' })).ok,
      ).toBe(true);
    for (let i = 0; i < 50; i++) {
      const refused = await mfa.sms.begin('carol', '+1 973 555 0142', {
        ...auth(),
        ip: '198.51.100.7',
      });
      expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    }
    // Carol herself, from her own network, is not affected: neither her budget nor her number's.
    expect(
      await mfa.sms.begin('carol', '+1 973 555 0142', { ...auth(), ip: '203.0.113.5' }),
    ).toMatchObject({
      ok: true,
    });
  });
});

describe("enrollment texts are kept apart from a number's sign-in budget", () => {
  it("attack: twelve begins on the victim's number do not block the victim's sign-in texts", async () => {
    const { mfa, outbox, auth, advance } = setup();
    const victimNumber = '+1 973 555 0199';
    const begun = await mfa.sms.begin('victim', victimNumber, auth());
    if (!begun.ok) throw new Error('enrollment failed');
    const code = outbox.at(-1)!.code;
    expect(await mfa.sms.confirm('victim', begun.factorId, code)).toMatchObject({ ok: true });

    // The attacker types the victim's number into their own accounts, again and again.
    for (let i = 0; i < 12; i++) {
      await mfa.sms.begin(`attacker-${i}`, victimNumber, auth());
      advance(31_000);
    }
    const start = await mfa.challenge.start('victim');
    if (!('required' in start) || !start.required) throw new Error('no challenge');
    const sent = outbox.length;
    expect(await mfa.challenge.sendSms(start.challengeId, begun.factorId)).toMatchObject({
      ok: true,
    });
    expect(outbox).toHaveLength(sent + 1);
  });
});

describe('costly destinations', () => {
  it('attack: satellite and premium non-geographic numbers are refused by default', async () => {
    const { mfa, outbox, auth } = setup();
    for (const number of ['+881612345678', '+870773111632', '+979123456789', '+883510012345']) {
      expect(await mfa.sms.begin('mallory', number, auth()), number).toMatchObject({
        ok: false,
        error: { code: 'country_not_allowed' },
      });
    }
    expect(outbox).toHaveLength(0);
  });

  it('attack: a per-country daily cap bounds texts to any one destination', async () => {
    const { mfa, outbox, auth } = setup({ perCountry: { limit: 3, windowMs: 86_400_000 } });
    const fr = ['+33 6 12 34 56 78', '+33 6 12 34 56 79', '+33 6 12 34 56 80', '+33 6 12 34 56 81'];
    const results = [];
    for (const [i, number] of fr.entries())
      results.push(await mfa.sms.begin(`u${i}`, number, auth()));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(results[3]).toMatchObject({ error: { code: 'rate_limited' } });
    expect(await mfa.sms.begin('u9', usNumber(1), auth())).toMatchObject({ ok: true });
    expect(outbox.map((m) => m.to.slice(0, 3))).toEqual(['+33', '+33', '+33', '+12']);
  });
});
