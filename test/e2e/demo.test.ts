/**
 * The demo, end to end, in a real Chromium driven by playwright-core: the journey a user takes,
 * including what happens when things go slightly wrong (a double click on a slow network, the
 * Back button, a phone-sized screen), with an accessibility check of the forms and a screenshot
 * of each step (test-results/e2e; UPDATE_SCREENSHOTS=1 refreshes docs/screenshots). Skipped,
 * saying so, when /usr/bin/chromium is absent (`apt-get install -y chromium`; .ci/run installs it).
 */
import { readFileSync, rmSync } from 'node:fs';
import jsQR from 'jsqr';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, buildOtpauthUri, generateTotp } from '../../src/totp.js';
import { chromiumAvailable, launchChromium, warnIfSkipped } from './chromium.js';
import {
  accessibilityProblems,
  type DemoProcess,
  overflowPx,
  screenshotter,
  slowNetwork,
  spawnDemo,
} from './demo-browser.js';

warnIfSkipped('e2e');

const EMAIL = 'alice@example.com';
const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'staple battery horse';

describe.skipIf(!chromiumAvailable)('demo in Chromium', () => {
  let demo: DemoProcess;
  let base = '';
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const visited: string[] = [];
  const problems: string[] = []; // CSP violations, 404s and 5xx seen by the browser
  const secrets: string[] = [PASSWORD, NEW_PASSWORD];
  let key = '';
  let backupCodes: string[] = [];
  const snap = screenshotter();
  rmSync('test-results/e2e', { recursive: true, force: true });

  const secret = () => base32Decode(key);
  const totp = (offsetMs = 0) => generateTotp(secret(), { now: Date.now() + offsetMs });
  const button = (label: string, p: Page = page) =>
    p.getByRole('button', { name: label, exact: true });
  const submit = (label: string) => button(label).click();
  const a11y = async (where: string) =>
    expect(await accessibilityProblems(page), where).toEqual([]);
  const posts = (path: string) =>
    demo
      .logs()
      .split('\n')
      .filter((l) => l.startsWith(`POST ${path} `)).length;

  /** Two real mouse clicks 120 ms apart, as a user does: no waiting for the page in between. */
  async function doubleClick(label: string) {
    const box = (await button(label).boundingBox())!;
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await page.mouse.click(x, y);
    await page.waitForTimeout(120);
    await page.mouse.click(x, y);
  }
  /** Where the page ends up after a double submit (the first navigation is aborted, so poll). */
  async function landOn(path: string) {
    await expect.poll(() => page.url(), { timeout: 10_000 }).toBe(base + path);
    await page.waitForLoadState();
  }
  async function signIn(password = PASSWORD) {
    await page.goto(`${base}/signin`);
    await page.fill('#login', EMAIL);
    await page.fill('#password', password);
    await submit('Sign in');
  }
  async function signOut() {
    await page.goto(`${base}/security`);
    await submit('Sign out');
    await expect.poll(() => page.url()).toBe(`${base}/signin`);
  }
  async function latestText(): Promise<string> {
    const outbox = await context.newPage();
    await outbox.goto(`${base}/outbox`);
    const text = await outbox.locator('.outbox-item[data-kind="sms"] pre').first().innerText();
    await outbox.close();
    const code = /^(\d{6}) is your/.exec(text)?.[1];
    if (!code) throw new Error('no code in the latest text');
    secrets.push(code);
    return code;
  }

  beforeAll(async () => {
    demo = await spawnDemo();
    base = demo.base;
    browser = await launchChromium();
    context = await browser.newContext({
      acceptDownloads: true,
      viewport: { width: 900, height: 900 },
    });
    page = await context.newPage();
    page.on('request', (r) => visited.push(`${r.method()} ${r.url()}`));
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() === 404 || r.status() >= 500) problems.push(`${r.status()} ${r.url()}`);
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    demo?.stop();
  });

  it('signs up and is offered two-step verification, with Skip', async () => {
    await page.goto(`${base}/signup`);
    await a11y('sign-up');
    await page.fill('#login', EMAIL);
    await page.fill('#password', PASSWORD);
    await submit('Create account');
    expect(page.url()).toBe(`${base}/enroll`);
    await expect.poll(() => button('Skip for now').count()).toBe(1);
    await snap(page, 'enroll-offer');
  });

  it('enables an authenticator app: the QR code is the otpauth URI of the key shown', async () => {
    await page.getByRole('link', { name: 'Use an authenticator app' }).click();
    key = (await page.locator('#key').innerText()).replace(/\s/g, '');
    secrets.push(key);
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    const pixels = await page.evaluate(() => {
      const img = document.getElementById('qr') as HTMLImageElement;
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      return { width: canvas.width, height: canvas.height, data: Array.from(data) };
    });
    const decoded = jsQR(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height);
    expect(decoded?.data).toBe(
      buildOtpauthUri({ secret: secret(), issuer: 'mfa-kit demo', account: EMAIL }),
    );
    await snap(page, 'totp-setup');

    await page.fill('#code', '000000');
    await submit('Turn on');
    // Post/redirect/get: the error is on a page reached by GET, tied to the input.
    await expect.poll(() => page.locator('#code-error').innerText()).toContain("didn't work");
    expect(page.url()).toBe(`${base}/security/totp/new`);
    expect((await page.locator('#key').innerText()).replace(/\s/g, '')).toBe(key); // same key
    await a11y('wrong setup code');
  });

  it('a double click on "Turn on" over a slow network lands on the backup codes', async () => {
    const before = posts('/security/totp/confirm');
    const restore = await slowNetwork(context, page);
    await page.fill('#code', totp(-30_000)); // the previous step's code; the current stays fresh
    await doubleClick('Turn on');
    await landOn('/security/backup-codes');
    await restore();
    await expect.poll(() => page.locator('#backup-codes li').count()).toBe(10);
    expect(posts('/security/totp/confirm') - before).toBe(2); // both clicks reached the server
    backupCodes = await page.locator('#backup-codes li').allInnerTexts();
    secrets.push(...backupCodes);
    await snap(page, 'backup-codes');
  });

  it('downloads the backup codes as a PDF, and prints them from a view with a Print button', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('mfa-kit-demo-backup-codes.pdf');
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.getByRole('link', { name: 'Print view' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Backup codes');
    await expect.poll(() => page.locator('.sheet').innerText()).toContain(EMAIL);
    // The Print button works through /static/print.js (the CSP forbids inline scripts).
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed++;
      };
    });
    await button('Print').click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    expect(await overflowPx(page)).toBeLessThanOrEqual(0);
    await snap(page, 'backup-codes-print');
  });

  it('enrolls a phone with the code from the Outbox, and shows the resend cooldown', async () => {
    await page.goto(`${base}/security`);
    await page.getByRole('link', { name: 'Add a phone number' }).click();
    await page.fill('#phone', '+44 7911 123456');
    await submit('Send code');
    await expect
      .poll(() => page.locator('#phone-error').innerText())
      .toContain('only text US numbers');
    await a11y('phone refused');
    await page.fill('#phone', '(201) 555-0123');
    await submit('Send code');
    expect(page.url()).toBe(`${base}/security/sms/verify`);
    await submit('Send a new code');
    await expect.poll(() => page.getByText('You can ask for a new code in').count()).toBe(1);
    await snap(page, 'sms-verify');
    await page.fill('#code', await latestText());
    await submit('Verify');
    expect(page.url()).toBe(`${base}/security`);
    await expect.poll(() => page.locator('table').innerText()).toContain('+1 ••• ••• 0123');
    await snap(page, 'security-settings');
  });

  let usedCode = '';
  it('signs in with a code; a double click on Verify over a slow network stays signed in', async () => {
    await signOut();
    await signIn();
    expect(page.url()).toBe(`${base}/signin/verify`);
    await a11y('challenge');
    await snap(page, 'challenge');
    usedCode = totp();
    secrets.push(usedCode);
    const before = posts('/signin/verify');
    const restore = await slowNetwork(context, page);
    await page.fill('#code', usedCode);
    await doubleClick('Verify');
    await landOn('/security');
    await restore();
    expect(posts('/signin/verify') - before).toBe(2);
    await expect.poll(() => page.locator('header').innerText()).toContain(`Signed in as ${EMAIL}`);
    await page.reload();
    await expect.poll(() => page.locator('header').innerText()).toContain(`Signed in as ${EMAIL}`);
  });

  it('Back after signing in shows no sign-in form, and Back after a wrong code re-sends nothing', async () => {
    await page.goBack();
    expect(page.url()).toBe(`${base}/security`);
    await signOut();
    await signIn();
    await page.fill('#code', usedCode); // just used: refused, with a hint
    await submit('Verify');
    await expect.poll(() => page.locator('#code-error').innerText()).toContain('wait for your app');
    await snap(page, 'code-reuse-refused');
    const count = visited.length;
    await page.goBack();
    await page.goForward();
    expect(visited.slice(count).filter((r) => r.startsWith('POST'))).toEqual([]);
    const next = totp(30_000);
    secrets.push(next);
    await page.fill('#code', next);
    await page.check('input[name="remember"]');
    await submit('Verify');
    expect(page.url()).toBe(`${base}/security`);
    const cookies = await context.cookies();
    for (const name of ['sid', 'mfa_device'])
      expect(
        cookies.find((c) => c.name === name),
        name,
      ).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  });

  it('skips the question on the remembered device, which is listed by name with Forget', async () => {
    await signOut();
    await signIn();
    expect(page.url()).toBe(`${base}/security`);
    await expect.poll(() => page.locator('li', { hasText: 'Chrome on Linux' }).count()).toBe(1);
    await expect.poll(() => button('Forget').count()).toBe(1);
  });

  it('asks again after a password change, and takes a backup code', async () => {
    await page.goto(`${base}/security/password`);
    await page.fill('#current', PASSWORD);
    await page.fill('#password', NEW_PASSWORD);
    await submit('Change password');
    expect(page.url()).toBe(`${base}/security`);
    await signOut();
    await signIn(NEW_PASSWORD);
    expect(page.url()).toBe(`${base}/signin/verify`);
    await page.getByRole('link', { name: 'Use a backup code' }).click();
    await page.fill('#backupCode', backupCodes[0]!.toLowerCase());
    await submit('Verify');
    expect(page.url()).toBe(`${base}/security`);
    await expect.poll(() => page.getByRole('status').innerText()).toContain('9 left');
  });

  it('refuses a used backup code', async () => {
    await signOut();
    await signIn(NEW_PASSWORD);
    await page.getByRole('link', { name: 'Use a backup code' }).click();
    await page.fill('#backupCode', backupCodes[0]!);
    await submit('Verify');
    await expect.poll(() => page.locator('#backupCode-error').innerText()).toContain("didn't work");
    await a11y('backup code refused');
    await snap(page, 'backup-code-refused');
    await page.fill('#backupCode', backupCodes[1]!);
    await submit('Verify');
    expect(page.url()).toBe(`${base}/security`);
  });

  it('locks after six wrong codes and says how long to wait', async () => {
    await signOut();
    await signIn(NEW_PASSWORD);
    for (let i = 1; i <= 6; i++) {
      await page.fill('#code', String(100000 + i));
      await submit('Verify');
      expect(await page.locator('.lock').count(), `after ${i} wrong codes`).toBe(i === 6 ? 1 : 0);
    }
    await expect
      .poll(() => page.locator('.lock').innerText())
      .toMatch(/^Too many wrong codes\. Try again in 1 minute\.$/);
    await snap(page, 'locked');
    await page.goto(`${base}/outbox`);
    const outbox = page.locator('main');
    await expect.poll(() => outbox.innerText()).toContain('Sign-in paused');
    await expect.poll(() => outbox.innerText()).toContain('Two-step verification is on');
    expect(await outbox.innerText()).not.toContain('New backup codes'); // the first set is no news
    await snap(page, 'outbox');
  });

  it('admin requires MFA: a new account goes to enrollment, which has Sign out', async () => {
    await page.goto(`${base}/admin`);
    await a11y('admin');
    await page.check('input[name="enforcement"][value="required"]');
    await submit('Save');
    await snap(page, 'admin');
    const fresh = await browser.newContext();
    const p = await fresh.newPage();
    await p.goto(`${base}/signup`);
    await p.fill('#login', 'bob@example.com');
    await p.fill('#password', 'another password');
    await button('Create account', p).click();
    expect(p.url()).toBe(`${base}/enroll`);
    await expect
      .poll(() => p.getByText('Your organisation requires two-step verification').count())
      .toBe(1);
    expect(await button('Skip for now', p).count()).toBe(0);
    await p.goto(`${base}/security`);
    expect(p.url()).toBe(`${base}/enroll`); // nothing else until enrolled…
    await snap(p, 'required-enrollment');
    await button('Sign out', p).first().click(); // …but a way out
    await expect.poll(() => p.url()).toBe(`${base}/signin`);
    await fresh.close();
    await page.goto(`${base}/admin`);
    await page.check('input[name="enforcement"][value="optional"]');
    await submit('Save');
  });

  it('fits a 390 px phone screen with no horizontal scroll', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const p = await phone.newPage();
    await p.goto(`${base}/signup`);
    await p.fill('#login', 'carol@example.com');
    await p.fill('#password', 'a phone password');
    await button('Create account', p).click();
    await button('Skip for now', p).click();
    await expect.poll(() => p.url()).toBe(`${base}/security`);
    for (const path of [
      '/security',
      '/profile',
      '/admin',
      '/outbox',
      '/security/password',
      '/signin/verify',
    ]) {
      await p.goto(base + path);
      expect(await overflowPx(p), path).toBeLessThanOrEqual(0);
    }
    await p.goto(`${base}/security`);
    await snap(p, 'phone-security');
    await phone.close();
    const guest = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
    });
    const g = await guest.newPage();
    for (const path of ['/signin', '/signup', '/nowhere']) {
      await g.goto(base + path);
      expect(await overflowPx(g), path).toBeLessThanOrEqual(0);
    }
    await guest.close();
  });

  it('saw no CSP violation, no 404 (favicon included) and no server error', () => {
    expect(problems).toEqual([]);
  });

  it('put no password, key or code in a URL or a server log line', () => {
    const lines = demo.logs().split('\n');
    for (const s of secrets) {
      for (const url of visited) expect(url).not.toContain(s);
      for (const line of lines) expect(line).not.toContain(s);
    }
    expect(lines.some((l) => l.startsWith('[text message to +1 ••• ••• 0123'))).toBe(true);
    expect(visited.length).toBeGreaterThan(20);
  });
});
