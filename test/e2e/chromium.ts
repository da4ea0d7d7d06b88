/**
 * Debian's Chromium, driven by playwright-core (no browser downloads work here). Tests that need
 * it skip, saying so, where it is absent; `.ci/run` installs it so CI always runs them.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);

/** Warns once per test file that `what` is skipped, and why. */
export function warnIfSkipped(what: string): void {
  if (!chromiumAvailable) {
    console.warn(
      `${what}: SKIPPED, no Chromium at ${CHROMIUM} (install it with: apt-get install -y chromium)`,
    );
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
