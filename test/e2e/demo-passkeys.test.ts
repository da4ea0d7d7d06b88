/**
 * Passkeys in the demo, in Chromium with its virtual authenticator (DevTools Protocol WebAuthn
 * domain through playwright-core's CDP session): register one on Security, sign out, sign in
 * with it, remove it, and see it refused. Skipped, saying why, without Chromium or when this
 * build of mfa-kit has no `webauthn` option yet.
 */
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMfa, memoryStore } from '../../src/service.js';
import { base32Decode, generateTotp } from '../../src/totp.js';
import { chromiumAvailable, launchChromium, warnIfSkipped } from './chromium.js';
import {
  accessibilityProblems,
  type DemoProcess,
  screenshotter,
  spawnDemo,
} from './demo-browser.js';

warnIfSkipped('e2e passkeys');

function webauthnSupported(): boolean {
  try {
    const mfa = createMfa({
      store: memoryStore(),
      keyring: { current: 'k', keys: { k: Uint8Array.from({ length: 32 }, (_, i) => i + 7) } },
      issuer: 'probe',
      webauthn: { rpId: 'localhost', rpName: 'probe', origins: ['http://localhost:1'] },
    } as Parameters<typeof createMfa>[0]);
    return typeof (mfa as { webauthn?: { begin?: unknown } }).webauthn?.begin === 'function';
  } catch {
    return false;
  }
}
const supported = webauthnSupported();
if (chromiumAvailable && !supported)
  console.warn(
    'e2e passkeys: SKIPPED, this build of mfa-kit has no `webauthn` option in createMfa (passkeys not landed)',
  );

const AUTHENTICATOR = {
  protocol: 'ctap2',
  transport: 'internal',
  hasResidentKey: true,
  hasUserVerification: true,
  isUserVerified: true,
} as const;

describe.skipIf(!chromiumAvailable || !supported)('passkeys in the demo (Chromium)', () => {
  let demo: DemoProcess;
  let browser: Browser;
  const snap = screenshotter('test-results/e2e-passkeys');
  const opened: BrowserContext[] = [];

  async function withAuthenticator(): Promise<{ page: Page; cdp: CDPSession; id: string }> {
    const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
    opened.push(context);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: AUTHENTICATOR,
    });
    return { page, cdp, id: authenticatorId };
  }
  const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

  beforeAll(async () => {
    demo = await spawnDemo();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    for (const c of opened) await c.close();
    await browser?.close();
    demo?.stop();
  });

  let a: { page: Page; cdp: CDPSession; id: string };
  const login = 'dana@example.com';
  const password = 'dana password 1';

  it('registers a passkey on Security; the first method brings backup codes', async () => {
    a = await withAuthenticator();
    const { page } = a;
    await page.goto(`${demo.base}/signup`);
    await page.fill('#login', login);
    await page.fill('#password', password);
    await button(page, 'Create account').click();
    await page.getByRole('link', { name: 'Use a passkey or security key' }).click();
    expect(page.url()).toBe(`${demo.base}/security/passkeys/new`);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.fill('#label', 'Laptop');
    await snap(page, 'passkey-add');
    await button(page, 'Add a passkey or security key').click();
    await expect.poll(() => page.url()).toBe(`${demo.base}/security/backup-codes`);
    await expect.poll(() => page.locator('#backup-codes li').count()).toBe(10);
    const { credentials } = await a.cdp.send('WebAuthn.getCredentials', { authenticatorId: a.id });
    expect(credentials).toHaveLength(1);
    await page.goto(`${demo.base}/security`);
    await expect
      .poll(() => page.locator('table').innerText())
      .toContain('Passkey or security key (Laptop)');
  });

  it('signs out, and signs in with the passkey', async () => {
    const { page } = a;
    await button(page, 'Sign out').first().click();
    await page.fill('#login', login);
    await page.fill('#password', password);
    await button(page, 'Sign in').click();
    expect(page.url()).toBe(`${demo.base}/signin/verify`);
    await snap(page, 'passkey-challenge');
    await button(page, 'Use your passkey').click();
    await expect.poll(() => page.url()).toBe(`${demo.base}/security`);
    await expect.poll(() => page.locator('header').innerText()).toContain(`Signed in as ${login}`);
  });

  it('removes it: a sign-in waiting for it is refused, and the next sign-in no longer offers it', async () => {
    const { page } = a;
    // An authenticator app too, so two-step verification stays on after the passkey goes.
    await page.goto(`${demo.base}/security/totp/new`);
    const key = (await page.locator('#key').innerText()).replace(/\s/g, '');
    await page.fill('#code', generateTotp(base32Decode(key), { now: Date.now() - 30_000 }));
    await button(page, 'Turn on').click();
    await expect.poll(() => page.url()).toBe(`${demo.base}/security`);

    // A second browser holding the same credential starts a sign-in before the removal.
    const b = await withAuthenticator();
    const { credentials } = await a.cdp.send('WebAuthn.getCredentials', { authenticatorId: a.id });
    await b.cdp.send('WebAuthn.addCredential', {
      authenticatorId: b.id,
      credential: credentials[0]!,
    });
    const signInB = async () => {
      await b.page.goto(`${demo.base}/signin`);
      await b.page.fill('#login', login);
      await b.page.fill('#password', password);
      await button(b.page, 'Sign in').click();
      expect(b.page.url()).toBe(`${demo.base}/signin/verify`);
    };
    await signInB();
    expect(await button(b.page, 'Use your passkey').count()).toBe(1);

    await page
      .locator('tr', { hasText: 'Passkey' })
      .getByRole('link', { name: 'Turn off' })
      .click();
    await button(page, 'Turn off').click();
    await expect.poll(() => page.getByRole('status').innerText()).toBe('Turned off.');
    await expect.poll(() => page.locator('table').innerText()).not.toContain('Passkey');

    await button(b.page, 'Use your passkey').click();
    await expect.poll(() => b.page.url()).not.toBe(`${demo.base}/signin/verify?`);
    await b.page.waitForLoadState();
    expect(await b.page.locator('header').innerText()).not.toContain('Signed in as');
    const refusal = b.page.url().endsWith('/signin')
      ? b.page.getByRole('status') // the challenge itself ended with the removal
      : b.page.locator('#passkey-error');
    await expect.poll(() => refusal.innerText()).toMatch(/no longer valid|may have been removed/);
    expect(await b.page.locator('#code-error').count()).toBe(0);
    await snap(b.page, 'passkey-refused');
    await signInB();
    expect(await button(b.page, 'Use your passkey').count()).toBe(0);
    expect(await b.page.locator('#code').count()).toBe(1);
  });
});
