/**
 * Attaching `Set-Cookie` values to a Web `Response` (Next.js route handlers, Hono, workers),
 * where a `headers` object literal cannot hold the same name twice.
 */
import { InvalidArgumentError } from '../errors.js';

/**
 * Appends each value as its own `Set-Cookie` header and returns the same response. Values must
 * come from this module's cookies (`set`, `clear`, `afterStart`, `afterVerify`); a value with a
 * line break is refused rather than allowed to split the header.
 *
 * @example
 * ```ts
 * import { mfaCookies, withCookies } from 'mfa-kit/web';
 *
 * const cookies = mfaCookies();
 * export async function POST(request: Request) {
 *   const r = await mfa.challenge.verify(cookies.challenge.read(request) ?? '', { code });
 *   return withCookies(Response.json({ ok: r.ok }), cookies.afterVerify(r));
 * }
 * ```
 */
export function withCookies<R extends { headers: Headers }>(
  response: R,
  setCookies: readonly string[],
): R {
  let headers: unknown;
  try {
    headers = (response as { headers?: unknown }).headers;
  } catch {
    // a look-alike whose getter throws is not a Response either
  }
  if (!(headers instanceof Headers)) throw new InvalidArgumentError('response', 'a Response');
  if (!Array.isArray(setCookies))
    throw new InvalidArgumentError('setCookies', 'an array of strings');
  // Checked before any is appended, so a bad value leaves the response as it was.
  if (!setCookies.every((v) => typeof v === 'string' && !/[\r\n\0]/.test(v)))
    throw new InvalidArgumentError('setCookies', 'an array of Set-Cookie values');
  for (const value of setCookies) headers.append('set-cookie', value);
  return response;
}
