// Server-rendered pages: plain HTML and a little CSS, usable without JavaScript.
const esc = (value) =>
  String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

const CSS = `
body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:0 auto;padding:0 1rem 3rem;color:#1d2330}
header{display:flex;gap:1rem;align-items:center;border-bottom:1px solid #dde;padding:.75rem 0;margin-bottom:1.5rem}
header strong{flex:1} header a{color:#2f5bd3}
h1{font-size:1.6rem;margin:.5rem 0 1rem} h2{font-size:1.15rem;margin-top:2rem}
form.card,.card{border:1px solid #dde;border-radius:10px;padding:1rem 1.25rem;margin:1rem 0;background:#fbfbfe}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input[type=text],input[type=email],input[type=password],input[type=tel]{font:inherit;padding:.5rem .6rem;width:100%;max-width:22rem;border:1px solid #aab;border-radius:6px}
input.code{font-family:ui-monospace,monospace;letter-spacing:.15em;max-width:12rem}
button{font:inherit;padding:.5rem 1rem;border-radius:6px;border:1px solid #2f5bd3;background:#2f5bd3;color:#fff;cursor:pointer;margin-top:.75rem}
button.secondary{background:#fff;color:#2f5bd3} button.danger{background:#b3261e;border-color:#b3261e}
.inline{display:inline} .inline button{margin:0 .5rem 0 0}
.error{color:#b3261e;font-weight:600;margin:.35rem 0} .notice{background:#e8f3ea;border:1px solid #9c9;padding:.6rem 1rem;border-radius:8px}
.lock{background:#fdecea;border:1px solid #e99;padding:.8rem 1rem;border-radius:8px;font-weight:600}
.key{font-family:ui-monospace,monospace;font-size:1.15rem;letter-spacing:.08em;background:#fff;border:1px dashed #aab;padding:.5rem .75rem;display:inline-block}
.codes{font-family:ui-monospace,monospace;font-size:1.1rem;columns:2;list-style:none;padding:0}
table{border-collapse:collapse;width:100%} td,th{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #eef}
.muted{color:#667} .qr{image-rendering:pixelated;width:220px;height:220px;border:8px solid #fff;outline:1px solid #dde}
@media print{header,form,.noprint{display:none}}
`;

export function layout({ title, user, body, flash }) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} · mfa-kit demo</title><style>${CSS}</style></head>
<body><header><strong>mfa-kit demo</strong>
${user ? `<span class="muted">${esc(user.email)}</span><a href="/security">Security</a>` : '<a href="/signin">Sign in</a><a href="/signup">Sign up</a>'}
<a href="/admin">Admin</a><a href="/outbox">Outbox</a></header>
<main>${flash ? `<p class="notice" role="status">${esc(flash)}</p>` : ''}${body}</main></body></html>`;
}

const csrfField = (csrf) => `<input type="hidden" name="_csrf" value="${esc(csrf)}">`;
const fieldError = (message) =>
  message ? `<p class="error" role="alert">${esc(message)}</p>` : '';

export const views = {
  signup: ({ csrf, email, error }) => `<h1>Create an account</h1>
<form class="card" method="post" action="/signup">${csrfField(csrf)}
<label for="email">E-mail</label><input id="email" type="email" name="email" value="${esc(email)}" required autocomplete="username">
<label for="password">Password (at least 8 characters)</label><input id="password" type="password" name="password" required minlength="8" autocomplete="new-password">
${fieldError(error)}<button>Create account</button></form>
<p>Already have an account? <a href="/signin">Sign in</a>.</p>`,

  signin: ({ csrf, email, error }) => `<h1>Sign in</h1>
<form class="card" method="post" action="/signin">${csrfField(csrf)}
<label for="email">E-mail</label><input id="email" type="email" name="email" value="${esc(email)}" required autocomplete="username">
<label for="password">Password</label><input id="password" type="password" name="password" required autocomplete="current-password">
${fieldError(error)}<button>Sign in</button></form>
<p>New here? <a href="/signup">Create an account</a>.</p>`,

  challenge: ({ csrf, factors, backup, error, lock, smsSent, backupCodesRemaining }) => {
    const sms = factors.filter((f) => f.type === 'sms');
    const hasTotp = factors.some((f) => f.type === 'totp');
    const remember = `<label class="inline" style="font-weight:normal"><input type="checkbox" name="remember" value="1"> Remember this device for 30 days</label>`;
    const lockBox = lock ? `<p class="lock" role="alert">${esc(lock)}</p>` : '';
    if (backup) {
      return `<h1>Use a backup code</h1>${lockBox}
<form class="card" method="post" action="/signin/verify">${csrfField(csrf)}
<label for="backupCode">Backup code</label><input id="backupCode" class="code" type="text" name="backupCode" autocomplete="off" required>
${fieldError(error)}${remember}<br><button>Verify</button></form>
<p><a href="/signin/verify">Use your authenticator app or phone instead</a></p>`;
    }
    return `<h1>Two-step verification</h1>${lockBox}
