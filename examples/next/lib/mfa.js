// What the route handlers share: the service, the cookies, and this example's small sessions.
import { createMfa, memoryStore } from 'mfa-kit';
import * as web from 'mfa-kit/web';
import { demoUsers, keyringFromEnv } from './setup.js';

// Next.js may evaluate this module once per route bundle, and again after each edit in dev: one
// service (one key, one store) and one session table per process, kept on globalThis.
globalThis.mfaExample ??= {
  mfa: createMfa({ store: memoryStore(), keyring: keyringFromEnv(), issuer: 'Acme' }), // use a database store
  sessions: new Map(), // session id → { user, authenticatedAt }
};
export const { mfa, sessions } = globalThis.mfaExample;
export const users = demoUsers(); // your accounts: check(email, password), byId(id)
export const cookies = web.mfaCookies();
const sid = web.defineCookie('sid');

export const posted = (request) => request.json().catch(() => ({}));
export const session = (request) => sessions.get(sid.read(request));

export async function signIn(user, setCookies) {
  const id = crypto.randomUUID(); // a fresh session id at every sign-in
  sessions.set(id, { user, authenticatedAt: Date.now() }); // password (and code) checked just now
  const next = web.enrollmentRedirect(await mfa.status(user.id), { suggest: true })?.location;
  return web.withCookies(Response.json({ signedIn: true, next }), [...setCookies, sid.set(id)]);
}

export function signOut(request) {
  sessions.delete(sid.read(request)); // the device cookie stays: it is what "remember" means
  return web.withCookies(Response.json({ signedIn: false }), [sid.clear()]);
}
