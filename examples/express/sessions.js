// Server-side sessions in memory, with the cookie rules a sign-in needs: HttpOnly, SameSite=Lax,
// Secure over HTTPS, a new id at sign-in (no fixation), and a CSRF token per session.
import { randomBytes, timingSafeEqual } from 'node:crypto';

const COOKIE = 'sid';
const IDLE_MS = 2 * 60 * 60 * 1000;

export function parseCookies(header = '') {
  const out = {};
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return out;
}

export function cookieOptions(req, maxAgeMs) {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    path: '/',
    ...(maxAgeMs ? { maxAge: maxAgeMs } : {}),
  };
}

export function createSessions() {
  const sessions = new Map();
  const fresh = () => ({
    id: randomBytes(32).toString('base64url'),
    csrf: randomBytes(32).toString('base64url'),
    touchedAt: Date.now(),
  });

  function middleware(req, res, next) {
    req.cookies = parseCookies(req.headers.cookie);
    let session = sessions.get(req.cookies[COOKIE]);
    if (!session || Date.now() - session.touchedAt > IDLE_MS) {
      session = fresh();
      sessions.set(session.id, session);
      res.cookie(COOKIE, session.id, cookieOptions(req));
    }
    session.touchedAt = Date.now();
    req.session = session;
    // Start a new session on sign-in so an id planted before it is worthless.
    req.renewSession = () => {
      sessions.delete(session.id);
      const renewed = { ...fresh(), flash: session.flash };
      sessions.set(renewed.id, renewed);
      res.cookie(COOKIE, renewed.id, cookieOptions(req));
      req.session = session = renewed;
      return renewed;
    };
    req.endSession = () => {
      sessions.delete(session.id);
      res.clearCookie(COOKIE, cookieOptions(req));
    };
    next();
  }

  /** Every POST must carry the session's CSRF token. */
  function csrf(req, res, next) {
    if (req.method !== 'POST') return next();
    const sent = Buffer.from(String(req.body?._csrf ?? ''));
    const expected = Buffer.from(req.session.csrf);
    if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
      return res.status(403).send('This form expired. Go back, reload the page and try again.');
    }
    next();
  }

  /** "Sign out everywhere" and password changes end every session of the user. */
  function endAllFor(userId) {
    for (const [id, s] of sessions) if (s.userId === userId) sessions.delete(id);
  }

  return { middleware, csrf, endAllFor };
}
