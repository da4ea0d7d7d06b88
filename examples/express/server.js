// `npm run demo`: the demo on http://localhost:3000 (PORT and HOST override).
import { createDemo } from './app.js';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const { app } = createDemo();
const server = app.listen(port, host, () => {
  const url = `http://localhost:${server.address().port}`;
  console.log(`mfa-kit demo running at ${url}`);
  console.log(
    'First: open it, create an account, and add an authenticator app (scan the QR code with your phone).',
  );
  console.log(
    `Texts and e-mails are not really sent: they appear on ${url}/outbox, and texts also here.`,
  );
});
