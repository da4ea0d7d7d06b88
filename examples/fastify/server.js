// `npm start`: the example on http://localhost:3000 (PORT=… to change).
import { buildApp } from './app.js';
import { demoUsers, keyringFromEnv } from './setup.js';

const app = buildApp({ keyring: keyringFromEnv(), users: demoUsers() });
const address = await app.listen({ port: Number(process.env.PORT ?? 3000), host: '127.0.0.1' });
console.log(
  `Fastify example on ${address}: POST /login with {"email":"alice@example.com","password":"correct horse"}`,
);
