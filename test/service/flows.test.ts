/** One scenario per product flow in DESIGN.md, driven through the public API. */
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/service.js';
import { buildOtpauthUri, parseOtpauthUri } from '../../src/totp.js';
import { challengeFor, DAY, enrollTotp, HOUR, harness, MINUTE } from './harness.js';

describe('authenticator app with backup codes, then turned off', () => {
  it('enrolls by QR code, signs in once per code, uses backup codes, and turns off', async () => {
    const h = harness();
    const begun = await h.mfa.totp.begin('alice', {
      accountName: 'alice@example.com',
      authenticatedAt: h.now,
    });
    expect(begun).toMatchObject({ ok: true, expiresAt: h.now + 10 * MINUTE });
    if (!begun.ok) return;
    const uri = parseOtpauthUri(begun.uri);
    expect(uri).toMatchObject({
      issuer: 'Acme',
      account: 'alice@example.com',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    });
    expect(begun.uri).toBe(
      buildOtpauthUri({ secret: uri.secret, issuer: 'Acme', account: 'alice@example.com' }),
    );

    expect(await h.mfa.totp.confirm('alice', begun.factorId, '000000')).toEqual({
      ok: false,
      error: { code: 'invalid_code' },
    });
    const code = h.code(begun.secret);
    const confirmed = await h.mfa.totp.confirm('alice', begun.factorId, code);
    expect(confirmed).toMatchObject({ ok: true, factorId: begun.factorId });
    const backupCodes = confirmed.ok ? confirmed.backupCodes! : [];
    expect(backupCodes).toHaveLength(10);

    // The confirming code cannot sign in too.
    const first = await challengeFor(h, 'alice');
    expect(await h.mfa.challenge.verify(first.challengeId, { code })).toEqual({
      ok: false,
      error: { code: 'invalid_code' },
    });

    h.advance(30_000);
    const next = h.code(begun.secret);
    expect(await h.mfa.challenge.verify(first.challengeId, { code: next })).toMatchObject({
      ok: true,
      userId: 'alice',
      method: 'totp',
      backupCodesRemaining: 10,
    });
    // The challenge was single-use; a new one refuses the same code.
    const second = await challengeFor(h, 'alice');
    expect(await h.mfa.challenge.verify(second.challengeId, { code: next })).toEqual({
      ok: false,
      error: { code: 'invalid_code' },
    });

    // Lost phone: a backup code, typed sloppily, works once.
    const typed = backupCodes[0]!.toLowerCase().replace('-', ' ');
    expect(await h.mfa.challenge.verify(second.challengeId, { backupCode: typed })).toMatchObject({
      ok: true,
      method: 'backup_code',
      backupCodesRemaining: 9,
    });
    const third = await challengeFor(h, 'alice');
    expect(
      await h.mfa.challenge.verify(third.challengeId, { backupCode: backupCodes[0]! }),
    ).toEqual({ ok: false, error: { code: 'invalid_code' } });

    // Regenerating voids the old set.
    expect(
      await h.mfa.backupCodes.regenerate('alice', { authenticatedAt: h.now - 11 * MINUTE }),
    ).toEqual({ ok: false, error: { code: 'reauth_required' } });
    const fresh = await h.mfa.backupCodes.regenerate('alice', { authenticatedAt: h.now });
    expect(fresh).toMatchObject({ ok: true });
    expect(
      await h.mfa.challenge.verify(third.challengeId, { backupCode: backupCodes[1]! }),
    ).toEqual({ ok: false, error: { code: 'invalid_code' } });
    expect((await h.mfa.status('alice')).backupCodesRemaining).toBe(10);

    // Turning it off needs a recent password check; then MFA is off for alice.
    expect(
      await h.mfa.removeFactor('alice', begun.factorId, { authenticatedAt: h.now - HOUR }),
    ).toEqual({ ok: false, error: { code: 'reauth_required' } });
    expect(await h.mfa.removeFactor('alice', begun.factorId, { authenticatedAt: h.now })).toEqual({
      ok: true,
    });
    expect(await h.mfa.status('alice')).toMatchObject({
      enrolled: false,
      factors: [],
      backupCodesRemaining: 0,
    });
    expect(await h.mfa.challenge.start('alice')).toEqual({
      ok: true,
      required: false,
      reason: 'not_enrolled',
    });
  });

  it('keeps several authenticator apps, each refusing its own replays', async () => {
    const h = harness();
    const phone = await enrollTotp(h, 'bob');
    const tablet = await enrollTotp(h, 'bob');
    expect(tablet.backupCodes).toEqual([]); // only the first factor brings codes
    const c = await challengeFor(h, 'bob');
    expect(c.factors.map((f) => f.type)).toEqual(['totp', 'totp']);
    expect(
      await h.mfa.challenge.verify(c.challengeId, { code: h.code(tablet.secret) }),
    ).toMatchObject({ ok: true });
    const c2 = await challengeFor(h, 'bob');
    expect(
      await h.mfa.challenge.verify(c2.challengeId, {
        code: h.code(phone.secret),
        factorId: phone.factorId,
      }),
    ).toMatchObject({ ok: true });
  });

  it('lets a pending setup expire', async () => {
    const h = harness();
    const begun = await h.mfa.totp.begin('carol', { accountName: 'carol', authenticatedAt: h.now });
    if (!begun.ok) throw new Error();
    h.advance(11 * MINUTE);
    expect(await h.mfa.totp.confirm('carol', begun.factorId, h.code(begun.secret))).toEqual({
      ok: false,
      error: { code: 'expired' },
    });
  });
});

