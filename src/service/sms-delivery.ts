/** Sending a code by SMS from the service: quotas first, the text after the change is stored. */
import { issueSmsCode, type SmsCodeRecord } from '../sms/code.js';
import { formatSmsMessage } from '../sms/message.js';
import { type SmsPurpose, type SmsSendSubject, smsSendRules } from '../sms/quotas.js';
import { type Failure, fail, type Runtime } from './runtime.js';

/**
 * Takes from the send budgets in their order (the requester's IP and user first, the shared
 * country and global budgets last) and stops at the first refusal, so a refused request costs
 * nobody else anything: one account over its own quota cannot drain the global budget.
 */
async function checkSmsQuotas(rt: Runtime, subject: SmsSendSubject): Promise<Failure | undefined> {
  for (const rule of smsSendRules(subject, rt.o.sms!.quotas)) {
    const { allowed, retryAfterMs } = await rt.o.rateLimiter!.consume(
      rule.key,
      rule.limit,
      rule.windowMs,
    );
    if (!allowed) return fail('rate_limited', Math.max(0, retryAfterMs));
  }
  return undefined;
}

/** Sends the code; false if the provider failed (the stored code stays valid for a resend). */
async function deliverCode(rt: Runtime, to: string, code: string): Promise<boolean> {
  const sms = rt.o.sms!;
  const text = formatSmsMessage(
    sms.domain === undefined
      ? { issuer: rt.o.issuer, code }
      : { issuer: rt.o.issuer, code, domain: sms.domain },
  );
  try {
    await sms.sender.send({ to, code, text });
    return true;
  } catch {
    return false;
  }
}

/** Resend spacing kept in the document too, so it holds even with a permissive rate limiter. */
export function resendWait(rt: Runtime, sentAt: number, now: number): number {
  return Math.max(0, sentAt + rt.o.sms!.quotas.cooldown.windowMs - now);
}

/**
 * One text per call of a flow: the send budgets are consumed and the code drawn at most once,
 * however often the save is retried, and the text goes out only after the save succeeded.
 * `purpose` keeps texts that enroll a number apart from that number's sign-in budget: `signin`
 * from a sign-in challenge, `enroll` (the default) for a number being added.
 */
export function smsDispatch(
  rt: Runtime,
  userId: string,
  ip: string | undefined,
  purpose: SmsPurpose = 'enroll',
) {
  let quota: Promise<Failure | undefined> | undefined;
  let issued: ReturnType<typeof issueSmsCode> | undefined;
  return {
    /** A `rate_limited` failure when any budget for this number is spent. */
    limited: (phone: string) => {
      quota ??= (async () => {
        // Loaded on first send: libphonenumber-js's metadata is for hosts that text.
        const country = (await import('../sms/phone.js')).phoneRegion(phone);
        return checkSmsQuotas(rt, {
          phone,
          userId,
          purpose,
          ...(ip === undefined ? {} : { ip }),
          ...(country === undefined ? {} : { country }),
        });
      })();
      return quota;
    },
    /** The record of the code to store in the document. */
    issue(now: number): SmsCodeRecord {
      issued ??= issueSmsCode({
        key: rt.smsKey,
        now,
        ...(rt.o.randomBytes ? { randomBytes: rt.o.randomBytes } : {}),
      });
      return issued.record;
    },
    /** The `afterCommit` that texts the code; `delivery_failed` replaces `result` if the provider fails. */
    sendAfterCommit<T>(to: string, result: T): () => Promise<T | Failure> {
      const code = issued!.code;
      return async () => ((await deliverCode(rt, to, code)) ? result : fail('delivery_failed'));
    },
  };
}
