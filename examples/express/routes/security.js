// Security settings: the enrollment offer, the list of methods and devices, turning a method off,
// forgetting devices, signing out everywhere.
import { messageFor, wrap } from '../http.js';
import { phonesOf } from '../phones.js';
import * as views from '../views/security.js';

export function securityRoutes(app, { mfa, sessions, http, rules, deviceCookie }) {
  const { render, flash, requireUser, finish, user } = http;
  const { requireRecentPassword, authenticatedAt, reauthUrl } = rules;

  app.get(
    '/enroll',
    requireUser,
    wrap(async (req, res) => {
      const status = await mfa.status(req.session.userId);
      if (status.enrolled || !status.eligible || status.enforcement === 'off')
        return res.redirect(303, '/security');
      const required = status.enforcement === 'required' && !status.canSkip;
      render(
        req,
        res,
        'Two-step verification',
        views.enroll({ csrf: req.session.csrf, status, required }),
      );
    }),
  );
  app.post(
    '/enroll/skip',
    requireUser,
    wrap(async (req, res) => {
      const r = await mfa.skipEnrollment(req.session.userId);
      if (!r.ok) return res.redirect(303, '/enroll');
      flash(req, 'You can turn on two-step verification any time under Security.');
      finish(req, res, '/security');
    }),
  );

  app.get(
    '/security',
    requireUser,
    wrap(async (req, res) => {
      const status = await mfa.status(req.session.userId);
      if (status.mustEnroll) return res.redirect(303, '/enroll');
      const devices = await mfa.devices.list(req.session.userId);
      const phones = phonesOf(user(req));
      render(
        req,
        res,
        'Security',
        views.security({ csrf: req.session.csrf, status, devices, phones }),
      );
    }),
  );

  const removeUrl = (id) => `/security/factors/${encodeURIComponent(id)}/remove`;
  app.get('/security/factors/:id/remove', requireUser, requireRecentPassword, (req, res) =>
    render(
      req,
      res,
      'Turn off',
      views.confirm({
        csrf: req.session.csrf,
        title: 'Turn off this method?',
        text: 'You will no longer be able to use it to sign in.',
        action: removeUrl(req.params.id),
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
        return res.redirect(303, reauthUrl(removeUrl(req.params.id)));
      if (r.ok) {
        delete user(req).phones?.[req.params.id];
        rules.changed(req);
      }
      flash(
        req,
        r.ok
          ? 'Turned off.'
          : r.error.code === 'not_allowed'
            ? 'Two-step verification is required: add another method before turning this one off.'
            : messageFor(r.error),
      );
      finish(req, res, '/security');
    }),
  );

  app.post(
    '/security/devices/:id/forget',
    requireUser,
    wrap(async (req, res) => {
      const r = await mfa.devices.revoke(req.session.userId, req.params.id);
      flash(req, r.ok ? 'That device will be asked for a code next time.' : messageFor(r.error));
      finish(req, res, '/security');
    }),
  );

  app.post(
    '/security/signout-everywhere',
    requireUser,
    wrap(async (req, res) => {
      const userId = req.session.userId;
      await mfa.devices.revokeAll(userId);
      sessions.endAllFor(userId);
      res.append('Set-Cookie', deviceCookie.clear());
      req.renewSession();
      flash(req, 'You were signed out everywhere. Remembered devices will verify again.');
      finish(req, res, '/signin');
    }),
  );
}
