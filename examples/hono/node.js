// `npm start`: the app on Node through @hono/node-server, on http://localhost:3000 (PORT=…).
import { serve } from '@hono/node-server';
import { buildApp } from './app.js';
import { demoUsers, keyringFromEnv } from './setup.js';

const app = buildApp({ keyring: keyringFromEnv(), users: demoUsers() });
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000), hostname: '127.0.0.1' }, (info) =>
  console.log(`Hono on Node: http://127.0.0.1:${info.port}`),
);
