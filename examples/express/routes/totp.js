// Adding an authenticator app: a QR code and the key, then a code to confirm. The first method
// brings backup codes, shown next; a second click of "Turn on" lands on them too.
import QRCode from 'qrcode';
import { messageFor, wrap } from '../http.js';
import * as views from '../views/security.js';

export function totpRoutes(app, { mfa, http, rules, afterEnrollment }) {
  const { render, flash, failForm, takeForm, requireUser, user } = http;
  const { requireRecentPassword, authenticatedAt, reauthUrl } = rules;

  app.get(
    '/security/totp/new',
    requireUser,
    requireRecentPassword,
    wrap(async (req, res) => {
      const form = takeForm(req);
      // A failed code keeps the same key on screen: the user already scanned it.
      let setup = form.error ? req.session.totpSetup : undefined;
      if (!setup) {
        const account = user(req);
        const r = await mfa.totp.begin(account.id, {
          accountName: account.login,
          authenticatedAt: authenticatedAt(req),
        });
        if (!r.ok) {
          if (r.error.code === 'reauth_required')
            return res.redirect(303, reauthUrl('/security/totp/new'));
          flash(req, messageFor(r.error));
          return res.redirect(303, '/security');
        }
        const qr = await QRCode.toDataURL(r.uri, {
          margin: 1,
          scale: 6,
          errorCorrectionLevel: 'M',
        });
        setup = { factorId: r.factorId, qr, key: r.secret };
        req.session.totpSetup = setup;
      }
      render(
        req,
        res,
        'Authenticator app',
        views.totpNew({ csrf: req.session.csrf, ...setup, form }),
      );
    }),
  );

  app.post(
    '/security/totp/confirm',
    requireUser,
    wrap(async (req, res) => {
      const setup = req.session.totpSetup;
      if (!setup) return res.redirect(303, '/security');
      const r = await mfa.totp.confirm(
        req.session.userId,
        setup.factorId,
        String(req.body.code ?? ''),
      );
      if (!r.ok) {
        if (r.error.code === 'expired') {
          delete req.session.totpSetup;
          flash(req, 'That setup expired. Please start again.');
          return res.redirect(303, '/security');
        }
        return failForm(req, res, '/security/totp/new', { error: messageFor(r.error) });
      }
      delete req.session.totpSetup;
      afterEnrollment(req, res, r, 'Authenticator app added.');
    }),
  );
}
