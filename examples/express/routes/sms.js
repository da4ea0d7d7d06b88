// Adding or replacing a phone number: the number (pre-filled from the profile), then the texted
// code. The new number is verified before the old one goes.
import { messageFor, wait, wrap } from '../http.js';
import { normalizePhone, showPhone } from '../phones.js';
import * as views from '../views/security.js';

const RESEND_MS = 30_000;

export function smsRoutes(app, { mfa, http, rules, afterEnrollment }) {
  const { render, flash, failForm, takeForm, requireUser, finish, user, now } = http;
  const { requireRecentPassword, authenticatedAt, reauthUrl } = rules;
  const replacesOf = (value) => (typeof value === 'string' && value ? value : undefined);

  app.get('/security/sms/new', requireUser, requireRecentPassword, (req, res) => {
    const replaces = replacesOf(req.query.replaces);
    // The number kept on the profile, ready to confirm (not for a replacement: that is a new one).
    const phone = replaces ? '' : user(req).phone;
    const form = takeForm(req);
    render(
      req,
      res,
      'Phone number',
      views.smsNew({ csrf: req.session.csrf, phone, replaces, form }),
    );
  });
  app.post(
    '/security/sms/begin',
    requireUser,
    wrap(async (req, res) => {
      const phone = String(req.body.phone ?? '');
      const replaces = replacesOf(req.body.replaces);
      const back = `/security/sms/new${replaces ? `?replaces=${encodeURIComponent(replaces)}` : ''}`;
      const r = await mfa.sms.begin(req.session.userId, phone, {
        authenticatedAt: authenticatedAt(req),
        ip: req.ip,
        ...(replaces ? { replaces } : {}),
      });
      if (r.ok) {
        const e164 = normalizePhone(phone);
        req.session.smsSetup = { factorId: r.factorId, e164, replaces, sentAt: now() };
        return finish(req, res, '/security/sms/verify');
      }
      if (r.error.code === 'reauth_required') return res.redirect(303, reauthUrl(back));
      failForm(req, res, back, { error: messageFor(r.error), values: { phone } });
    }),
  );

  app.get('/security/sms/verify', requireUser, (req, res) => {
    const s = req.session.smsSetup;
    if (!s) return res.redirect(303, '/security');
    const left = RESEND_MS - (now() - s.sentAt);
    const form = takeForm(req);
    render(
      req,
      res,
      'Verify phone',
      views.smsVerify({
        csrf: req.session.csrf,
        phone: showPhone(s.e164),
        resendIn: left > 0 ? wait(form.retryAfterMs ?? left) : undefined,
        notice: form.notice,
        form,
      }),
    );
  });
  app.post(
    '/security/sms/resend',
    requireUser,
    wrap(async (req, res) => {
      const s = req.session.smsSetup;
      if (!s) return res.redirect(303, '/security');
      const r = await mfa.sms.resend(req.session.userId, s.factorId, { ip: req.ip });
      if (r.ok) {
        s.sentAt = now();
        return failForm(req, res, '/security/sms/verify', { notice: 'We sent a new code.' });
      }
      if (r.error.code === 'rate_limited')
        return failForm(req, res, '/security/sms/verify', { retryAfterMs: r.error.retryAfterMs });
      delete req.session.smsSetup;
      flash(
        req,
        r.error.code === 'expired'
          ? 'That setup expired. Please start again.'
          : messageFor(r.error),
      );
      res.redirect(303, '/security');
    }),
  );
  app.post(
    '/security/sms/confirm',
    requireUser,
    wrap(async (req, res) => {
      const s = req.session.smsSetup;
      if (!s) return res.redirect(303, '/security');
      const r = await mfa.sms.confirm(req.session.userId, s.factorId, String(req.body.code ?? ''));
      if (!r.ok) {
        if (r.error.code === 'expired') {
          delete req.session.smsSetup;
          flash(req, 'That setup expired. Please start again.');
          return res.redirect(303, '/security');
        }
        return failForm(req, res, '/security/sms/verify', { error: messageFor(r.error) });
      }
      delete req.session.smsSetup;
      const account = user(req);
      account.phones = { ...account.phones, [s.factorId]: s.e164 };
      if (s.replaces) delete account.phones[s.replaces];
      if (!account.phone) account.phone = s.e164;
      afterEnrollment(req, res, r, s.replaces ? 'Phone number replaced.' : 'Phone number added.');
    }),
  );
}
