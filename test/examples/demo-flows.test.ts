/**
 * The demo's flows from the products' help-centre articles, over HTTP: texted codes (sent at the
 * password step when a phone is the only method, never in the log), replacing a number, backup
 * codes as a PDF and a print view, plans and accounts without e-mail, the password-age setting,
 * setup right after sign-up, remembered devices, and `safeNext`.
 */
import { inflateSync } from 'node:zlib';
import { PDFDocument, PDFRawStream } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error the demo is plain JavaScript
import { deviceName } from '../../examples/express/device-name.js';
// @ts-expect-error the demo is plain JavaScript
import { safeNext } from '../../examples/express/safe-next.js';
import type { DemoClient } from '../e2e/demo-client.js';
import {
  enrollTotp,
  latestCode,
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

/** Changes Admin settings the way the form does (GET for the token, then POST). */
const adminSet = async (form: Record<string, string>) => {
  const c = demo.client();
  await c.go('/admin');
  return c.go('/admin', form);
};
/** The admin form's action for one account. */
const accountAction = (html: string, login: string) =>
  html
    .split('<tr>')
    .find((row) => row.includes(`<td>${login}</td>`))
    ?.match(/action="(\/admin\/accounts\/[^"]+)"/)?.[1] ?? '';

const signIn = async (c: DemoClient, login: string, password = 'long enough') => {
  await c.go('/signin');
  return c.go('/signin', { login, password });
};

describe('text messages', () => {
  const login = 'sms@example.com';
  let c: DemoClient;

  it('pre-fills the number kept on the profile', async () => {
    ({ c } = await signUp(demo, login));
    await c.go('/profile');
    const saved = await c.go('/profile', { email: login, phone: '(201) 555-0123' });
    expect(saved.body).toContain('Profile saved.');
    const page = await c.go('/security/sms/new');
    expect(page.body).toMatch(/id="phone"[^>]*value="\+12015550123"/);
  });

  it('enrolls the phone; the log says a text was sent, never its code', async () => {
    const verify = await c.go('/security/sms/begin', { phone: '(201) 555-0123' });
    expect(verify.url).toBe('/security/sms/verify');
    expect(verify.body).toContain('Sent to +1 ••• ••• 0123.');
    const code = latestCode(demo);
    const done = await c.go('/security/sms/confirm', { code });
    expect(done.url).toBe('/security/backup-codes');
    expect(demo.logs.some((l) => l.includes('[text message to +1 ••• ••• 0123'))).toBe(true);
    for (const line of demo.logs) expect(line).not.toContain(code);
  });

  it('with a phone as the only method, sign-in texts the code at once and asks for it', async () => {
    await c.go('/signout', {});
    demo.clock.now += 60_000; // past the one-text-per-number pause
    const before = demo.outbox.length;
    const page = await signIn(c, login);
    expect(page.url).toBe('/signin/verify');
    expect(demo.outbox.length).toBe(before + 1);
    expect(page.body).toContain('Enter the code we texted to +1 ••• ••• 0123');
    expect(page.body.indexOf('id="code"')).toBeLessThan(page.body.indexOf('Text a new code to'));
    const factorId = /name="factorId" value="([^"]+)"/.exec(page.body)![1]!;
    const done = await c.go('/signin/verify', { code: latestCode(demo), factorId });
    expect(done.url).toBe('/security');
  });

  it('replacing the number: "Phone number replaced", one e-mail, the old number gone', async () => {
    const sec = await c.go('/security');
    const oldId = /\/security\/sms\/new\?replaces=([^"]+)"/.exec(sec.body)![1]!;
    const form = await c.go(`/security/sms/new?replaces=${oldId}`);
    expect(form.body).toContain('Replace a phone number');
    await c.go('/security/sms/begin', { phone: '(201) 555-0188', replaces: oldId });
    const done = await c.go('/security/sms/confirm', { code: latestCode(demo) });
    expect(done.url).toBe('/security'); // not new backup codes: the old ones still work
    expect(done.body).toContain('Phone number replaced.');
    expect(done.body).toContain('Text message to +1 ••• ••• 0188');
    expect(done.body).not.toContain('0123');
    expect(done.body).toContain('10 of 10 left.');
    expect(mails(demo, login)).toEqual(['Phone number replaced', 'Two-step verification is on']);
  });

  it('regenerating backup codes is news: one e-mail', async () => {
    await c.go('/security/backup-codes/new');
    expect((await c.go('/security/backup-codes/new', {})).url).toBe('/security/backup-codes');
    expect(mails(demo, login)[0]).toBe('New backup codes');
  });

  it('with two numbers and no app, sign-in first asks which number to text', async () => {
    demo.clock.now += 60_000;
    await c.go('/security/sms/begin', { phone: '(201) 555-0177' });
    await c.go('/security/sms/confirm', { code: latestCode(demo) });
    await c.go('/signout', {});
    const before = demo.outbox.length;
    const page = await signIn(c, login);
    expect(demo.outbox.length).toBe(before);
    expect(page.body).toContain("We'll text a code to your phone. Choose the number:");
    expect(page.body).not.toContain('id="code"');
    const sent = await c.go('/signin/send-sms', {
      factorId: /name="factorId" value="([^"]+)"/.exec(page.body)![1]!,
    });
    expect(sent.body).toContain('id="code"');
  });
});

