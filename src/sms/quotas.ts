/**
 * Send quotas for SMS, expressed as rate-limiter rules. SMS costs money and is the favourite
 * target of toll fraud (bots requesting codes to premium numbers), so every send is checked
 * against several budgets at once: a resend cooldown and limits per number, per user, per IP
 * and overall. Guessing is bounded elsewhere: codes count toward the account lockout, and a new
 * code never resets that count.
 */
import { InvalidArgumentError } from '../errors.js';
import { assertInteger, assertOptions, assertString } from '../lib/assert.js';

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
  /** The host's whole SMS budget. */
  global: Quota;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The default send budgets: a 30 s resend cooldown; 5 an hour and 10 a day per number; 10 a day
 * per user; 20 an hour per IP; 1,000 an hour overall.
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
  global: { limit: 1000, windowMs: HOUR },
});

/**
 * The rules to consume before sending a code to `phone` for `userId` from `ip`. Consume all of
 * them; if any is not allowed, do not send, and report the longest `retryAfterMs`.
 *
 * @example
 * ```ts
 * let wait = 0;
 * for (const rule of smsSendRules({ phone: '+12015550123', userId, ip })) {
 *   const { allowed, retryAfterMs } = await limiter.consume(rule.key, rule.limit, rule.windowMs);
 *   if (!allowed) wait = Math.max(wait, retryAfterMs);
 * }
 * if (wait === 0) await sender.send({ to: '+12015550123', code, text });
 * ```
 */
export function smsSendRules(
  subject: { phone: string; userId: string; ip?: string },
  quotas?: Partial<SmsQuotas>,
): RateLimitRule[] {
  const s = assertOptions(subject, 'subject');
  const phone = assertString(s.phone, 'subject.phone', 20);
  if (!/^\+[1-9]\d{3,14}$/.test(phone))
    throw new InvalidArgumentError('subject.phone', 'an E.164 number such as +12015550123');
  const userId = assertString(s.userId, 'subject.userId', 256);
  const ip = s.ip === undefined ? undefined : assertString(s.ip, 'subject.ip', 64);
  const q = resolveSmsQuotas(quotas);
  const rules: [Quota, string | undefined][] = [
    [q.cooldown, `mfa:sms:cooldown:${phone}`],
    [q.perNumber, `mfa:sms:number:${phone}`],
    [q.perNumberDaily, `mfa:sms:number-day:${phone}`],
    [q.perUser, `mfa:sms:user:${userId}`],
    [q.perIp, ip === undefined ? undefined : `mfa:sms:ip:${ip}`],
    [q.global, 'mfa:sms:global'],
  ];
  return rules
    .filter((r): r is [Quota, string] => r[1] !== undefined && r[0].limit > 0)
    .map(([quota, key]) => ({ key, limit: quota.limit, windowMs: quota.windowMs }));
}

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
