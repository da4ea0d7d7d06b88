// Security settings: the enrollment offer, the list of methods, adding and removing them.
import { jsonData } from './challenge.js';
import { codeField, csrfField, date, dateTime, esc, field, hidden } from './layout.js';

const methodName = (f, phones) =>
  f.type === 'totp'
    ? f.label === 'Authenticator app'
      ? 'Authenticator app'
      : `Authenticator app (${esc(f.label)})`
    : f.type === 'sms'
      ? `Text message to ${esc(phones[f.id] ?? f.phone)}`
      : `Passkey or security key (${esc(f.label)})`;

const addLinks = (allowed) =>
  [
    '<a href="/security/totp/new">Add an authenticator app</a>',
    allowed.includes('sms') ? '<a href="/security/sms/new">Add a phone number</a>' : '',
    allowed.includes('webauthn')
      ? '<a href="/security/passkeys/new">Add a passkey or security key</a>'
      : '',
  ]
    .filter(Boolean)
    .join(' · ');

export const enroll = ({
  csrf,
  status,
  required,
}) => `<h1>Protect your account with two-step verification</h1>
<p>${required ? 'Your organisation requires two-step verification. Set it up to continue, or sign out.' : 'Add a second step to sign-in, so a stolen password is not enough.'}</p>
<div class="card"><a href="/security/totp/new">Use an authenticator app</a> <span class="muted">(Google Authenticator, Authy, 1Password, Microsoft Authenticator…)</span></div>
${status.allowedFactors.includes('webauthn') ? '<div class="card"><a href="/security/passkeys/new">Use a passkey or security key</a> <span class="muted">(your phone, computer or a YubiKey)</span></div>' : ''}
${status.allowedFactors.includes('sms') ? '<div class="card"><a href="/security/sms/new">Use text messages (SMS)</a> <span class="muted">(less secure than an app)</span></div>' : ''}
${status.canSkip ? `<form method="post" action="/enroll/skip">${csrfField(csrf)}<button class="secondary">Skip for now</button></form>` : ''}
${required ? `<form method="post" action="/signout">${csrfField(csrf)}<button class="secondary">Sign out</button></form>` : ''}`;

export const security = ({ csrf, status, devices, phones }) => `<h1>Security</h1>
${status.mustEnroll ? '<p class="lock">Two-step verification is required: add a method below.</p>' : ''}
<h2>Two-step verification</h2>
${
  !status.eligible
    ? '<p>Two-step verification needs an e-mail address on your account, so we can tell you when it changes. <a href="/profile">Add one on your profile</a>.</p>'
    : status.enforcement === 'off'
      ? '<p class="muted">Two-step verification is turned off for everyone by the administrator.</p>'
      : `${
          status.factors.length === 0
            ? '<p>Off. Add a method to turn it on.</p>'
            : `<div class="table"><table><tr><th>Method</th><th>Added</th><th>Last used</th><th><span class="muted">Actions</span></th></tr>
${status.factors
  .map(
    (f) =>
      `<tr><td>${methodName(f, phones)}</td><td>${date(f.createdAt)}</td><td>${f.lastUsedAt ? dateTime(f.lastUsedAt) : '—'}</td>
<td>${f.type === 'sms' ? `<a href="/security/sms/new?replaces=${esc(f.id)}">Replace</a> ` : ''}<a href="/security/factors/${esc(f.id)}/remove">Turn off</a></td></tr>`,
  )
  .join('')}</table></div>`
        }
