// Backup codes: shown once after enrollment or regeneration, and while this session lasts (at
// most 10 minutes) downloadable as a PDF or text file and printable.
import { formatBackupCodesText } from 'mfa-kit';
import { backupCodesPdf } from '../backup-pdf.js';
import { wrap } from '../http.js';
import * as views from '../views/backup-codes.js';
import { confirm } from '../views/security.js';

const SHOWN_FOR_MS = 10 * 60_000;

export function backupCodeRoutes(app, { mfa, http, rules, issuer }) {
  const { render, requireUser, finish, user, now } = http;
  const { requireRecentPassword, authenticatedAt, reauthUrl } = rules;

  const fresh = (req) => {
    const f = req.session.freshCodes;
    return f && now() - f.createdAt < SHOWN_FOR_MS ? f : null;
  };
  /** The page's data, or a redirect to Security once the codes are gone from the session. */
  const withCodes = (fn) => (req, res, next) => {
    const f = fresh(req);
    if (!f) return res.redirect(303, '/security');
    return fn(req, res, { ...f, issuer, account: user(req).login }, next);
  };

  app.get(
    '/security/backup-codes',
    requireUser,
    withCodes((req, res, codes) => render(req, res, 'Backup codes', views.backupCodes(codes))),
  );
  app.get(
    '/security/backup-codes/print',
    requireUser,
    withCodes((req, res, codes) =>
      render(req, res, 'Backup codes', views.backupPrint(codes), { scripts: ['/static/print.js'] }),
    ),
  );
  app.get(
    '/security/backup-codes/download',
    requireUser,
    withCodes((_req, res, codes) =>
      res
        .type('text/plain')
        .attachment('mfa-kit-demo-backup-codes.txt')
        .send(
          formatBackupCodesText({
            codes: codes.codes,
            issuer,
            account: codes.account,
            createdAt: codes.createdAt,
          }),
        ),
    ),
  );
  app.get(
    '/security/backup-codes/download.pdf',
    requireUser,
    withCodes(
      wrap(async (_req, res, codes) => {
        const pdf = await backupCodesPdf(codes);
        res
          .type('application/pdf')
          .attachment('mfa-kit-demo-backup-codes.pdf')
          .send(Buffer.from(pdf));
      }),
    ),
  );

  app.get('/security/backup-codes/new', requireUser, requireRecentPassword, (req, res) =>
    render(
      req,
      res,
      'New backup codes',
      confirm({
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
        return res.redirect(
          303,
          r.error.code === 'reauth_required'
            ? reauthUrl('/security/backup-codes/new')
            : '/security',
        );
      rules.changed(req);
      req.session.freshCodes = { codes: r.codes, first: false, createdAt: now() };
      finish(req, res, '/security/backup-codes');
    }),
  );
}
