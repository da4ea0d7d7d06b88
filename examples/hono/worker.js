// The same app as a Cloudflare Worker. MFA_KEY is a secret binding (`wrangler secret put MFA_KEY`).
// memoryStore lives only as long as one isolate: a deployed worker needs a database store.
import { buildApp } from './app.js';
import { demoUsers, keyringFromEnv } from './setup.js';

let app; // built on the first request: workers may not make random keys at startup
export default {
  fetch(request, env, ctx) {
    app ??= buildApp({ keyring: keyringFromEnv(env), users: demoUsers() });
    return app.fetch(request, env, ctx);
  },
};
