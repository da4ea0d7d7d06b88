/**
 * The sign-in core as the attacks and failures it must stand: stateless challenge ids (no write
 * to start, nothing to evict, single use through the epoch, forged or altered ids refused),
 * one read and one write per verify, no `conflict` under contention, amr, remembered devices
 * bound to their factors, and account deletion.
 */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, InvalidDocumentError, MfaError } from '../../src/errors.js';
import { memoryStore } from '../../src/service.js';
import { challengeFor, DAY, enrollTotp, HOUR, harness, latencyStore, MINUTE } from './harness.js';

const stored = (h: ReturnType<typeof harness>, userId: string) =>
  JSON.parse(h.inner.dump().get(userId)!.doc);

describe('stateless challenges', () => {
  it('start reads once and writes nothing; verify reads once and writes once', async () => {
    const h = harness();
    const { secret } = await enrollTotp(h, 'u');
    h.store.reset();
    const c = await challengeFor(h, 'u');
    expect(h.store.counts).toEqual({ load: 1, save: 0 });
    h.store.reset();
    expect(await h.mfa.challenge.verify(c.challengeId, { code: '000000' })).toMatchObject({
      ok: false,
    });
    expect(h.store.counts).toEqual({ load: 1, save: 1 });
    h.store.reset();
    const v = await h.mfa.challenge.verify(c.challengeId, { code: h.code(secret) });
    expect(v).toMatchObject({ ok: true });
    expect(h.store.counts).toEqual({ load: 1, save: 1 });
  });

  it('texting a code during a challenge stores that code only, once', async () => {
    const h = harness();
    await enrollTotp(h, 'u');
    const sms = await h.mfa.sms.begin('u', '201-555-0123', { authenticatedAt: h.now });
    if (!sms.ok) throw new Error(sms.error.code);
    await h.mfa.sms.confirm('u', sms.factorId, h.lastSms());
    const c = await challengeFor(h, 'u');
    h.advance(30_000); // the number's resend spacing, since the enrollment text
    h.store.reset();
    expect(await h.mfa.challenge.sendSms(c.challengeId, sms.factorId)).toMatchObject({ ok: true });
    expect(h.store.counts).toEqual({ load: 1, save: 1 });
    const doc = stored(h, 'u');
    expect(doc.challenges).toHaveLength(1);
    expect(Object.keys(doc.challenges[0]).sort()).toEqual(
      ['challenge', 'code', 'expiresAt', 'factorId', 'sentAt'].sort(),
    );
    const v = await h.mfa.challenge.verify(c.challengeId, {
      factorId: sms.factorId,
      code: h.lastSms(),
    });
    expect(v).toMatchObject({ ok: true, method: 'sms', amr: ['sms', 'mfa'] });
    expect(stored(h, 'u').challenges).toEqual([]);
  });

  it('no number of newer challenges evicts an open one', async () => {
    const h = harness();
    const { secret } = await enrollTotp(h, 'u');
    const first = await challengeFor(h, 'u');
    for (let i = 0; i < 50; i++) await challengeFor(h, 'u');
    expect(await h.mfa.challenge.verify(first.challengeId, { code: h.code(secret) })).toMatchObject(
      { ok: true },
    );
  });

  it('single use: a success, a password change and sign-out everywhere each kill every open id', async () => {
    const h = harness();
    const { secret } = await enrollTotp(h, 'u');
    const kill = [
      async () => {
        const other = await challengeFor(h, 'u');
        expect(
          await h.mfa.challenge.verify(other.challengeId, { code: h.code(secret) }),
        ).toMatchObject({ ok: true });
      },
      () => h.mfa.onPasswordChanged('u'),
      () => h.mfa.devices.revokeAll('u'),
    ];
    for (const end of kill) {
      h.advance(30_000);
      const open = await challengeFor(h, 'u');
      await end();
      h.advance(30_000);
      expect(await h.mfa.challenge.verify(open.challengeId, { code: h.code(secret) })).toEqual({
        ok: false,
        error: { code: 'expired' },
      });
    }
    // The id that succeeded cannot succeed again, even with a fresh code.
    h.advance(30_000);
    const c = await challengeFor(h, 'u');
    expect(await h.mfa.challenge.verify(c.challengeId, { code: h.code(secret) })).toMatchObject({
      ok: true,
    });
    h.advance(30_000);
    expect(await h.mfa.challenge.verify(c.challengeId, { code: h.code(secret) })).toEqual({
      ok: false,
      error: { code: 'expired' },
    });
  });

  it('expires at expiresAt, and any changed character makes an id expired', async () => {
    const h = harness();
    const { secret } = await enrollTotp(h, 'u');
    const c = await challengeFor(h, 'u');
    expect(c.expiresAt).toBe(h.now + 10 * MINUTE);
    const id = c.challengeId;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    for (let i = 0; i < id.length; i++) {
      const swapped = alphabet[(alphabet.indexOf(id[i]!) + 1) % alphabet.length]!;
      const altered = id.slice(0, i) + swapped + id.slice(i + 1);
      expect(await h.mfa.challenge.verify(altered, { code: h.code(secret) }), `char ${i}`).toEqual({
        ok: false,
        error: { code: 'expired' },
      });
    }
    h.advance(10 * MINUTE);
    expect(await h.mfa.challenge.verify(id, { code: h.code(secret) })).toEqual({
      ok: false,
      error: { code: 'expired' },
    });
  });

  it('an id issued under another keyring, or for another user, is refused', async () => {
    const h = harness();
    const { secret } = await enrollTotp(h, 'u');
    const other = harness({
      store: h.store,
      keyring: { current: 'k1', keys: { k1: Uint8Array.from({ length: 32 }, (_, i) => i + 8) } },
    });
    const c = await challengeFor(other, 'u');
    expect(await h.mfa.challenge.verify(c.challengeId, { code: h.code(secret) })).toEqual({
      ok: false,
      error: { code: 'expired' },
    });
    // Swapping the user part of a real id breaks its MAC.
    await enrollTotp(h, 'v');
    const mine = await challengeFor(h, 'u');
    const [p, , rest] = mine.challengeId.split('.');
    const forged = `${p}.${Buffer.from('v').toString('base64url')}.${rest}`;
    expect(await h.mfa.challenge.verify(forged, { code: '000000' })).toEqual({
      ok: false,
      error: { code: 'expired' },
    });
  });

  it('the id holds no raw source: an IP given as source never appears in it or in the document', async () => {
    const h = harness();
    const { secret } = await enrollTotp(h, 'u');
    const ip = '203.0.113.0/24';
    const c = await h.mfa.challenge.start('u', { source: ip });
    if (!c.ok || !c.required) throw new Error();
    const decoded = Buffer.from(c.challengeId.split('.')[2]!, 'base64url').toString('latin1');
    expect(decoded).not.toContain('203.0.113');
    await h.mfa.challenge.verify(c.challengeId, { code: h.code(secret) });
    expect(h.inner.dump().get('u')!.doc).not.toContain('203.0.113');
  });
});

