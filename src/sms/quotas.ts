/**
 * Send quotas for SMS, expressed as rate-limiter rules. SMS costs money and is the favourite
 * target of toll fraud (bots requesting codes to premium numbers), so every send is checked
 * against several budgets: a resend cooldown and limits per number, per user, per IP, per
 * destination country and overall. The rules come in the order to consume them, the sender's own
 * budgets (IP, user) first and the shared ones (country, global) last, and the caller stops at the
 * first refusal: a refused request then takes nothing from the budgets other people depend on.
 * Texts that enroll a number not yet verified count apart from that number's sign-in texts, so
 * whoever types someone else's number cannot block that person's sign-in. Guessing is bounded
 * elsewhere: codes count toward the account lockout, and a new code never resets that count.
 */
import { InvalidArgumentError } from '../errors.js';
import { assertInteger, assertOneOf, assertOptions, assertString } from '../lib/assert.js';

/** One budget to consume from a `RateLimiter`: at most `limit` sends per `windowMs` for `key`. */
export interface RateLimitRule {
  key: string;
  limit: number;
  windowMs: number;
}

/** A count per window; `limit: 0` turns a rule off. */
export interface Quota {
  limit: number;
  windowMs: number;
}

/** The budgets behind {@link smsSendRules}; each may be overridden. */
export interface SmsQuotas {
  /** Minimum spacing between two codes to the same number (the "send a new code" button). */
  cooldown: Quota;
  perNumber: Quota;
  perNumberDaily: Quota;
  perUser: Quota;
  perIp: Quota;
  /** Texts to any one destination country (or non-geographic code such as +881). */
  perCountry: Quota;
  /** The host's whole SMS budget. */
  global: Quota;
}

/** Why a text is sent: `enroll` verifies a new number, `signin` is a second factor in use. */
export type SmsPurpose = 'enroll' | 'signin';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The default send budgets: a 30 s resend cooldown; 5 an hour and 10 a day per number (for each
 * purpose); 10 a day per user; 20 an hour per IP; 1,000 a day per destination country; 1,000 an
 * hour overall. A host whose users mostly live in one country raises `perCountry` to its volume.
 *
 * @example
 * ```ts
 * smsSendRules(subject, { global: { ...DEFAULT_SMS_QUOTAS.global, limit: 200 } });
 * ```
 */
export const DEFAULT_SMS_QUOTAS: Readonly<SmsQuotas> = Object.freeze({
  cooldown: { limit: 1, windowMs: 30_000 },
  perNumber: { limit: 5, windowMs: HOUR },
  perNumberDaily: { limit: 10, windowMs: DAY },
  perUser: { limit: 10, windowMs: DAY },
  perIp: { limit: 20, windowMs: HOUR },
  perCountry: { limit: 1000, windowMs: DAY },
  global: { limit: 1000, windowMs: HOUR },
});

/** Who sends what where: the subject of {@link smsSendRules}. */
export interface SmsSendSubject {
  /** The destination, E.164. */
  phone: string;
  userId: string;
  ip?: string;
  /** The destination's ISO country (`US`), or `+881`-style calling code when it has none. */
  country?: string;
  /** Default `enroll`: pass `signin` for texts to a verified number during sign-in. */
  purpose?: SmsPurpose;
}

/**
 * The rules to consume before sending a code, in the order to consume them: IP, user, number
 * (cooldown, hourly, daily; kept apart per purpose), country, global. Stop at the first that is
 * not allowed and do not send: the rules after it are not taken, so refused requests never drain
 * the shared budgets. (The `RateLimiter` interface has only `consume`; the order is what keeps
 * the sender's own budgets paying for its refusals.)
 *
 * @example
 * ```ts
 * import { smsSendRules } from 'mfa-kit/sms';
 * const subject = { phone: '+12015550123', userId, ip, country: 'US', purpose: 'signin' } as const;
 * let wait = -1;
 * for (const rule of smsSendRules(subject)) {
 *   const { allowed, retryAfterMs } = await limiter.consume(rule.key, rule.limit, rule.windowMs);
 *   if (!allowed) {
 *     wait = retryAfterMs; // rate_limited: stop here, take nothing more
 *     break;
 *   }
 * }
 * if (wait < 0) await sender.send({ to: '+12015550123', code, text });
 * ```
 */
export function smsSendRules(
  subject: SmsSendSubject,
  quotas?: Partial<SmsQuotas>,
): RateLimitRule[] {
  const s = assertOptions(subject, 'subject');
  const phone = assertString(s.phone, 'subject.phone', 20);
  if (!/^\+[1-9]\d{3,14}$/.test(phone))
    throw new InvalidArgumentError('subject.phone', 'an E.164 number such as +12015550123');
  const userId = assertString(s.userId, 'subject.userId', 256);
  const ip = s.ip === undefined ? undefined : assertString(s.ip, 'subject.ip', 64);
  if (
    s.country !== undefined &&
    (typeof s.country !== 'string' || !/^([A-Z]{2}|\+[1-9]\d{0,2})$/.test(s.country))
  )
    throw new InvalidArgumentError('subject.country', 'an ISO country code such as US, or +881');
  const purpose =
    s.purpose === undefined
      ? 'enroll'
      : assertOneOf(s.purpose, 'subject.purpose', ['enroll', 'signin'] as const);
  const q = resolveSmsQuotas(quotas);
  // Sign-in keeps the keys of 0.1, so counters survive the upgrade; enrollment gets its own.
  const number = purpose === 'signin' ? 'mfa:sms' : 'mfa:sms:enroll';
  const rules: [Quota, string | undefined][] = [
    [q.perIp, ip === undefined ? undefined : `mfa:sms:ip:${ip}`],
    [q.perUser, `mfa:sms:user:${userId}`],
    [q.cooldown, `${number}:cooldown:${phone}`],
    [q.perNumber, `${number}:number:${phone}`],
    [q.perNumberDaily, `${number}:number-day:${phone}`],
    [q.perCountry, s.country === undefined ? undefined : `mfa:sms:country:${s.country}`],
    [q.global, 'mfa:sms:global'],
  ];
  return rules
    .filter((r): r is [Quota, string] => r[1] !== undefined && r[0].limit > 0)
    .map(([quota, key]) => ({ key, limit: quota.limit, windowMs: quota.windowMs }));
}

/**
 * Checks quota overrides and fills in the defaults, naming the bad field.
 *
 * @example
 * ```ts
 * import { resolveSmsQuotas } from 'mfa-kit/sms';
 * resolveSmsQuotas({ perCountry: { limit: 20_000, windowMs: 86_400_000 } }, 'sms.quotas');
 * ```
 */
export function resolveSmsQuotas(
  quotas: Partial<SmsQuotas> | undefined,
  name = 'quotas',
): SmsQuotas {
  const q = assertOptions(quotas, name);
  const out = { ...DEFAULT_SMS_QUOTAS } as SmsQuotas;
  for (const field of Object.keys(DEFAULT_SMS_QUOTAS) as (keyof SmsQuotas)[]) {
    const value = q[field];
    if (value === undefined) continue;
    if (value === null || typeof value !== 'object')
      throw new InvalidArgumentError(`${name}.${field}`, 'an object { limit, windowMs }');
    out[field] = {
      limit: assertInteger(value.limit, `${name}.${field}.limit`, 0, 1_000_000_000),
      windowMs: assertInteger(value.windowMs, `${name}.${field}.windowMs`, 1, 366 * DAY),
    };
  }
  return out;
}
