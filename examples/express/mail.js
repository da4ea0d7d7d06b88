// Notification e-mails from mfa-kit's events, into the demo's outbox. A real app would queue them
// for its mailer. One change, one e-mail: the first method's backup codes are part of "two-step
// verification is on", and a replaced phone number is one event, not "added" and "removed".
import { formatWait } from 'mfa-kit/web';

const METHOD = { totp: 'an authenticator app', sms: 'a phone number', webauthn: 'a passkey' };

function message(e) {
  switch (e.type) {
    case 'factor.enrolled':
      return e.firstFactor
        ? [
            'Two-step verification is on',
            'You turned on two-step verification and got backup codes.',
          ]
        : ['A sign-in method was added', `You added ${METHOD[e.factorType] ?? 'a method'}.`];
    case 'factor.replaced':
      return ['Phone number replaced', 'You replaced the phone number used for sign-in codes.'];
    case 'factor.removed':
      return e.lastFactor
        ? ['Two-step verification is off', 'You turned off two-step verification.']
        : ['A sign-in method was removed', `You removed ${METHOD[e.factorType] ?? 'a method'}.`];
    case 'backup_codes.generated':
      return e.reason === 'first_factor'
        ? null
        : ['New backup codes', 'New backup codes were created; the old ones no longer work.'];
    case 'backup_codes.used':
      return ['A backup code was used', `A backup code was used to sign in. ${e.remaining} left.`];
    case 'lockout.started':
      return [
        'Sign-in paused',
        e.permanent
          ? 'Too many wrong codes were entered. Sign-in is locked until support unlocks it.'
          : `Too many wrong codes were entered. Sign-in is paused for ${formatWait(e.retryAfterMs)}.`,
      ];
    default:
      return null;
  }
}

export function createMailer({ accounts, outbox }) {
  return function sendMail(event) {
    const made = message(event);
    const user = accounts.get(event.userId);
    if (!made || !user?.email) return;
    const [subject, text] = made;
    outbox.unshift({
      kind: 'mail',
      to: user.email,
      subject,
      text: `${text}\nIf this wasn't you, change your password.`,
      at: event.at,
    });
  };
}
