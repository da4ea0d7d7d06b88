// The mfa-kit demo: an Express 5 app that already has password sign-in (accounts.js) and adds
// two-step verification with mfa-kit, the way a real app would. Everything MFA goes through the
// published API (`import … from 'mfa-kit'`).
import express from 'express';
import { createMfa, formatBackupCodesText, memoryStore, randomBytes } from 'mfa-kit';
import QRCode from 'qrcode';
import { createAccounts } from './accounts.js';
import { cookieOptions, createSessions } from './sessions.js';
import { layout, plural, views } from './views.js';

const REAUTH_MS = 10 * 60 * 1000; // the library's default policy: sensitive changes need a recent password
const DEVICE_COOKIE = 'mfa_device';
const ISSUER = 'mfa-kit demo';

const MESSAGES = {
  invalid_code: "That code didn't work. Check it and try again.",
  invalid_phone: "That doesn't look like a phone number.",
  country_not_allowed: 'We can only text US numbers.',
  not_mobile: "That number can't receive texts.",
  already_enrolled: 'That number is already on your account.',
  delivery_failed: "We couldn't send the text. Try again in a minute.",
  not_allowed: "That isn't allowed for your account.",
  conflict: 'Something else changed your account at the same moment. Try again.',
  not_found: 'That method is no longer on your account.',
};

