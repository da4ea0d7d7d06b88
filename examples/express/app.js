// The mfa-kit demo: an Express 5 app that already has password sign-in (accounts.js) and adds
// two-step verification with mfa-kit, the way a real app would. Everything MFA goes through the
// published API (`import … from 'mfa-kit'`, `'mfa-kit/web'`). Each flow's routes are in routes/.
import cookieParser from 'cookie-parser';
import express from 'express';
import { createMfa, randomBytes } from 'mfa-kit';
import { mfaCookies } from 'mfa-kit/web';
import { createAccounts } from './accounts.js';
import { createBackend } from './backend.js';
import { createHttp } from './http.js';
import { createMailer } from './mail.js';
import { PHONE_RULES, showPhone } from './phones.js';
import { createPolicy } from './policy.js';
import { accountRoutes } from './routes/account.js';
import { adminRoutes } from './routes/admin.js';
import { backupCodeRoutes } from './routes/backup-codes.js';
import { challengeRoutes } from './routes/challenge.js';
import { passkeyRoutes } from './routes/passkeys.js';
import { profileRoutes } from './routes/profile.js';
import { securityRoutes } from './routes/security.js';
import { smsRoutes } from './routes/sms.js';
import { totpRoutes } from './routes/totp.js';
import { createSessions } from './sessions.js';
import { createSignIn } from './sign-in.js';
import { siteAfter, siteBefore } from './site.js';

const ISSUER = 'mfa-kit demo';

/**
 * `origin` is where browsers reach the demo (passkeys are bound to it). `env` may carry
 * DATABASE_URL and REDIS_URL (backend.js).
 */
export async function createDemo({ log = console.log, now = Date.now, origin, env } = {}) {
  const accounts = createAccounts();
  const sessions = createSessions({ now });
  const backend = await createBackend({ env, log });
  const outbox = [];
  let mfa;
  const rules = createPolicy({ accounts, now, hasWebauthn: () => Boolean(mfa?.webauthn) });
  const webauthn = origin
    ? { rpId: new URL(origin).hostname, rpName: ISSUER, origins: [origin] }
    : undefined;

  mfa = createMfa({
    store: backend.store,
    ...(backend.rateLimiter ? { rateLimiter: backend.rateLimiter } : {}),
    // A real app loads its keys from a secret store; the demo makes one per run.
    keyring: { current: 'demo', keys: { demo: randomBytes(32) } },
    issuer: ISSUER,
    policy: rules.policy,
    sms: {
      ...PHONE_RULES,
      sender: {
        // The demo's "phone": texts go to the Outbox page; the log says only that one was sent.
        async send({ to, text }) {
          outbox.unshift({ kind: 'sms', to: showPhone(to), text, at: now() });
          log(`[text message to ${showPhone(to)}: read it on /outbox]`);
        },
      },
    },
    // Passkeys, when this version of mfa-kit has them (the option is checked strictly).
    ...(webauthn && supportsWebauthn() ? { webauthn } : {}),
    onEvent: createMailer({ accounts, outbox }),
    now,
  });

  const app = express();
  siteBefore(app, { log });
  app.use(cookieParser());
  app.use(express.urlencoded({ extended: false, limit: '64kb' }));
  const http = createHttp({ accounts, sessions, now });
  app.use(sessions.oneAtATime);
  app.use(sessions.middleware);
  app.use(http.errorPages);
  app.use(sessions.csrf);

  // The remembered-device cookie from mfa-kit/web (Secure and __Host- when served over HTTPS; the
  // demo runs on plain http://localhost). The pending challenge lives in the server session.
  const cookies = mfaCookies({ secure: false, now });
  const deviceCookie = {
    read: (req) => cookies.device.read(req.headers.cookie),
    clear: () => cookies.device.clear(),
    afterVerify: (r) =>
      cookies.afterVerify(r).filter((c) => c.startsWith(`${cookies.device.name}=`)),
  };
  const signIn = createSignIn({ mfa, accounts, http, rules });
  /** The first method brings backup codes: show them next; otherwise back to Security. */
  function afterEnrollment(req, res, result, message) {
    rules.changed(req);
    if (result.backupCodes) {
      req.session.freshCodes = { codes: result.backupCodes, first: true, createdAt: now() };
      return http.finish(req, res, '/security/backup-codes');
    }
    http.flash(req, message);
    http.finish(req, res, '/security');
  }
  const deps = {
    mfa,
    accounts,
    sessions,
    http,
    rules,
    signIn,
    deviceCookie,
    afterEnrollment,
    outbox,
    issuer: ISSUER,
  };
  accountRoutes(app, deps);
  profileRoutes(app, deps);
  challengeRoutes(app, deps);
  securityRoutes(app, deps);
  totpRoutes(app, deps);
  smsRoutes(app, deps);
  backupCodeRoutes(app, deps);
  if (mfa.webauthn) passkeyRoutes(app, deps);
  adminRoutes(app, deps);

  siteAfter(app, { log });

  return { app, mfa, outbox, settings: rules.settings, accounts, close: backend.close };

  function supportsWebauthn() {
    try {
      const probe = createMfa({
        store: backend.store,
        keyring: { current: 'k', keys: { k: Uint8Array.from({ length: 32 }, (_, i) => i + 1) } },
        issuer: ISSUER,
        webauthn,
      });
      return typeof probe.webauthn?.begin === 'function';
    } catch {
      return false;
    }
  }
}
