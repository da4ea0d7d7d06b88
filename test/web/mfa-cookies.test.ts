import { describe, expect, it } from 'vitest';
import { mfaCookies } from '../../src/web.js';
import { challengeFor, DAY, enrollTotp, harness, MINUTE } from '../service/harness.js';

const sentBack = (setCookie: string) => setCookie.split(';')[0]!;
const maxAge = (setCookie: string) => Number(/Max-Age=(\d+)/.exec(setCookie)?.[1]);

describe('mfaCookies', () => {
  it('names, defaults and lifetimes', () => {
    const c = mfaCookies();
    expect(c.device.name).toBe('__Host-mfa_device');
    expect(c.challenge.name).toBe('__Host-mfa_challenge');
    expect(maxAge(c.device.set('t'))).toBe(30 * 86_400);
    expect(maxAge(c.challenge.set('t'))).toBe(600);
    const custom = mfaCookies({
      secure: false,
      names: { device: 'dev', challenge: 'chal' },
      ttl: { trustedDeviceMs: 7 * DAY, challengeMs: 5 * MINUTE },
    });
    expect(custom.device.set('t')).toBe('dev=t; Max-Age=604800; Path=/; HttpOnly; SameSite=Lax');
    expect(maxAge(custom.challenge.set('t'))).toBe(300);
  });

  it('refuses a configuration that cannot work', () => {
    expect(() => mfaCookies({ names: { device: 'x', challenge: 'x' } })).toThrow(/^options.names/);
    expect(() => mfaCookies({ ttl: { challengeMs: 5 } })).toThrow(/^options.ttl.challengeMs/);
    expect(() => mfaCookies({ ttl: { trustedDeviceMs: 500 * DAY } })).toThrow(
      /^options.ttl.trustedDeviceMs/,
    );
  });

  it('afterStart and afterVerify on plain results', () => {
    const c = mfaCookies({ now: () => 0 });
    expect(c.afterStart({ required: false })).toEqual([c.challenge.clear()]);
    expect(c.afterStart({ ok: false })).toEqual([]);
    expect(c.afterStart({ required: true, challengeId: 'id', expiresAt: 120_000 })).toEqual([
      c.challenge.set('id', 120_000),
    ]);
    expect(c.afterVerify({ ok: false, error: { code: 'invalid_code' } })).toEqual([]);
    expect(c.afterVerify({ ok: false, error: { code: 'locked' } })).toEqual([]);
    expect(c.afterVerify({ ok: false, error: { code: 'expired' } })).toEqual([c.challenge.clear()]);
    expect(c.afterVerify({ ok: true })).toEqual([c.challenge.clear()]);
    expect(c.afterVerify({ ok: true, deviceToken: 'tok', deviceExpiresAt: 86_400_000 })).toEqual([
      c.challenge.clear(),
      c.device.set('tok', 86_400_000),
    ]);
    expect(
      maxAge(c.afterVerify({ ok: true, deviceToken: 'tok', deviceExpiresAt: 86_400_000 })[1]!),
    ).toBe(86_400);
    // Without deviceExpiresAt (older results), the configured lifetime.
    expect(maxAge(c.afterVerify({ ok: true, deviceToken: 'tok' })[1]!)).toBe(30 * 86_400);
  });

  it('carries a real sign-in: challenge cookie, device cookie, then no challenge', async () => {
    const h = harness({ ttl: { trustedDeviceMs: 14 * DAY } });
    const { secret } = await enrollTotp(h, 'alice');
    const cookies = mfaCookies({ ttl: { trustedDeviceMs: 14 * DAY }, now: () => h.now });

    const started = await h.mfa.challenge.start('alice', {});
    const startCookies = cookies.afterStart(started);
    expect(startCookies).toHaveLength(1);
    expect(maxAge(startCookies[0]!)).toBe(600); // expires with the challenge
    let browser = startCookies.map(sentBack).join('; ');

    const wrong = await h.mfa.challenge.verify(cookies.challenge.read(browser) ?? '', {
      code: '000000',
    });
    expect(wrong.ok).toBe(false);
    expect(cookies.afterVerify(wrong)).toEqual([]); // retry allowed with the same challenge

    const verified = await h.mfa.challenge.verify(
      cookies.challenge.read(browser) ?? '',
      { code: h.code(secret) },
      { rememberDevice: true },
    );
    expect(verified.ok).toBe(true);
    const verifyCookies = cookies.afterVerify(verified);
    expect(verifyCookies[0]).toBe(cookies.challenge.clear());
    expect(maxAge(verifyCookies[1]!)).toBe(14 * 86_400);
    browser = sentBack(verifyCookies[1]!);

    h.advance(MINUTE);
    const again = await h.mfa.challenge.start('alice', {
      deviceToken: cookies.device.read(browser)!,
    });
    expect(again).toMatchObject({ required: false, reason: 'trusted_device' });
    expect(cookies.afterStart(again)).toEqual([cookies.challenge.clear()]);
  });

  it('clears the challenge cookie when the challenge is gone', async () => {
    const h = harness();
    await enrollTotp(h, 'bob');
    const cookies = mfaCookies({ now: () => h.now });
    const started = await challengeFor(h, 'bob');
    h.advance(11 * MINUTE);
    const late = await h.mfa.challenge.verify(started.challengeId, { code: '123456' });
    expect(late).toMatchObject({ ok: false, error: { code: 'expired' } });
    expect(cookies.afterVerify(late)).toEqual([cookies.challenge.clear()]);
  });
});
