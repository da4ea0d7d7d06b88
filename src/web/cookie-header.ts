/**
 * Reading cookies back from a request. A `Cookie` header is written by the browser from every
 * cookie of the site, including other apps' on a shared domain, so it is hostile input: these
 * functions never throw, whatever they are given.
 */

/**
 * Where cookies can be read from: a `Cookie` header value (or Node's array form), a `Headers`
 * object, or a request carrying either (`Request`, Node's `IncomingMessage`, Fastify, Express).
 */
export type CookieSource =
  | string
  | readonly string[]
  | null
  | undefined
  | { get(name: string): string | null | undefined }
  | {
      readonly headers:
        | { get(name: string): string | null | undefined }
        | Readonly<Record<string, string | readonly string[] | undefined>>;
    };

/** Longer headers are read up to here: browsers send at most a few kB, servers refuse ~16 kB. */
const MAX_HEADER = 64 * 1024;
/** Browsers store at most 4096 bytes per cookie (RFC 6265 §6.1); anything longer is not ours. */
const MAX_VALUE = 4096;

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string').join('; ');
  return undefined;
}

/** The raw `Cookie` header of any supported source, or '' (a getter that throws counts as absent). */
function cookieHeader(source: unknown): string {
  try {
    const direct = text(source);
    if (direct !== undefined) return direct;
    if (source === null || typeof source !== 'object') return '';
    const holder = source as { get?: unknown; headers?: unknown };
    if (typeof holder.get === 'function') return text(holder.get('cookie')) ?? '';
    const headers = holder.headers as { get?: unknown; cookie?: unknown } | null | undefined;
    if (headers === null || typeof headers !== 'object') return '';
    if (typeof headers.get === 'function') return text(headers.get('cookie')) ?? '';
    return text(headers.cookie) ?? '';
  } catch {
    return '';
  }
}

/** Percent-decodes when it can; a malformed escape (`%E0%A4%A`) leaves the value as sent. */
function decode(raw: string): string {
  let value = raw.trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Calls `visit(name, rawValue)` for each pair in order until it returns true. */
function scan(source: unknown, visit: (name: string, raw: string) => boolean): void {
  let header = cookieHeader(source);
  if (header.length > MAX_HEADER) {
    // The last pair was cut in the middle: drop it rather than return part of a value.
    header = header.slice(0, Math.max(0, header.lastIndexOf(';', MAX_HEADER)));
  }
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue; // `name` alone or `=value`: no name to match
    const name = pair.slice(0, eq).trim();
    const raw = pair.slice(eq + 1);
    if (name === '' || raw.length > MAX_VALUE) continue;
    if (visit(name, raw)) return;
  }
}

/**
 * The value of one cookie, or `undefined` when absent. Never throws: a malformed percent escape
 * leaves the value as sent, quotes around a value are removed, values over 4096 characters and
 * headers past 64 kB are ignored. When the name appears twice (a parent domain's cookie of the
 * same name), the first wins: browsers send the most specific path first (RFC 6265 §5.4).
 *
 * @example
 * ```ts
 * import { readCookie } from 'mfa-kit/web';
 *
 * readCookie('theme=dark; other_app=%E0%A4%A; sid=abc', 'sid'); // 'abc'
 * readCookie(request, 'sid'); // a Request, Headers, or Node/Express/Fastify request
 * ```
 */
export function readCookie(source: CookieSource, name: string): string | undefined {
  if (typeof name !== 'string' || name === '') return undefined;
  let found: string | undefined;
  scan(source, (n, raw) => {
    if (n !== name) return false;
    found = decode(raw);
    return true;
  });
  return found;
}

/**
 * Every cookie of a request as a plain object without a prototype (so a cookie named
 * `__proto__` is just a name). Never throws; same rules as {@link readCookie}.
 *
 * @example
 * ```ts
 * import { parseCookies } from 'mfa-kit/web';
 *
 * const cookies = parseCookies(request.headers.get('cookie'));
 * cookies.theme; // 'dark' or undefined
 * ```
 */
export function parseCookies(source: CookieSource): Record<string, string | undefined> {
  const out: Record<string, string> = Object.create(null);
  scan(source, (name, raw) => {
    if (!(name in out)) out[name] = decode(raw);
    return false;
  });
  return out;
}