<form class="card" method="post" action="/signin/verify">${csrfField(csrf)}
<label for="code">${hasTotp ? 'Enter the 6-digit code from your authenticator app' : 'Enter the code we texted you'}${sms.length && hasTotp ? ' or the code we texted you' : ''}</label>
<input id="code" class="code" type="text" name="code" inputmode="numeric" autocomplete="one-time-code" required>
${smsSent ? `<input type="hidden" name="factorId" value="${esc(smsSent.factorId)}">` : ''}
${fieldError(error)}${remember}<br><button>Verify</button></form>
${sms.map((f) => `<form class="inline" method="post" action="/signin/send-sms">${csrfField(csrf)}<input type="hidden" name="factorId" value="${esc(f.id)}"><button class="secondary">Text a code to ${esc(f.phone)}</button></form>`).join('')}
${smsSent ? `<p class="muted">Code sent to ${esc(smsSent.phone)}.</p>` : ''}
<p>${backupCodesRemaining > 0 ? '<a href="/signin/verify?method=backup">Use a backup code</a>' : ''}</p>`;
  },

  enroll: ({ csrf, status, required }) => `<h1>Protect your account with two-step verification</h1>
<p>${required ? 'Your organisation requires two-step verification. Set it up to continue.' : 'Add a second step to sign-in, so a stolen password is not enough.'}</p>
<div class="card"><a href="/security/totp/new">Use an authenticator app</a> <span class="muted">(Google Authenticator, Authy, 1Password, Microsoft Authenticator…)</span></div>
${status.allowedFactors.includes('sms') ? '<div class="card"><a href="/security/sms/new">Use text messages (SMS)</a> <span class="muted">(less secure than an app)</span></div>' : ''}
${status.canSkip ? `<form method="post" action="/enroll/skip">${csrfField(csrf)}<button class="secondary">Skip for now</button></form>` : ''}`,

  security: ({ csrf, status, devices }) => `<h1>Security</h1>
${status.mustEnroll ? '<p class="lock">Two-step verification is required: add a method below.</p>' : ''}
<h2>Two-step verification</h2>
${
  status.factors.length === 0
    ? '<p>Off. Add a method to turn it on.</p>'
    : `<table><tr><th>Method</th><th>Added</th><th>Last used</th><th></th></tr>
${status.factors
  .map(
    (
      f,
    ) => `<tr><td>${f.type === 'totp' ? esc(f.label) : `Text message to ${esc(f.phone)}`}</td><td>${new Date(f.createdAt).toLocaleDateString('en')}</td><td>${f.lastUsedAt ? new Date(f.lastUsedAt).toLocaleString('en') : '—'}</td>
<td>${f.type === 'sms' ? `<a href="/security/sms/new?replaces=${esc(f.id)}">Replace</a> ` : ''}<a href="/security/factors/${esc(f.id)}/remove">Turn off</a></td></tr>`,
  )
  .join('')}</table>`
}
<p><a href="/security/totp/new">Add an authenticator app</a>${status.allowedFactors.includes('sms') ? ' · <a href="/security/sms/new">Add a phone number</a>' : ''}</p>
${status.enrolled ? `<h2>Backup codes</h2><p>${status.backupCodesRemaining} of 10 left. <a href="/security/backup-codes/new">Get new codes</a> (the old ones stop working).</p>` : ''}
<h2>Remembered devices</h2>
${devices.length === 0 ? '<p class="muted">None.</p>' : `<ul>${devices.map((d) => `<li>${esc(d.name ?? 'A browser')}: remembered ${new Date(d.createdAt).toLocaleDateString('en')}, until ${new Date(d.expiresAt).toLocaleDateString('en')}</li>`).join('')}</ul>`}
<h2>Sessions and password</h2>
<form class="inline" method="post" action="/security/signout-everywhere">${csrfField(csrf)}<button class="secondary">Sign out everywhere</button></form>
<a href="/security/password">Change password</a>
<form method="post" action="/signout">${csrfField(csrf)}<button class="secondary">Sign out</button></form>`,

  reauth: ({ csrf, next, error }) => `<h1>Confirm it's you</h1>
<p>Enter your password to continue. We ask again when the last check is more than 10 minutes old.</p>
<form class="card" method="post" action="/reauth">${csrfField(csrf)}<input type="hidden" name="next" value="${esc(next)}">
<label for="password">Password</label><input id="password" type="password" name="password" required autocomplete="current-password">
${fieldError(error)}<button>Continue</button></form>`,

  totpNew: ({ csrf, factorId, qr, key, error }) => `<h1>Set up your authenticator app</h1>
