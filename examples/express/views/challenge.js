// The sign-in challenge: a code from the authenticator app or a text, a passkey, or a backup code.
import { codeField, csrfField, esc, formError, hidden } from './layout.js';

const remember = `<p><label class="check"><input type="checkbox" name="remember" value="1"> Remember this device for 30 days</label></p>`;
const lockBox = (lock) => (lock ? `<p class="lock" role="alert">${esc(lock)}</p>` : '');

/** JSON for the passkey script, safe inside <script type="application/json"> (not executed). */
export const jsonData = (id, value) =>
  `<script type="application/json" id="${id}">${JSON.stringify(value).replace(/</g, '\\u003c')}</script>`;

export function backupForm({ csrf, form = {}, lock }) {
  return `<h1>Use a backup code</h1>${lockBox(lock)}
<form class="card" method="post" action="/signin/verify">${csrfField(csrf)}
${codeField({ id: 'backupCode', label: 'Backup code', hint: 'One of the codes you saved when you turned on two-step verification. Each works once.', error: form.error, numeric: false })}
${remember}<button>Verify</button></form>
<p><a href="/signin/verify">Use another way instead</a></p>`;
}

export function challenge({
  csrf,
  factors,
  phones,
  smsSent,
  backupCodesRemaining,
  passkey,
  form = {},
  lock,
}) {
  const sms = factors.filter((f) => f.type === 'sms');
  const hasTotp = factors.some((f) => f.type === 'totp');
  const hasPasskey = Boolean(passkey);
  const showCodeForm = hasTotp || Boolean(smsSent);
  const phone = (f) => phones[f.id] ?? f.phone;
  // After "Text a code", the form takes that text's code; the app's code is one click away.
  const label = smsSent
    ? `Enter the code we texted to ${phone(smsSent)}`
    : 'Enter the 6-digit code from your authenticator app';
  const codeForm = showCodeForm
    ? `<form class="card" method="post" action="/signin/verify">${csrfField(csrf)}${hidden('factorId', smsSent?.id)}
${codeField({ label, error: form.error })}${remember}<button>Verify</button></form>
${smsSent && hasTotp ? '<p><a href="/signin/verify?method=app">Use the code from your authenticator app instead</a></p>' : ''}`
    : '';
  const textButtons = sms
    .map(
      (f) =>
        `<form class="inline" method="post" action="/signin/send-sms">${csrfField(csrf)}${hidden('factorId', f.id)}<button class="${showCodeForm ? 'secondary' : ''}">${smsSent?.id === f.id ? 'Text a new code to' : 'Text a code to'} ${esc(phone(f))}</button></form>`,
    )
    .join('');
  const passkeyBox = hasPasskey
    ? `<div class="card" id="passkey-box"><p>Use the passkey or security key you added to your account.</p>
${jsonData('passkey-options', passkey)}
<form method="post" action="/signin/passkey" id="passkey-form">${csrfField(csrf)}<input type="hidden" name="response" id="passkey-response">
${remember}<button type="button" id="passkey-button">Use your passkey</button></form>
<p class="error" id="passkey-error" role="alert"${form.passkeyError ? '' : ' hidden'}>${esc(form.passkeyError)}</p>
<noscript><p class="muted">Passkeys need JavaScript; use a code below instead.</p></noscript></div>`
    : '';
  const intro = showCodeForm
    ? ''
    : sms.length && !hasPasskey
      ? `<p>We'll text a code to your phone. Choose the number:</p>`
      : '';
  // A passkey answer refused when the page offers none (removed meanwhile): say it at the top.
  const passkeyProblem = form.passkeyError && !hasPasskey ? formError(form.passkeyError) : '';
  return `<h1>Two-step verification</h1>${lockBox(lock)}${passkeyProblem}${form.error && !showCodeForm ? formError(form.error) : ''}
${passkeyBox}${intro}${showCodeForm ? codeForm : ''}
${sms.length ? `<div>${textButtons}</div>` : ''}
${smsSent ? `<p class="muted">Code sent to ${esc(phone(smsSent))}. It works for 10 minutes.</p>` : ''}
<p>${backupCodesRemaining > 0 ? '<a href="/signin/verify?method=backup">Use a backup code</a>' : ''}</p>
<form method="post" action="/signin/cancel">${csrfField(csrf)}<button class="link">Cancel and sign in again</button></form>`;
}
