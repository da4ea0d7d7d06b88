import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCookies, readCookie } from '../../src/web.js';

describe('readCookie', () => {
  it('finds a cookie among others, trimming spaces', () => {
    expect(readCookie('a=1; sid=abc ;b=2', 'sid')).toBe('abc');
    expect(readCookie('a=1;sid=abc', 'sid')).toBe('abc');
    expect(readCookie('a=1', 'sid')).toBeUndefined();
    expect(readCookie('', 'sid')).toBeUndefined();
  });

  it('names are case-sensitive and matched whole', () => {
    expect(readCookie('SID=1; xsid=2; sid2=3', 'sid')).toBeUndefined();
    expect(readCookie('SID=1; sid=2', 'sid')).toBe('2');
  });

  it("survives another app's malformed percent escape (the 500 in the issue)", () => {
    const header = 'other_app=%E0%A4%A; mfa_device=mfad1.dTE.abc';
    expect(readCookie(header, 'mfa_device')).toBe('mfad1.dTE.abc');
    expect(readCookie(header, 'other_app')).toBe('%E0%A4%A'); // left as sent
    expect(readCookie('x=%', 'x')).toBe('%');
    expect(readCookie('x=%ZZ%', 'x')).toBe('%ZZ%');
  });

  it('decodes valid percent escapes and strips one pair of quotes', () => {
    expect(readCookie('x=caf%C3%A9', 'x')).toBe('café');
    expect(readCookie('x="quoted value"', 'x')).toBe('quoted value');
    expect(readCookie('x="', 'x')).toBe('"');
    expect(readCookie('x=""', 'x')).toBe('');
  });

  it('keeps = inside values and skips pairs without a name', () => {
    expect(readCookie('x=a=b==', 'x')).toBe('a=b==');
    expect(readCookie('=lonely; novalue; x=1', 'x')).toBe('1');
    expect(readCookie('novalue', 'novalue')).toBeUndefined();
  });

  it('the first of duplicate names wins (most specific path first, RFC 6265 §5.4)', () => {
    expect(readCookie('sid=first; sid=second', 'sid')).toBe('first');
    expect(parseCookies('sid=first; sid=second').sid).toBe('first');
  });

  it('ignores values longer than a browser stores and headers past 64 kB', () => {
    expect(readCookie(`x=${'a'.repeat(5000)}; y=1`, 'x')).toBeUndefined();
    expect(readCookie(`x=${'a'.repeat(5000)}; y=1`, 'y')).toBe('1');
    const huge = `${'p=1; '.repeat(20_000)}late=1`; // 100 kB
    expect(readCookie(huge, 'p')).toBe('1');
    expect(readCookie(huge, 'late')).toBeUndefined();
    // One enormous pair with no separator before the cut: nothing is read, nothing thrown.
    expect(readCookie(`x=${'a'.repeat(100_000)}`, 'x')).toBeUndefined();
  });

  it('reads from Headers, a Request, Node-style headers and arrays', () => {
    const headers = new Headers({ cookie: 'sid=h' });
    expect(readCookie(headers, 'sid')).toBe('h');
    expect(readCookie(new Request('https://x.test/', { headers }), 'sid')).toBe('h');
    expect(readCookie({ headers: { cookie: 'sid=n' } }, 'sid')).toBe('n');
    expect(readCookie({ headers: { cookie: ['a=1', 'sid=arr'] } }, 'sid')).toBe('arr');
    expect(readCookie(['sid=x', 'y=2'], 'y')).toBe('2');
    expect(readCookie({ headers: {} }, 'sid')).toBeUndefined();
    expect(readCookie(new Headers(), 'sid')).toBeUndefined();
  });

  it('never throws and never returns a non-string, for any header text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.string({ maxLength: 10 }),
        (header, name) => {
          const value = readCookie(header, name);
          expect(value === undefined || typeof value === 'string').toBe(true);
          const all = parseCookies(header);
          for (const v of Object.values(all)) expect(typeof v).toBe('string');
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('finds any cookie-safe value it was given, wherever it sits', () => {
    const safe = fc.stringMatching(/^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]{1,40}$/);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.stringMatching(/^[a-z]{1,8}$/), safe), { maxLength: 6 }),
        safe.filter((v) => !v.includes('%') && !v.startsWith('"')),
        (others, value) => {
          const pairs = others.filter(([n]) => n !== 'mine').map(([n, v]) => `${n}=${v}`);
          pairs.splice(Math.floor(pairs.length / 2), 0, `mine=${value}`);
          expect(readCookie(pairs.join('; '), 'mine')).toBe(value);
        },
      ),
    );
  });
});

describe('parseCookies', () => {
  it('returns every cookie in an object without a prototype', () => {
    const all = parseCookies('a=1; __proto__=2; constructor=3');
    expect(Object.getPrototypeOf(all)).toBeNull();
    expect(Object.entries(all)).toEqual([
      ['a', '1'],
      ['__proto__', '2'],
      ['constructor', '3'],
    ]);
    expect(parseCookies(undefined)).toEqual({});
  });
});
