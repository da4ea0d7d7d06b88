// The profile: the e-mail address (needed for MFA: it is where changes are announced) and the
// phone number offered when the user turns on text-message codes.
import { isEmail } from '../accounts.js';
import { normalizePhone } from '../phones.js';
import * as views from '../views/account.js';

export function profileRoutes(app, { http }) {
  const { render, flash, failForm, takeForm, requireUser, finish, user } = http;

  app.get('/profile', requireUser, (req, res) =>
    render(
      req,
      res,
      'Profile',
      views.profile({ csrf: req.session.csrf, account: user(req), form: takeForm(req) }),
    ),
  );
  app.post('/profile', requireUser, (req, res) => {
    const account = user(req);
    const email = String(req.body.email ?? '')
      .trim()
      .toLowerCase();
    const typed = String(req.body.phone ?? '').trim();
    const phone = typed ? normalizePhone(typed) : '';
    const errors = {};
    if (email && !isEmail(email)) errors.email = 'Enter an e-mail address like name@example.com.';
    if (typed && !phone) errors.phone = 'Enter a US mobile number, like (201) 555-0123.';
    if (Object.keys(errors).length)
      return failForm(req, res, '/profile', { errors, values: { email, phone: typed } });
    account.email = email;
    account.phone = phone;
    flash(req, 'Profile saved.');
    finish(req, res, '/profile');
  });
}
