// The administrator's page (the MFA policy and each account's plan and e-mail) and the outbox.
import { csrfField, esc } from './layout.js';

const radios = (name, current, options) =>
  options
    .map(
      ([value, text]) =>
        `<label class="check"><input type="radio" name="${name}" value="${value}"${value === current ? ' checked' : ''}> ${esc(text)}</label><br>`,
    )
    .join('');

export const admin = ({ csrf, settings, accounts }) => `<h1>Admin: two-step verification policy</h1>
<p class="muted">In this demo anyone can change the policy. It applies to every account.</p>
<form class="card" method="post" action="/admin">${csrfField(csrf)}
<fieldset><legend>Two-step verification</legend>${radios('enforcement', settings.enforcement, [
  ['off', 'Off: nobody is asked'],
  ['optional', 'Optional: offered, with Skip'],
  ['required', 'Required: set up right after sign-up, no Skip'],
])}</fieldset>
<fieldset><legend>After a new account is created</legend>${radios(
  'setupAfterSignup',
  settings.setupAfterSignup ? 'yes' : 'no',
  [
    ['yes', 'Offer two-step setup right away'],
    ['no', 'Go to the account; setup stays under Security (unless required)'],
  ],
)}</fieldset>
<fieldset><legend>Text messages (SMS)</legend>${radios('smsPlans', settings.smsPlans, [
  ['all', 'On every plan (US numbers only)'],
  ['pro', 'Only on the Pro plan (US numbers only)'],
])}</fieldset>
<fieldset><legend>Ask for the password before changes to two-step verification</legend>${radios(
  'reauth',
  settings.reauth,
  [
    ['always', 'Every time'],
    ['10m', 'When the last check is older than 10 minutes'],
    ['1h', 'When the last check is older than 1 hour'],
  ],
)}</fieldset>
<button>Save</button></form>
<h2>Accounts</h2>
${
  accounts.length === 0
    ? '<p class="muted">No accounts yet.</p>'
    : `<div class="table"><table><tr><th>Account</th><th>Plan and e-mail</th></tr>${accounts
        .map(
          (
            a,
          ) => `<tr><td>${esc(a.login)}</td><td><form method="post" action="/admin/accounts/${esc(a.id)}">${csrfField(csrf)}
<label for="plan-${esc(a.id)}">Plan</label><select id="plan-${esc(a.id)}" name="plan">${['free', 'pro'].map((p) => `<option value="${p}"${a.plan === p ? ' selected' : ''}>${p === 'pro' ? 'Pro' : 'Free'}</option>`).join('')}</select>
<label for="email-${esc(a.id)}">E-mail</label><input id="email-${esc(a.id)}" type="email" name="email" value="${esc(a.email)}">
<button class="secondary">Save ${esc(a.login)}</button></form></td></tr>`,
        )
        .join('')}</table></div>`
}`;

export const outbox = ({ items }) => `<h1>Outbox</h1>
<p class="muted">This demo sends no real texts or e-mails: they land here. The server log only says that one was sent.</p>
${
  items.length === 0
    ? '<p>Nothing yet.</p>'
    : items
        .map(
          (
            m,
          ) => `<div class="card outbox-item" data-kind="${m.kind}"><strong>${m.kind === 'sms' ? `Text to ${esc(m.to)}` : `E-mail to ${esc(m.to)}: ${esc(m.subject)}`}</strong>
<div class="muted">${new Date(m.at).toLocaleTimeString('en')}</div><pre>${esc(m.text)}</pre></div>`,
        )
        .join('')
}`;
