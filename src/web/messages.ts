/**
 * Words a user understands for each failure the service returns, in a table a host can reword
 * or translate, and the remaining wait of a lock written out ("4 minutes") in any language the
 * runtime's `Intl` knows.
 */
import { InvalidArgumentError } from '../errors.js';
import type { FailureCode } from '../service/runtime.js';
import { type FailureLike, readFailure } from './failure-input.js';

/**
 * A message table: one sentence per failure code, `{wait}` standing for the remaining wait, and
 * the BCP 47 `locale` in which waits are written. `locked_no_wait` is for a lock only an
 * administrator can lift; `rate_limited_no_wait` when no wait is known; `unknown` for a code the
 * table does not know.
 */
export type FailureMessages = { readonly locale: string } & {
  readonly [K in FailureCode | 'locked_no_wait' | 'rate_limited_no_wait' | 'unknown']: string;
};

/**
 * The English table. Spread it to change a few sentences, or write a whole table (TypeScript
 * then checks that every code has one) to translate.
 *
 * @example
 * ```ts
 * import { englishMessages, type FailureMessages } from 'mfa-kit/web';
 *
 * const ours: FailureMessages = { ...englishMessages, invalid_code: 'Wrong code, try again.' };
 * ```
 */
export const englishMessages: FailureMessages = Object.freeze({
  locale: 'en',
  invalid_code: "That code didn't work. Check it and try again.",
  expired: 'This step took too long and has expired. Please start again.',
  locked: 'Too many wrong codes. Try again in {wait}.',
  locked_no_wait: 'Too many wrong codes: your account is locked. Contact support to unlock it.',
  reauth_required: 'For your security, please enter your password again.',
  not_allowed: "That isn't available for your account.",
  not_found: 'That sign-in method is no longer on your account.',
  already_enrolled: 'That is already set up on your account.',
  rate_limited: 'Too many attempts. Please wait {wait} and try again.',
  rate_limited_no_wait: 'Too many attempts. Please wait a moment and try again.',
  invalid_phone: "That doesn't look like a phone number.",
  country_not_allowed: "We can't send text messages to numbers in that country.",
  not_mobile: "That number can't receive text messages.",
  delivery_failed: "We couldn't send the text message. Please try again in a minute.",
  conflict: 'Something else changed your account at the same moment. Please try again.',
  unknown: 'Something went wrong. Please try again.',
});

const UNITS = [
  // [unit, its length in ms, used below this many ms]
  ['second', 1000, 60_000],
  ['minute', 60_000, 120 * 60_000],
  ['hour', 3_600_000, 48 * 3_600_000],
  ['day', 86_400_000, Infinity],
] as const;

/**
 * A wait in words: "45 seconds", "4 minutes", "3 hours", "2 days", rounded up so a user who
 * waits that long is never refused again. Written by `Intl` in `locale` (default English;
 * an unknown locale falls back to English).
 *
 * @example
 * ```ts
 * import { formatWait } from 'mfa-kit/web';
 *
 * formatWait(240_000); // '4 minutes'
 * formatWait(90_000, 'de'); // '2 Minuten'
 * ```
 */
export function formatWait(ms: number, locale = 'en'): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
    throw new InvalidArgumentError('ms', 'a finite number of milliseconds, 0 or more');
  const [unit, size] = UNITS.find(([, , below]) => ms < below)!;
  const count = Math.max(1, Math.ceil(ms / size));
  for (const tag of [locale, 'en']) {
    try {
      return new Intl.NumberFormat(tag, { style: 'unit', unit, unitDisplay: 'long' }).format(count);
    } catch {
      // A malformed tag, or a runtime without unit formatting: try English, then by hand.
    }
  }
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/**
 * The sentence to show the user for a failure, from `messages` (default {@link englishMessages};
 * a sentence missing from a partial table comes from English). For `locked` and `rate_limited`
 * it says how long to wait. It never contains anything the user typed.
 *
 * @example
 * ```ts
 * import { failureMessage } from 'mfa-kit/web';
 *
 * const result = await mfa.challenge.verify(challengeId, { code });
 * if (!result.ok) showError(failureMessage(result.error)); // 'Too many wrong codes. Try again in 4 minutes.'
 * ```
 */
export function failureMessage(
  error: FailureLike,
  messages: FailureMessages = englishMessages,
): string {
  const { code, retryAfterMs } = readFailure(error);
  if (messages === null || typeof messages !== 'object')
    throw new InvalidArgumentError('messages', 'a message table such as englishMessages');
  const pick = (key: keyof FailureMessages): string => {
    const own = Object.hasOwn(messages, key) ? messages[key] : undefined;
    return typeof own === 'string' ? own : englishMessages[key];
  };
  const known = Object.hasOwn(englishMessages, code) && code !== 'locale';
  const key = (known ? code : 'unknown') as keyof FailureMessages;
  if ((key === 'locked' || key === 'rate_limited') && retryAfterMs === undefined)
    return pick(`${key}_no_wait`);
  const sentence = pick(key);
  if (retryAfterMs === undefined || !sentence.includes('{wait}')) return sentence;
  const locale = typeof messages.locale === 'string' ? messages.locale : 'en';
  // split/join, not replace: a translated sentence may contain `$&` and the like.
  return sentence.split('{wait}').join(formatWait(retryAfterMs, locale));
}
