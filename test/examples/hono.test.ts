/**
 * examples/hono over HTTP on three runtimes: Node (@hono/node-server, in this process), Bun
 * (its own server, a child process) and workerd (Cloudflare's runtime, through Miniflare). The
 * same journey on each: sign in, enroll, remember the device, backup code.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { describe, it } from 'vitest';
import { ensureExampleLinks } from '../web/example-links.js';
import { signInJourney } from '../web/journey.js';

ensureExampleLinks('hono');
const root = fileURLToPath(new URL('../..', import.meta.url));
const over = (base: string) => (path: string, init: RequestInit) => fetch(base + path, init);

/** Starts a script with PORT=0 and resolves with the URL it prints. */
async function startProcess(command: string, args: string[]) {
  const child: ChildProcess = spawn(command, args, {
    cwd: `${root}examples/hono`,
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL from ${command}: ${output}`)), 15_000);
    const read = (chunk: Buffer) => {
      output += chunk;
      const found = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => reject(new Error(`${command} exited (${code}): ${output}`)));
  });
  return { url, stop: () => child.kill() };
}

// Alone the three take 3–6 s together; inside the full suite on two cores up to 13 s, so the limit
// is set well above that rather than at the 20 s default.
describe.concurrent('examples/hono', { timeout: 60_000 }, () => {
  it('on Node through @hono/node-server', async () => {
    // @ts-expect-error the example is plain JavaScript
    const { buildApp } = await import('../../examples/hono/app.js');
    // @ts-expect-error the example is plain JavaScript
    const { demoUsers, keyringFromEnv } = await import('../../examples/hono/setup.js');
    const app = buildApp({ keyring: keyringFromEnv({}), users: demoUsers() });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await once(server, 'listening');
    try {
      await signInJourney(over(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
    } finally {
      server.close();
    }
  });

  it('on Bun', async () => {
    const bun = await startProcess(`${root}node_modules/.bin/bun`, ['bun.js']);
    try {
      await signInJourney(over(bun.url));
    } finally {
      bun.stop();
    }
  });

  it('on workerd through Miniflare', async () => {
    // @ts-expect-error the example is plain JavaScript
    const { startWorkerd } = await import('../../examples/hono/workerd.js');
    const workerd = await startWorkerd({ port: 0 });
    try {
      await signInJourney(over(String(workerd.url).replace(/\/$/, '')));
    } finally {
      await workerd.close();
    }
  });
});