describe('contention', () => {
  it('50 concurrent sign-ins of one user on a 1–5 ms store: no conflict, exactly one success', async () => {
    const inner = memoryStore();
    const h = harness({ store: latencyStore(inner) });
    const { secret } = await enrollTotp(h, 'u');
    const code = h.code(secret);
    const results = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const c = await h.mfa.challenge.start('u');
        if (!c.ok || !c.required) throw new Error('expected a challenge');
        return h.mfa.challenge.verify(c.challengeId, { code });
      }),
    );
    const codes = results.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes.filter((c) => c === 'conflict')).toEqual([]);
    expect(codes.filter((c) => c === 'ok')).toHaveLength(1);
  });

  it('50 concurrent wrong codes on a 1–5 ms store: no conflict, every failure counted', async () => {
    const inner = memoryStore();
    const h = harness({
      store: latencyStore(inner),
      lockout: { threshold: 100, maxFailures: 100, budget: { burst: 1000 } },
    });
    await enrollTotp(h, 'u');
    const c = await challengeFor(h, 'u');
    const results = await Promise.all(
      Array.from({ length: 50 }, () => h.mfa.challenge.verify(c.challengeId, { code: '000000' })),
    );
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(
      Array(50).fill('invalid_code'),
    );
    expect(JSON.parse(inner.dump().get('u')!.doc).lockout.failures).toBe(50);
  });
});