export function createDemo({ log = console.log, now = Date.now } = {}) {
  const accounts = createAccounts();
  const sessions = createSessions();
  const outbox = [];
  const settings = { enforcement: 'optional' };

  const mfa = createMfa({
    store: memoryStore(),
    // A real app loads its keys from a secret store; the demo makes one per run.
    keyring: { current: 'demo', keys: { demo: randomBytes(32) } },
    issuer: ISSUER,
    policy: () => ({ enforcement: settings.enforcement }),
    sms: {
      defaultCountry: 'US',
      allowedCountries: ['US'],
      sender: {
        // The demo's "phone": texts go to the Outbox page and the terminal instead of a provider.
        async send({ to, text }) {
          outbox.unshift({ kind: 'sms', to, text, at: now() });
          log(`[text message to ${to}] ${text.replace(/\n+/g, ' | ')}`);
        },
      },
    },
    onEvent: (event) => sendMail(event),
    now,
  });

  // Notification e-mails, from mfa-kit's events. A real app would queue them for its mailer.
  const SUBJECTS = {
    'factor.enrolled': (e) =>
      e.firstFactor
        ? ['Two-step verification is on', 'You turned on two-step verification.']
        : [
            'A sign-in method was added',
            `You added ${e.factorType === 'sms' ? 'a phone number' : 'an authenticator app'}.`,
          ],
    'factor.removed': (e) =>
      e.lastFactor
        ? ['Two-step verification is off', 'You turned off two-step verification.']
        : ['A sign-in method was removed', 'A second-step method was removed from your account.'],
    'backup_codes.generated': () => [
      'New backup codes',
      'New backup codes were created; the old ones no longer work.',
    ],
    'backup_codes.used': (e) => [
      'A backup code was used',
      `A backup code was used to sign in. ${e.remaining} left.`,
    ],
    'lockout.started': (e) => [
      'Sign-in paused',
      `Too many wrong codes were entered. Sign-in is paused for ${plural(e.retryAfterMs)}.`,
    ],
  };
  function sendMail(event) {
    const user = accounts.get(event.userId);
    const make = SUBJECTS[event.type];
    if (!user || !make) return;
    const [subject, text] = make(event);
    outbox.unshift({
      kind: 'mail',
      to: user.email,
      subject,
      text: `${text}\nIf this wasn't you, change your password.`,
      at: event.at,
    });
  }

  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    res.on('finish', () => log(`${req.method} ${req.path} ${res.statusCode}`)); // never the query or body
    res.set({
      'Cache-Control': 'no-store',
      'X-Frame-Options': 'DENY',
      'Content-Security-Policy':
        "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      'Referrer-Policy': 'no-referrer',
    });
    next();
  });
  app.use(express.urlencoded({ extended: false, limit: '10kb' }));
  app.use(sessions.middleware);
  app.use(sessions.csrf);

  const wrap = (fn) => (req, res, next) => Promise.resolve(fn(req, res, next)).catch(next);
  const user = (req) => (req.session.userId ? accounts.get(req.session.userId) : null);
  const render = (req, res, title, body, status = 200) => {
    const flash = req.session.flash;
    delete req.session.flash;
    res.status(status).send(layout({ title, user: user(req), body, flash }));
  };
  const flash = (req, message) => {
    req.session.flash = message;
  };
  const requireUser = (req, res, next) => (user(req) ? next() : res.redirect('/signin'));
  /** Sensitive pages ask for the password again when the last check is too old. */
  const requireRecentPassword = (req, res, next) =>
    now() - (req.session.passwordCheckedAt ?? 0) <= REAUTH_MS
      ? next()
      : res.redirect(`/reauth?next=${encodeURIComponent(req.originalUrl)}`);
  const reauthRedirect = (res, next) => res.redirect(`/reauth?next=${encodeURIComponent(next)}`);
  const authenticatedAt = (req) => req.session.passwordCheckedAt ?? 0;

  async function completeSignIn(req, res, account, passwordCheckedAt) {
    const session = req.renewSession();
    session.userId = account.id;
    session.passwordCheckedAt = passwordCheckedAt;
    const status = await mfa.status(account.id);
    res.redirect(status.mustEnroll || status.promptEnrollment ? '/enroll' : '/security');
  }

  app.get('/', (req, res) => res.redirect(user(req) ? '/security' : '/signin'));

  // --- Accounts (the host app's own sign-up and sign-in) --------------------------------------
  app.get('/signup', (req, res) =>
    render(req, res, 'Sign up', views.signup({ csrf: req.session.csrf })),
  );
  app.post(
    '/signup',
    wrap(async (req, res) => {
      const { email = '', password = '' } = req.body;
      const bad = !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)
        ? 'Enter an e-mail address like name@example.com.'
        : password.length < 8
          ? 'Use at least 8 characters.'
          : null;
      const account = bad ? null : accounts.create(email, password);
      if (!account)
        return render(
          req,
          res,
          'Sign up',
          views.signup({
            csrf: req.session.csrf,
            email,
            error: bad ?? 'An account with that e-mail already exists.',
          }),
          400,
        );
      await completeSignIn(req, res, account, now());
    }),
  );

  app.get('/signin', (req, res) =>
    render(req, res, 'Sign in', views.signin({ csrf: req.session.csrf })),
  );
  app.post(
    '/signin',
    wrap(async (req, res) => {
      const { email = '', password = '' } = req.body;
      const account = accounts.check(email, password);
      if (!account)
        return render(
          req,
          res,
          'Sign in',
          views.signin({ csrf: req.session.csrf, email, error: 'Wrong e-mail or password.' }),
          401,
        );
      const start = await mfa.challenge.start(account.id, {
        deviceToken: req.cookies[DEVICE_COOKIE],
      });
      if ('ok' in start)
        return render(
          req,
          res,
          'Sign in',
          views.signin({ csrf: req.session.csrf, email, error: MESSAGES.conflict }),
          503,
        );
      if (!start.required) return completeSignIn(req, res, account, now());
      req.session.pending = {
        userId: account.id,
        challengeId: start.challengeId,
        factors: start.factors,
        backupCodesRemaining: start.backupCodesRemaining,
        passwordCheckedAt: now(),
      };
      res.redirect('/signin/verify');
    }),
  );

  // --- Sign-in challenge ---------------------------------------------------------------------
  const challengePage = (req, res, extra = {}, status = 200) => {
    const p = req.session.pending;
    render(
      req,
      res,
      'Two-step verification',
      views.challenge({
        csrf: req.session.csrf,
        factors: p.factors,
        backupCodesRemaining: p.backupCodesRemaining,
        smsSent: p.smsSent,
        backup: req.query.method === 'backup' || extra.backup,
        ...extra,
      }),
      status,
    );
  };
  const requirePending = (req, res, next) =>
    req.session.pending ? next() : res.redirect('/signin');
  const lockMessage = (error) =>
    error.retryAfterMs === undefined
      ? 'Your account is locked after too many wrong codes. Contact support to unlock it.'
      : `Too many wrong codes. Try again in ${plural(error.retryAfterMs)}.`;

  app.get('/signin/verify', requirePending, (req, res) => challengePage(req, res));
  app.post(
    '/signin/send-sms',
    requirePending,
    wrap(async (req, res) => {
      const p = req.session.pending;
      const r = await mfa.challenge.sendSms(p.challengeId, String(req.body.factorId ?? ''), {
        ip: req.ip,
      });
      if (r.ok) {
        p.smsSent = { factorId: req.body.factorId, phone: r.phone };
        return res.redirect('/signin/verify');
      }
      if (r.error.code === 'expired') return restartSignIn(req, res);
      if (r.error.code === 'locked')
        return challengePage(req, res, { lock: lockMessage(r.error) }, 429);
      const message =
        r.error.code === 'rate_limited'
          ? `Please wait ${plural(r.error.retryAfterMs)} before asking for another code.`
          : MESSAGES[r.error.code];
      challengePage(req, res, { error: message }, 400);
    }),
  );
  app.post(
    '/signin/verify',
    requirePending,
    wrap(async (req, res) => {
      const p = req.session.pending;
      const backup = typeof req.body.backupCode === 'string';
      const answer = backup
        ? { backupCode: req.body.backupCode }
        : {
            code: String(req.body.code ?? ''),
            ...(req.body.factorId ? { factorId: String(req.body.factorId) } : {}),
          };
      const r = await mfa.challenge.verify(p.challengeId, answer, {
        rememberDevice: req.body.remember === '1',
        deviceName: String(req.get('user-agent') ?? '').slice(0, 60),
      });
      if (r.ok) {
        if (r.deviceToken)
          res.cookie(DEVICE_COOKIE, r.deviceToken, cookieOptions(req, 30 * 24 * 3600 * 1000));
        if (r.method === 'backup_code')
          flash(req, `Signed in with a backup code. ${r.backupCodesRemaining} left.`);
        return completeSignIn(req, res, accounts.get(r.userId), p.passwordCheckedAt);
      }
      if (r.error.code === 'expired') return restartSignIn(req, res);
      if (r.error.code === 'locked')
        return challengePage(req, res, { lock: lockMessage(r.error), backup }, 429);
      challengePage(
        req,
        res,
        { error: MESSAGES[r.error.code] ?? MESSAGES.invalid_code, backup },
        401,
      );
    }),
  );
  function restartSignIn(req, res) {
    delete req.session.pending;
    flash(req, 'That sign-in took too long. Please sign in again.');
    res.redirect('/signin');
  }

  // --- Enrollment ----------------------------------------------------------------------------
  app.get(
    '/enroll',
    requireUser,
    wrap(async (req, res) => {
      const status = await mfa.status(req.session.userId);
      if (status.enrolled || status.enforcement === 'off') return res.redirect('/security');
      render(
        req,
        res,
        'Two-step verification',
        views.enroll({
          csrf: req.session.csrf,
          status,
          required: status.enforcement === 'required' && !status.canSkip,
        }),
      );
    }),
  );
  app.post(
    '/enroll/skip',
    requireUser,
    wrap(async (req, res) => {
      const r = await mfa.skipEnrollment(req.session.userId);
      if (!r.ok) return res.redirect('/enroll');
      flash(req, 'You can turn on two-step verification any time under Security.');
      res.redirect('/security');
    }),
  );

  app.get(
    '/security',
    requireUser,
    wrap(async (req, res) => {
      const status = await mfa.status(req.session.userId);
      if (status.mustEnroll) return res.redirect('/enroll');
      const devices = await mfa.devices.list(req.session.userId);
      render(req, res, 'Security', views.security({ csrf: req.session.csrf, status, devices }));
    }),
  );

  // Authenticator app
  app.get(
    '/security/totp/new',
    requireUser,
    requireRecentPassword,
    wrap(async (req, res) => {
      const account = user(req);
      const r = await mfa.totp.begin(account.id, {
        accountName: account.email,
        authenticatedAt: authenticatedAt(req),
      });
      if (!r.ok) {
        if (r.error.code === 'reauth_required') return reauthRedirect(res, '/security/totp/new');
        flash(req, MESSAGES[r.error.code]);
        return res.redirect('/security');
      }
      const qr = await QRCode.toDataURL(r.uri, { margin: 1, scale: 6, errorCorrectionLevel: 'M' });
      req.session.totpSetup = { factorId: r.factorId, qr, key: r.secret };
      render(
        req,
        res,
        'Authenticator app',
        views.totpNew({ csrf: req.session.csrf, ...req.session.totpSetup }),
      );
    }),
  );
  app.post(
    '/security/totp/confirm',
    requireUser,
    wrap(async (req, res) => {
      const setup = req.session.totpSetup;
      if (!setup) return res.redirect('/security');
      const r = await mfa.totp.confirm(
        req.session.userId,
        setup.factorId,
        String(req.body.code ?? ''),
      );
      if (!r.ok) {
        if (r.error.code === 'expired') {
          flash(req, 'That setup expired. Please start again.');
          return res.redirect('/security');
        }
        return render(
          req,
          res,
          'Authenticator app',
          views.totpNew({ csrf: req.session.csrf, ...setup, error: MESSAGES.invalid_code }),
          400,
        );
      }
      delete req.session.totpSetup;
      return afterEnrollment(req, res, r, 'Authenticator app added.');
    }),
  );
  function afterEnrollment(req, res, result, message) {
    if (result.backupCodes) {
      req.session.freshCodes = { codes: result.backupCodes, first: true, createdAt: now() };
      return res.redirect('/security/backup-codes');
    }
    flash(req, message);
    res.redirect('/security');
  }

  // Text messages
  app.get('/security/sms/new', requireUser, requireRecentPassword, (req, res) =>
    render(
      req,
      res,
      'Phone number',
      views.smsNew({
        csrf: req.session.csrf,
        replaces: typeof req.query.replaces === 'string' ? req.query.replaces : undefined,
      }),
    ),
  );
  app.post(
    '/security/sms/begin',
    requireUser,
    wrap(async (req, res) => {
      const phone = String(req.body.phone ?? '');
      const replaces = req.body.replaces ? String(req.body.replaces) : undefined;
      const r = await mfa.sms.begin(req.session.userId, phone, {
        authenticatedAt: authenticatedAt(req),
        ip: req.ip,
        ...(replaces ? { replaces } : {}),
      });
      if (r.ok) {
        req.session.smsSetup = { factorId: r.factorId, masked: r.masked, sentAt: now() };
        return res.redirect('/security/sms/verify');
      }
      if (r.error.code === 'reauth_required') return reauthRedirect(res, '/security/sms/new');
      const error =
        r.error.code === 'rate_limited'
          ? `Too many codes were sent. Try again in ${plural(r.error.retryAfterMs)}.`
          : MESSAGES[r.error.code];
      render(
        req,
        res,
        'Phone number',
        views.smsNew({ csrf: req.session.csrf, phone, replaces, error }),
        400,
      );
    }),
  );
  const smsVerifyPage = (req, res, extra = {}, status = 200) => {
    const s = req.session.smsSetup;
    const wait = 30_000 - (now() - s.sentAt);
    render(
      req,
      res,
      'Verify phone',
      views.smsVerify({
        csrf: req.session.csrf,
        ...s,
        resendIn: wait > 0 ? plural(wait) : undefined,
        ...extra,
      }),
      status,
    );
  };
  app.get('/security/sms/verify', requireUser, (req, res) =>
    req.session.smsSetup ? smsVerifyPage(req, res) : res.redirect('/security'),
  );
  app.post(
    '/security/sms/resend',
    requireUser,
    wrap(async (req, res) => {
      const s = req.session.smsSetup;
      if (!s) return res.redirect('/security');
      const r = await mfa.sms.resend(req.session.userId, s.factorId, { ip: req.ip });
      if (r.ok) {
        s.sentAt = now();
        return smsVerifyPage(req, res, { notice: 'We sent a new code.' });
      }
      if (r.error.code === 'rate_limited')
        return smsVerifyPage(req, res, { resendIn: plural(r.error.retryAfterMs) }, 429);
      flash(
        req,
        r.error.code === 'expired'
          ? 'That setup expired. Please start again.'
          : MESSAGES[r.error.code],
      );
      res.redirect('/security');
    }),
  );
  app.post(
    '/security/sms/confirm',
    requireUser,
    wrap(async (req, res) => {
      const s = req.session.smsSetup;
      if (!s) return res.redirect('/security');
      const r = await mfa.sms.confirm(req.session.userId, s.factorId, String(req.body.code ?? ''));
      if (!r.ok) {
        if (r.error.code === 'expired') {
          flash(req, 'That setup expired. Please start again.');
          return res.redirect('/security');
        }
        return smsVerifyPage(req, res, { error: MESSAGES.invalid_code }, 400);
      }
      delete req.session.smsSetup;
      afterEnrollment(req, res, r, 'Phone number added.');
    }),
  );

  // Backup codes: shown once, downloadable and printable while still in this session.
  const freshCodes = (req) => {
    const fresh = req.session.freshCodes;
    return fresh && now() - fresh.createdAt < REAUTH_MS ? fresh : null;
  };
  app.get('/security/backup-codes', requireUser, (req, res) => {
    const fresh = freshCodes(req);
    if (!fresh) return res.redirect('/security');
    render(req, res, 'Backup codes', views.backupCodes(fresh));
  });
  const codesText = (req, fresh) =>
    formatBackupCodesText({
      codes: fresh.codes,
      issuer: ISSUER,
      account: user(req).email,
      createdAt: fresh.createdAt,
    });
  app.get('/security/backup-codes/download', requireUser, (req, res) => {
    const fresh = freshCodes(req);
    if (!fresh) return res.redirect('/security');
    res.type('text/plain').attachment('mfa-kit-demo-backup-codes.txt').send(codesText(req, fresh));
  });
  app.get('/security/backup-codes/print', requireUser, (req, res) => {
    const fresh = freshCodes(req);
    if (!fresh) return res.redirect('/security');
    res.send(views.backupPrint({ text: codesText(req, fresh) }));
  });
  app.get('/security/backup-codes/new', requireUser, requireRecentPassword, (req, res) =>
    render(
      req,
      res,
      'New backup codes',
      views.confirm({
        csrf: req.session.csrf,
        title: 'Get new backup codes?',
        text: 'Your current backup codes will stop working.',
        action: '/security/backup-codes/new',
        button: 'Get new codes',
      }),
    ),
  );
  app.post(
    '/security/backup-codes/new',
    requireUser,
    wrap(async (req, res) => {
      const r = await mfa.backupCodes.regenerate(req.session.userId, {
        authenticatedAt: authenticatedAt(req),
      });
      if (!r.ok)
        return r.error.code === 'reauth_required'
          ? reauthRedirect(res, '/security/backup-codes/new')
          : res.redirect('/security');
      req.session.freshCodes = { codes: r.codes, first: false, createdAt: now() };
      res.redirect('/security/backup-codes');
    }),
  );

  // Turning a method off
  app.get('/security/factors/:id/remove', requireUser, requireRecentPassword, (req, res) =>
    render(
      req,
      res,
      'Turn off',
      views.confirm({
        csrf: req.session.csrf,
        title: 'Turn off this method?',
        text: 'You will no longer be able to use it to sign in.',
        action: `/security/factors/${encodeURIComponent(req.params.id)}/remove`,
        button: 'Turn off',
      }),
    ),
  );
  app.post(
    '/security/factors/:id/remove',
    requireUser,
    wrap(async (req, res) => {
      const r = await mfa.removeFactor(req.session.userId, req.params.id, {
        authenticatedAt: authenticatedAt(req),
      });
      if (!r.ok && r.error.code === 'reauth_required')
        return reauthRedirect(res, `/security/factors/${encodeURIComponent(req.params.id)}/remove`);
      flash(
        req,
        r.ok
          ? 'Turned off.'
          : r.error.code === 'not_allowed'
            ? 'Two-step verification is required: add another method before turning this one off.'
            : MESSAGES[r.error.code],
      );
      res.redirect('/security');
    }),
  );

  // Re-authentication
  const safeNext = (next) =>
    typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') ? next : '/security';
  app.get('/reauth', requireUser, (req, res) =>
    render(
      req,
      res,
      'Confirm',
      views.reauth({ csrf: req.session.csrf, next: safeNext(req.query.next) }),
    ),
  );
  app.post('/reauth', requireUser, (req, res) => {
    const next = safeNext(req.body.next);
    if (!accounts.check(user(req).email, String(req.body.password ?? ''))) {
      return render(
        req,
        res,
        'Confirm',
        views.reauth({ csrf: req.session.csrf, next, error: 'Wrong password.' }),
        401,
      );
    }
    req.session.passwordCheckedAt = now();
    res.redirect(next);
  });

  // Sessions, devices, password
  app.post(
    '/security/signout-everywhere',
    requireUser,
    wrap(async (req, res) => {
      const userId = req.session.userId;
      await mfa.devices.revokeAll(userId);
      sessions.endAllFor(userId);
      res.clearCookie(DEVICE_COOKIE, cookieOptions(req));
      req.renewSession();
      flash(req, 'You were signed out everywhere. Remembered devices will verify again.');
      res.redirect('/signin');
    }),
  );
  app.get('/security/password', requireUser, (req, res) =>
    render(req, res, 'Change password', views.password({ csrf: req.session.csrf })),
  );
  app.post(
    '/security/password',
    requireUser,
    wrap(async (req, res) => {
      const account = user(req);
      const { current = '', password = '' } = req.body;
      const error = !accounts.check(account.email, current)
        ? 'Your current password is wrong.'
        : password.length < 8
          ? 'Use at least 8 characters.'
          : null;
      if (error)
        return render(
          req,
          res,
          'Change password',
          views.password({ csrf: req.session.csrf, error }),
          400,
        );
      accounts.setPassword(account, password);
      await mfa.onPasswordChanged(account.id);
      sessions.endAllFor(account.id);
      res.clearCookie(DEVICE_COOKIE, cookieOptions(req));
      const session = req.renewSession();
      session.userId = account.id;
      session.passwordCheckedAt = now();
      flash(
        req,
        'Password changed. Other sessions were signed out and remembered devices will verify again.',
      );
      res.redirect('/security');
    }),
  );
  app.post('/signout', (req, res) => {
    req.endSession();
    res.redirect('/signin');
  });

  // Admin and outbox
  app.get('/admin', (req, res) =>
    render(
      req,
      res,
      'Admin',
      views.admin({ csrf: req.session.csrf, enforcement: settings.enforcement }),
    ),
  );
  app.post('/admin', (req, res) => {
    if (['off', 'optional', 'required'].includes(req.body.enforcement))
      settings.enforcement = req.body.enforcement;
    flash(req, `Two-step verification is now ${settings.enforcement}.`);
    res.redirect('/admin');
  });
  app.get('/outbox', (req, res) => render(req, res, 'Outbox', views.outbox({ items: outbox })));

  app.use((req, res) =>
    render(req, res, 'Not found', '<h1>Not found</h1><p><a href="/">Home</a></p>', 404),
  );
  app.use((err, req, res, _next) => {
    log(`error on ${req.method} ${req.path}: ${err?.name ?? 'Error'}`); // no message: it could quote input
    res.status(500).send('Something went wrong.');
  });

  return { app, mfa, outbox, settings };
}
