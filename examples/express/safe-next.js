// Where to go after re-authentication: only a path on this site. Browsers read `/\host`, `//host`,
// `/<tab>/host` and their percent-encoded forms as another host, so anything but a plain local
// path falls back to the Security page.
const ORIGIN = 'http://demo.invalid';
const FALLBACK = '/security';

/** A backslash or a control character (browsers drop tabs and newlines from URLs). */
const unsafeChar = (text) =>
  [...text].some((c) => c === '\\' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

export function safeNext(next, fallback = FALLBACK) {
  if (typeof next !== 'string' || next.length === 0 || next.length > 512) return fallback;
  // One leading slash, then no slash; nothing a browser would strip or turn into a slash.
  if (!next.startsWith('/') || next.startsWith('//') || unsafeChar(next)) return fallback;
  let decoded;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return fallback;
  }
  if (/^\/[\s/]/.test(decoded) || unsafeChar(decoded)) return fallback;
  const url = new URL(next, ORIGIN);
  if (url.origin !== ORIGIN) return fallback;
  return url.pathname + url.search;
}
