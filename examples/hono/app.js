// Hono 4: password sign-in with a second factor (an authenticator app or a backup code),
// "remember this device", and enrolling an authenticator app. Web-standard only, so the same
// app runs on Node (node.js), Bun (bun.js) and Cloudflare's workerd (worker.js).
import { Hono } from 'hono';
import { createMfa, memoryStore } from 'mfa-kit';
import * as web from 'mfa-kit/web';

/** `users`: your accounts; `check(email, password)` and `byId(id)` give `{ id, email }` or null. */
export function buildApp({ keyring, users, secure = true }) {
  const mfa = createMfa({ store: memoryStore(), keyring, issuer: 'Acme' }); // use a database store
  const cookies = web.mfaCookies({ secure });
  const sid = web.defineCookie('sid', { secure });
  const sessions = new Map(); // session id → { user, authenticatedAt }
  const app = new Hono();
  const json = (c, body, setCookies = []) => web.withCookies(c.json(body), setCookies);
  const posted = (c) => c.req.json().catch(() => ({}));

  async function signIn(c, user, setCookies) {
    const id = crypto.randomUUID(); // a fresh session id at every sign-in
    sessions.set(id, { user, authenticatedAt: Date.now() }); // password (and code) checked just now
    const next = web.enrollmentRedirect(await mfa.status(user.id), { suggest: true })?.location;
    return json(c, { signedIn: true, next }, [...setCookies, sid.set(id)]); // next: enrollment?
  }

  app.use('/mfa/*', async (c, next) => {
    c.set('session', sessions.get(sid.read(c.req.raw))); // signed-in users only
    return c.get('session') ? next() : c.body(null, 401);
  });

  app.post('/login', async (c) => {
    const { email, password } = await posted(c);
    const user = await users.check(email, password);
    if (!user) return c.json({ error: 'wrong_password' }, 401);
    const started = await mfa.challenge.start(user.id, {
      deviceToken: cookies.device.read(c.req.raw),
    });
    if (!started.ok) return web.failureResponse(started.error); // status, Retry-After, words
    if (!started.required) return signIn(c, user, cookies.afterStart(started));
    return json(c, { mfa: true, factors: started.factors }, cookies.afterStart(started));
  });

  app.post('/login/mfa', async (c) => {
    const answer = web.readChallengeAnswer(await posted(c)); // { code } or { backupCode }, remember
    if (!answer) return c.json({ error: 'code_required' }, 400);
    const challengeId = cookies.challenge.read(c.req.raw) ?? '';
    const r = await mfa.challenge.verify(challengeId, answer.answer, answer.options);
    if (!r.ok) return web.withCookies(web.failureResponse(r.error), cookies.afterVerify(r));
    return signIn(c, await users.byId(r.userId), cookies.afterVerify(r)); // + the device cookie
  });

  app.post('/logout', (c) => {
    sessions.delete(sid.read(c.req.raw)); // the device cookie stays: it is what "remember" means
    return json(c, { signedIn: false }, [sid.clear()]);
  });

  // Settings → "Add an authenticator app".
  app.post('/mfa/totp/begin', async (c) => {
    const { user, authenticatedAt } = c.get('session');
    const r = await mfa.totp.begin(user.id, { accountName: user.email, authenticatedAt });
    return r.ok ? c.json(r) : web.failureResponse(r.error); // r.uri as a QR code, r.secret as text
  });
  app.post('/mfa/totp/confirm', async (c) => {
    const { factorId, code } = await posted(c);
    const r = await mfa.totp.confirm(c.get('session').user.id, String(factorId), String(code));
    return r.ok ? c.json(r) : web.failureResponse(r.error); // r.backupCodes: show them once
  });
  return app;
}
