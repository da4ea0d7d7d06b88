import { describe, expect, it } from 'vitest';
import { mfaCookies, withCookies } from '../../src/web.js';

describe('withCookies', () => {
  it('appends each value as its own Set-Cookie header and returns the response', () => {
    const cookies = mfaCookies();
    const values = [cookies.challenge.clear(), cookies.device.set('tok')];
    const response = Response.json({ ok: true });
    expect(withCookies(response, values)).toBe(response);
    expect(response.headers.getSetCookie()).toEqual(values);
    expect(withCookies(new Response(null), []).headers.getSetCookie()).toEqual([]);
  });

  it('refuses header splitting and non-responses', () => {
    expect(() => withCookies(new Response(null), ['a=1\r\nx: y'])).toThrow(/^setCookies must be/);
    expect(() => withCookies(new Response(null), 'a=1' as never)).toThrow(/^setCookies must be/);
    expect(() => withCookies({ headers: {} } as never, [])).toThrow(/^response must be a Response/);
  });
});
