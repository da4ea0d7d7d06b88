/** SMS codes against timing probes and broken randomness. */
import { beforeEach, describe, expect, it, vi } from 'vitest';

// Count HMAC computations while keeping the real implementation.
const calls = vi.hoisted(() => ({ count: 0 }));
vi.mock('@noble/hashes/hmac.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('@noble/hashes/hmac.js')>();
  const hmac = ((...args: Parameters<typeof real.hmac>) => {
    calls.count++;
    return real.hmac(...args);
  }) as typeof real.hmac;
  hmac.create = real.hmac.create;
  return { ...real, hmac };
});

const { issueSmsCode, verifySmsCode } = await import('../../src/sms.js');
const { MfaError } = await import('../../src/errors.js');

const key = new Uint8Array(32).fill(4);
const now = 1_700_000_000_000;

beforeEach(() => {
  calls.count = 0;
});

describe('attack: telling a live code from a dead one by timing', () => {
  it('verifySmsCode computes the keyed hash exactly once on every path', () => {
    const { code, record } = issueSmsCode({ key, now, maxAttempts: 2 });
    const wrong = code === '000000' ? '000001' : '000000';
    const spent = verifySmsCode(record, code, { key, now }).record;
    const once = verifySmsCode(record, wrong, { key, now }).record;
    const burned = verifySmsCode(once, wrong, { key, now }).record;
    const paths: [string, () => unknown][] = [
      ['right', () => verifySmsCode(record, code, { key, now })],
      ['wrong', () => verifySmsCode(record, wrong, { key, now })],
      ['malformed', () => verifySmsCode(record, 'abc', { key, now })],
      ['expired', () => verifySmsCode(record, wrong, { key, now: now + 3_600_000 })],
      ['spent', () => verifySmsCode(spent, wrong, { key, now })],
      ['too many attempts', () => verifySmsCode(burned, wrong, { key, now })],
    ];
    for (const [name, run] of paths) {
      calls.count = 0;
      run();
      expect(calls.count, name).toBe(1);
    }
  });

  it('the verdicts themselves are unchanged', () => {
    const { code, record } = issueSmsCode({ key, now });
    expect(verifySmsCode(record, code, { key, now: now + 3_600_000 })).toMatchObject({
      ok: false,
      error: { code: 'expired' },
    });
    expect(verifySmsCode(record, code, { key, now })).toMatchObject({ ok: true });
  });
});

describe('attack: a randomness source stuck on 0xFF', () => {
  it('ends issueSmsCode with a typed error after a bounded number of draws, never a hang', () => {
    for (const digits of [6, 7, 8]) {
      let draws = 0;
      const stuck = (n: number) => {
        draws++;
        return new Uint8Array(n).fill(0xff);
      };
      let error: unknown;
      try {
        issueSmsCode({ key, now, digits, randomBytes: stuck });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(MfaError);
      expect(error).toMatchObject({
        code: 'ERR_MFA_INVALID_ARGUMENT',
        argument: 'opts.randomBytes',
      });
      expect(draws).toBeLessThanOrEqual(64);
    }
  });

  it('a source that is merely unlucky a few times still gives a uniform code', () => {
    let draws = 0;
    const unlucky = (n: number) =>
      ++draws <= 5 ? new Uint8Array(n).fill(0xff) : new Uint8Array(n);
    expect(issueSmsCode({ key, now, randomBytes: unlucky }).code).toBe('000000');
  });
});
