// Passkeys and security keys through the service: enrollment with re-authentication and
// exclusion, sign-in over a challenge derived from the challenge id, the shared lockout, clone
// detection, and the races and refusals a stored credential must survive.
import { describe, expect, it } from 'vitest';
import { base64urlDecode } from '../../src/encoding/base64url.js';
import {
  InvalidArgumentError,
  InvalidConfigError,
  InvalidDocumentError,
} from '../../src/errors.js';
import { createMfa, type MfaEvent, memoryStore } from '../../src/service.js';
import {
  challengeFor,
  enrollTotp,
  type Harness,
  harness,
  latencyStore,
  MINUTE,
} from '../service/harness.js';
import { type Alg, softAuthenticator } from './soft-authenticator.js';

const rpId = 'example.com';
const origin = 'https://example.com';
const webauthn = { rpId, rpName: 'Acme', origins: [origin] };

async function addKey(
  h: Harness,
  userId: string,
  opts: { alg?: Alg; counting?: boolean; be?: boolean; label?: string } = {},
) {
  const key = await softAuthenticator(opts.alg ?? 'ES256', { counting: opts.counting ?? false });
  const begun = await h.mfa.webauthn.begin(userId, {
    accountName: `${userId}@example.com`,
    authenticatedAt: h.now,
  });
  if (!begun.ok) throw new Error(`begin failed: ${begun.error.code}`);
  const response = await key.register({
    challenge: begun.options.challenge,
    origin,
    rpId,
    ...(opts.be ? { be: true, bs: true } : {}),
  });
  const confirmed = await h.mfa.webauthn.confirm(
    userId,
    begun.factorId,
    response,
    opts.label === undefined ? undefined : { label: opts.label },
  );
  if (!confirmed.ok) throw new Error(`confirm failed: ${confirmed.error.code}`);
  return {
    key,
    factorId: begun.factorId,
    backupCodes: confirmed.backupCodes,
    options: begun.options,
  };
}

async function signInWith(
  h: Harness,
  userId: string,
  key: Awaited<ReturnType<typeof softAuthenticator>>,
  extra = {},
) {
  const c = await challengeFor(h, userId);
  if (!c.webauthn) throw new Error('no webauthn options offered');
  const response = await key.assert({ challenge: c.webauthn.challenge, origin, rpId, ...extra });
  return {
    c,
    response,
    result: await h.mfa.challenge.verify(c.challengeId, { webauthn: response }),
  };
}

