/**
 * The demo over plain HTTP with a controlled clock: the paths a browser test cannot reach
 * without waiting (re-authentication after 10 minutes), and CSRF refusal.
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error the demo is plain JavaScript
import { createDemo } from '../../examples/express/app.js';
import { base32Decode, generateTotp } from '../../src/totp.js';

let now = Date.UTC(2026, 10, 23, 12);
let server: Server;
let base = '';
let cookie = '';
let csrf = '';

async function request(path: string, form?: Record<string, string>) {
  const res = await fetch(base + path, {
    method: form ? 'POST' : 'GET',
    redirect: 'manual',
    headers: { cookie, ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    ...(form ? { body: new URLSearchParams({ _csrf: csrf, ...form }).toString() } : {}),
  });
  const set = res.headers.get('set-cookie');
  if (set?.startsWith('sid=')) cookie = set.split(';')[0]!;
  const body = await res.text();
  csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? csrf;
  return { status: res.status, location: res.headers.get('location'), body };
}

beforeAll(async () => {
  const { app } = createDemo({ log: () => {}, now: () => now });
  await new Promise<void>((resolve) => {
    server = app.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('demo over HTTP', () => {
  let key = '';
  let factorId = '';

  it('refuses a form without the CSRF token', async () => {
    await request('/signup');
    const saved = csrf;
    csrf = 'forged';
    expect(
      (await request('/signup', { email: 'x@example.com', password: 'long enough' })).status,
    ).toBe(403);
    csrf = saved;
  });

  it('signs up and enrolls an authenticator app', async () => {
    expect(
      (await request('/signup', { email: 'eve@example.com', password: 'long enough' })).location,
    ).toBe('/enroll');
    const page = await request('/security/totp/new');
    key = /id="key">([^<]+)</.exec(page.body)![1]!.replace(/\s/g, '');
    factorId = /name="factorId" value="([^"]+)"/.exec(page.body)![1]!;
    const code = generateTotp(base32Decode(key), { now });
    expect((await request('/security/totp/confirm', { code })).location).toBe(
      '/security/backup-codes',
    );
  });

  it('asks for the password again before turning a factor off when the last check is old', async () => {
    now += 11 * 60_000;
    const gate = await request(`/security/factors/${factorId}/remove`);
    expect(gate.status).toBe(302);
    expect(gate.location).toBe(
      `/reauth?next=${encodeURIComponent(`/security/factors/${factorId}/remove`)}`,
    );
    await request(gate.location!);
    expect(
      (
        await request('/reauth', {
          password: 'wrong password',
          next: `/security/factors/${factorId}/remove`,
        })
      ).status,
    ).toBe(401);
    const ok = await request('/reauth', {
      password: 'long enough',
      next: `/security/factors/${factorId}/remove`,
    });
    expect(ok.location).toBe(`/security/factors/${factorId}/remove`);
    await request(ok.location!);
    expect((await request(`/security/factors/${factorId}/remove`, {})).location).toBe('/security');
    expect((await request('/security')).location).toBe(null);
    const security = await request('/security');
    expect(security.body).toContain('Off. Add a method to turn it on.');
  });

  it('sends a stale session to re-authentication when the library itself refuses', async () => {
    const page = await request('/security/totp/new');
    const id = /name="factorId" value="([^"]+)"/.exec(page.body)![1]!;
    const secret = /id="key">([^<]+)</.exec(page.body)![1]!.replace(/\s/g, '');
    await request('/security/totp/confirm', { code: generateTotp(base32Decode(secret), { now }) });
    expect(id).toBeTruthy();
    now += 11 * 60_000;
    // The page gate and the POST both check: the POST alone must not regenerate codes.
    const post = await request('/security/backup-codes/new', {});
    expect(post.location).toBe(`/reauth?next=${encodeURIComponent('/security/backup-codes/new')}`);
    const remove = await request(`/security/factors/${id}/remove`, {});
    expect(remove.location).toBe(
      `/reauth?next=${encodeURIComponent(`/security/factors/${id}/remove`)}`,
    );
  });

  it('only redirects to local paths after re-authentication', async () => {
    const r = await request('/reauth', { password: 'long enough', next: '//evil.example/' });
    expect(r.location).toBe('/security');
  });
});
