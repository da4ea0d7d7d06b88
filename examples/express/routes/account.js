// The host app's own accounts: sign-up, sign-in (password, then mfa-kit's challenge), sign-out,
// re-authentication, password change and profile.
import { isEmail, isUsername } from '../accounts.js';
import { wrap } from '../http.js';
import { safeNext } from '../safe-next.js';
import * as views from '../views/account.js';

export function accountRoutes(app, { mfa, accounts, sessions, http, rules, signIn, deviceCookie }) {
  const { render, flash, failForm, takeForm, requireUser, requireGuest, finish, user, now } = http;

  app.get('/', (req, res) => res.redirect(303, user(req) ? '/security' : '/signin'));

  app.get('/signup', requireGuest, (req, res) =>
    render(req, res, 'Sign up', views.signup({ csrf: req.session.csrf, form: takeForm(req) })),
  );
  app.post(
    '/signup',
    requireGuest,
    wrap(async (req, res) => {
      const login = String(req.body.login ?? '').trim();
      const password = String(req.body.password ?? '');
      const errors = {};
      if (!isEmail(login.toLowerCase()) && !isUsername(login.toLowerCase()))
        errors.login = 'Enter an e-mail address, or a username of 3 to 32 letters and digits.';
      if (password.length < 8) errors.password = 'Use at least 8 characters.';
      const account = Object.keys(errors).length ? null : accounts.create(login, password);
      if (!account && !errors.login && !errors.password)
        errors.login = 'An account with that e-mail or username already exists.';
      if (!account) return failForm(req, res, '/signup', { errors, values: { login } });
      await signIn.complete(req, res, account, now(), { isNew: true });
    }),
  );

  app.get('/signin', requireGuest, (req, res) =>
    render(req, res, 'Sign in', views.signin({ csrf: req.session.csrf, form: takeForm(req) })),
  );
  app.post(
    '/signin',
    requireGuest,
    wrap(async (req, res) => {
      const login = String(req.body.login ?? '');
      const account = accounts.check(login, req.body.password);
      if (!account)
        return failForm(req, res, '/signin', {
          error: 'Wrong e-mail, username or password.',
          values: { login },
        });
      await signIn.start(req, res, account, deviceCookie.read(req));
    }),
  );

  app.post('/signout', (req, res) => {
    req.endSession();
    res.redirect(303, '/signin');
  });

  app.get('/reauth', requireUser, (req, res) =>
    render(
      req,
      res,
      'Confirm',
      views.reauth({
        csrf: req.session.csrf,
        next: safeNext(req.query.next),
        maxAge: rules.reauthWords(),
        form: takeForm(req),
      }),
    ),
  );
  app.post('/reauth', requireUser, (req, res) => {
    const next = safeNext(req.body.next);
    if (!accounts.check(user(req).login, req.body.password))
      return failForm(req, res, `/reauth?next=${encodeURIComponent(next)}`, {
        errors: { password: 'Wrong password.' },
      });
    req.session.passwordCheckedAt = now();
    finish(req, res, next);
  });

  app.get('/security/password', requireUser, (req, res) =>
    render(
      req,
      res,
      'Change password',
      views.password({ csrf: req.session.csrf, form: takeForm(req) }),
    ),
  );
  app.post(
    '/security/password',
    requireUser,
    wrap(async (req, res) => {
      const account = user(req);
      const password = String(req.body.password ?? '');
      const errors = {};
      if (!accounts.check(account.login, req.body.current))
        errors.current = 'Your current password is wrong.';
      else if (password.length < 8) errors.password = 'Use at least 8 characters.';
      if (Object.keys(errors).length) return failForm(req, res, '/security/password', { errors });
      accounts.setPassword(account, password);
      await mfa.onPasswordChanged(account.id);
      sessions.endAllFor(account.id);
      res.append('Set-Cookie', deviceCookie.clear());
      const session = req.renewSession();
      session.userId = account.id;
      session.passwordCheckedAt = now();
      flash(
        req,
        'Password changed. Other sessions were signed out and remembered devices will verify again.',
      );
      finish(req, res, '/security');
    }),
  );
}
