/**
 * The journey every framework example must support, driven over HTTP (or straight through
 * Request → Response handlers) like a browser with a cookie jar: sign in, enroll an
 * authenticator app, sign out, sign in with a code and "remember this device", sign in again
 * without a code, and with a backup code on a new device. Every request also carries another
 * app's malformed cookie, which once made hand-written parsers answer 500.
 */
import { expect } from 'vitest';
import { base32Decode, generateTotp } from '../../src/totp.js';

/** Sends one request to the example: `fetch` against a server, or a handler router. */
export type Send = (path: string, init: RequestInit) => Promise<Response>;

export const ALICE = { email: 'alice@example.com', password: 'correct horse' };

/** A browser's cookie jar, reduced to what the journey needs: name=value, deleted by Max-Age=0. */
export function browser(send: Send) {
  const jar = new Map<string, string>();
  let lastSetCookies: string[] = [];
  async function post(path: string, body: unknown = {}) {
    const cookie = [...[...jar].map(([k, v]) => `${k}=${v}`), 'other_app=%E0%A4%A'].join('; ');
    const res = await send(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify(body),
    });
    lastSetCookies = res.headers.getSetCookie();
    for (const set of lastSetCookies) {
      const pair = set.split(';')[0]!;
      const name = pair.slice(0, pair.indexOf('='));
      if (/;\s*Max-Age=0(;|$)/i.test(set)) jar.delete(name);
      else jar.set(name, pair.slice(name.length + 1));
    }
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  }
  return {
    jar,
    post,
    get setCookies() {
      return lastSetCookies;
    },
  };
}

/** The code an authenticator app shows `offsetMs` from now (the app under test uses real time). */
const code = (secret: string, offsetMs = 0) =>
  generateTotp(base32Decode(secret), { now: Date.now() + offsetMs });

export async function signInJourney(send: Send): Promise<void> {
  const b = browser(send);

  // A wrong password never reaches mfa-kit.
  expect((await b.post('/login', { ...ALICE, password: 'nope' })).status).toBe(401);

  // First sign-in: no factor yet, so no code; optional policy suggests enrollment.
  let r = await b.post('/login', ALICE);
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({ signedIn: true, next: '/mfa/setup' });
  expect(b.jar.has('__Host-sid')).toBe(true);

  // Enroll an authenticator app.
  const begun = await b.post('/mfa/totp/begin');
  expect(begun.status).toBe(200);
  expect(begun.body.uri).toMatch(/^otpauth:\/\/totp\/Acme:alice%40example\.com\?/);
  const wrongConfirm = await b.post('/mfa/totp/confirm', {
    factorId: begun.body.factorId,
    code: '000000',
  });
  expect(wrongConfirm.status).toBe(400);
  expect(wrongConfirm.body).toEqual({
    error: 'invalid_code',
    message: "That code didn't work. Check it and try again.",
  });
  const confirmed = await b.post('/mfa/totp/confirm', {
    factorId: begun.body.factorId,
    code: code(begun.body.secret),
  });
  expect(confirmed.status).toBe(200);
  expect(confirmed.body.backupCodes).toHaveLength(10);

  // Sign out: the session goes, and the settings need a session.
  expect((await b.post('/logout')).status).toBe(200);
  expect(b.jar.has('__Host-sid')).toBe(false);
  expect((await b.post('/mfa/totp/begin')).status).toBe(401);

  // Sign in again: now a code is required; the pending challenge rides in a cookie.
  r = await b.post('/login', ALICE);
  expect(r.body).toMatchObject({ mfa: true });
  expect(b.setCookies[0]).toMatch(
    /^__Host-mfa_challenge=[^;]+; Max-Age=(600|599); Path=\/; HttpOnly; SameSite=Lax; Secure$/,
  );
  expect((await b.post('/login/mfa', {})).status).toBe(400); // nothing typed: not a wrong code
  const wrong = await b.post('/login/mfa', { code: '000000' });
  expect(wrong.status).toBe(400);
  expect(wrong.body.message).toBe("That code didn't work. Check it and try again.");
  expect(b.jar.has('__Host-mfa_challenge')).toBe(true); // kept: the user may retry

  // The next step's code (the enrollment code is spent), and remember this device.
  r = await b.post('/login/mfa', { code: code(begun.body.secret, 30_000), remember: true });
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({ signedIn: true });
  expect(b.jar.has('__Host-mfa_challenge')).toBe(false);
  const deviceCookie = b.setCookies.find((c) => c.startsWith('__Host-mfa_device='));
  expect(deviceCookie).toMatch(
    /; Max-Age=(2592000|2591999); Path=\/; HttpOnly; SameSite=Lax; Secure$/,
  );

  // Signed out and back in on the remembered device: no code asked.
  await b.post('/logout');
  r = await b.post('/login', ALICE);
  expect(r.body).toMatchObject({ signedIn: true });
  expect(r.body.mfa).toBeUndefined();

  // Another device (no device cookie): a backup code works once.
  const other = browser(send);
  expect((await other.post('/login', ALICE)).body).toMatchObject({ mfa: true });
  r = await other.post('/login/mfa', { backupCode: confirmed.body.backupCodes[0] });
  expect(r.body).toMatchObject({ signedIn: true });
  expect(other.jar.has('__Host-mfa_device')).toBe(false); // not remembered unless asked
  await other.post('/logout');
  await other.post('/login', ALICE);
  r = await other.post('/login/mfa', { backupCode: confirmed.body.backupCodes[0] });
  expect(r.status).toBe(400);
  expect(r.headers.get('cache-control')).toBe('no-store');

  // Wrong codes until the account locks: 429, Retry-After, and the wait in words (Intl on this runtime).
  for (let i = 0; i < 12 && r.status !== 429; i++)
    r = await other.post('/login/mfa', { code: '000000' });
  expect(r.status).toBe(429);
  expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(r.body.error).toBe('locked');
  expect(r.body.message).toMatch(/^Too many wrong codes\. Try again in \d+ (seconds?|minutes?)\.$/);
}
