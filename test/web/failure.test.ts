import { describe, expect, it } from 'vitest';
import type { FailureCode } from '../../src/service.js';
import {
  describeFailure,
  englishMessages,
  failureResponse,
  failureStatus,
  retryAfter,
} from '../../src/web.js';
import { enrollTotp, harness } from '../service/harness.js';

const EXPECTED: Record<FailureCode, number> = {
  invalid_code: 400,
  invalid_phone: 400,
  country_not_allowed: 400,
  not_mobile: 400,
  reauth_required: 401,
  not_allowed: 403,
  not_found: 404,
  already_enrolled: 409,
  conflict: 409,
  expired: 410,
  locked: 429,
  rate_limited: 429,
  delivery_failed: 502,
};

describe('failureStatus', () => {
  it.each(Object.entries(EXPECTED))('%s → %d', (code, status) => {
    expect(failureStatus({ code })).toBe(status);
    expect(failureStatus({ ok: false, error: { code } })).toBe(status); // the whole result too
  });

  it('every code the message table knows has a status of its own', () => {
    const codes = Object.keys(englishMessages).filter(
      (k) => !['locale', 'unknown', 'locked_no_wait', 'rate_limited_no_wait'].includes(k),
    );
    expect(codes.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('a code this version does not know, or an inherited name, is a plain 400', () => {
    expect(failureStatus({ code: 'future_code' })).toBe(400);
    expect(failureStatus({ code: 'toString' })).toBe(400);
    expect(failureStatus({ code: '__proto__' })).toBe(400);
  });

  it('misuse throws, naming the argument', () => {
    expect(() => failureStatus(undefined as never)).toThrow(/^error must be a failure/);
    expect(() => failureStatus({ ok: true } as never)).toThrow(/^error must be a failure/);
    expect(() => failureStatus({ code: 42 } as never)).toThrow(/^error must be a failure/);
  });
});

describe('retryAfter', () => {
  it('whole seconds, rounded up; nothing without a usable wait', () => {
    expect(retryAfter({ code: 'locked', retryAfterMs: 61_500 })).toBe('62');
    expect(retryAfter({ code: 'locked', retryAfterMs: 60_000 })).toBe('60');
    expect(retryAfter({ code: 'rate_limited', retryAfterMs: 1 })).toBe('1');
    expect(retryAfter({ code: 'locked', retryAfterMs: 0 })).toBe('0');
    expect(retryAfter({ code: 'locked' })).toBeUndefined();
    expect(retryAfter({ code: 'locked', retryAfterMs: -5 })).toBeUndefined();
    expect(retryAfter({ code: 'locked', retryAfterMs: Number.POSITIVE_INFINITY })).toBeUndefined();
  });
});

describe('describeFailure and failureResponse', () => {
  it('status, no-store, Retry-After and a JSON body with the sentence', async () => {
    const f = describeFailure({ code: 'locked', retryAfterMs: 240_000 });
    expect(f).toEqual({
      status: 429,
      headers: { 'cache-control': 'no-store', 'retry-after': '240' },
      body: {
        error: 'locked',
        message: 'Too many wrong codes. Try again in 4 minutes.',
        retryAfterMs: 240_000,
      },
    });
    const r = failureResponse({ ok: false, error: { code: 'expired' } });
    expect(r.status).toBe(410);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('retry-after')).toBeNull();
    expect(await r.json()).toEqual({ error: 'expired', message: englishMessages.expired });
  });

  it('on real failures of the service', async () => {
    const h = harness();
    await enrollTotp(h, 'carol');
    const late = await h.mfa.totp.begin('carol', {
      accountName: 'c',
      authenticatedAt: h.now - 3_600_000,
    });
    expect(late.ok).toBe(false);
    if (!late.ok) expect(failureStatus(late.error)).toBe(401);
    const started = await h.mfa.challenge.start('carol', {});
    const id = 'challengeId' in started ? started.challengeId : '';
    let last: Awaited<ReturnType<typeof h.mfa.challenge.verify>> | undefined;
    for (let i = 0; i < 6; i++) last = await h.mfa.challenge.verify(id, { code: '000000' });
    expect(last?.ok).toBe(false);
    if (last && !last.ok) {
      const f = describeFailure(last.error);
      expect(f.status).toBe(429);
      expect(f.headers['retry-after']).toBe('60'); // the first lock: one minute
      expect(f.body.message).toBe('Too many wrong codes. Try again in 1 minute.');
    }
  });
});
