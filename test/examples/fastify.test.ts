/** examples/fastify over HTTP: the whole sign-in journey against a real Fastify 5 server. */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ensureExampleLinks } from '../web/example-links.js';
import { type Send, signInJourney } from '../web/journey.js';

ensureExampleLinks('fastify');
// @ts-expect-error the example is plain JavaScript
const { buildApp } = await import('../../examples/fastify/app.js');
// @ts-expect-error the example is plain JavaScript
const { demoUsers, keyringFromEnv } = await import('../../examples/fastify/setup.js');

const app = buildApp({ keyring: keyringFromEnv({}), users: demoUsers() });
let base = '';
beforeAll(async () => {
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => app.close());

describe('examples/fastify', () => {
  it('signs in, enrolls an app, remembers the device, accepts a backup code', async () => {
    const send: Send = (path, init) => fetch(base + path, init);
    await signInJourney(send);
  });
});
