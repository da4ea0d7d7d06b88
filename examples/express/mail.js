// Notification e-mails from mfa-kit's events, into the demo's outbox. A real app would queue them
// for its mailer. One change, one e-mail: turning the first method on also makes the first
// backup codes, and replacing a phone number removes the old one; neither sends a second e-mail.
import { formatWait } from 'mfa-kit/web';

const METHOD = { totp: 'an authenticator app', sms: 'a phone number', webauthn: 'a passkey' };

export function createMailer({ accounts, outbox }) {
  // Events of one change share `userId` and `at`: what was already said for that change.
  let lastChange = { key: '', said: new Set() };
  const change = (e) => {
    const key = `${e.userId}@${e.at}`;
    if (lastChange.key !== key) lastChange = { key, said: new Set() };
    return lastChange.said;
  };

  function message(e, said) {
    switch (e.type) {
      case 'factor.enrolled':
        if (said.has('phone.removed') && e.factorType === 'sms') {
          said.add('phone.replaced');
          return ['Phone number replaced', 'You replaced the phone number used for sign-in codes.'];
        }
        said.add('enrolled');
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
          : ['A sign-in method was removed', `${METHOD[e.factorType] ?? 'A method'} was removed.`];
      case 'backup_codes.generated':
        if (e.reason === 'first_factor' || (e.reason === undefined && said.has('enrolled')))
          return null;
        return ['New backup codes', 'New backup codes were created; the old ones no longer work.'];
      case 'backup_codes.used':
        return [
          'A backup code was used',
          `A backup code was used to sign in. ${e.remaining} left.`,
        ];
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

  function deliver(event, made) {
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
  }

  return function sendMail(event) {
    const said = change(event);
    // Replacing a number stores "removed" then "added" in one change (same user and time): hold
    // the removal until the events of that change are through, and say "replaced" instead.
    if (event.type === 'factor.removed' && event.factorType === 'sms' && !event.lastFactor) {
      said.add('phone.removed');
      setImmediate(() => {
        if (!said.has('phone.replaced')) deliver(event, message(event, said));
      });
      return;
    }
    deliver(event, message(event, said));
  };
}
