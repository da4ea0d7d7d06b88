// Pages of the host app's own accounts: sign-up, sign-in, password, re-authentication, profile.
import { csrfField, esc, field, formError, hidden } from './layout.js';

export const signup = ({ csrf, form = {} }) => `<h1>Create an account</h1>
<form class="card" method="post" action="/signup">${csrfField(csrf)}
${field({ id: 'login', label: 'E-mail or username', value: form.values?.login, error: form.errors?.login, hint: 'With a username and no e-mail, two-step verification is not available (we could not tell you when it changes).', attrs: 'required autocomplete="username"' })}
${field({ id: 'password', label: 'Password', type: 'password', error: form.errors?.password, hint: 'At least 8 characters.', attrs: 'required minlength="8" autocomplete="new-password"' })}
<button>Create account</button></form>
<p>Already have an account? <a href="/signin">Sign in</a>.</p>`;

export const signin = ({ csrf, form = {} }) => `<h1>Sign in</h1>
<form class="card" method="post" action="/signin">${csrfField(csrf)}
${field({ id: 'login', label: 'E-mail or username', value: form.values?.login, error: form.errors?.login, attrs: 'required autocomplete="username"' })}
${field({ id: 'password', label: 'Password', type: 'password', attrs: 'required autocomplete="current-password"' })}
${formError(form.error)}<button>Sign in</button></form>
<p>New here? <a href="/signup">Create an account</a>.</p>`;

export const reauth = ({ csrf, next, maxAge, form = {} }) => `<h1>Confirm it's you</h1>
<p>Enter your password to continue. ${maxAge ? `We ask again when the last check is more than ${esc(maxAge)} old.` : 'We ask before every change to two-step verification.'}</p>
<form class="card" method="post" action="/reauth">${csrfField(csrf)}${hidden('next', next)}
${field({ id: 'password', label: 'Password', type: 'password', error: form.errors?.password, attrs: 'required autocomplete="current-password"' })}
<button>Continue</button> <a href="/security">Cancel</a></form>`;

export const password = ({ csrf, form = {} }) => `<h1>Change password</h1>
<p>Other sessions are signed out and remembered devices will have to verify again.</p>
<form class="card" method="post" action="/security/password">${csrfField(csrf)}
${field({ id: 'current', label: 'Current password', type: 'password', error: form.errors?.current, attrs: 'required autocomplete="current-password"' })}
${field({ id: 'password', label: 'New password', type: 'password', hint: 'At least 8 characters.', error: form.errors?.password, attrs: 'required minlength="8" autocomplete="new-password"' })}
<button>Change password</button></form>`;

export const profile = ({ csrf, account, form = {} }) => `<h1>Profile</h1>
<form class="card" method="post" action="/profile">${csrfField(csrf)}
<p>Signed in as <strong>${esc(account.login)}</strong> · plan: <strong>${esc(account.plan)}</strong></p>
${field({ id: 'email', label: 'E-mail', type: 'email', value: form.values?.email ?? account.email, error: form.errors?.email, hint: 'Where we tell you about changes to your account. Needed for two-step verification.', attrs: 'autocomplete="email"' })}
${field({ id: 'phone', label: 'Mobile number', type: 'tel', value: form.values?.phone ?? account.phone, error: form.errors?.phone, hint: 'Offered when you turn on text-message codes.', attrs: 'autocomplete="tel"' })}
<button>Save</button></form>`;
