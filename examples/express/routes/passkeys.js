// Adding a passkey or security key (WebAuthn): the page hands the browser mfa-kit's creation
// options; /static/passkey.js asks the authenticator and posts the credential back as JSON.
import { credentialJson } from '../credential-json.js';
import { messageFor, wrap } from '../http.js';
import * as views from '../views/security.js';

export function passkeyRoutes(app, { mfa, http, rules, afterEnrollment }) {
  const { render, flash, failForm, takeForm, requireUser, user } = http;
  const { requireRecentPassword, authenticatedAt, reauthUrl } = rules;

  app.get(
    '/security/passkeys/new',
    requireUser,
    requireRecentPassword,
    wrap(async (req, res) => {
      const account = user(req);
      const r = await mfa.webauthn.begin(account.id, {
        accountName: account.login,
        authenticatedAt: authenticatedAt(req),
      });
      if (!r.ok) {
        if (r.error.code === 'reauth_required')
          return res.redirect(303, reauthUrl('/security/passkeys/new'));
        flash(req, messageFor(r.error));
        return res.redirect(303, '/security');
      }
      req.session.passkeySetup = { factorId: r.factorId };
      const form = takeForm(req);
      render(
        req,
        res,
        'Passkey',
        views.passkeyNew({ csrf: req.session.csrf, options: r.options, form }),
        {
          scripts: ['/static/passkey.js'],
        },
      );
    }),
  );

  app.post(
    '/security/passkeys/confirm',
    requireUser,
    wrap(async (req, res) => {
      const setup = req.session.passkeySetup;
      if (!setup) return res.redirect(303, '/security');
      const label =
        String(req.body.label ?? '')
          .trim()
          .slice(0, 40) || 'Passkey';
      const response = credentialJson(req.body.response);
      if (!response)
        return failForm(req, res, '/security/passkeys/new', {
          error: "Your browser didn't send a passkey. Try again.",
          values: { label },
        });
      const r = await mfa.webauthn.confirm(req.session.userId, setup.factorId, response, { label });
      if (!r.ok)
        return failForm(req, res, '/security/passkeys/new', {
          error: messageFor(r.error),
          values: { label },
        });
      delete req.session.passkeySetup;
      afterEnrollment(req, res, r, 'Passkey added.');
    }),
  );
}
