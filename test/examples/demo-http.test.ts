/**
 * The demo over plain HTTP with a controlled clock: repeated submissions, post/redirect/get, the
 * styled error page, re-authentication, and the notification e-mails. (Browser-only behaviour —
 * the Back button, slow networks, layout — is in test/e2e/demo.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  enrollTotp,
  mails,
  type RunningDemo,
  signUp,
  startDemo,
  totpAt,
} from '../e2e/demo-server.js';

let demo: RunningDemo;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(() => demo.close());

const signedIn = (body: string) => body.includes('Signed in as');

describe('forms and the error page', () => {
  it('refuses a form without the CSRF token, on the styled error page', async () => {
    const c = demo.client();
    await c.go('/signup');
    const r = await c.send(
      '/signup',
      { login: 'x@example.com', password: 'long enough' },
      { csrf: 'forged' },
    );
    expect(r.status).toBe(403);
    expect(r.body).toContain('<h1>This form expired</h1>');
    expect(r.body).toContain('/static/demo.css');
  });

  it('answers unknown pages and malformed requests on the same styled page', async () => {
    const c = demo.client();
    const missing = await c.send('/nowhere');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('<h1>Page not found</h1>');
    // Another app's broken cookie on the same host must not break our pages.
    const odd = await c.send('/signin', undefined, { cookie: 'other_app=%E0%A4%A; sid=nope' });
    expect(odd.status).toBe(200);
  });

  it('redirects after a failed form (post/redirect/get) and ties the error to its input', async () => {
    const c = demo.client();
    await c.go('/signup');
    const post = await c.send('/signup', { login: 'a', password: 'short' });
    expect(post.status).toBe(303);
    expect(post.location).toBe('/signup');
    const page = await c.send('/signup');
    expect(page.body).toMatch(
      /id="login"[^>]*aria-describedby="login-hint login-error"[^>]*aria-invalid="true"/,
    );
    expect(page.body).toContain('id="login-error" role="alert"');
    expect(page.body).toContain('value="a"'); // the typed value comes back, the password never
    expect((await c.send('/signup')).body).not.toContain('aria-invalid'); // shown once
  });
});

describe('hostile requests', () => {
  it('repeated fields, odd values and oversized bodies get a page, never a 500', async () => {
    const { c } = await signUp(demo, 'hostile@example.com');
    await c.go('/security');
    const raw = (path: string, body: string) =>
      fetch(demo.base + path, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: c.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    const token = encodeURIComponent(c.csrf);
    const cases: [string, string][] = [
      ['/security/sms/begin', `_csrf=${token}&phone=1&phone=2&replaces=a&replaces=b`],
      ['/profile', `_csrf=${token}&email=a@b.co&email=c@d.co&phone=%00`],
      ['/reauth', `_csrf=${token}&password=x&next=/a&next=//evil.example`],
      ['/admin', `_csrf=${token}&enforcement=off&enforcement=required&reauth=__proto__`],
      ['/security/devices/%2e%2e/forget', `_csrf=${token}`],
      ['/security/factors/constructor/remove', `_csrf=${token}`],
      ['/signup', `_csrf=${token}&login=${'a'.repeat(70_000)}`],
      ['/signin', `_csrf=${token}&_csrf=${token}`],
    ];
    for (const [path, body] of cases) {
      const r = await raw(path, body);
      expect(r.status, path).not.toBe(500);
      expect([303, 302, 403, 404, 413], path).toContain(r.status);
    }
    expect(demo.settings.enforcement).toBe('optional'); // two values for one choice change nothing
    expect(demo.logs.filter((l) => / 500$/.test(l))).toEqual([]);
  });
});

describe('a second click never signs out and never hides backup codes', () => {
  let key = '';
  const login = 'double@example.com';

  it('two "Turn on" clicks at once both land on the same backup codes', async () => {
    const { c } = await signUp(demo, login);
    const setup = await c.go('/security/totp/new');
    key = /id="key">([^<]+)</.exec(setup.body)![1]!.replace(/\s/g, '');
    const code = totpAt(key, demo.clock.now - 30_000);
    const [a, b] = await Promise.all([
      c.send('/security/totp/confirm', { code }),
      c.send('/security/totp/confirm', { code }),
    ]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect([a.location, b.location]).toEqual(['/security/backup-codes', '/security/backup-codes']);
    const page = await c.go('/security/backup-codes');
    expect(page.body.match(/<li>[0-9A-Z-]{19}<\/li>/g)).toHaveLength(10);
    // Again later, from the page still open: the same result page, not "setup expired".
    const again = await c.send('/security/totp/confirm', { code });
    expect(again.location).toBe('/security/backup-codes');
  });

  it('turning the first method on sends one e-mail, not "new backup codes"', () => {
    expect(mails(demo, login)).toEqual(['Two-step verification is on']);
  });

  it('two "Verify" clicks at once: both end signed in', async () => {
    const c = demo.client();
    await c.go('/signin');
    expect((await c.go('/signin', { login, password: 'long enough' })).url).toBe('/signin/verify');
    const before = c.cookieHeader();
    const code = totpAt(key, demo.clock.now);
    const replies = await Promise.all([
      c.send('/signin/verify', { code }, { cookie: before }),
      c.send('/signin/verify', { code }, { cookie: before }),
    ]);
    for (const r of replies) {
      expect(r.status).toBe(303);
      expect(r.location).toBe('/security');
      const sid = r.setCookies.find((s) => s.startsWith('sid='))?.split(';')[0];
      expect(sid, 'each reply hands over the signed-in session').toBeTruthy();
      const page = await c.send('/security', undefined, { cookie: sid! });
      expect(signedIn(page.body)).toBe(true);
    }
  });

  it('a late second click with the old cookie gets the same page; anything else from it gets no cookie', async () => {
    const c = demo.client();
    await c.go('/signin');
    await c.go('/signin', { login, password: 'long enough' });
    demo.clock.now += 30_000;
    const before = c.cookieHeader();
    const csrf = c.csrf;
    const code = totpAt(key, demo.clock.now);
    const first = await c.send('/signin/verify', { code });
    expect(first.location).toBe('/security');
    const second = await c.send('/signin/verify', { code }, { cookie: before, csrf });
    expect(second.location).toBe('/security');
    expect(second.setCookies.some((s) => s.startsWith('sid='))).toBe(true);
    // A different answer under the replaced id is stale: no cookie that would sign anyone out.
    const other = await c.send('/signin/verify', { code: '000000' }, { cookie: before, csrf });
    expect(other.location).toBe('/');
    expect(other.setCookies).toEqual([]);
    expect(signedIn((await c.go('/security')).body)).toBe(true);
  });

  it('Back to the sign-in pages while signed in lands on Security', async () => {
    const c = demo.client();
    await c.go('/signin');
    await c.go('/signin', { login, password: 'long enough' });
    demo.clock.now += 30_000;
    await c.go('/signin/verify', { code: totpAt(key, demo.clock.now) });
    for (const path of ['/signin', '/signin/verify', '/signup']) {
      const r = await c.send(path);
      expect(r.status, path).toBe(303);
      expect(r.location, path).toBe('/security');
    }
  });

  it('a wrong code redirects back to the page; a just-used code says to wait for the next', async () => {
    const c = demo.client();
    await c.go('/signin');
    await c.go('/signin', { login, password: 'long enough' });
    const wrong = await c.send('/signin/verify', { code: '000000' });
    expect([wrong.status, wrong.location]).toEqual([303, '/signin/verify']);
    const page = await c.send('/signin/verify');
    expect(page.body).toContain('That code didn&#39;t work.');
    expect(page.body).toContain('aria-invalid="true"');
    const used = await c.go('/signin/verify', { code: totpAt(key, demo.clock.now) });
    expect(used.body).toContain('wait for your app to show the next');
  });
});

describe('codes work once', () => {
  it('the code that turned the app on, reused at sign-in, gets the hint to wait for the next', async () => {
    const login = 'reuse@example.com';
    const { c } = await signUp(demo, login);
    const { key } = await enrollTotp(demo, c);
    await c.go('/signout', {});
    await c.go('/signin');
    await c.go('/signin', { login, password: 'long enough' });
    const page = await c.go('/signin/verify', { code: totpAt(key, demo.clock.now) });
    expect(page.url).toBe('/signin/verify');
    expect(page.body).toContain(
      'Each code works once: if you just used this one, wait for your app to show the next.',
    );
    // Long after, a wrong code is just wrong: no hint about waiting.
    demo.clock.now += 5 * 60_000;
    const later = await c.go('/signin/verify', { code: '000000' });
    expect(later.body).toContain('That code didn&#39;t work.');
    expect(later.body).not.toContain('wait for your app');
  });
});

describe('passkey answers from a hostile or confused browser', () => {
  it('malformed or foreign passkey responses are refused without a lost code or a crash', async () => {
    const login = 'passkey-junk@example.com';
    const { c } = await signUp(demo, login);
    await enrollTotp(demo, c);
    await c.go('/signout', {});
    await c.go('/signin');
    await c.go('/signin', { login, password: 'long enough' });
    for (const response of [
      '{',
      '[]',
      '{"id":"x","type":"public-key"}',
      'null',
      '"x"'.repeat(2000),
    ]) {
      const r = await c.send('/signin/passkey', { response });
      expect([r.status, r.location], response.slice(0, 20)).toEqual([303, '/signin/verify']);
      const page = await c.send('/signin/verify');
      expect(page.body).toMatch(/didn&#39;t send a passkey|passkey was not accepted/);
      expect(page.body).not.toContain('aria-invalid'); // the code box is not blamed
    }
  });
});

describe('re-authentication', () => {
  it('asks for the password again before turning a factor off when the last check is old', async () => {
    const { c } = await signUp(demo, 'reauth@example.com');
    const { page } = await enrollTotp(demo, c);
    expect(page.url).toBe('/security/backup-codes');
    const id = /\/security\/factors\/([^/]+)\/remove/.exec((await c.go('/security')).body)![1]!;
    const removeUrl = `/security/factors/${id}/remove`;
    demo.clock.now += 11 * 60_000;
    const gate = await c.send(removeUrl);
    expect(gate.location).toBe(`/reauth?next=${encodeURIComponent(removeUrl)}`);
    await c.go(gate.location!);
    const wrong = await c.send('/reauth', { password: 'wrong password', next: removeUrl });
    expect(wrong.location).toBe(`/reauth?next=${encodeURIComponent(removeUrl)}`);
    expect((await c.send(wrong.location!)).body).toContain('Wrong password.');
    const ok = await c.send('/reauth', { password: 'long enough', next: removeUrl });
    expect(ok.location).toBe(removeUrl);
    await c.go(removeUrl);
    const done = await c.go(removeUrl, {});
    expect(done.body).toContain('Off. Add a method to turn it on.');
  });

  it('a stale session is sent to re-authentication by the POST too, not only the page', async () => {
    const { c } = await signUp(demo, 'stale@example.com');
    await enrollTotp(demo, c);
    demo.clock.now += 11 * 60_000;
    const post = await c.send('/security/backup-codes/new', {});
    expect(post.location).toBe(`/reauth?next=${encodeURIComponent('/security/backup-codes/new')}`);
  });
});
