/**
 * One cookie, defined once with the attributes a sign-in cookie needs, then read from requests
 * and written as `Set-Cookie` values for any framework.
 *
 * The attributes, and why:
 * - `HttpOnly`: page scripts (and so an XSS payload) cannot read a device token or challenge id.
 * - `SameSite=Lax`: not sent with cross-site POSTs, so another site cannot submit a form that
 *   uses it (CSRF), but still sent on top-level navigations, so a user who arrives from a link
 *   or from a single sign-on redirect keeps the remembered device. `Strict` would ask for a code
 *   again after every such arrival.
 * - `Path=/`: one cookie for the whole app, and required by `__Host-`.
 * - `Secure` and the `__Host-` name prefix (on by default): sent over HTTPS only, and the browser
 *   refuses the cookie unless it was set by this exact host over HTTPS without `Domain`, so a
 *   sibling subdomain or a network attacker cannot plant or overwrite it. Turn `secure` off for
 *   plain-HTTP development only.
 * - `Max-Age` from the lifetime you configure (or the expiry the service returned), so the
 *   browser drops the cookie when the server would refuse it anyway.
 */
import { InvalidArgumentError } from '../errors.js';
import { type CookieSource, readCookie } from './cookie-header.js';

/** Options of {@link defineCookie}. */
export interface CookieOptions {
  /** `Secure` and the `__Host-` prefix. Default `true`; `false` only for plain-HTTP development. */
  secure?: boolean;
  /** Lifetime when `set` is given no expiry; omitted: a session cookie (gone when the browser closes). */
  maxAgeMs?: number;
  /** `Strict` keeps the cookie off every cross-site navigation too. Default `Lax`. */
  sameSite?: 'Lax' | 'Strict';
  /** Clock for turning an expiry into `Max-Age`; default `Date.now`. */
  now?: () => number;
}

/** A cookie defined by {@link defineCookie}. */
export interface Cookie {
  /** The name as sent, with `__Host-` when secure. */
  readonly name: string;
  /** Its value in a request, or `undefined`. Never throws. */
  read(source: CookieSource): string | undefined;
  /**
   * A `Set-Cookie` value. `expiresAt` (ms since the epoch) sets `Max-Age` to the time left;
   * without it the configured `maxAgeMs` applies.
   */
  set(value: string, expiresAt?: number): string;
  /** A `Set-Cookie` value that deletes the cookie. */
  clear(): string;
}

/** RFC 6265 §4.1.1: a token (RFC 7230 tchar). */
const NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** RFC 6265 cookie-octet: printable ASCII without space, `"`, `,`, `;` and `\`. */
const VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;
/** Browsers cap Max-Age at 400 days (RFC 6265bis §5.5). */
const MAX_AGE_MS = 400 * 24 * 3_600_000;

/**
 * Defines a cookie with safe attributes (`HttpOnly; SameSite=Lax; Path=/`, and `Secure` with a
 * `__Host-` name unless `secure: false`). Values are written as they are, so they must be
 * cookie-safe (base64url tokens, ids); anything else is a programming error and throws.
 *
 * @example
 * ```ts
 * import { defineCookie } from 'mfa-kit/web';
 *
 * const session = defineCookie('sid', { secure: true, maxAgeMs: 8 * 3_600_000 });
 * const sid = session.read(request);               // from the `__Host-sid` cookie
 * response.headers.append('Set-Cookie', session.set(newSessionId));
 * response.headers.append('Set-Cookie', session.clear()); // on sign-out
 * ```
 */
export function defineCookie(name: string, options?: CookieOptions): Cookie {
  if (typeof name !== 'string' || !NAME.test(name) || name.length > 64)
    throw new InvalidArgumentError('name', "a cookie name of letters, digits and !#$&'*+-.^_`|~");
  if (/^__(host|secure)-/i.test(name))
    throw new InvalidArgumentError(
      'name',
      'given without __Host- or __Secure- (added when secure)',
    );
  if (options !== undefined && (options === null || typeof options !== 'object'))
    throw new InvalidArgumentError('options', 'an object');
  const secure = options?.secure ?? true;
  if (typeof secure !== 'boolean') throw new InvalidArgumentError('options.secure', 'a boolean');
  const sameSite = options?.sameSite ?? 'Lax';
  if (sameSite !== 'Lax' && sameSite !== 'Strict')
    throw new InvalidArgumentError('options.sameSite', "'Lax' or 'Strict'");
  const maxAgeMs = options?.maxAgeMs;
  if (
    maxAgeMs !== undefined &&
    !(Number.isSafeInteger(maxAgeMs) && maxAgeMs >= 1000 && maxAgeMs <= MAX_AGE_MS)
  )
    throw new InvalidArgumentError('options.maxAgeMs', `an integer from 1000 to ${MAX_AGE_MS}`);
  const now = options?.now ?? Date.now;
  if (typeof now !== 'function') throw new InvalidArgumentError('options.now', 'a function');

  const fullName = secure ? `__Host-${name}` : name;
  const attributes = `; Path=/; HttpOnly; SameSite=${sameSite}${secure ? '; Secure' : ''}`;

  function maxAgeSeconds(expiresAt: number | undefined): number | undefined {
    if (expiresAt === undefined) return maxAgeMs === undefined ? undefined : maxAgeMs / 1000;
    if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt))
      throw new InvalidArgumentError('expiresAt', 'milliseconds since the epoch');
    const t = now();
    if (typeof t !== 'number' || !Number.isFinite(t))
      throw new InvalidArgumentError('options.now', 'a function returning milliseconds');
    // Rounded down: the cookie may leave a second early, never outlive what the server accepts.
    return Math.max(0, Math.floor(Math.min(expiresAt - t, MAX_AGE_MS) / 1000));
  }

  return {
    name: fullName,
    read: (source) => readCookie(source, fullName),
    set(value, expiresAt) {
      if (typeof value !== 'string' || !VALUE.test(value) || value === '')
        throw new InvalidArgumentError('value', 'a non-empty string of cookie-safe characters');
      if (value.length + fullName.length > 4096)
        throw new InvalidArgumentError('value', 'at most 4096 characters with the name');
      const age = maxAgeSeconds(expiresAt);
      return `${fullName}=${value}${age === undefined ? '' : `; Max-Age=${Math.floor(age)}`}${attributes}`;
    },
    clear: () => `${fullName}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT${attributes}`,
  };
}
