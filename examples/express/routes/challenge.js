// The sign-in challenge after the password: a code (app or text), a passkey, or a backup code.
// Every failure redirects back to the page (post/redirect/get); a second click of Verify gets the
// first click's result (sessions.js), so it never signs anyone out.
import { readChallengeAnswer } from 'mfa-kit/web';
import { credentialJson } from '../credential-json.js';
import { deviceName } from '../device-name.js';
import { messageFor, wait, wrap } from '../http.js';
import { phonesOf } from '../phones.js';
import * as views from '../views/challenge.js';

const RECENT_CODE_MS = 90_000;

export function challengeRoutes(app, { mfa, accounts, http, signIn, deviceCookie }) {
  const { render, flash, failForm, takeForm, user, now } = http;
  const page = '/signin/verify';

  const requirePending = (req, res, next) =>
    req.session.pending ? next() : res.redirect(303, user(req) ? '/security' : '/signin');
  const lockMessage = (error) => messageFor(error);

  /** A failed answer: back to the page with the reason (the lock, or the error under the input). */
  function failed(req, res, error, extra = {}) {
    if (error.code === 'expired') return restart(req, res);
    const p = req.session.pending;
    let message = messageFor(error);
    // Codes work once: right after enrolling or signing in with one, say why it was refused.
    const recent = p.factors.some(
      (f) => f.type === 'totp' && now() - Math.max(f.createdAt, f.lastUsedAt ?? 0) < RECENT_CODE_MS,
    );
    if (error.code === 'invalid_code' && recent && !extra.backup && !extra.passkey)
      message = `${message} Each code works once: if you just used this one, wait for your app to show the next.`;
    const location = extra.backup ? `${page}?method=backup` : page;
    if (error.code === 'locked') return failForm(req, res, location, { lock: lockMessage(error) });
    if (extra.passkey)
      return failForm(req, res, location, {
        passkeyError:
          'That passkey was not accepted: it may have been removed from your account. Use another way below.',
      });
    failForm(req, res, location, { error: message });
  }
  function restart(req, res) {
    delete req.session.pending;
    flash(
      req,
      'That sign-in is no longer valid (it took too long, or the account changed). Please sign in again.',
    );
    res.redirect(303, '/signin');
  }

  app.get(page, requirePending, (req, res) => {
    const p = req.session.pending;
    const form = takeForm(req);
    const csrf = req.session.csrf;
    if (req.query.method === 'app') delete p.smsSent;
    if (req.query.method === 'backup')
      return render(
        req,
        res,
        'Use a backup code',
        views.backupForm({ csrf, form, lock: form.lock }),
      );
    const account = accounts.get(p.userId);
    render(
      req,
      res,
      'Two-step verification',
      views.challenge({ csrf, ...p, phones: phonesOf(account), form, lock: form.lock }),
      { scripts: p.passkey ? ['/static/passkey.js'] : [] },
    );
  });

  app.post(
    '/signin/send-sms',
    requirePending,
    wrap(async (req, res) => {
      const r = await signIn.sendSms(req, String(req.body.factorId ?? ''));
      if (r.ok) return http.finish(req, res, page);
      if (r.error.code === 'rate_limited')
        return failForm(req, res, page, {
          error: `Please wait ${wait(r.error.retryAfterMs)} before asking for another code.`,
        });
      failed(req, res, r.error);
    }),
  );

  async function answer(req, res, given, rememberDevice, backup) {
    const p = req.session.pending;
    const r = await mfa.challenge.verify(p.challengeId, given, {
      rememberDevice,
      deviceName: deviceName(req.get('user-agent')),
    });
    if (!r.ok) return failed(req, res, r.error, { backup, passkey: 'webauthn' in given });
    for (const cookie of deviceCookie.afterVerify(r)) res.append('Set-Cookie', cookie);
    if (r.method === 'backup_code')
      flash(req, `Signed in with a backup code. ${r.backupCodesRemaining} left.`);
    await signIn.complete(req, res, accounts.get(r.userId), p.passwordCheckedAt);
  }

  app.post(
    page,
    requirePending,
    wrap(async (req, res) => {
      const posted = readChallengeAnswer(req.body);
      const backup = typeof req.body.backupCode === 'string';
      if (!posted)
        return failForm(req, res, backup ? `${page}?method=backup` : page, {
          error: 'Enter the code.',
        });
      await answer(req, res, posted.answer, Boolean(posted.options?.rememberDevice), backup);
    }),
  );

  app.post('/signin/cancel', (req, res) => {
    delete req.session.pending;
    res.redirect(303, '/signin');
  });

  if (!mfa.webauthn) return; // passkeys not configured: no passkey answers
  app.post(
    '/signin/passkey',
    requirePending,
    wrap(async (req, res) => {
      const response = credentialJson(req.body.response);
      if (!response)
        return failForm(req, res, page, {
          passkeyError: "Your browser didn't send a passkey. Try again.",
        });
      await answer(req, res, { webauthn: response }, req.body.remember === '1', false);
    }),
  );
}
