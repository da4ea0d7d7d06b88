// Fastify 5: password sign-in with a second factor (an authenticator app or a backup code),
// "remember this device", and enrolling an authenticator app. JSON in, JSON out.
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { createMfa, memoryStore } from 'mfa-kit';
import * as web from 'mfa-kit/web';

/** `users`: your accounts; `check(email, password)` and `byId(id)` give `{ id, email }` or null. */
export function buildApp({ keyring, users, secure = true }) {
  const mfa = createMfa({ store: memoryStore(), keyring, issuer: 'Acme' }); // use a database store
  const cookies = web.mfaCookies({ secure });
  const sid = web.defineCookie('sid', { secure });
  const sessions = new Map(); // session id → { user, authenticatedAt }
  const app = Fastify().decorateRequest('session', null);

  async function signIn(res, user, setCookies) {
    const id = randomUUID(); // a fresh session id at every sign-in
    sessions.set(id, { user, authenticatedAt: Date.now() }); // password (and code) checked just now
    const next = web.enrollmentRedirect(await mfa.status(user.id), { suggest: true })?.location;
    res.header('set-cookie', [...setCookies, sid.set(id)]);
    return { signedIn: true, next }; // next: where to send the user first (enrollment), if anywhere
  }

  app.addHook('preHandler', async (req, res) => {
    req.session = sessions.get(sid.read(req));
    if (req.url.startsWith('/mfa/') && !req.session) return res.code(401).send();
  });

  app.post('/login', async (req, res) => {
    const user = await users.check(req.body?.email, req.body?.password);
    if (!user) return res.code(401).send({ error: 'wrong_password' });
    const started = await mfa.challenge.start(user.id, { deviceToken: cookies.device.read(req) });
    // Failures as Web Responses (Fastify 5 sends them): status, Retry-After, a plain sentence.
    if (!started.ok) return web.failureResponse(started.error);
    if (!started.required) return signIn(res, user, cookies.afterStart(started));
    res.header('set-cookie', cookies.afterStart(started)); // the challenge id, HttpOnly
    return { mfa: true, factors: started.factors };
  });

  app.post('/login/mfa', async (req, res) => {
    const posted = web.readChallengeAnswer(req.body); // { code } or { backupCode }, and remember
    if (!posted) return res.code(400).send({ error: 'code_required' });
    const challengeId = cookies.challenge.read(req) ?? '';
    const r = await mfa.challenge.verify(challengeId, posted.answer, posted.options);
    if (!r.ok) return web.withCookies(web.failureResponse(r.error), cookies.afterVerify(r));
    return signIn(res, await users.byId(r.userId), cookies.afterVerify(r)); // + the device cookie
  });

  app.post('/logout', async (req, res) => {
    sessions.delete(sid.read(req)); // the device cookie stays: it is what "remember" means
    res.header('set-cookie', sid.clear());
    return { signedIn: false };
  });

  // Settings → "Add an authenticator app" (signed-in users only: see the hook).
  app.post('/mfa/totp/begin', async (req) => {
    const { user, authenticatedAt } = req.session;
    const r = await mfa.totp.begin(user.id, { accountName: user.email, authenticatedAt });
    return r.ok ? r : web.failureResponse(r.error); // r.uri as a QR code, r.secret as text
  });
  app.post('/mfa/totp/confirm', async (req) => {
    const { factorId, code } = req.body ?? {};
    const r = await mfa.totp.confirm(req.session.user.id, String(factorId), String(code));
    return r.ok ? r : web.failureResponse(r.error); // r.backupCodes: show them once
  });
  return app;
}