describe('lockout through the service', () => {
  it('an attacker with the password cannot lock the owner out of a familiar source', async () => {
    const h = harness();
    const { secret } = await enrollTotp(h, 'owner');
    // The owner signs in from home once: that source becomes familiar.
    const home = await h.mfa.challenge.start('owner', { source: 'home-cookie-1' });
    if (!home.ok || !home.required) throw new Error();
    expect(await h.mfa.challenge.verify(home.challengeId, { code: h.code(secret) })).toMatchObject({
      ok: true,
    });
    // The attacker guesses from elsewhere until locked.
    let last: unknown;
    for (let i = 0; i < 8; i++) {
      const c = await h.mfa.challenge.start('owner', { source: `botnet-${i}` });
      if (!c.ok || !c.required) throw new Error();
      last = await h.mfa.challenge.verify(c.challengeId, { code: '000000' });
    }
    expect(last).toMatchObject({ ok: false, error: { code: 'locked' } });
    // The owner, from home, is not locked.
    h.advance(30_000);
    const again = await h.mfa.challenge.start('owner', { source: 'home-cookie-1' });
    if (!again.ok || !again.required) throw new Error();
    expect(await h.mfa.challenge.verify(again.challengeId, { code: h.code(secret) })).toMatchObject(
      { ok: true },
    );
  });

  it('a code tried against k authenticator apps costs k', async () => {
    const h = harness();
    await enrollTotp(h, 'u');
    await enrollTotp(h, 'u');
    await enrollTotp(h, 'u');
    const c = await challengeFor(h, 'u');
    await h.mfa.challenge.verify(c.challengeId, { code: '000000' });
    const after3 = stored(h, 'u').lockout.budgetAt - h.now;
    const h1 = harness();
    const one = await enrollTotp(h1, 'u');
    await enrollTotp(h1, 'u');
    await enrollTotp(h1, 'u');
    const c1 = await challengeFor(h1, 'u');
    await h1.mfa.challenge.verify(c1.challengeId, { code: '000000', factorId: one.factorId });
    const after1 = stored(h1, 'u').lockout.budgetAt - h1.now;
    expect(after3).toBe(3 * after1);
  });

  it('a password change clears the lock; unlock lifts it without refilling the budget', async () => {
    const h = harness();
    const { secret } = await enrollTotp(h, 'u');
    for (let i = 0; i < 6; i++) {
      const c = await challengeFor(h, 'u');
      await h.mfa.challenge.verify(c.challengeId, { code: '000000' });
    }
    expect((await h.mfa.status('u')).locked).toBe(true);
    const budgetBefore = stored(h, 'u').lockout.budgetAt;
    expect(await h.mfa.unlock('u')).toEqual({ ok: true });
    expect((await h.mfa.status('u')).locked).toBe(false);
    expect(stored(h, 'u').lockout.budgetAt).toBe(budgetBefore);
    for (let i = 0; i < 6; i++) {
      const c = await challengeFor(h, 'u');
      await h.mfa.challenge.verify(c.challengeId, { code: '000000' });
    }
    expect((await h.mfa.status('u')).locked).toBe(true);
    await h.mfa.onPasswordChanged('u');
    expect(stored(h, 'u').lockout).toBeUndefined();
    const c = await challengeFor(h, 'u');
    expect(await h.mfa.challenge.verify(c.challengeId, { code: h.code(secret) })).toMatchObject({
      ok: true,
    });
  });
});

describe('results', () => {
  it('carries amr and method; remembering a device gives its expiry', async () => {
    const h = harness();
    const { secret, backupCodes } = await enrollTotp(h, 'u');
    const c = await challengeFor(h, 'u');
    const v = await h.mfa.challenge.verify(
      c.challengeId,
      { code: h.code(secret) },
      { rememberDevice: true },
    );
    expect(v).toMatchObject({
      ok: true,
      method: 'totp',
      amr: ['otp', 'mfa'],
      deviceToken: expect.any(String),
      deviceExpiresAt: h.now + 30 * DAY,
    });
    const c2 = await challengeFor(h, 'u');
    expect(
      await h.mfa.challenge.verify(c2.challengeId, { backupCode: backupCodes[0]! }),
    ).toMatchObject({ ok: true, method: 'backup_code', amr: ['otp', 'mfa'] });
  });

  it('a remembered device stands in without claiming a second factor, and writes at most daily', async () => {
    const h = harness();
    const { secret } = await enrollTotp(h, 'u');
    const c = await challengeFor(h, 'u');
    const v = await h.mfa.challenge.verify(
      c.challengeId,
      { code: h.code(secret) },
      { rememberDevice: true, deviceName: 'Laptop' },
    );
    if (!v.ok || !v.deviceToken) throw new Error();
    h.store.reset();
    for (let i = 0; i < 5; i++) {
      const s = await h.mfa.challenge.start('u', { deviceToken: v.deviceToken });
      expect(s).toMatchObject({ ok: true, required: false, reason: 'trusted_device', amr: [] });
      expect(s).not.toHaveProperty('challengeId');
      h.advance(HOUR);
    }
    expect(h.store.counts).toEqual({ load: 5, save: 0 });
    h.advance(DAY);
    await h.mfa.challenge.start('u', { deviceToken: v.deviceToken });
    expect(h.store.counts.save).toBe(1);
  });
});

