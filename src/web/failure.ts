/**
 * HTTP answers for the failures the service returns: the status, the headers and a JSON body,
 * chosen once here so every host answers the same way.
 */
import type { FailureCode } from '../service/runtime.js';
import { type FailureLike, readFailure } from './failure-input.js';
import { englishMessages, type FailureMessages, failureMessage } from './messages.js';

/**
 * The status for each code, and why:
 * - 400 for a wrong answer or bad input. Not 401 for `invalid_code`: many front-ends treat any
 *   401 as "session ended" and sign the user out, while the user only mistyped a code.
 * - 401 `reauth_required`: the password must be entered again.
 * - 403 `not_allowed`: the policy refuses it for this account.
 * - 404 `not_found`: the factor or device is not (or no longer) on the account.
 * - 409 `already_enrolled`, and `conflict` (another request changed the account at the same
 *   moment; sending the same request again works).
 * - 410 `expired`: the challenge or enrollment is gone; start again rather than retry.
 * - 429 `locked` and `rate_limited`, with `Retry-After` when the wait is known. Not 423 Locked:
 *   that is WebDAV's lock on a resource, and clients, proxies and monitoring know what 429 means.
 * - 502 `delivery_failed`: the SMS provider failed, not the request.
 */
const STATUS: Readonly<Record<FailureCode, number>> = {
  invalid_code: 400,
  invalid_phone: 400,
  country_not_allowed: 400,
  not_mobile: 400,
  reauth_required: 401,
  not_allowed: 403,
  not_found: 404,
  already_enrolled: 409,
  conflict: 409,
  expired: 410,
  locked: 429,
  rate_limited: 429,
  delivery_failed: 502,
};

/**
 * The HTTP status for a failure (400 for a code this version does not know). Table:
 * `invalid_code`, `invalid_phone`, `country_not_allowed`, `not_mobile` 400; `reauth_required`
 * 401; `not_allowed` 403; `not_found` 404; `already_enrolled`, `conflict` 409; `expired` 410;
 * `locked`, `rate_limited` 429; `delivery_failed` 502.
 *
 * @example
 * ```ts
 * import { failureStatus } from 'mfa-kit/web';
 *
 * app.post('/mfa/totp/confirm', async (req, reply) => {
 *   const r = await mfa.totp.confirm(userId, factorId, code);
 *   if (!r.ok) return reply.code(failureStatus(r.error)).send(r.error);
 *   return { backupCodes: r.backupCodes };
 * });
 * ```
 */
export function failureStatus(error: FailureLike): number {
  const { code } = readFailure(error);
  return Object.hasOwn(STATUS, code) ? STATUS[code as FailureCode] : 400;
}

/**
 * The `Retry-After` header value (whole seconds, rounded up) for a failure that carries a wait,
 * else `undefined`.
 *
 * @example
 * ```ts
 * import { retryAfter } from 'mfa-kit/web';
 *
 * retryAfter({ code: 'locked', retryAfterMs: 61_500 }); // '62'
 * ```
 */
export function retryAfter(error: FailureLike): string | undefined {
  const { retryAfterMs } = readFailure(error);
  return retryAfterMs === undefined ? undefined : String(Math.ceil(retryAfterMs / 1000));
}

/** The JSON body of a failure response. */
export interface FailureBody {
  /** The failure code, for the client's logic. */
  error: string;
  /** The sentence for the user. */
  message: string;
  retryAfterMs?: number;
}

/** A failure as an HTTP answer, for frameworks with their own reply objects. */
export interface FailureReply {
  status: number;
  /** `Cache-Control: no-store`, and `Retry-After` when there is a wait. */
  headers: Record<string, string>;
  body: FailureBody;
}

/**
 * Status, headers and JSON body for a failure. `Cache-Control: no-store` because 404 and 410
 * are cacheable by default and these answers are about one user at one moment.
 *
 * @example
 * ```ts
 * import { describeFailure } from 'mfa-kit/web';
 *
 * app.post('/login/mfa', async (req, reply) => {
 *   const r = await mfa.challenge.verify(challengeId, { code });
 *   if (!r.ok) {
 *     const f = describeFailure(r.error);
 *     return reply.code(f.status).headers(f.headers).send(f.body); // Fastify
 *   }
 *   return signIn(reply, r.userId);
 * });
 * ```
 */
export function describeFailure(
  error: FailureLike,
  messages: FailureMessages = englishMessages,
): FailureReply {
  const { code, retryAfterMs } = readFailure(error);
  const wait = retryAfter(error);
  return {
    status: failureStatus(error),
    headers: {
      'cache-control': 'no-store',
      ...(wait === undefined ? {} : { 'retry-after': wait }),
    },
    body: {
      error: code,
      message: failureMessage(error, messages),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    },
  };
}

/**
 * A failure as a Web `Response` with a JSON body (Hono, Next.js route handlers, workers).
 *
 * @example
 * ```ts
 * import { failureResponse } from 'mfa-kit/web';
 *
 * export async function POST(request: Request) {
 *   const r = await mfa.challenge.verify(challengeId, { code });
 *   if (!r.ok) return failureResponse(r.error);
 *   return Response.json({ signedIn: true });
 * }
 * ```
 */
export function failureResponse(
  error: FailureLike,
  messages: FailureMessages = englishMessages,
): Response {
  const { status, headers, body } = describeFailure(error, messages);
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
  });
}