describe('enrollment', () => {
  it('adds a first passkey with backup codes, a second without, both listed', async () => {
    const h = harness({ webauthn });
    const first = await addKey(h, 'alice');
    expect(first.backupCodes).toHaveLength(10);
    expect(first.options).toMatchObject({
      rp: { id: rpId, name: 'Acme' },
      attestation: 'none',
      excludeCredentials: [],
      pubKeyCredParams: [{ alg: -8 }, { alg: -7 }, { alg: -257 }],
    });
    const second = await addKey(h, 'alice', { alg: 'RS256', label: 'YubiKey 5C', be: true });
    expect(second.backupCodes).toBeUndefined();
    // The second begin listed the first credential for the browser to exclude.
    expect(second.options.excludeCredentials).toEqual([
      { type: 'public-key', id: first.key.id, transports: ['usb'] },
    ]);
    expect(second.options.user.id).toBe(first.options.user.id);
    const status = await h.mfa.status('alice');
    expect(status.factors.map((f) => [f.type, f.label])).toEqual([
      ['webauthn', 'Security key'],
      ['webauthn', 'YubiKey 5C'],
    ]);
    expect(status.allowedFactors).toContain('webauthn');
    expect(h.events.filter((e) => e.type === 'factor.enrolled')).toHaveLength(2);
  });

  it('refuses a credential the user already has, even if the browser sends it', async () => {
    const h = harness({ webauthn });
    const { key } = await addKey(h, 'alice');
    const begun = await h.mfa.webauthn.begin('alice', { accountName: 'a', authenticatedAt: h.now });
    if (!begun.ok) throw new Error();
    const again = await key.register({ challenge: begun.options.challenge, origin, rpId });
    expect(await h.mfa.webauthn.confirm('alice', begun.factorId, again)).toEqual({
      ok: false,
      error: { code: 'already_enrolled' },
    });
  });

  it('asks for a recent password, honours the policy, and refuses a wrong or reused response', async () => {
    const h = harness({ webauthn });
    expect(
      await h.mfa.webauthn.begin('alice', {
        accountName: 'a',
        authenticatedAt: h.now - 60 * MINUTE,
      }),
    ).toEqual({ ok: false, error: { code: 'reauth_required' } });
    const noPasskeys = harness({
      webauthn,
      policy: { enforcement: 'optional', factors: ['totp'] },
    });
    expect(
      await noPasskeys.mfa.webauthn.begin('alice', { accountName: 'a', authenticatedAt: h.now }),
    ).toEqual({ ok: false, error: { code: 'not_allowed' } });
    const key = await softAuthenticator('EdDSA');
    const begun = await h.mfa.webauthn.begin('alice', { accountName: 'a', authenticatedAt: h.now });
    if (!begun.ok) throw new Error();
    const wrongOrigin = await key.register({
      challenge: begun.options.challenge,
      origin: 'https://evil.example',
      rpId,
    });
    expect(await h.mfa.webauthn.confirm('alice', begun.factorId, wrongOrigin)).toEqual({
      ok: false,
      error: { code: 'invalid_code' },
    });
    for (const hostile of [null, 42, 'x', {}, { id: 'a'.repeat(100_000) }, []]) {
      expect((await h.mfa.webauthn.confirm('alice', begun.factorId, hostile as never)).ok).toBe(
        false,
      );
    }
    const good = await key.register({ challenge: begun.options.challenge, origin, rpId });
    expect((await h.mfa.webauthn.confirm('alice', begun.factorId, good)).ok).toBe(true);
    // The pending registration is used up.
    expect(await h.mfa.webauthn.confirm('alice', begun.factorId, good)).toEqual({
      ok: false,
      error: { code: 'expired' },
    });
  });

  it('is misuse to call it without webauthn configured, and bad settings are all reported', async () => {
    const h = harness();
    await expect(
      h.mfa.webauthn.begin('alice', { accountName: 'a', authenticatedAt: h.now }),
    ).rejects.toThrow(InvalidArgumentError);
    expect((await h.mfa.status('alice')).allowedFactors).not.toContain('webauthn');
    const keyring = {
      current: 'k1',
      keys: { k1: Uint8Array.from({ length: 32 }, (_, i) => i + 1) },
    };
    let error: unknown;
    try {
      createMfa({
        store: memoryStore(),
        keyring,
        issuer: 'Acme',
        webauthn: {
          rpId: 'https://example.com',
          rpName: '',
          origins: ['https://other.example'],
          userVerification: 'always' as never,
        },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect((error as InvalidConfigError).issues.map((i) => i.path)).toEqual([
      'webauthn.rpId',
      'webauthn.rpName',
      'webauthn.origins[0]',
      'webauthn.userVerification',
    ]);
  });
});

describe('racing enrollment', () => {
  it('one registration confirmed twice at once is added once; racing begins both survive', async () => {
    const inner = memoryStore();
    const h = harness({ webauthn, store: latencyStore(inner) });
    const key = await softAuthenticator('ES256');
    const [b1, b2] = await Promise.all([
      h.mfa.webauthn.begin('alice', { accountName: 'a', authenticatedAt: h.now }),
      h.mfa.webauthn.begin('alice', { accountName: 'a', authenticatedAt: h.now }),
    ]);
    if (!b1.ok || !b2.ok) throw new Error('begin failed');
    const response = await key.register({ challenge: b1.options.challenge, origin, rpId });
    const results = await Promise.all(
      Array.from({ length: 8 }, () => h.mfa.webauthn.confirm('alice', b1.factorId, response)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => r.ok && r.backupCodes)).toHaveLength(1);
    const status = await h.mfa.status('alice');
    expect(status.factors).toHaveLength(1);
    // The second pending registration is still there, and cannot add the same credential.
    const again = await key.register({ challenge: b2.options.challenge, origin, rpId });
    expect(await h.mfa.webauthn.confirm('alice', b2.factorId, again)).toEqual({
      ok: false,
      error: { code: 'already_enrolled' },
    });
  });
});

describe('hostile arguments', () => {
  it('begin and confirm refuse wrong types with a typed error naming the argument', async () => {
    const h = harness({ webauthn });
    const cases: [() => Promise<unknown>, string][] = [
      [
        () => h.mfa.webauthn.begin(42 as never, { accountName: 'a', authenticatedAt: h.now }),
        'userId',
      ],
      [() => h.mfa.webauthn.begin('alice', null as never), 'opts'],
      [
        () => h.mfa.webauthn.begin('alice', { accountName: 7 as never, authenticatedAt: h.now }),
        'opts.accountName',
      ],
      [
        () => h.mfa.webauthn.begin('alice', { accountName: '', authenticatedAt: h.now }),
        'opts.accountName',
      ],
      [
        () =>
          h.mfa.webauthn.begin('alice', {
            accountName: 'a',
            authenticatedAt: h.now,
            label: 'x'.repeat(65),
          }),
        'opts.label',
      ],
      [
        () => h.mfa.webauthn.begin('alice', { accountName: 'a', authenticatedAt: Number.NaN }),
        'opts.authenticatedAt',
      ],
      [() => h.mfa.webauthn.confirm('', 'f', {} as never), 'userId'],
      [
        () => h.mfa.webauthn.confirm('alice', 'f', {} as never, { label: 5 as never }),
        'opts.label',
      ],
    ];
    for (const [call, argument] of cases) {
      await expect(call()).rejects.toMatchObject({ constructor: InvalidArgumentError, argument });
    }
    // An unknown or foreign factor id is an expected failure, not misuse.
    expect(await h.mfa.webauthn.confirm('alice', 'f_nope', {} as never)).toEqual({
      ok: false,
      error: { code: 'expired' },
    });
  });

  it('policy factors accept webauthn and refuse names no kind has', async () => {
    const keyring = {
      current: 'k1',
      keys: { k1: Uint8Array.from({ length: 32 }, (_, i) => i + 1) },
    };
    const make = (factors: string[]) =>
      createMfa({
        store: memoryStore(),
        keyring,
        issuer: 'Acme',
        webauthn,
        policy: { enforcement: 'optional', factors: factors as never },
      });
    expect((await make(['webauthn']).status('u')).allowedFactors).toEqual(['webauthn']);
    expect(() => make(['passkey'])).toThrow(/policy\.factors/);
  });
});

describe('sign-in', () => {
  it("offers the user's credentials without writing, and signs in with amr hwk/swk", async () => {
    const h = harness({ webauthn });
    const bound = await addKey(h, 'alice');
    const synced = await addKey(h, 'alice', { alg: 'EdDSA', be: true });
    h.store.reset();
    const c = await challengeFor(h, 'alice');
    expect(h.store.counts).toEqual({ load: 1, save: 0 });
    expect(c.webauthn).toMatchObject({
      rpId,
      userVerification: 'preferred',
      allowCredentials: [
        { type: 'public-key', id: bound.key.id },
        { type: 'public-key', id: synced.key.id },
      ],
    });
    expect(base64urlDecode(c.webauthn!.challenge)).toHaveLength(32);
    const response = await bound.key.assert({ challenge: c.webauthn!.challenge, origin, rpId });
    h.store.reset();
    const r = await h.mfa.challenge.verify(c.challengeId, { webauthn: response });
    expect(r).toMatchObject({
      ok: true,
      userId: 'alice',
      method: 'webauthn',
      amr: ['hwk', 'user', 'mfa'],
    });
    expect(h.store.counts).toEqual({ load: 1, save: 1 });
    const noUv = await signInWith(h, 'alice', synced.key, { uv: false });
    expect(noUv.result).toMatchObject({ ok: true, amr: ['swk', 'mfa'] });
  });

  it('a different challenge id gives a different WebAuthn challenge; an answer fits only its own', async () => {
    const h = harness({ webauthn });
    const { key } = await addKey(h, 'alice');
    const c1 = await challengeFor(h, 'alice');
    const c2 = await challengeFor(h, 'alice');
    expect(c1.webauthn!.challenge).not.toBe(c2.webauthn!.challenge);
    const forC1 = await key.assert({ challenge: c1.webauthn!.challenge, origin, rpId });
    expect(await h.mfa.challenge.verify(c2.challengeId, { webauthn: forC1 })).toEqual({
      ok: false,
      error: { code: 'invalid_code' },
    });
    expect((await h.mfa.challenge.verify(c1.challengeId, { webauthn: forC1 })).ok).toBe(true);
    // Replay: the challenge id died with the success.
    expect(await h.mfa.challenge.verify(c1.challengeId, { webauthn: forC1 })).toEqual({
      ok: false,
      error: { code: 'expired' },
    });
  });

  it('racing verifications of one assertion: exactly one succeeds', async () => {
    const inner = memoryStore();
    const h = harness({ webauthn, store: latencyStore(inner) });
    const { key } = await addKey(h, 'alice');
    const c = await challengeFor(h, 'alice');
    const response = await key.assert({ challenge: c.webauthn!.challenge, origin, rpId });
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        h.mfa.challenge.verify(c.challengeId, { webauthn: response }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === 'expired')).toBe(
      true,
    );
  });

  it("refuses a removed credential, another user's credential and an unknown one", async () => {
    const h = harness({ webauthn });
    const kept = await addKey(h, 'alice');
    const removed = await addKey(h, 'alice');
    const bobs = await addKey(h, 'bob');
    expect(
      (await h.mfa.removeFactor('alice', removed.factorId, { authenticatedAt: h.now })).ok,
    ).toBe(true);
    const c = await challengeFor(h, 'alice');
    expect(c.webauthn!.allowCredentials).toEqual([
      { type: 'public-key', id: kept.key.id, transports: ['usb'] },
    ]);
    for (const key of [removed.key, bobs.key, await softAuthenticator('ES256')]) {
      const response = await key.assert({ challenge: c.webauthn!.challenge, origin, rpId });
      expect(await h.mfa.challenge.verify(c.challengeId, { webauthn: response })).toEqual({
        ok: false,
        error: { code: 'invalid_code' },
      });
    }
    expect(h.events.filter((e) => e.type === 'signin.failed')).toHaveLength(3);
  });

  it('refuses a counter that goes backwards and reports a possible clone', async () => {
    const h = harness({ webauthn });
    const { key, factorId } = await addKey(h, 'alice', { counting: true });
    expect((await signInWith(h, 'alice', key)).result.ok).toBe(true); // counter 2
    const clone = await signInWith(h, 'alice', key, { signCount: 2 });
    expect(clone.result).toEqual({ ok: false, error: { code: 'invalid_code' } });
    const reported = h.events.find(
      (e) => (e.type as string) === 'factor.possible_clone',
    ) as unknown as { factorId: string; factorType: string; userId: string } | undefined;
    expect(reported).toMatchObject({ factorId, factorType: 'webauthn', userId: 'alice' });
    expect((await signInWith(h, 'alice', key)).result.ok).toBe(true); // the real key moves on: 3
  });

  it('counts failures toward the same lockout as codes', async () => {
    const h = harness({ webauthn });
    const { key } = await addKey(h, 'alice');
    await enrollTotp(h, 'alice');
    const c = await challengeFor(h, 'alice');
    const wrong = await key.assert({
      challenge: c.webauthn!.challenge,
      origin: 'https://evil.example',
      rpId,
    });
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await h.mfa.challenge.verify(c.challengeId, { webauthn: wrong });
      codes.push(r.ok ? 'ok' : r.error.code);
    }
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('invalid_code'));
    expect(codes[5]).toBe('locked');
    // Locked: even a right assertion is refused.
    const right = await key.assert({ challenge: c.webauthn!.challenge, origin, rpId });
    expect(await h.mfa.challenge.verify(c.challengeId, { webauthn: right })).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    });
    expect(h.events.some((e: MfaEvent) => e.type === 'lockout.started')).toBe(true);
  });

  it('with userVerification required, refuses an assertion without UV', async () => {
    const h = harness({ webauthn: { ...webauthn, userVerification: 'required' } });
    const { key } = await addKey(h, 'alice');
    expect((await signInWith(h, 'alice', key, { uv: false })).result).toEqual({
      ok: false,
      error: { code: 'invalid_code' },
    });
    expect((await signInWith(h, 'alice', key)).result.ok).toBe(true);
  });

  it('hostile answers are refusals, never exceptions', async () => {
    const h = harness({ webauthn });
    const { key } = await addKey(h, 'alice');
    const c = await challengeFor(h, 'alice');
    const good = await key.assert({ challenge: c.webauthn!.challenge, origin, rpId });
    const hostile: unknown[] = [
      null,
      'x',
      { ...good, response: { ...good.response, signature: 'A'.repeat(3_000_000) } },
      { ...good, response: null },
      { ...good, rawId: 7 },
    ];
    for (const webauthnAnswer of hostile) {
      const r = await h.mfa.challenge.verify(c.challengeId, { webauthn: webauthnAnswer as never });
      expect(r.ok).toBe(false);
    }
    // A code sent for a passkey factor is a wrong answer, not a crash.
    const factorId = (await h.mfa.status('alice')).factors[0]!.id;
    expect((await h.mfa.challenge.verify(c.challengeId, { code: '123456', factorId })).ok).toBe(
      false,
    );
  });

  it('a tampered stored credential is a document error naming the field', async () => {
    const h = harness({ webauthn });
    await addKey(h, 'alice');
    const stored = await h.inner.load('alice');
    const doc = JSON.parse(stored!.doc);
    doc.factors[0].signCount = -1;
    await h.inner.save('alice', JSON.stringify(doc), stored!.version);
    await expect(h.mfa.status('alice')).rejects.toThrow(InvalidDocumentError);
    await expect(h.mfa.status('alice')).rejects.toThrow(/factors\[0\]\.signCount/);
  });
});
