// The administrator's page (policy, and each account's plan and e-mail) and the outbox where the
// demo's texts and e-mails land. In a real app both sit behind an admin sign-in.
import { isEmail } from '../accounts.js';
import * as views from '../views/admin.js';

const CHOICES = {
  enforcement: ['off', 'optional', 'required'],
  smsPlans: ['all', 'pro'],
  reauth: ['always', '10m', '1h'],
};

export function adminRoutes(app, { accounts, http, rules, outbox }) {
  const { render, flash, finish } = http;
  const { settings } = rules;

  app.get('/admin', (req, res) =>
    render(
      req,
      res,
      'Admin',
      views.admin({ csrf: req.session.csrf, settings, accounts: accounts.all() }),
    ),
  );
  app.post('/admin', (req, res) => {
    for (const [name, allowed] of Object.entries(CHOICES))
      if (allowed.includes(req.body[name])) settings[name] = req.body[name];
    if (['yes', 'no'].includes(req.body.setupAfterSignup))
      settings.setupAfterSignup = req.body.setupAfterSignup === 'yes';
    flash(req, `Saved. Two-step verification is ${settings.enforcement}.`);
    finish(req, res, '/admin');
  });
  app.post('/admin/accounts/:id', (req, res) => {
    const account = accounts.get(req.params.id);
    const email = String(req.body.email ?? '')
      .trim()
      .toLowerCase();
    if (!account) return res.redirect(303, '/admin');
    if (email && !isEmail(email)) {
      flash(req, `${email} is not an e-mail address; nothing was changed.`);
      return res.redirect(303, '/admin');
    }
    if (['free', 'pro'].includes(req.body.plan)) account.plan = req.body.plan;
    account.email = email;
    flash(req, `Saved ${account.login}: ${account.plan} plan, ${email || 'no e-mail'}.`);
    finish(req, res, '/admin');
  });

  app.get('/outbox', (req, res) => render(req, res, 'Outbox', views.outbox({ items: outbox })));
}
