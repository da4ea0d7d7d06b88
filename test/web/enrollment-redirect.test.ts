import { describe, expect, it } from 'vitest';
import { enrollmentRedirect } from '../../src/web.js';
import { DAY, enrollTotp, harness } from '../service/harness.js';

describe('enrollmentRedirect', () => {
  it('required: always; optional: only when suggested and due; enrolled: never', () => {
    expect(enrollmentRedirect({ mustEnroll: true })).toEqual({
      location: '/mfa/setup',
      required: true,
    });
    expect(enrollmentRedirect({ mustEnroll: false, promptEnrollment: true })).toBeUndefined();
    expect(
      enrollmentRedirect(
        { mustEnroll: false, promptEnrollment: true },
        { to: '/s', suggest: true },
      ),
    ).toEqual({ location: '/s', required: false });
    expect(
      enrollmentRedirect({ mustEnroll: false, promptEnrollment: false }, { suggest: true }),
    ).toBeUndefined();
  });

  it('follows the policy through mfa.status', async () => {
    const required = harness({ policy: { enforcement: 'required' } });
    expect(enrollmentRedirect(await required.mfa.status('u'))).toEqual({
      location: '/mfa/setup',
      required: true,
    });
    await enrollTotp(required, 'u');
    expect(enrollmentRedirect(await required.mfa.status('u'), { suggest: true })).toBeUndefined();

    const grace = harness({
      policy: { enforcement: 'required', graceUntil: Date.UTC(2030, 0, 1) },
    });
    expect(enrollmentRedirect(await grace.mfa.status('u'))).toBeUndefined();
    expect(enrollmentRedirect(await grace.mfa.status('u'), { suggest: true })).toEqual({
      location: '/mfa/setup',
      required: false,
    });

    const optional = harness();
    expect(enrollmentRedirect(await optional.mfa.status('u'), { suggest: true })?.required).toBe(
      false,
    );
    await optional.mfa.skipEnrollment('u');
    expect(enrollmentRedirect(await optional.mfa.status('u'), { suggest: true })).toBeUndefined();
    optional.advance(8 * DAY); // reminded again after remindAfterMs (7 days)
    expect(enrollmentRedirect(await optional.mfa.status('u'), { suggest: true })?.required).toBe(
      false,
    );

    const off = harness({ policy: { enforcement: 'off' } });
    expect(enrollmentRedirect(await off.mfa.status('u'), { suggest: true })).toBeUndefined();
  });

  it('only redirects within the site', () => {
    const status = { mustEnroll: true };
    for (const to of ['/mfa', '/a/b?x=1#y', '/'])
      expect(enrollmentRedirect(status, { to })?.location).toBe(to);
    for (const to of [
      '//evil.test',
      '/\\evil.test',
      'https://evil.test',
      'javascript:alert(1)',
      'mfa',
      '',
      '/a b',
      '/a\\b',
    ])
      expect(() => enrollmentRedirect(status, { to })).toThrow(
        /^options.to must be a path on this site/,
      );
  });

  it('misuse throws naming the argument', () => {
    expect(() => enrollmentRedirect({} as never)).toThrow(/^status must be/);
    expect(() => enrollmentRedirect({ mustEnroll: true }, 'x' as never)).toThrow(
      /^options must be/,
    );
  });
});
