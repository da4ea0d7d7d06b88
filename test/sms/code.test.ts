import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSmsMessage, issueSmsCode, smsSendRules, verifySmsCode } from '../../src/sms.js';

const key = new Uint8Array(32).fill(4);
const now = 1_700_000_000_000;

describe('issueSmsCode / verifySmsCode', () => {
  it('issues a 6-digit code whose record holds no code and lasts 5 minutes', () => {
    const { code, record } = issueSmsCode({ key, now });
    expect(code).toMatch(/^\d{6}$/);
    expect(JSON.stringify(record)).not.toContain(code);
    expect(record.expiresAt).toBe(now + 5 * 60_000);
  });

  it('accepts the code once, with spaces or a hyphen', () => {
    const { code, record } = issueSmsCode({ key, now });
    const typed = `${code.slice(0, 3)} ${code.slice(3)}`;
    const first = verifySmsCode(record, typed, { key, now: now + 1000 });
    expect(first.ok).toBe(true);
    expect(verifySmsCode(first.record, code, { key, now: now + 2000 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_code' },
    });
  });

  it('never verifies at or after expiry', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 600_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (ttlMs, late) => {
          const { code, record } = issueSmsCode({ key, now, ttlMs });
          expect(verifySmsCode(record, code, { key, now: now + ttlMs + late })).toMatchObject({
            ok: false,
            error: { code: 'expired' },
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('burns the code after maxAttempts wrong tries, even for the right code', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), (maxAttempts) => {
        const { code, record } = issueSmsCode({ key, now, maxAttempts });
        const wrong = code === '000000' ? '000001' : '000000';
        let r = record;
        for (let i = 1; i <= maxAttempts; i++) {
          const result = verifySmsCode(r, wrong, { key, now });
          expect(result).toMatchObject({
            ok: false,
            error: { code: i === maxAttempts ? 'too_many_attempts' : 'invalid_code' },
          });
          r = result.record;
        }
        expect(verifySmsCode(r, code, { key, now })).toMatchObject({
          ok: false,
          error: { code: 'too_many_attempts' },
        });
      }),
      { numRuns: 30 },
    );
  });

  it('refuses the right code under another key', () => {
    const { code, record } = issueSmsCode({ key, now });
    expect(verifySmsCode(record, code, { key: new Uint8Array(32), now }).ok).toBe(false);
  });

  it('draws codes without modulo bias (rejection sampling)', () => {
    // Feed the largest 32-bit values first: they are above the last multiple of 10^6 and must be redrawn.
    const draws = [new Uint8Array([0xff, 0xff, 0xff, 0xff]), new Uint8Array([0, 0, 0, 42])];
    const { code } = issueSmsCode({
      key,
      now,
      randomBytes: (n) => (n === 4 ? (draws.shift() ?? new Uint8Array(4)) : new Uint8Array(n)),
    });
    expect(code).toBe('000042');
  });

  it('allows at most 10 minutes and 6 to 8 digits', () => {
    expect(() => issueSmsCode({ key, ttlMs: 600_001 })).toThrow(/opts\.ttlMs/);
    expect(() => issueSmsCode({ key, digits: 4 })).toThrow(/opts\.digits/);
    expect(() => issueSmsCode({ key: new Uint8Array(8) })).toThrow(/opts\.key/);
  });
});

describe('formatSmsMessage', () => {
  it('puts the issuer and code in the text and the origin-bound line last', () => {
    expect(formatSmsMessage({ issuer: 'Acme', code: '123456' })).toBe(
      "123456 is your Acme verification code. Don't share it.",
    );
    const text = formatSmsMessage({ issuer: 'Acme', code: '123456', domain: 'acme.example.com' });
    expect(text.split('\n').at(-1)).toBe('@acme.example.com #123456');
  });

  it('refuses a domain that is not a host name', () => {
    for (const domain of ['https://acme.com', 'acme.com:443', 'Acme.com', 'acme', 'a b.com']) {
      expect(() => formatSmsMessage({ issuer: 'Acme', code: '123456', domain })).toThrow(
        /opts\.domain/,
      );
    }
  });
});

describe('smsSendRules', () => {
  it('lists the budgets in the order to take them: own (IP, user), number, country, global', () => {
    const subject = { phone: '+12015550123', userId: 'u1', ip: '203.0.113.9', country: 'US' };
    expect(smsSendRules({ ...subject, purpose: 'signin' }).map((r) => r.key)).toEqual([
      'mfa:sms:ip:203.0.113.9',
      'mfa:sms:user:u1',
      'mfa:sms:cooldown:+12015550123',
      'mfa:sms:number:+12015550123',
      'mfa:sms:number-day:+12015550123',
      'mfa:sms:country:US',
      'mfa:sms:global',
    ]);
    const rules = smsSendRules(subject);
    expect(rules.map((r) => r.key)).toEqual([
      'mfa:sms:ip:203.0.113.9',
      'mfa:sms:user:u1',
      'mfa:sms:enroll:cooldown:+12015550123',
      'mfa:sms:enroll:number:+12015550123',
      'mfa:sms:enroll:number-day:+12015550123',
      'mfa:sms:country:US',
      'mfa:sms:global',
    ]);
    expect(rules[2]).toEqual({
      key: 'mfa:sms:enroll:cooldown:+12015550123',
      limit: 1,
      windowMs: 30_000,
    });
    expect(rules[5]).toEqual({ key: 'mfa:sms:country:US', limit: 1000, windowMs: 86_400_000 });
  });

  it('takes overrides, drops rules set to 0 and the IP and country rules without them', () => {
    const rules = smsSendRules(
      { phone: '+12015550123', userId: 'u1' },
      { global: { limit: 0, windowMs: 1 }, perUser: { limit: 3, windowMs: 1000 } },
    );
    expect(rules.map((r) => r.key)).not.toContain('mfa:sms:global');
    expect(rules.map((r) => r.key).some((k) => /ip|country/.test(k))).toBe(false);
    expect(rules.find((r) => r.key === 'mfa:sms:user:u1')).toEqual({
      key: 'mfa:sms:user:u1',
      limit: 3,
      windowMs: 1000,
    });
    expect(() => smsSendRules({ phone: '2015550123', userId: 'u1' })).toThrow(/subject\.phone/);
    for (const country of ['us', 'USA', '+0', '+1234', 'US:x', 7]) {
      expect(() => smsSendRules({ phone: '+12015550123', userId: 'u1', country } as never)).toThrow(
        /subject\.country/,
      );
    }
    expect(() =>
      smsSendRules({ phone: '+12015550123', userId: 'u1', purpose: 'login' as never }),
    ).toThrow(/subject\.purpose/);
  });
});
