// The administrator's settings and the MFA policy mfa-kit asks for per user: who must, may or
// cannot use MFA (no e-mail address: no MFA), which methods each plan gets, and how recent the
// password check must be before changes to MFA.
const REAUTH_MS = { always: 5 * 60_000, '10m': 10 * 60_000, '1h': 60 * 60_000 };
const REAUTH_WORDS = { always: '', '10m': '10 minutes', '1h': '1 hour' };

export function createPolicy({ accounts, now, hasWebauthn }) {
  const settings = {
    enforcement: 'optional',
    setupAfterSignup: true,
    smsPlans: 'all',
    reauth: '10m',
  };

  /** For `createMfa({ policy })`: evaluated on every call, so admin changes apply at once. */
  function policy(userId) {
    const account = accounts.get(userId);
    const factors = ['totp'];
    if (settings.smsPlans === 'all' || account?.plan === 'pro') factors.push('sms');
    if (hasWebauthn()) factors.push('webauthn');
    return {
      enforcement: settings.enforcement,
      eligible: Boolean(account?.email),
      factors,
      reauthMaxAgeMs: REAUTH_MS[settings.reauth],
    };
  }

  const maxAge = () => REAUTH_MS[settings.reauth];
  const authenticatedAt = (req) => req.session.passwordCheckedAt ?? 0;
  const reauthUrl = (next) => `/reauth?next=${encodeURIComponent(next)}`;

  /** Pages that change MFA ask for the password again when the last check is too old. */
  const requireRecentPassword = (req, res, next) =>
    now() - authenticatedAt(req) <= maxAge()
      ? next()
      : res.redirect(303, reauthUrl(req.originalUrl));

  /** With "every time", a password check covers one change only. */
  function changed(req) {
    if (settings.reauth === 'always') req.session.passwordCheckedAt = 0;
  }

  const reauthWords = () => REAUTH_WORDS[settings.reauth];

  return {
    settings,
    policy,
    authenticatedAt,
    reauthUrl,
    requireRecentPassword,
    changed,
    reauthWords,
  };
}