describe('remembered devices and factors', () => {
  it('removing the factors a device was trusted with revokes it; new factors do not revive it', async () => {
    const h = harness();
    const a = await enrollTotp(h, 'u');
    const b = await enrollTotp(h, 'u');
    const c = await challengeFor(h, 'u');
    const v = await h.mfa.challenge.verify(
      c.challengeId,
      { code: h.code(a.secret) },
      { rememberDevice: true },
    );
    if (!v.ok || !v.deviceToken) throw new Error();
    expect(await h.mfa.removeFactor('u', a.factorId, { authenticatedAt: h.now })).toEqual({
      ok: true,
    });
    expect(await h.mfa.challenge.start('u', { deviceToken: v.deviceToken })).toMatchObject({
      required: true,
    });
    await h.mfa.removeFactor('u', b.factorId, { authenticatedAt: h.now });
    await enrollTotp(h, 'u');
    expect(await h.mfa.challenge.start('u', { deviceToken: v.deviceToken })).toMatchObject({
      required: true,
    });
  });
});

describe('the document is checked, not trusted', () => {
  const base = () => ({ schema: 1, factors: [], pending: [], challenges: [], devices: [] });

  it.each([
    ['factors[0]', { factors: [null] }],
    ['devices[0]', { devices: [null] }],
    ['factors[0].type', { factors: [{ id: 'f', label: 'x', createdAt: 1, type: 'nope' }] }],
    [
      'factors[0].lastStep',
      { factors: [{ id: 'f', label: 'x', createdAt: 1, type: 'totp', sealed: 's' }] },
    ],
    ['pending', { pending: 'x' }],
    ['backupCodes', { backupCodes: { version: 2, kdf: null } }],
    ['lockout', { lockout: { failures: -1 } }],
    ['epoch', { epoch: 'x' }],
    [
      'devices[0].factors[0]',
      { devices: [{ id: 'd', hash: 'h', createdAt: 1, expiresAt: 2, factors: [7] }] },
    ],
  ])('names %s, never a TypeError', async (field, patch) => {
    const h = harness();
    await h.inner.save('u', JSON.stringify({ ...base(), ...patch }), null);
    for (const call of [
      () => h.mfa.status('u'),
      () => h.mfa.challenge.start('u'),
      () => h.mfa.devices.list('u'),
    ]) {
      const err = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(InvalidDocumentError);
      expect((err as InvalidDocumentError).field.startsWith(field.split('.')[0]!)).toBe(true);
      expect(String((err as Error).message)).not.toContain('TypeError');
    }
  });

  it('a document changed behind the service is checked again, even right after the service wrote it', async () => {
    const h = harness();
    await enrollTotp(h, 'u');
    const row = h.inner.dump().get('u')!;
    const doc = JSON.parse(row.doc);
    doc.factors[0].lastStep = 'x';
    await h.inner.save('u', JSON.stringify(doc), row.version);
    const err = await h.mfa.status('u').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidDocumentError);
    expect((err as InvalidDocumentError).field).toBe('factors[0].lastStep');
  });

  it('a factor whose key will not open is a non-match, not a crash', async () => {
    const h = harness();
    const broken = await enrollTotp(h, 'u');
    const good = await enrollTotp(h, 'u');
    const row = h.inner.dump().get('u')!;
    const doc = JSON.parse(row.doc);
    const f = doc.factors.find((x: { id: string }) => x.id === broken.factorId);
    f.sealed = `${f.sealed.slice(0, -4)}AAAA`;
    await h.inner.save('u', JSON.stringify(doc), row.version);
    const c = await challengeFor(h, 'u');
    expect(
      await h.mfa.challenge.verify(c.challengeId, { code: h.code(good.secret) }),
    ).toMatchObject({ ok: true });
    h.advance(30_000);
    const c2 = await challengeFor(h, 'u');
    expect(await h.mfa.challenge.verify(c2.challengeId, { code: h.code(broken.secret) })).toEqual({
      ok: false,
      error: { code: 'invalid_code' },
    });
  });

  it('keys sealed by 0.1 (context "user/factor") still open and move to the v2 format on use', async () => {
    const { sealSecret } = await import('../../src/seal.js');
    const { base32Decode } = await import('../../src/totp.js');
    const h = harness();
    const { secret, factorId } = await enrollTotp(h, 'org/u');
    const row = h.inner.dump().get('org/u')!;
    const doc = JSON.parse(row.doc);
    doc.factors[0].sealed = sealSecret(base32Decode(secret), {
      keyring: h.keyring,
      context: `org/u/${factorId}`,
    });
    expect(doc.factors[0].sealed.startsWith('v1.')).toBe(true);
    await h.inner.save('org/u', JSON.stringify(doc), row.version);
    const c = await challengeFor(h, 'org/u');
    expect(await h.mfa.challenge.verify(c.challengeId, { code: h.code(secret) })).toMatchObject({
      ok: true,
    });
    expect(stored(h, 'org/u').factors[0].sealed.startsWith('v2.')).toBe(true);
  });
});