describe('backup codes to keep', () => {
  let c: DemoClient;
  let codes: string[] = [];
  const login = 'codes@example.com';

  it('download as a PDF with the site, the account, the date, the codes and how to use them', async () => {
    ({ c } = await signUp(demo, login));
    ({ codes } = await enrollTotp(demo, c));
    expect(codes).toHaveLength(10);
    const res = await fetch(`${demo.base}/security/backup-codes/download.pdf`, {
      headers: { cookie: c.cookieHeader() },
    });
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('mfa-kit-demo-backup-codes.pdf');
    const bytes = new Uint8Array(await res.arrayBuffer());
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getTitle()).toBe('mfa-kit demo backup codes');
    // The page's text: pdf-lib writes each line as a hex string in a deflated content stream.
    const text = pdf.context
      .enumerateIndirectObjects()
      .map(([, obj]) => obj)
      .filter((obj): obj is PDFRawStream => obj instanceof PDFRawStream)
      .map((s) => {
        try {
          return inflateSync(s.contents).toString('latin1');
        } catch {
          return '';
        }
      })
      .join('\n');
    const lines = [...text.matchAll(/<([0-9A-F]+)> Tj/g)].map((m) =>
      Buffer.from(m[1]!, 'hex').toString('latin1'),
    );
    expect(lines).toContain('mfa-kit demo: backup codes');
    expect(lines).toContain(`Account: ${login}`);
    expect(lines).toContain('Created: 2026-11-23');
    for (const code of codes) expect(lines.some((l) => l.endsWith(code))).toBe(true);
    expect(lines.some((l) => l.includes('Use a backup code'))).toBe(true);
  });

  it('print view: a heading, who it is for, a Print button and no inline script', async () => {
    const page = await c.go('/security/backup-codes/print');
    expect(page.body).toContain('<h1>Backup codes</h1>');
    expect(page.body).toContain(`account <strong>${login}</strong>`);
    expect(page.body).toContain('<button type="button" id="print">Print</button>');
    expect(page.body).toContain('<script src="/static/print.js" defer></script>');
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)(?![^>]*application\/json)[^>]*>/);
    for (const code of codes) expect(page.body).toContain(code);
    // Printing the normal page says which site and account the codes are for.
    const normal = await c.go('/security/backup-codes');
    expect(normal.body).toMatch(
      /class="printonly"><strong>Backup codes for mfa-kit demo · codes@example.com/,
    );
  });
});