<ol><li>Open your authenticator app and add an account.</li><li>Scan this QR code, or enter the key by hand.</li><li>Type the 6-digit code the app shows.</li></ol>
<p><img class="qr" id="qr" src="${esc(qr)}" alt="QR code to scan with your authenticator app"></p>
<p>Key: <span class="key" id="key">${esc(key.match(/.{1,4}/g).join(' '))}</span></p>
<form class="card" method="post" action="/security/totp/confirm">${csrfField(csrf)}<input type="hidden" name="factorId" value="${esc(factorId)}">
<label for="code">Code from the app</label><input id="code" class="code" type="text" name="code" inputmode="numeric" autocomplete="one-time-code" required>
${fieldError(error)}<button>Turn on</button></form>`,

  smsNew: ({
    csrf,
    phone,
    replaces,
    error,
  }) => `<h1>${replaces ? 'Replace a phone number' : 'Add a phone number'}</h1>
<p>We will text a code to this number. US numbers; standard rates apply.</p>
<form class="card" method="post" action="/security/sms/begin">${csrfField(csrf)}${replaces ? `<input type="hidden" name="replaces" value="${esc(replaces)}">` : ''}
<label for="phone">Mobile number</label><input id="phone" type="tel" name="phone" value="${esc(phone)}" autocomplete="tel" required>
${fieldError(error)}<button>Send code</button></form>`,

  smsVerify: ({
    csrf,
    factorId,
    masked,
    error,
    resendIn,
    notice,
  }) => `<h1>Enter the code we texted you</h1>
<p>Sent to ${esc(masked)}. ${notice ? esc(notice) : ''}</p>
<form class="card" method="post" action="/security/sms/confirm">${csrfField(csrf)}<input type="hidden" name="factorId" value="${esc(factorId)}">
<label for="code">Code</label><input id="code" class="code" type="text" name="code" inputmode="numeric" autocomplete="one-time-code" required>
${fieldError(error)}<button>Verify</button></form>
<form method="post" action="/security/sms/resend">${csrfField(csrf)}<input type="hidden" name="factorId" value="${esc(factorId)}">
<button class="secondary">Send a new code</button>${resendIn ? ` <span class="muted">You can ask for a new code in ${esc(resendIn)}.</span>` : ''}</form>`,

  backupCodes: ({
    codes,
    first,
  }) => `<h1>${first ? 'Two-step verification is on' : 'Your new backup codes'}</h1>
<p>Save these backup codes. Each works once, if you lose your phone. They are shown only now.</p>
<ul class="codes" id="backup-codes">${codes.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>
<p class="noprint"><a href="/security/backup-codes/download" download>Download .txt</a> · <a href="/security/backup-codes/print">Print view</a> · <a href="/security">Done</a></p>`,

  backupPrint: ({ text }) => `<!doctype html><meta charset="utf-8"><title>Backup codes</title>
<body style="font:14pt ui-monospace,monospace;padding:2rem"><pre>${esc(text)}</pre><script>/* print with Ctrl+P */</script></body>`,

  confirm: ({ csrf, title, text, action, button }) => `<h1>${esc(title)}</h1><p>${esc(text)}</p>
<form method="post" action="${esc(action)}">${csrfField(csrf)}<button class="danger">${esc(button)}</button> <a href="/security">Cancel</a></form>`,

  password: ({ csrf, error }) => `<h1>Change password</h1>
<p>Remembered devices will have to verify again.</p>
<form class="card" method="post" action="/security/password">${csrfField(csrf)}
<label for="current">Current password</label><input id="current" type="password" name="current" required autocomplete="current-password">
<label for="password">New password (at least 8 characters)</label><input id="password" type="password" name="password" required minlength="8" autocomplete="new-password">
${fieldError(error)}<button>Change password</button></form>`,

  admin: ({ csrf, enforcement }) => `<h1>Admin: two-step verification policy</h1>
<p class="muted">In this demo anyone can change the policy. It applies to every account.</p>
<form class="card" method="post" action="/admin">${csrfField(csrf)}
${[
  ['off', 'Off: nobody is asked'],
  ['optional', 'Optional: offered after sign-up, with Skip'],
  ['required', 'Required: set up right after sign-up, no Skip'],
]
  .map(
    ([value, text]) =>
      `<label style="font-weight:normal"><input type="radio" name="enforcement" value="${value}" ${value === enforcement ? 'checked' : ''}> ${text}</label>`,
  )
  .join('')}
<button>Save</button></form>`,

  outbox: ({ items }) => `<h1>Outbox</h1>
<p class="muted">This demo sends no real texts or e-mails: they land here (and texts in the terminal too).</p>
${
  items.length === 0
    ? '<p>Nothing yet.</p>'
    : items
        .map(
          (
            m,
          ) => `<div class="card outbox-item" data-kind="${m.kind}"><strong>${m.kind === 'sms' ? `Text to ${esc(m.to)}` : `E-mail to ${esc(m.to)}: ${esc(m.subject)}`}</strong>
<div class="muted">${new Date(m.at).toLocaleTimeString('en')}</div><pre style="white-space:pre-wrap">${esc(m.text)}</pre></div>`,
        )
        .join('')
}`,
};

export function plural(ms) {
  const minutes = Math.ceil(ms / 60_000);
  if (ms < 60_000) return `${Math.ceil(ms / 1000)} seconds`;
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.ceil(ms / 3_600_000);
  return `${hours} hours`;
}
