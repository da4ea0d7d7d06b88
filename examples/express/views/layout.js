// The page frame and the form pieces every page uses: plain HTML, usable without JavaScript,
// styled by /static/demo.css (no inline style or script: the CSP allows files from this site only).
export const esc = (value) =>
  String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

/** Extra files a page needs in its <head> (only the passkey and print pages have scripts). */
const scriptTags = (scripts = []) =>
  scripts.map((src) => `<script src="${esc(src)}" defer></script>`).join('');

export function layout({ title, user, body, flash, csrf, scripts }) {
  const nav = user
    ? `<span class="muted who">Signed in as ${esc(user.login)}</span><a href="/security">Security</a><a href="/profile">Profile</a>
<form method="post" action="/signout">${csrfField(csrf)}<button class="secondary">Sign out</button></form>`
    : '<a href="/signin">Sign in</a><a href="/signup">Sign up</a>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} · mfa-kit demo</title><link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/demo.css">${scriptTags(scripts)}</head>
<body><header><strong>mfa-kit demo</strong>${nav}<a href="/admin">Admin</a><a href="/outbox">Outbox</a></header>
<main>${flash ? `<p class="notice" role="status">${esc(flash)}</p>` : ''}${body}</main></body></html>`;
}

export const csrfField = (csrf) => `<input type="hidden" name="_csrf" value="${esc(csrf)}">`;
export const hidden = (name, value) =>
  value === undefined || value === null || value === ''
    ? ''
    : `<input type="hidden" name="${esc(name)}" value="${esc(value)}">`;

/**
 * A labelled input whose error and hint are tied to it for screen readers (`aria-describedby`,
 * `aria-invalid`), with the error right under it.
 */
export function field({ id, label, type = 'text', name = id, value, error, hint, attrs = '' }) {
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return `<label for="${id}">${esc(label)}</label>${hint ? `<p class="hint" id="${id}-hint">${esc(hint)}</p>` : ''}
<input id="${id}" name="${esc(name)}" type="${type}"${type === 'password' || value === undefined ? '' : ` value="${esc(value)}"`}${described ? ` aria-describedby="${described}"` : ''}${error ? ' aria-invalid="true"' : ''} ${attrs}>
${error ? `<p class="error" id="${id}-error" role="alert">${esc(error)}</p>` : ''}`;
}

/** A code input (authenticator app, text message or backup code). */
export const codeField = ({ id = 'code', label, error, hint, name = id, numeric = true }) =>
  field({
    id,
    name,
    label,
    error,
    hint,
    attrs: `class="code" autocomplete="${numeric ? 'one-time-code' : 'off'}" ${numeric ? 'inputmode="numeric" ' : ''}required`,
  });

/** A form-wide error (one not about a single input). */
export const formError = (message) =>
  message ? `<p class="error" role="alert">${esc(message)}</p>` : '';

/** The one error page: expired forms, missing pages, failures. */
export const errorPage = ({ title, text, link = '/', linkText = 'Go to the start page' }) =>
  `<h1>${esc(title)}</h1><p>${esc(text)}</p><p><a class="button" href="${esc(link)}">${esc(linkText)}</a></p>`;

export const date = (ms) => new Date(ms).toLocaleDateString('en', { dateStyle: 'medium' });
export const dateTime = (ms) =>
  new Date(ms).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