describe('events for notifications', () => {
  it('says whether backup codes came with the first factor, and one event for a replaced number', async () => {
    const h = harness();
    await enrollTotp(h, 'u');
    await h.mfa.backupCodes.regenerate('u', { authenticatedAt: h.now });
    expect(
      h.events
        .filter((e) => e.type === 'backup_codes.generated')
        .map((e) => 'reason' in e && e.reason),
    ).toEqual(['first_factor', 'regenerated']);
    const first = await h.mfa.sms.begin('u', '201-555-0123', { authenticatedAt: h.now });
    if (!first.ok) throw new Error();
    await h.mfa.sms.confirm('u', first.factorId, h.lastSms());
    h.advance(MINUTE);
    const next = await h.mfa.sms.begin('u', '201-555-0199', {
      authenticatedAt: h.now,
      replaces: first.factorId,
    });
    if (!next.ok) throw new Error();
    h.events.length = 0;
    await h.mfa.sms.confirm('u', next.factorId, h.lastSms());
    expect(h.events.map((e) => e.type)).toEqual(['factor.replaced']);
    expect(h.events[0]).toMatchObject({
      factorId: next.factorId,
      replacedFactorId: first.factorId,
      factorType: 'sms',
    });
  });
});

describe('deleteUser', () => {
  it('deletes the document through store.delete and says so in an event', async () => {
    const h = harness();
    await enrollTotp(h, 'u');
    expect(await h.mfa.deleteUser('u')).toEqual({ ok: true });
    expect(h.inner.dump().has('u')).toBe(false);
    expect(h.events.at(-1)).toMatchObject({ type: 'user.deleted', userId: 'u' });
    expect((await h.mfa.status('u')).enrolled).toBe(false);
  });

  it('throws a typed error naming store.delete when the store has none, and refuses bad ids', async () => {
    const inner = memoryStore();
    const h = harness({ store: { load: inner.load, save: inner.save } });
    const err = await h.mfa.deleteUser('u').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as Error).message).toMatch(/^store\.delete /);
    for (const bad of [undefined, null, 42, '', 'x'.repeat(300), {}])
      await expect(h.mfa.deleteUser(bad as never)).rejects.toBeInstanceOf(MfaError);
  });
});

describe('SMS options through the service', () => {
  it('refuses numbers of no country unless allowNonGeographic (toll fraud)', async () => {
    const satellite = '+881 6 1234 5678'; // Iridium
    const strict = harness();
    const refused = await strict.mfa.sms.begin('u', satellite, { authenticatedAt: strict.now });
    expect(refused.ok).toBe(false);
    expect(strict.outbox).toHaveLength(0);
    const open = harness({}, { allowNonGeographic: true, mobileOnly: false });
    const accepted = await open.mfa.sms.begin('u', satellite, { authenticatedAt: open.now });
    expect(accepted).toMatchObject({ ok: true });
  });
});

describe('hostile options', () => {
  it('challenge.start refuses a source that is not a 1–256 character string, naming it', async () => {
    const h = harness();
    await enrollTotp(h, 'u');
    for (const bad of ['', 'x'.repeat(257), 42, null, {}, ['a']]) {
      const err = await h.mfa.challenge
        .start('u', { source: bad as never })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as Error).message).toMatch(/^opts\.source /);
    }
    // Junk device tokens are simply not remembered devices.
    for (const junk of [42, null, {}, 'mfad1.x.y', 'x'.repeat(5000)])
      expect(await h.mfa.challenge.start('u', { deviceToken: junk as never })).toMatchObject({
        ok: true,
        required: true,
      });
  });
});

describe('randomness', () => {
  it('draws every nonce fresh from the pooled CSPRNG, and an injected source replaces it', async () => {
    const h = harness();
    await enrollTotp(h, 'u');
    const ids = new Set<string>();
    for (let i = 0; i < 600; i++) ids.add((await challengeFor(h, 'u')).challengeId); // > 2 pool refills
    expect(ids.size).toBe(600);
    const drawn: number[] = [];
    const injected = harness({
      store: h.store,
      randomBytes: (n) => {
        drawn.push(n);
        return crypto.getRandomValues(new Uint8Array(n));
      },
    });
    await challengeFor(injected, 'u');
    expect(drawn).toContain(16);
  });
});
