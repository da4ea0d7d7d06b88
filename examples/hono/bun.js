// `npm run start:bun`: the same app on Bun's own server, on http://localhost:3000 (PORT=…).
import { buildApp } from './app.js';
import { demoUsers, keyringFromEnv } from './setup.js';

const app = buildApp({ keyring: keyringFromEnv(), users: demoUsers() });
const server = Bun.serve({
  fetch: app.fetch,
  port: Number(process.env.PORT ?? 3000),
  hostname: '127.0.0.1',
});
console.log(`Hono on Bun: ${server.url}`);
