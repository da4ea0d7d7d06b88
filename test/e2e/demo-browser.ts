/**
 * Helpers for driving the demo in Chromium: start the demo as `npm run demo` does, check a page
 * for the accessibility basics, check it fits a phone, and a slow network for double submits.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';

export interface DemoProcess {
  base: string;
  logs: () => string;
  stop: () => void;
}

/** `node examples/express/server.js` on a free port; resolves once it says where it runs. */
export async function spawnDemo(env: Record<string, string> = {}): Promise<DemoProcess> {
  let logs = '';
  const server: ChildProcess = spawn(process.execPath, ['examples/express/server.js'], {
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (d) => {
    logs += d;
  });
  server.stderr!.on('data', (d) => {
    logs += d;
  });
  for (let waited = 0; !/running at http/.test(logs); waited += 100) {
    if (waited > 20_000 || server.exitCode !== null)
      throw new Error(`the demo did not start:\n${logs}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const base = /running at (http:\/\/localhost:\d+)/.exec(logs)![1]!;
  return { base, logs: () => logs, stop: () => server.kill() };
}

/**
 * What a screen-reader user needs from every form: each control has a label, every
 * `aria-describedby` points at something, every visible error is tied to its input
 * (`aria-describedby` + `aria-invalid`) or is a form-wide alert, buttons have names, the page
 * has a language and a heading. Returns the problems found (none expected).
 */
export function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const controls = document.querySelectorAll<HTMLElement>(
      'input:not([type=hidden]), select, textarea',
    );
    for (const c of Array.from(controls)) {
      const id = c.id;
      const labelled =
        (id && document.querySelector(`label[for="${id}"]`)) ||
        c.closest('label') ||
        c.getAttribute('aria-label');
      if (!labelled) problems.push(`no label for ${c.getAttribute('name')}`);
      for (const ref of (c.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean))
        if (!document.getElementById(ref)) problems.push(`${id} describedby missing #${ref}`);
    }
    for (const err of Array.from(document.querySelectorAll<HTMLElement>('.error'))) {
      if (err.hidden || !err.textContent?.trim()) continue;
      if (err.getAttribute('role') !== 'alert') problems.push(`error without role=alert`);
      if (!err.id) continue; // a form-wide error
      const input = document.querySelector(`[aria-describedby~="${err.id}"]`);
      if (!input) problems.push(`#${err.id} is tied to no input`);
      else if (input.getAttribute('aria-invalid') !== 'true')
        problems.push(`#${input.id} has an error but no aria-invalid`);
    }
    for (const b of Array.from(document.querySelectorAll('button')))
      if (!b.textContent?.trim() && !b.getAttribute('aria-label')) problems.push('unnamed button');
    if (!document.documentElement.lang) problems.push('no lang on <html>');
    if (document.querySelectorAll('h1').length !== 1) problems.push('not exactly one <h1>');
    return problems;
  });
}

/** How much wider than the screen the page is (0: no horizontal scroll). */
export const overflowPx = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** ~300 ms of latency on every request of this page (Chrome DevTools network emulation). */
export async function slowNetwork(context: BrowserContext, page: Page, latencyMs = 300) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: latencyMs,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  return async () => {
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await cdp.detach();
  };
}

/** Screenshots go to test-results/e2e; with UPDATE_SCREENSHOTS=1 also to docs/screenshots. */
export function screenshotter(dir = 'test-results/e2e') {
  mkdirSync(dir, { recursive: true });
  const docs = process.env.UPDATE_SCREENSHOTS === '1';
  let n = 0;
  return async (page: Page, name: string, fullPage = true) => {
    n++;
    await page.screenshot({ path: `${dir}/${String(n).padStart(2, '0')}-${name}.png`, fullPage });
    if (docs) await page.screenshot({ path: `docs/screenshots/${name}.png`, fullPage });
  };
}