<p>${addLinks(status.allowedFactors)}</p>`
}
${status.enrolled ? `<h2>Backup codes</h2><p>${status.backupCodesRemaining} of 10 left. <a href="/security/backup-codes/new">Get new codes</a> (the old ones stop working).</p>` : ''}
<h2>Remembered devices</h2>
${
  devices.length === 0
    ? '<p class="muted">None. Tick "Remember this device" when you sign in to skip the code on that browser.</p>'
    : `<ul>${devices
        .map(
          (d) =>
            `<li><strong>${esc(d.name ?? 'A browser')}</strong>, remembered ${date(d.createdAt)}${d.lastUsedAt ? `, last used ${dateTime(d.lastUsedAt)}` : ''}, until ${date(d.expiresAt)}
<form class="inline" method="post" action="/security/devices/${esc(d.id)}/forget">${csrfField(csrf)}<button class="link">Forget<span class="printonly"> this device</span></button></form></li>`,
        )
        .join('')}</ul>`
}
<h2>Sessions and password</h2>
<form class="inline" method="post" action="/security/signout-everywhere">${csrfField(csrf)}<button class="secondary">Sign out everywhere</button></form>
<a href="/security/password">Change password</a>`;

export const totpNew = ({ csrf, qr, key, form = {} }) => `<h1>Set up your authenticator app</h1>
<ol><li>Open your authenticator app and add an account.</li><li>Scan this QR code, or enter the key by hand.</li><li>Type the 6-digit code the app shows.</li></ol>
<p><img class="qr" id="qr" src="${esc(qr)}" alt="QR code to scan with your authenticator app"></p>
<p>Key: <span class="key" id="key">${esc(key.match(/.{1,4}/g).join(' '))}</span></p>
<form class="card" method="post" action="/security/totp/confirm">${csrfField(csrf)}
${codeField({ label: 'Code from the app', error: form.error })}<button>Turn on</button></form>
<p><a href="/security">Cancel</a></p>`;

export const smsNew = ({
  csrf,
  phone,
  replaces,
  form = {},
}) => `<h1>${replaces ? 'Replace a phone number' : 'Add a phone number'}</h1>
<p>We will text a code to this number. ${replaces ? 'The old number keeps working until the new one is verified.' : ''}</p>
<form class="card" method="post" action="/security/sms/begin">${csrfField(csrf)}${hidden('replaces', replaces)}
${field({ id: 'phone', label: 'Mobile number', type: 'tel', value: form.values?.phone ?? phone, error: form.error, hint: 'US numbers only. Standard rates apply.', attrs: 'autocomplete="tel" required' })}
<button>Send code</button></form>
<p><a href="/security">Cancel</a></p>`;

export const smsVerify = ({
  csrf,
  phone,
  resendIn,
  notice,
  form = {},
}) => `<h1>Enter the code we texted you</h1>
<p>Sent to ${esc(phone)}. ${notice ? esc(notice) : ''}</p>
<form class="card" method="post" action="/security/sms/confirm">${csrfField(csrf)}
${codeField({ label: 'Code', error: form.error })}<button>Verify</button></form>
<form method="post" action="/security/sms/resend">${csrfField(csrf)}
<button class="secondary">Send a new code</button>${resendIn ? ` <span class="muted">You can ask for a new code in ${esc(resendIn)}.</span>` : ''}</form>`;

export const passkeyNew = ({ csrf, options, form = {} }) => `<h1>Add a passkey or security key</h1>
<p>Use your phone, your computer's screen lock or a security key such as a YubiKey. Nobody can phish it: it only works on this site.</p>
${jsonData('passkey-options', options)}
<form class="card" method="post" action="/security/passkeys/confirm" id="passkey-form">${csrfField(csrf)}<input type="hidden" name="response" id="passkey-response">
${field({ id: 'label', label: 'Name', value: form.values?.label ?? '', hint: 'So you can tell your keys apart, e.g. "YubiKey" or "Laptop".', attrs: 'maxlength="40"' })}
<p class="error" id="passkey-error" role="alert"${form.error ? '' : ' hidden'}>${esc(form.error)}</p>
<button type="button" id="passkey-button">Add a passkey or security key</button></form>
<noscript><p class="error">Passkeys need JavaScript in this browser.</p></noscript>
<p><a href="/security">Cancel</a></p>`;

export const confirm = ({
  csrf,
  title,
  text,
  action,
  button,
}) => `<h1>${esc(title)}</h1><p>${esc(text)}</p>
<form method="post" action="${esc(action)}">${csrfField(csrf)}<button class="danger">${esc(button)}</button> <a href="/security">Cancel</a></form>`;
