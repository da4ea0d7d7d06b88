/**
 * Starts the demo app in this process on a free port with a controlled clock, for HTTP tests.
 */
import { createServer, type Server } from 'node:http';
// @ts-expect-error the demo is plain JavaScript
import { createDemo } from '../../examples/express/app.js';
import { base32Decode, generateTotp } from '../../src/totp.js';
import { DemoClient } from './demo-client.js';

export interface OutboxItem {
  kind: 'sms' | 'mail';
  to: string;
  subject?: string;
  text: string;
  at: number;
}

export interface RunningDemo {
  base: string;
  logs: string[];
  outbox: OutboxItem[];
  settings: Record<string, unknown>;
  clock: { now: number };
  client(): DemoClient;
  close(): Promise<void>;
}

export async function startDemo(env: Record<string, string> = {}): Promise<RunningDemo> {
  const clock = { now: Date.UTC(2026, 10, 23, 12) };
  const logs: string[] = [];
  // Listen first: passkeys are bound to the origin, known once the port is.
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const base = `http://127.0.0.1:${port}`;
  const demo = await createDemo({
    log: (line: string) => logs.push(line),
    now: () => clock.now,
    origin: `http://localhost:${port}`,
    env,
  }).catch(async (err: unknown) => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw err;
  });
  server.on('request', demo.app);
  return {
    base,
    logs,
    outbox: demo.outbox,
    settings: demo.settings,
    clock,
    client: () => new DemoClient(base),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await demo.close();
    },
  };
}

/** The key shown on the authenticator-app page, and the code it makes at `now`. */
export function keyOf(html: string): string {
  const key = /id="key">([^<]+)</.exec(html)?.[1];
  if (!key) throw new Error('no key on the page');
  return key.replace(/\s/g, '');
}
export const totpAt = (key: string, now: number) => generateTotp(base32Decode(key), { now });

/** Signs up (landing on the page sign-up leads to) and returns the client. */
export async function signUp(demo: RunningDemo, login: string, password = 'long enough') {
  const c = demo.client();
  await c.go('/signup');
  const page = await c.go('/signup', { login, password });
  return { c, page };
}

/** Adds an authenticator app; returns its key and the backup-codes page. */
export async function enrollTotp(demo: RunningDemo, c: DemoClient) {
  const setup = await c.go('/security/totp/new');
  const key = keyOf(setup.body);
  const page = await c.go('/security/totp/confirm', { code: totpAt(key, demo.clock.now) });
  const codes = [...page.body.matchAll(/<li>([0-9A-Z]{4}(?:-[0-9A-Z]{4})+)<\/li>/g)].map(
    (m) => m[1]!,
  );
  return { key, page, codes };
}

/** The 6-digit code of the latest text to a number ending in `last4`. */
export function latestCode(demo: RunningDemo): string {
  const text = demo.outbox.find((m) => m.kind === 'sms')?.text ?? '';
  const code = /\b(\d{6})\b/.exec(text)?.[1];
  if (!code) throw new Error('no texted code in the outbox');
  return code;
}

export const mails = (demo: RunningDemo, to: string) =>
  demo.outbox.filter((m) => m.kind === 'mail' && m.to === to).map((m) => m.subject);
