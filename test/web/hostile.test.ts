/**
 * Every export of mfa-kit/web against hostile arguments: each call does its job or throws an
 * MfaError naming the argument, never a TypeError or RangeError. The cookie readers and
 * `readChallengeAnswer` take request data, so they must not throw at all.
 */
import { describe, expect, it } from 'vitest';
import { MfaError } from '../../src/errors.js';
import * as web from '../../src/web.js';

const throwingGetter = {
  get headers(): never {
    throw new Error('boom');
  },
};

const HOSTILE: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-1', -1],
  ['empty string', ''],
  ['string', 'abc'],
  ['long string', 'A'.repeat(200_000)],
  ['object', {}],
  ['null-prototype object', Object.create(null)],
  ['array', [1, 2, 3]],
  ['array of junk', [{}, null, 'a=1']],
  ['function', () => 1],
  ['bigint', 10n],
  ['symbol', Symbol('s')],
  ['__proto__ code', JSON.parse('{"code":"__proto__","retryAfterMs":1}')],
  ['constructor code', { code: 'constructor' }],
  ['locale code', { code: 'locale' }],
  ['throwing getter', throwingGetter],
  [
    'headers whose get throws',
    {
      get: () => {
        throw new Error('x');
      },
    },
  ],
  ['failure with string wait', { code: 'locked', retryAfterMs: '60000' }],
  [
    'failure with NaN wait',
    { ok: false, error: { code: 'rate_limited', retryAfterMs: Number.NaN } },
  ],
  ['status with string mustEnroll', { mustEnroll: 'yes' }],
];

function outcome(call: () => unknown): 'ok' | 'MfaError' {
  try {
    call();
    return 'ok';
  } catch (err) {
    if (err instanceof MfaError) {
      expect(err.message).not.toMatch(/AAAA|boom/); // names the argument, never echoes the value
      return 'MfaError';
    }
    throw err;
  }
}

const cookie = web.defineCookie('sid');
const cookies = web.mfaCookies();

// Each export with the argument positions to try hostile values in.
const CALLS: [string, (x: unknown) => unknown][] = [
  ['defineCookie(name)', (x) => web.defineCookie(x as string)],
  ['defineCookie(_, options)', (x) => web.defineCookie('sid', x as web.CookieOptions)],
  ['defineCookie(_, { secure })', (x) => web.defineCookie('sid', { secure: x as boolean })],
  ['defineCookie(_, { maxAgeMs })', (x) => web.defineCookie('sid', { maxAgeMs: x as number })],
  ['defineCookie(_, { sameSite })', (x) => web.defineCookie('sid', { sameSite: x as 'Lax' })],
  [
    'defineCookie(_, { now })',
    (x) => web.defineCookie('sid', { now: x as () => number }).set('v', 1),
  ],
  ['cookie.set(value)', (x) => cookie.set(x as string)],
  ['cookie.set(_, expiresAt)', (x) => cookie.set('v', x as number)],
  ['mfaCookies(options)', (x) => web.mfaCookies(x as web.MfaCookiesOptions)],
  ['mfaCookies({ ttl })', (x) => web.mfaCookies({ ttl: x as {} })],
  ['mfaCookies({ names })', (x) => web.mfaCookies({ names: x as {} })],
  [
    'mfaCookies({ ttl: { trustedDeviceMs } })',
    (x) => web.mfaCookies({ ttl: { trustedDeviceMs: x as number } }),
  ],
  ['afterStart(result)', (x) => cookies.afterStart(x as web.StartLike)],
  [
    'afterStart(required with junk id)',
    (x) => cookies.afterStart({ required: true, challengeId: x as string }),
  ],
  ['afterVerify(result)', (x) => cookies.afterVerify(x as web.VerifyLike)],
  [
    'afterVerify(ok with junk token)',
    (x) => cookies.afterVerify({ ok: true, deviceToken: x as string }),
  ],
  [
    'afterVerify(ok with junk expiry)',
    (x) => cookies.afterVerify({ ok: true, deviceToken: 't', deviceExpiresAt: x as number }),
  ],
  ['failureStatus', (x) => web.failureStatus(x as web.FailureLike)],
  ['retryAfter', (x) => web.retryAfter(x as web.FailureLike)],
  ['failureMessage(error)', (x) => web.failureMessage(x as web.FailureLike)],
  [
    'failureMessage(_, messages)',
    (x) => web.failureMessage({ code: 'locked', retryAfterMs: 5000 }, x as web.FailureMessages),
  ],
  ['describeFailure', (x) => web.describeFailure(x as web.FailureLike)],
  ['failureResponse', (x) => web.failureResponse(x as web.FailureLike)],
  ['formatWait(ms)', (x) => web.formatWait(x as number)],
  ['formatWait(_, locale)', (x) => web.formatWait(60_000, x as string)],
  ['withCookies(response)', (x) => web.withCookies(x as Response, ['a=1'])],
  ['withCookies(_, setCookies)', (x) => web.withCookies(new Response(''), x as string[])],
  ['enrollmentRedirect(status)', (x) => web.enrollmentRedirect(x as web.EnrollmentStatusLike)],
  ['enrollmentRedirect(_, options)', (x) => web.enrollmentRedirect({ mustEnroll: true }, x as {})],
  [
    'enrollmentRedirect(_, { to })',
    (x) => web.enrollmentRedirect({ mustEnroll: true }, { to: x as string }),
  ],
];

// Request data: these must answer, never throw.
const NEVER_THROW: [string, (x: unknown) => unknown][] = [
  ['readCookie(source)', (x) => web.readCookie(x as web.CookieSource, 'sid')],
  ['readCookie(_, name)', (x) => web.readCookie('sid=1', x as string)],
  ['parseCookies', (x) => web.parseCookies(x as web.CookieSource)],
  ['cookie.read', (x) => cookie.read(x as web.CookieSource)],
  ['readChallengeAnswer', (x) => web.readChallengeAnswer(x as web.PostedFields)],
];

describe('mfa-kit/web: hostile arguments', () => {
  it('the table covers every runtime export', () => {
    const covered = [...CALLS, ...NEVER_THROW].map(([name]) => name).join(' ');
    for (const name of Object.keys(web)) {
      if (name === 'englishMessages') continue; // a frozen table, no arguments
      expect(covered, name).toContain(name);
    }
  });

  for (const [name, call] of CALLS) {
    it.each(HOSTILE)(`${name} with %s: a result or an MfaError`, (_, value) => {
      expect(['ok', 'MfaError']).toContain(outcome(() => call(value)));
    });
  }

  for (const [name, call] of NEVER_THROW) {
    it.each(HOSTILE)(`${name} with %s never throws`, (_, value) => {
      expect(() => call(value)).not.toThrow();
    });
  }

  it('englishMessages cannot be changed by a careless host', () => {
    expect(Object.isFrozen(web.englishMessages)).toBe(true);
  });
});