describe('SMS', () => {
  it('US-only numbers, resend with cooldown, several numbers, replacement', async () => {
    const h = harness({}, { allowedCountries: ['US'] });
    const hh = h;
    const mfa = h.mfa;
    const auth = () => ({ authenticatedAt: hh.now });
    expect(await mfa.sms.begin('dan', '+44 7911 123456', auth())).toEqual({
      ok: false,
      error: { code: 'country_not_allowed' },
    });
    expect(await mfa.sms.begin('dan', 'not a number', auth())).toEqual({
      ok: false,
      error: { code: 'invalid_phone' },
    });

    const begun = await mfa.sms.begin('dan', '(201) 555-0123', auth());
    expect(begun).toMatchObject({ ok: true, masked: '+1 ••• ••• ••23' });
    if (!begun.ok) return;
    expect(h.outbox.at(-1)).toMatchObject({ to: '+12015550123' });
    expect(h.outbox.at(-1)!.text).toContain('is your Acme verification code');

    expect(await mfa.sms.resend('dan', begun.factorId)).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', retryAfterMs: 30_000 },
    });
    hh.advance(30_000);
    expect(await mfa.sms.resend('dan', begun.factorId)).toMatchObject({ ok: true });
    const newest = h.outbox.at(-1)!.code;
    expect(await mfa.sms.confirm('dan', begun.factorId, newest)).toMatchObject({
      ok: true,
      backupCodes: expect.any(Array),
    });

    // A second number, then replacing the first: the old one goes only once the new one is confirmed.
    const second = await mfa.sms.begin('dan', '201-555-0199', auth());
    if (!second.ok) throw new Error(second.error.code);
    expect(await mfa.sms.confirm('dan', second.factorId, h.outbox.at(-1)!.code)).toEqual({
      ok: true,
      factorId: second.factorId,
    });
    hh.advance(MINUTE);
    const replacement = await mfa.sms.begin('dan', '201-555-0177', {
      ...auth(),
      replaces: begun.factorId,
    });
    if (!replacement.ok) throw new Error(replacement.error.code);
    expect((await mfa.status('dan')).factors.map((f) => f.phone)).toEqual([
      '+1 ••• ••• ••23',
      '+1 ••• ••• ••99',
    ]);
    expect(await mfa.sms.confirm('dan', replacement.factorId, h.outbox.at(-1)!.code)).toMatchObject(
      { ok: true },
    );
    expect((await mfa.status('dan')).factors.map((f) => f.phone)).toEqual([
      '+1 ••• ••• ••99',
      '+1 ••• ••• ••77',
    ]);
    expect(await mfa.sms.begin('dan', '201-555-0199', auth())).toEqual({
      ok: false,
      error: { code: 'already_enrolled' },
    });

    // Sign in with a texted code.
    const c = await challengeFor(hh, 'dan');
    const sent = await mfa.challenge.sendSms(c.challengeId, second.factorId);
    expect(sent).toMatchObject({ ok: true, phone: '+1 ••• ••• ••99' });
    expect(
      await mfa.challenge.verify(c.challengeId, {
        factorId: second.factorId,
        code: h.outbox.at(-1)!.code,
      }),
    ).toMatchObject({ ok: true, method: 'sms' });
  });

  it('gates SMS by plan through the policy', async () => {
    const h = harness({
      policy: (_userId, ctx) => ({
        enforcement: 'optional',
        factors: (ctx as { plan: string }).plan === 'pro' ? ['totp', 'sms'] : ['totp'],
      }),
    });
    expect((await h.mfa.status('erin', { plan: 'free' })).allowedFactors).toEqual(['totp']);
    expect(
      await h.mfa.sms.begin('erin', '201-555-0123', {
        authenticatedAt: h.now,
        ctx: { plan: 'free' },
      }),
    ).toEqual({ ok: false, error: { code: 'not_allowed' } });
    expect(
      await h.mfa.sms.begin('erin', '201-555-0123', {
        authenticatedAt: h.now,
        ctx: { plan: 'pro' },
      }),
    ).toMatchObject({ ok: true });
  });

  it('refuses wrong, expired and reused texted codes alike, and burns a code after 5 tries', async () => {
    const h = harness();
    const begun = await h.mfa.sms.begin('fay', '201-555-0123', { authenticatedAt: h.now });
    if (!begun.ok) throw new Error();
    const code = h.lastSms();
    const wrong = code === '000000' ? '000001' : '000000';
    for (let i = 0; i < 5; i++)
      expect(await h.mfa.sms.confirm('fay', begun.factorId, wrong)).toEqual({
        ok: false,
        error: { code: 'invalid_code' },
      });
    expect(await h.mfa.sms.confirm('fay', begun.factorId, code)).toEqual({
      ok: false,
      error: { code: 'invalid_code' },
    });
    h.advance(30_000);
    await h.mfa.sms.resend('fay', begun.factorId);
    h.advance(5 * MINUTE);
    expect(await h.mfa.sms.confirm('fay', begun.factorId, h.lastSms())).toEqual({
      ok: false,
      error: { code: 'invalid_code' },
    });
  });

  it('reports a provider failure and lets the user ask again', async () => {
    let fail = true;
    const sent: string[] = [];
    const h = harness({
      sms: {
        sender: {
          send: async (m) => {
            if (fail) throw new Error('provider down');
            sent.push(m.code);
          },
        },
      },
    });
    expect(await h.mfa.sms.begin('gus', '+1 201 555 0123', { authenticatedAt: h.now })).toEqual({
      ok: false,
      error: { code: 'delivery_failed' },
    });
    fail = false;
    h.advance(30_000);
    const again = await h.mfa.sms.begin('gus', '+1 201 555 0123', { authenticatedAt: h.now });
    if (!again.ok) throw new Error(again.error.code);
    expect(await h.mfa.sms.confirm('gus', again.factorId, sent[0]!)).toMatchObject({ ok: true });
  });
});

