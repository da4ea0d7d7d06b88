// The steps of a sign-in the routes share: after the password, ask mfa-kit whether a second step
// is needed; when the only method is one phone, text the code right away; at the end, a new
// session (no fixation) and the page the user goes to next.
export function createSignIn({ mfa, accounts, http, rules }) {
  const { finish, now } = http;

  async function complete(req, res, account, passwordCheckedAt, { isNew = false } = {}) {
    const session = req.renewSession();
    session.userId = account.id;
    session.passwordCheckedAt = passwordCheckedAt;
    const status = await mfa.status(account.id);
    const offer =
      status.mustEnroll || (status.promptEnrollment && (!isNew || rules.settings.setupAfterSignup));
    finish(req, res, offer ? '/enroll' : '/security');
  }

  async function start(req, res, account, deviceToken) {
    const r = await mfa.challenge.start(account.id, deviceToken ? { deviceToken } : {});
    if (r.ok === false)
      return http.failForm(req, res, '/signin', { error: 'Please try again in a moment.' });
    if (!r.required) return complete(req, res, account, now());
    req.session.pending = {
      userId: account.id,
      challengeId: r.challengeId,
      factors: r.factors,
      backupCodesRemaining: r.backupCodesRemaining,
      passwordCheckedAt: now(),
      ...(r.webauthn ? { passkey: r.webauthn } : {}),
    };
    // One phone and nothing else: send the code now rather than ask which number.
    const sms = r.factors.filter((f) => f.type === 'sms');
    if (sms.length === 1 && sms.length === r.factors.length) await sendSms(req, sms[0].id);
    finish(req, res, '/signin/verify');
  }

  async function sendSms(req, factorId) {
    const p = req.session.pending;
    const r = await mfa.challenge.sendSms(p.challengeId, factorId, { ip: req.ip });
    if (r.ok) p.smsSent = p.factors.find((f) => f.id === factorId);
    return r;
  }

  return { start, complete, sendSms, accounts };
}
