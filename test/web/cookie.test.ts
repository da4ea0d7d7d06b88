import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import { defineCookie, readCookie } from '../../src/web.js';

/** What a browser sends back for a Set-Cookie value: `name=value`. */
const sentBack = (setCookie: string) => setCookie.split(';')[0]!;

describe('defineCookie', () => {
  it('secure by default: __Host- name, Secure, HttpOnly, SameSite=Lax, Path=/', () => {
    const c = defineCookie('sid');
    expect(c.name).toBe('__Host-sid');
    expect(c.set('abc')).toBe('__Host-sid=abc; Path=/; HttpOnly; SameSite=Lax; Secure');
    expect(c.set('abc')).not.toMatch(/Domain=/i); // __Host- forbids it
  });

  it('secure: false drops Secure and the prefix (plain-HTTP development)', () => {
    const c = defineCookie('sid', { secure: false, sameSite: 'Strict' });
    expect(c.name).toBe('sid');
    expect(c.set('abc')).toBe('sid=abc; Path=/; HttpOnly; SameSite=Strict');
  });

  it('Max-Age from maxAgeMs, or from an expiry against the clock, rounded down', () => {
    let now = 1_000_000;
    const c = defineCookie('d', { maxAgeMs: 30 * 86_400_000, now: () => now });
    expect(c.set('v')).toContain('; Max-Age=2592000;');
    expect(c.set('v', now + 90_999)).toContain('; Max-Age=90;');
    now += 100_000;
    expect(c.set('v', 1_090_000)).toContain('; Max-Age=0;'); // already past: gone at once
    expect(defineCookie('d', { maxAgeMs: 1500 }).set('v')).toContain('; Max-Age=1;');
  });

  it('never sets Max-Age beyond the 400 days browsers keep', () => {
    const c = defineCookie('d', { now: () => 0 });
    expect(c.set('v', 10_000 * 86_400_000)).toContain(`; Max-Age=${400 * 86_400};`);
  });

  it('clear() expires the same name with the same attributes', () => {
    const c = defineCookie('sid');
    expect(c.clear()).toBe(
      '__Host-sid=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly; SameSite=Lax; Secure',
    );
  });

  it('reads back what it set, and only under its own name', () => {
    const c = defineCookie('mfa_device');
    const token = 'mfad1.dXNlcg.AAAA-_bb';
    expect(c.read(`x=1; ${sentBack(c.set(token))}`)).toBe(token);
    // A cookie without the prefix (planted by a sibling subdomain) is not read as ours.
    expect(c.read(`mfa_device=${token}`)).toBeUndefined();
    expect(defineCookie('mfa_device', { secure: false }).read(`mfa_device=${token}`)).toBe(token);
  });

  it('refuses values that would break the header, without echoing them', () => {
    const c = defineCookie('sid');
    for (const bad of ['a;b', 'a b', 'a,b', 'a"b', 'a\\b', 'é', 'a\nSet-Cookie: x=1', '']) {
      expect(() => c.set(bad)).toThrow(InvalidArgumentError);
      try {
        c.set(bad);
      } catch (err) {
        expect((err as Error).message).toBe(
          'value must be a non-empty string of cookie-safe characters',
        );
      }
    }
    expect(() => c.set('a'.repeat(5000))).toThrow(/value must be at most 4096/);
  });

  it('refuses bad names and options, naming them', () => {
    expect(() => defineCookie('a b')).toThrow(/^name must be/);
    expect(() => defineCookie('a;b')).toThrow(/^name must be/);
    expect(() => defineCookie('__Host-sid')).toThrow(/^name must be given without __Host-/);
    expect(() => defineCookie('__secure-sid')).toThrow(/^name must be given without/);
    expect(() => defineCookie('sid', { maxAgeMs: 10 })).toThrow(/^options.maxAgeMs must be/);
    expect(() => defineCookie('sid', { maxAgeMs: 1.5e3 + 0.5 })).toThrow(/^options.maxAgeMs/);
    expect(() => defineCookie('sid', { maxAgeMs: 401 * 86_400_000 })).toThrow(/^options.maxAgeMs/);
    expect(() => defineCookie('sid', { sameSite: 'None' as 'Lax' })).toThrow(/^options.sameSite/);
    expect(() => defineCookie('sid').set('v', Number.NaN)).toThrow(/^expiresAt must be/);
    expect(() => defineCookie('sid', { now: () => Number.NaN }).set('v', 5)).toThrow(
      /^options.now/,
    );
  });

  it('round-trips through readCookie with other cookies around', () => {
    const c = defineCookie('sid', { secure: false });
    const header = ['theme=dark', sentBack(c.set('s3cr3t-id_1.2')), 'other_app=%E0%A4%A'].join(
      '; ',
    );
    expect(readCookie(header, 'sid')).toBe('s3cr3t-id_1.2');
  });
});