describe('policy', () => {
  it('required: enrollment right after sign-up, no Skip, last factor cannot be removed', async () => {
    const h = harness({ policy: { enforcement: 'required' } });
    expect(await h.mfa.status('hal')).toMatchObject({
      mustEnroll: true,
      canSkip: false,
      promptEnrollment: true,
      enrolled: false,
    });
    expect(await h.mfa.skipEnrollment('hal')).toEqual({
      ok: false,
      error: { code: 'not_allowed' },
    });
    const { factorId } = await enrollTotp(h, 'hal');
    expect(await h.mfa.status('hal')).toMatchObject({ mustEnroll: false, enrolled: true });
    expect(await h.mfa.removeFactor('hal', factorId, { authenticatedAt: h.now })).toEqual({
      ok: false,
      error: { code: 'not_allowed' },
    });
  });

  it('required with a grace period: Skip until the deadline, then no more', async () => {
    const h = harness({
      policy: (_u, ctx) => ({
        enforcement: 'required',
        graceUntil: (ctx as { signedUpAt: number }).signedUpAt + 7 * DAY,
      }),
    });
    const ctx = { signedUpAt: h.now };
    expect(await h.mfa.status('ida', ctx)).toMatchObject({ mustEnroll: false, canSkip: true });
    expect(await h.mfa.skipEnrollment('ida', ctx)).toEqual({ ok: true });
    h.advance(7 * DAY);
    expect(await h.mfa.status('ida', ctx)).toMatchObject({ mustEnroll: true, canSkip: false });
  });

  it('optional: Skip is recorded and enrollment is suggested again later', async () => {
    const h = harness({ policy: { enforcement: 'optional', remindAfterMs: 7 * DAY } });
    expect(await h.mfa.status('jay')).toMatchObject({
      canSkip: true,
      mustEnroll: false,
      promptEnrollment: true,
    });
    expect(await h.mfa.skipEnrollment('jay')).toEqual({ ok: true });
    expect(await h.mfa.status('jay')).toMatchObject({ promptEnrollment: false, skippedAt: h.now });
    h.advance(7 * DAY);
    expect(await h.mfa.status('jay')).toMatchObject({ promptEnrollment: true });
  });

  it('off: no challenge even for enrolled users', async () => {
    let enforcement: 'off' | 'optional' = 'optional';
    const h = harness({ policy: () => ({ enforcement }) });
    await enrollTotp(h, 'kim');
    enforcement = 'off';
    expect(await h.mfa.challenge.start('kim')).toEqual({
      ok: true,
      required: false,
      reason: 'mfa_off',
    });
    expect(await h.mfa.totp.begin('kim', { accountName: 'kim', authenticatedAt: h.now })).toEqual({
      ok: false,
      error: { code: 'not_allowed' },
    });
  });

  it('an account without an e-mail address is not eligible', async () => {
    const h = harness({
      policy: (_u, ctx) => ({
        enforcement: 'required',
        eligible: Boolean((ctx as { email?: string }).email),
      }),
    });
    expect(await h.mfa.status('lee', {})).toMatchObject({
      eligible: false,
      mustEnroll: false,
      canSkip: false,
      allowedFactors: [],
    });
    expect(
      await h.mfa.totp.begin('lee', { accountName: 'lee', authenticatedAt: h.now, ctx: {} }),
    ).toEqual({ ok: false, error: { code: 'not_allowed' } });
    expect(await h.mfa.status('lee', { email: 'lee@example.com' })).toMatchObject({
      eligible: true,
      mustEnroll: true,
    });
  });
});

