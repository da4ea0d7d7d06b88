/**
 * The guard every app puts after sign-in: send users who must enroll to enrollment (and, if the
 * host wants, suggest it to users who may skip), and let everyone else through.
 */
import { InvalidArgumentError } from '../errors.js';

/** The fields of `mfa.status(userId)` the decision reads. */
export interface EnrollmentStatusLike {
  mustEnroll: boolean;
  promptEnrollment?: boolean;
  canSkip?: boolean;
}

/** Where to send the user, and whether the page may offer Skip. */
export interface EnrollmentRedirect {
  location: string;
  /** True: enrollment is required now, the page must not offer Skip. */
  required: boolean;
}

/** A path on this site: `/…`, but not `//host` or `/\host`, which browsers treat as another site. */
const LOCAL_PATH = /^\/(?![/\\])[^\s\\]*$/;

/**
 * Where to send a signed-in user before anything else, or `undefined` to let them through.
 * `mustEnroll` (required, no grace left) always redirects; with `suggest: true`,
 * `promptEnrollment` (optional, never skipped or skipped long enough ago) does too, with Skip
 * allowed. `to` must be a path on this site, so a misconfiguration cannot become an open redirect.
 *
 * @example
 * ```ts
 * import { enrollmentRedirect } from 'mfa-kit/web';
 *
 * export async function GET(request: Request) {
 *   const go = enrollmentRedirect(await mfa.status(userId), { to: '/settings/mfa', suggest: true });
 *   if (go) return Response.redirect(new URL(go.location, request.url), 303);
 *   return renderHome();
 * }
 * ```
 */
export function enrollmentRedirect(
  status: EnrollmentStatusLike,
  options?: { to?: string; suggest?: boolean },
): EnrollmentRedirect | undefined {
  if (status === null || typeof status !== 'object' || typeof status.mustEnroll !== 'boolean')
    throw new InvalidArgumentError('status', 'the result of mfa.status(userId)');
  if (options !== undefined && (options === null || typeof options !== 'object'))
    throw new InvalidArgumentError('options', 'an object');
  const to = options?.to ?? '/mfa/setup';
  if (typeof to !== 'string' || to.length > 2048 || !LOCAL_PATH.test(to))
    throw new InvalidArgumentError('options.to', 'a path on this site, starting with a single /');
  if (status.mustEnroll) return { location: to, required: true };
  if (options?.suggest === true && status.promptEnrollment === true)
    return { location: to, required: false };
  return undefined;
}
