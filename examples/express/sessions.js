// Server-side sessions in memory, with the rules a sign-in needs: HttpOnly, SameSite=Lax and
// Secure cookies, a new id at sign-in (no fixation), a CSRF token per session, and repeated
// submissions answered with the first one's result (a double click must not sign anyone out).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'sid';
const IDLE_MS = 2 * 60 * 60 * 1000;
/** How long a finished form submission is answered again instead of run again. */
const REPEAT_MS = 30_000;

export function cookieOptions(req, maxAgeMs) {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    path: '/',
    ...(maxAgeMs ? { maxAge: maxAgeMs } : {}),
  };
}

const sameToken = (a, b) => {
  const x = Buffer.from(String(a ?? ''));
  const y = Buffer.from(String(b ?? ''));
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
};

export function createSessions({ now = Date.now } = {}) {
  const sessions = new Map();
  const queues = new Map();
  // Form digests are keyed so the record of a submitted code is no use to anyone reading memory.
  const digestKey = randomBytes(32);
  const digest = (req) => {
    const fields = Object.entries(req.body ?? {})
      .filter(([name]) => name !== '_csrf')
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return createHmac('sha256', digestKey)
      .update(`${req.path}\n${JSON.stringify(fields)}`)
      .digest('base64url');
  };
  const fresh = () => ({
    id: randomBytes(32).toString('base64url'),
    csrf: randomBytes(32).toString('base64url'),
    touchedAt: now(),
  });
  const store = (session) => sessions.set(session.id, session);

  /**
   * One POST at a time per session: the second click of a double click waits for the first to
   * finish, then finds its result instead of racing it.
   */
  function oneAtATime(req, res, next) {
    const sid = req.cookies?.[SESSION_COOKIE];
    if (req.method !== 'POST' || typeof sid !== 'string') return next();
    const before = queues.get(sid) ?? Promise.resolve();
    let release;
    const mine = new Promise((resolve) => {
      release = resolve;
    });
    const tail = before.then(() => mine);
    queues.set(sid, tail);
    let released = false;
    const done = () => {
      if (released) return;
      released = true;
      clearTimeout(timer);
      release();
      if (queues.get(sid) === tail) queues.delete(sid);
    };
    // Released when the handler answers, not when the browser hangs up: a double click aborts
    // the first request while its handler is still running, and the second must wait for it.
    const end = res.end;
    res.end = function (...args) {
      done();
      return end.apply(this, args);
    };
    const timer = setTimeout(done, 30_000); // a handler that never answers must not block the rest
    timer.unref();
    before.then(() => next());
  }

  function middleware(req, res, next) {
    const sid = req.cookies?.[SESSION_COOKIE];
    let session = typeof sid === 'string' ? sessions.get(sid) : undefined;
    if (session?.replacedBy) {
      // The browser still sent the id this session had before sign-in: the second click of the
      // same form. Answer it as the first was answered (same result, the new cookie), once, and
      // only to the very same form (same fields, same CSRF token) within 30 s: whoever planted
      // this id before sign-in would need the one-time code the user typed, and a single wrong
      // try closes the door (no fixation through the forward).
      const moved = session.moved;
      if (req.method === 'POST') session.moved = undefined;
      const successor = sessions.get(session.replacedBy);
      if (
        req.method === 'POST' &&
        moved &&
        successor &&
        now() - moved.at < REPEAT_MS &&
        moved.digest === digest(req) &&
        sameToken(req.body?._csrf, session.csrf)
      ) {
        res.cookie(SESSION_COOKIE, successor.id, cookieOptions(req));
        return res.redirect(303, moved.location);
      }
      // Anything else from a replaced id is stale: never answer it with a cookie that would
      // overwrite the newer one the browser may hold.
      if (req.method === 'POST') return res.redirect(303, '/');
      session = undefined;
    }
    if (!session || now() - session.touchedAt > IDLE_MS) {
      session = fresh();
      store(session);
      res.cookie(SESSION_COOKIE, session.id, cookieOptions(req));
    }
    session.touchedAt = now();
    req.session = session;

    /** A new id on sign-in, so an id planted before it is worthless. */
    req.renewSession = () => {
      const old = req.session;
      const renewed = { ...fresh(), flash: old.flash, previousCsrf: old.csrf };
      store(renewed);
      sessions.set(old.id, {
        id: old.id,
        csrf: old.csrf,
        replacedBy: renewed.id,
        touchedAt: now(),
      });
      setTimeout(() => {
        if (sessions.get(old.id)?.replacedBy) sessions.delete(old.id);
      }, REPEAT_MS).unref();
      res.cookie(SESSION_COOKIE, renewed.id, cookieOptions(req));
      req.session = renewed;
      req.replacedSessionId = old.id;
      return renewed;
    };
    req.endSession = () => {
      sessions.delete(req.session.id);
      res.clearCookie(SESSION_COOKIE, cookieOptions(req));
    };
    next();
  }

  /** Every POST must carry the session's CSRF token (or, just after sign-in, the one before). */
  function csrf(req, res, next) {
    if (req.method !== 'POST') return next();
    const s = req.session;
    const sent = req.body?._csrf;
    const repeat = s.lastPost;
    if (repeat && now() - repeat.at < REPEAT_MS && repeat.digest === digest(req)) {
      // The same form sent twice: the result of the first, not a second run.
      const token = sameToken(sent, s.csrf) || sameToken(sent, s.previousCsrf);
      if (token) return res.redirect(303, repeat.location);
    }
    // Only the very next submission counts as a repeat: anything posted in between (a failed
    // code, a passkey refused) means the user moved on, and the form runs again.
    delete s.lastPost;
    if (!sameToken(sent, s.csrf)) {
      return res.status(403).renderError({
        title: 'This form expired',
        text: 'The page was open too long or you signed in elsewhere. Reload the page and try again.',
      });
    }
    next();
  }

  /**
   * Ends a successful POST with a redirect to its result page, remembered for a moment so a
   * repeated submission lands on the same page (post/redirect/get).
   */
  function finish(req, res, location) {
    const record = { digest: digest(req), location, at: now() };
    req.session.lastPost = record;
    if (req.replacedSessionId) {
      const old = sessions.get(req.replacedSessionId);
      if (old) old.moved = record;
    }
    res.redirect(303, location);
  }

  /** "Sign out everywhere" and password changes end every session of the user. */
  function endAllFor(userId) {
    for (const [id, s] of sessions) if (s.userId === userId) sessions.delete(id);
  }

  return { oneAtATime, middleware, csrf, finish, endAllFor };
}