describe('remember this device', () => {
  it('skips the question until sign-out everywhere, a password change, or expiry', async () => {
    const h = harness();
    const { secret } = await enrollTotp(h, 'max');
    const c = await challengeFor(h, 'max');
    const verified = await h.mfa.challenge.verify(
      c.challengeId,
      { code: h.code(secret) },
      { rememberDevice: true, deviceName: 'Firefox on Linux' },
    );
    if (!verified.ok || !verified.deviceToken) throw new Error('expected a device token');
    const token = verified.deviceToken;
    expect(await h.mfa.challenge.start('max', { deviceToken: token })).toMatchObject({
      ok: true,
      required: false,
      reason: 'trusted_device',
      amr: [], // no factor checked in this sign-in: never reported as a fresh second factor
    });
    expect(await h.mfa.challenge.start('other', { deviceToken: token })).toEqual({
      ok: true,
      required: false,
      reason: 'not_enrolled',
    });
    const [device] = await h.mfa.devices.list('max');
    expect(device).toMatchObject({ name: 'Firefox on Linux', expiresAt: h.now + 30 * DAY });

    // Sign out everywhere.
    expect(await h.mfa.devices.revokeAll('max')).toEqual({ ok: true, revoked: 1 });
    expect(await h.mfa.challenge.start('max', { deviceToken: token })).toMatchObject({
      required: true,
    });

    // Password change.
    h.advance(30_000);
    const c2 = await challengeFor(h, 'max');
    const v2 = await h.mfa.challenge.verify(
      c2.challengeId,
      { code: h.code(secret) },
      { rememberDevice: true },
    );
    if (!v2.ok || !v2.deviceToken) throw new Error();
    await h.mfa.onPasswordChanged('max');
    expect(await h.mfa.challenge.start('max', { deviceToken: v2.deviceToken })).toMatchObject({
      required: true,
    });

    // Expiry after 30 days, and revoking one device.
    h.advance(30_000);
    const c3 = await challengeFor(h, 'max');
    const v3 = await h.mfa.challenge.verify(
      c3.challengeId,
      { code: h.code(secret) },
      { rememberDevice: true },
    );
    if (!v3.ok || !v3.deviceToken) throw new Error();
    h.advance(30 * DAY);
    expect(await h.mfa.challenge.start('max', { deviceToken: v3.deviceToken })).toMatchObject({
      required: true,
    });
    expect(await h.mfa.devices.revoke('max', 'd_nope')).toEqual({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});

describe('lockout', () => {
  it('six wrong codes lock for a minute; even the right code waits; the count spans factors and challenges', async () => {
    const h = harness();
    const { secret, backupCodes } = await enrollTotp(h, 'ned');
    const c = await challengeFor(h, 'ned');
    for (let i = 0; i < 3; i++)
      expect(await h.mfa.challenge.verify(c.challengeId, { code: '000000' })).toEqual({
        ok: false,
        error: { code: 'invalid_code' },
      });
    // A new challenge (a new session) and a backup code keep counting.
    const c2 = await challengeFor(h, 'ned');
    for (let i = 0; i < 2; i++)
      expect(await h.mfa.challenge.verify(c2.challengeId, { backupCode: 'AAAAA-AAAAA' })).toEqual({
        ok: false,
        error: { code: 'invalid_code' },
      });
    expect(await h.mfa.challenge.verify(c2.challengeId, { code: '000000' })).toEqual({
      ok: false,
      error: { code: 'locked', retryAfterMs: MINUTE },
    });
    expect(await h.mfa.challenge.verify(c2.challengeId, { code: h.code(secret) })).toEqual({
      ok: false,
      error: { code: 'locked', retryAfterMs: MINUTE },
    });
    expect(
      await h.mfa.challenge.verify(c2.challengeId, { backupCode: backupCodes[0]! }),
    ).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await h.mfa.status('ned')).toMatchObject({ locked: true, retryAfterMs: MINUTE });
    h.advance(MINUTE);
    expect(await h.mfa.challenge.verify(c2.challengeId, { code: h.code(secret) })).toMatchObject({
      ok: true,
    });
    expect(h.events.filter((e) => e.type === 'lockout.started')).toHaveLength(1);
  });

  it('the wait grows with repeated locks, and an administrator can unlock', async () => {
    const h = harness();
    const { secret } = await enrollTotp(h, 'ola');
    const c = await challengeFor(h, 'ola');
    for (let i = 0; i < 6; i++) await h.mfa.challenge.verify(c.challengeId, { code: '000000' });
    h.advance(MINUTE);
    let last: unknown;
    for (let i = 0; i < 6; i++)
      last = await h.mfa.challenge.verify(c.challengeId, { code: '000000' });
    expect(last).toEqual({ ok: false, error: { code: 'locked', retryAfterMs: 4 * MINUTE } });
    expect(await h.mfa.unlock('ola')).toEqual({ ok: true });
    expect(await h.mfa.challenge.verify(c.challengeId, { code: h.code(secret) })).toMatchObject({
      ok: true,
    });
  });

  it('a new SMS code does not reset the count', async () => {
    const h = harness();
    const begun = await h.mfa.sms.begin('pat', '201-555-0123', { authenticatedAt: h.now });
    if (!begun.ok) throw new Error();
    await h.mfa.sms.confirm('pat', begun.factorId, h.lastSms());
    const c = await challengeFor(h, 'pat');
    for (let round = 0; round < 2; round++) {
      h.advance(30_000);
      expect(await h.mfa.challenge.sendSms(c.challengeId, begun.factorId)).toMatchObject({
        ok: true,
      });
      for (let i = 0; i < 3; i++)
        await h.mfa.challenge.verify(c.challengeId, { factorId: begun.factorId, code: 'xxxxxx' });
    }
    expect(await h.mfa.status('pat')).toMatchObject({ locked: true });
    h.advance(30_000);
    expect(await h.mfa.challenge.sendSms(c.challengeId, begun.factorId)).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    });
  });
});

describe('notifications through events', () => {
  it('sends the e-mails a user expects, and a failing listener undoes nothing', async () => {
    const mails: string[] = [];
    const h = harness({
      onEvent: (e) => {
        if (e.type === 'factor.enrolled' && e.firstFactor)
          mails.push(`${e.userId}: two-factor authentication is on`);
        if (e.type === 'factor.removed' && e.lastFactor)
          mails.push(`${e.userId}: two-factor authentication is off`);
        if (e.type === 'backup_codes.used')
          mails.push(`${e.userId}: a backup code was used, ${e.remaining} left`);
        if (e.type === 'backup_codes.generated') mails.push(`${e.userId}: new backup codes`);
        if (e.type === 'lockout.started') mails.push(`${e.userId}: account locked`);
        throw new Error('mail server down');
      },
    });
    const { factorId, backupCodes } = await enrollTotp(h, 'quinn');
    const c = await challengeFor(h, 'quinn');
    expect(
      await h.mfa.challenge.verify(c.challengeId, { backupCode: backupCodes[0]! }),
    ).toMatchObject({ ok: true });
    const c2 = await challengeFor(h, 'quinn');
    for (let i = 0; i < 6; i++) await h.mfa.challenge.verify(c2.challengeId, { code: '000000' });
    await h.mfa.removeFactor('quinn', factorId, { authenticatedAt: h.now });
    expect(mails).toEqual([
      'quinn: two-factor authentication is on',
      'quinn: new backup codes',
      'quinn: a backup code was used, 9 left',
      'quinn: account locked',
      'quinn: two-factor authentication is off',
    ]);
    expect((await h.mfa.status('quinn')).enrolled).toBe(false);
  });
});

describe('key rotation', () => {
  it('keeps old factors working under a new current key and re-seals them on use', async () => {
    const store = memoryStore();
    const k1 = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
    const k2 = Uint8Array.from({ length: 32 }, (_, i) => i + 2);
    const before = harness({ store, keyring: { current: 'k1', keys: { k1 } } });
    const { secret } = await enrollTotp(before, 'rob');
    const sealedUnder = () =>
      JSON.parse(store.dump().get('rob')!.doc).factors[0].sealed.split('.')[1];
    expect(sealedUnder()).toBe('k1');

    const after = harness({ store, keyring: { current: 'k2', keys: { k1, k2 } } });
    after.advance(before.now - after.now);
    const c = await challengeFor(after, 'rob');
    expect(
      await after.mfa.challenge.verify(c.challengeId, { code: after.code(secret) }),
    ).toMatchObject({ ok: true });
    expect(sealedUnder()).toBe('k2');

    const withoutOld = harness({ store, keyring: { current: 'k2', keys: { k2 } } });
    withoutOld.advance(before.now + 30_000 - withoutOld.now);
    const c2 = await challengeFor(withoutOld, 'rob');
    expect(
      await withoutOld.mfa.challenge.verify(c2.challengeId, { code: withoutOld.code(secret) }),
    ).toMatchObject({ ok: true });
  });
});