describe('policy from the Admin page', () => {
  it('an account with a username and no e-mail cannot use MFA until an e-mail is set', async () => {
    const { c, page } = await signUp(demo, 'nomail_user');
    expect(page.url).toBe('/security');
    expect(page.body).toContain('needs an e-mail address on your account');
    expect(page.body).not.toContain('Add an authenticator app');
    const admin = await c.go('/admin');
    await c.go(accountAction(admin.body, 'nomail_user'), {
      plan: 'free',
      email: 'nomail@example.com',
    });
    expect((await c.go('/security')).body).toContain('Add an authenticator app');
  });

  it('text messages only on the Pro plan when the admin says so', async () => {
    const { c } = await signUp(demo, 'plans@example.com');
    await adminSet({ smsPlans: 'pro' });
    expect((await c.go('/security')).body).not.toContain('Add a phone number');
    const begin = await c.go('/security/sms/begin', { phone: '(201) 555-0199' });
    expect(begin.body).toContain('available on your plan');
    const admin = await c.go('/admin');
    await c.go(accountAction(admin.body, 'plans@example.com'), {
      plan: 'pro',
      email: 'plans@example.com',
    });
    expect((await c.go('/security')).body).toContain('Add a phone number');
    await adminSet({ smsPlans: 'all' });
  });

  it('"ask for the password every time": one change per password check', async () => {
    const { c } = await signUp(demo, 'always@example.com');
    await adminSet({ reauth: 'always' });
    const { page } = await enrollTotp(demo, c);
    expect(page.url).toBe('/security/backup-codes');
    const next = await c.send('/security/backup-codes/new');
    expect(next.location).toBe(`/reauth?next=${encodeURIComponent('/security/backup-codes/new')}`);
    expect((await c.go(next.location!)).body).toContain('We ask before every change');
    await c.go('/reauth', { password: 'long enough', next: '/security/backup-codes/new' });
    expect((await c.go('/security/backup-codes/new', {})).url).toBe('/security/backup-codes');
    expect((await c.send('/security/backup-codes/new')).location).toMatch(/^\/reauth/);
    await adminSet({ reauth: '10m' });
  });

  it('setup right after sign-up, or not, as the admin chooses', async () => {
    await adminSet({ setupAfterSignup: 'no' });
    expect((await signUp(demo, 'later@example.com')).page.url).toBe('/security');
    await adminSet({ setupAfterSignup: 'yes' });
    expect((await signUp(demo, 'now@example.com')).page.url).toBe('/enroll');
  });

  it('required: enrollment comes first, and it has a way out (Sign out)', async () => {
    await adminSet({ enforcement: 'required' });
    const { c, page } = await signUp(demo, 'must@example.com');
    expect(page.url).toBe('/enroll');
    expect(page.body).toContain('Set it up to continue, or sign out.');
    expect(page.body).not.toContain('Skip for now');
    expect((await c.send('/security')).location).toBe('/enroll');
    const out = await c.go('/signout', {});
    expect(out.url).toBe('/signin');
    await adminSet({ enforcement: 'optional' });
  });
});

describe('remembered devices', () => {
  it('are named by browser and system, and each can be forgotten', async () => {
    const login = 'devices@example.com';
    const { c } = await signUp(demo, login);
    const { key } = await enrollTotp(demo, c);
    await c.go('/signout', {});
    await c.go('/signin');
    await c.go('/signin', { login, password: 'long enough' });
    demo.clock.now += 30_000; // the enrollment's code is spent
    const ua =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
    const r = await c.send(
      '/signin/verify',
      { code: totpAt(key, demo.clock.now), remember: '1' },
      { headers: { 'user-agent': ua } },
    );
    expect(r.setCookies.some((s) => s.startsWith('mfa_device=') && /HttpOnly/i.test(s))).toBe(true);
    const page = await c.go('/security');
    expect(page.body).toContain('<strong>Chrome on Linux</strong>');
    const forget = /action="(\/security\/devices\/[^"]+\/forget)"/.exec(page.body)![1]!;
    const after = await c.go(forget, {});
    expect(after.body).toContain('That device will be asked for a code next time.');
    expect(after.body).not.toContain('Chrome on Linux');
  });

  it('names the common browsers', () => {
    expect(
      deviceName(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari on iPhone');
    expect(
      deviceName(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      ),
    ).toBe('Edge on Windows');
    expect(
      deviceName(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:133.0) Gecko/20100101 Firefox/133.0',
      ),
    ).toBe('Firefox on macOS');
    expect(deviceName(undefined)).toBe('A browser');
    expect(deviceName('x'.repeat(10_000))).toBe('A browser');
  });
});

describe('safeNext: only local paths after re-authentication', () => {
  const hostile = [
    '//evil.example/',
    '/\\evil.example/',
    '\\\\evil.example',
    '/\t/evil.example/',
    '/\n/evil.example',
    '/%2F/evil.example',
    '/%2f%2fevil.example',
    '/%5Cevil.example',
    '/%09/evil.example',
    '/%0a/evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    ' /security',
    '/%E0%A4%A',
    '',
    '/'.padEnd(600, 'a'),
  ];
  it.each(hostile)('refuses %j', (next) => {
    expect(safeNext(next)).toBe('/security');
  });
  it('keeps local paths and their query', () => {
    expect(safeNext('/security/factors/f_1/remove')).toBe('/security/factors/f_1/remove');
    expect(safeNext('/security/sms/new?replaces=f_2')).toBe('/security/sms/new?replaces=f_2');
    expect(safeNext(undefined)).toBe('/security');
    expect(safeNext(['/a'])).toBe('/security');
  });
  it('the reauth form never redirects off the site, whatever `next` says', async () => {
    const { c } = await signUp(demo, 'next@example.com');
    for (const next of hostile.slice(0, 10)) {
      const page = await c.send(`/reauth?next=${encodeURIComponent(next)}`);
      expect(page.body).toContain('name="next" value="/security"');
      const r = await c.send('/reauth', { password: 'long enough', next });
      expect(r.location, JSON.stringify(next)).toBe('/security');
    }
  });
});
