/**
 * The demo, end to end, in a real Chromium driven by playwright-core: the whole journey a user
 * takes, with a screenshot of each step under test-results/e2e/. Skipped, saying so, when
 * /usr/bin/chromium is absent (`apt-get install -y chromium`; .ci/run installs it).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import jsQR from 'jsqr';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, buildOtpauthUri, generateTotp } from '../../src/totp.js';
import { chromiumAvailable, launchChromium, warnIfSkipped } from './chromium.js';

warnIfSkipped('e2e');

const SHOTS = 'test-results/e2e';
const EMAIL = 'alice@example.com';
const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'staple battery horse';

describe.skipIf(!chromiumAvailable)('demo in Chromium', () => {
  let server: ChildProcess;
  let logs = '';
  let base = '';
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const visited: string[] = [];
  const secrets: string[] = [PASSWORD, NEW_PASSWORD];
  let key = '';
  let backupCodes: string[] = [];
  let shot = 0;

  const snap = async (name: string, p: Page = page) => {
    shot++;
    await p.screenshot({
      path: `${SHOTS}/${String(shot).padStart(2, '0')}-${name}.png`,
      fullPage: true,
    });
  };
  const secret = () => base32Decode(key);
  const totp = (offsetMs = 0) => generateTotp(secret(), { now: Date.now() + offsetMs });
  const submit = (label: string) => page.getByRole('button', { name: label, exact: true }).click();

  async function signIn(password = PASSWORD) {
    await page.goto(`${base}/signin`);
    await page.fill('#email', EMAIL);
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
    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
    server = spawn(process.execPath, ['examples/express/server.js'], {
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (d) => (logs += d));
    server.stderr!.on('data', (d) => (logs += d));
    for (let waited = 0; !/running at http/.test(logs); waited += 100) {
      if (waited > 20_000 || server.exitCode !== null)
        throw new Error(`the demo did not start:\n${logs}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    base = /running at (http:\/\/localhost:\d+)/.exec(logs)![1]!;
    browser = await launchChromium();
    context = await browser.newContext({
      acceptDownloads: true,
      viewport: { width: 900, height: 900 },
    });
    page = await context.newPage();
    page.on('request', (r) => visited.push(r.url()));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill();
  });

  it('signs up and is offered two-step verification, with Skip', async () => {
    await page.goto(`${base}/signup`);
    await page.fill('#email', EMAIL);
    await page.fill('#password', PASSWORD);
    await submit('Create account');
    expect(page.url()).toBe(`${base}/enroll`);
    await expect.poll(() => page.getByRole('button', { name: 'Skip for now' }).count()).toBe(1);
    await snap('enroll-offer');
  });

  it('enables an authenticator app: the QR code is exactly the otpauth URI of the key shown', async () => {
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
      return {
        width: canvas.width,
        height: canvas.height,
        data: Array.from(ctx.getImageData(0, 0, canvas.width, canvas.height).data),
      };
    });
    const decoded = jsQR(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height);
    expect(decoded?.data).toBe(
      buildOtpauthUri({ secret: secret(), issuer: 'mfa-kit demo', account: EMAIL }),
    );
    await snap('totp-setup');

    await page.fill('#code', '000000');
    await submit('Turn on');
    await expect.poll(() => page.locator('.error').innerText()).toContain("didn't work");
    // The previous step's code is inside the ±1 window; the current one stays fresh for sign-in.
    await page.fill('#code', totp(-30_000));
    await submit('Turn on');
    expect(page.url()).toBe(`${base}/security/backup-codes`);
    backupCodes = await page.locator('#backup-codes li').allInnerTexts();
    secrets.push(...backupCodes);
    expect(backupCodes).toHaveLength(10);
    await snap('backup-codes');
  });

  it('downloads the backup codes as a text file', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download .txt' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('mfa-kit-demo-backup-codes.txt');
    const text = readFileSync((await download.path())!, 'utf8');
    for (const code of backupCodes) expect(text).toContain(code);
    expect(text).toContain(`Account: ${EMAIL}`);
    await page.goto(`${base}/security/backup-codes/print`);
    await expect.poll(() => page.locator('pre').innerText()).toContain(backupCodes[0]!);
  });

  it('enrolls a phone with the code from the Outbox, and shows the resend cooldown', async () => {
    await page.goto(`${base}/security`);
    await page.getByRole('link', { name: 'Add a phone number' }).click();
    await page.fill('#phone', '+44 7911 123456');
    await submit('Send code');
    await expect.poll(() => page.locator('.error').innerText()).toContain('only text US numbers');
    await page.fill('#phone', '(201) 555-0123');
    await submit('Send code');
    expect(page.url()).toBe(`${base}/security/sms/verify`);
    await submit('Send a new code');
    await expect.poll(() => page.getByText('You can ask for a new code in').count()).toBe(1);
    await snap('sms-verify');
    await page.fill('#code', await latestText());
    await submit('Verify');
    expect(page.url()).toBe(`${base}/security`);
    await expect.poll(() => page.locator('table').innerText()).toContain('+1 ••• ••• ••23');
    await snap('security-settings');
  });

  let usedCode = '';
  it('signs in with a TOTP code after the password', async () => {
    await signOut();
    await signIn();
    expect(page.url()).toBe(`${base}/signin/verify`);
    await snap('challenge');
    usedCode = totp();
    secrets.push(usedCode);
    await page.fill('#code', usedCode);
    await submit('Verify');
    expect(page.url()).toBe(`${base}/security`);
  });

  it('refuses the same code again, then remembers this device', async () => {
    await signOut();
    await signIn();
    await page.fill('#code', usedCode);
    await submit('Verify');
    await expect.poll(() => page.locator('.error').innerText()).toContain("didn't work");
    await snap('code-reuse-refused');
    const next = totp(30_000);
    secrets.push(next);
    await page.fill('#code', next);
    await page.check('input[name="remember"]');
    await submit('Verify');
    expect(page.url()).toBe(`${base}/security`);
    const cookies = await context.cookies();
    for (const name of ['sid', 'mfa_device']) {
      expect(
        cookies.find((c) => c.name === name),
        name,
      ).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    }
  });

  it('skips the question on the remembered device', async () => {
    await signOut();
    await signIn();
    expect(page.url()).toBe(`${base}/security`);
    await expect.poll(() => page.getByText('Remembered devices').count()).toBe(1);
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
    await expect.poll(() => page.locator('.error').innerText()).toContain("didn't work");
    await snap('backup-code-refused');
    await page.fill('#backupCode', backupCodes[1]!); // a fresh one works, and resets the count
    await submit('Verify');
    expect(page.url()).toBe(`${base}/security`);
  });

  it('locks after six wrong codes and says how long to wait', async () => {
    await signOut();
    await signIn(NEW_PASSWORD);
    for (let i = 1; i <= 6; i++) {
      await page.fill('#code', '000000');
      await submit('Verify');
      const locked = await page.locator('.lock').count();
      expect(locked, `after ${i} wrong codes`).toBe(i === 6 ? 1 : 0);
    }
    await expect
      .poll(() => page.locator('.lock').innerText())
      .toBe('Too many wrong codes. Try again in 1 minute.');
    await snap('locked');
    await page.goto(`${base}/outbox`);
    await expect.poll(() => page.locator('body').innerText()).toContain('Sign-in paused');
    await expect
      .poll(() => page.locator('body').innerText())
      .toContain('Two-step verification is on');
    await snap('outbox');
  });

  it('admin requires MFA, and a new account goes straight to enrollment without Skip', async () => {
    await page.goto(`${base}/admin`);
    await page.check('input[value="required"]');
    await submit('Save');
    await snap('admin');
    const fresh = await browser.newContext();
    const p = await fresh.newPage();
    await p.goto(`${base}/signup`);
    await p.fill('#email', 'bob@example.com');
    await p.fill('#password', 'another password');
    await p.getByRole('button', { name: 'Create account' }).click();
    expect(p.url()).toBe(`${base}/enroll`);
    await expect
      .poll(() => p.getByText('Your organisation requires two-step verification').count())
      .toBe(1);
    expect(await p.getByRole('button', { name: 'Skip for now' }).count()).toBe(0);
    await p.goto(`${base}/security`);
    expect(p.url()).toBe(`${base}/enroll`); // nothing else until enrolled
    await snap('required-enrollment', p);
    await fresh.close();
  });

  it('put no password, key or code in a URL or a server log line', () => {
    const logLines = logs.split('\n').filter((line) => !line.startsWith('[text message to'));
    for (const s of secrets) {
      for (const url of visited) expect(url).not.toContain(s);
      for (const line of logLines) expect(line).not.toContain(s);
    }
    expect(visited.length).toBeGreaterThan(20);
  });
});
