/**
 * The package in a browser: bundled with esbuild and loaded into a blank Chromium page (no Node
 * APIs), then made to compute RFC vectors, seal and open a secret, parse a phone number and run a
 * whole service sign-in. Skipped, saying so, without /usr/bin/chromium.
 */
import { build } from 'esbuild';
import { expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, warnIfSkipped } from './chromium.js';

warnIfSkipped('browser runtime');

it.skipIf(!chromiumAvailable)(
  'runs in a browser page, with no Node APIs',
  async () => {
    const bundle = await build({
      // The root, plus phone parsing, which lives only in mfa-kit/sms.
      stdin: {
        contents: "export * from './src/index.ts'; export { parsePhone } from './src/sms.ts';",
        resolveDir: '.',
        loader: 'ts',
      },
      bundle: true,
      format: 'iife',
      globalName: 'mfaKit',
      platform: 'browser',
      write: false,
      logLevel: 'error',
    });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.setContent('<!doctype html><title>mfa-kit</title>');
      await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
      const result = await page.evaluate(async () => {
        const m = (
          globalThis as unknown as {
            mfaKit: typeof import('../../src/index.js') & typeof import('../../src/sms.js');
          }
        ).mfaKit;
        const enc = new TextEncoder();
        const secret = enc.encode('12345678901234567890');
        const keyring = { current: 'k', keys: { k: m.randomBytes(32) } };
        const sealed = m.sealSecret(secret, { keyring, context: 'c' });
        const mfa = m.createMfa({
          store: m.memoryStore(),
          keyring,
          issuer: 'Browser',
          backupCodes: { cost: { N: 1024, r: 1, p: 1 } },
        });
        const begun = await mfa.totp.begin('u', { accountName: 'u', authenticatedAt: Date.now() });
        if (!begun.ok) return { error: begun.error.code };
        const key = m.base32Decode(begun.secret);
        const confirmed = await mfa.totp.confirm(
          'u',
          begun.factorId,
          m.generateTotp(key, { now: Date.now() - 30_000 }),
        );
        const challenge = await mfa.challenge.start('u');
        const verified =
          'challengeId' in challenge
            ? await mfa.challenge.verify(challenge.challengeId, { code: m.generateTotp(key) })
            : null;
        return {
          node: typeof (globalThis as { process?: unknown }).process,
          hotp: m.generateHotp(secret, 0),
          totp: m.generateTotp(enc.encode('12345678901234567890123456789012'), {
            now: 59_000,
            algorithm: 'SHA256',
            digits: 8,
          }),
          opened: Array.from(m.openSecret(sealed, { keyring, context: 'c' })).length,
          phone: m.parsePhone('(201) 555-0123', { defaultCountry: 'US' }),
          backupCodes: confirmed.ok ? confirmed.backupCodes?.length : -1,
          signedIn: verified?.ok,
        };
      });
      expect(result).toEqual({
        node: 'undefined',
        hotp: '755224',
        totp: '46119246',
        opened: 20,
        phone: {
          ok: true,
          e164: '+12015550123',
          country: 'US',
          national: '(201) 555-0123',
          masked: '+1 ••• ••• ••23',
        },
        backupCodes: 10,
        signedIn: true,
      });
    } finally {
      await browser.close();
    }
  },
  60_000,
);
