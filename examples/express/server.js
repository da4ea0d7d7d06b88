// `npm run demo`: the demo on http://localhost:3000 (PORT and HOST override; DATABASE_URL and
// REDIS_URL put mfa-kit's data on real servers, see backend.js).
import { createDemo } from './app.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
// Passkeys are bound to the origin the browser sees; with PORT=0 it is known only once listening,
// so the demo listens first on a plain server and then hands requests to the app.
const { createServer } = await import('node:http');
const server = createServer();
server.listen(port, host, async () => {
  const url = `http://localhost:${server.address().port}`;
  const { app, close } = await createDemo({ origin: url });
  server.on('request', app);
  console.log(`mfa-kit demo running at ${url}`);
  console.log(
    'First: open it, create an account, and add an authenticator app (scan the QR code with your phone).',
  );
  console.log(`Texts and e-mails are not really sent: they appear on ${url}/outbox.`);
  const stop = () => server.close(() => close().finally(() => process.exit(0)));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
