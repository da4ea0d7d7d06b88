/** The interfaces a host implements so the service can run over its own storage and providers. */

/**
 * Where each user's MFA document lives: one row per user (`user_id`, `version`, `doc`).
 *
 * @example
 * ```ts
 * const store: MfaStore = {
 *   async load(userId) {
 *     const row = await sql`SELECT doc, version FROM mfa WHERE user_id = ${userId}`;
 *     return row ? { doc: row.doc, version: row.version } : null;
 *   },
 *   async save(userId, doc, expectedVersion) {
 *     const r = expectedVersion === null
 *       ? await sql`INSERT INTO mfa VALUES (${userId}, 1, ${doc}) ON CONFLICT DO NOTHING`
 *       : await sql`UPDATE mfa SET doc = ${doc}, version = version + 1 WHERE user_id = ${userId} AND version = ${expectedVersion}`;
 *     return r.rowCount === 1;
 *   },
 * };
 * ```
 */
export interface MfaStore {
  /** The stored document and its version, or `null` when the user has none. */
  load(userId: string): Promise<{ doc: string; version: number } | null>;
  /**
   * Write `doc` only if the stored version is `expectedVersion` (`null`: only if absent), making
   * the new version `expectedVersion + 1` (or 1). Returns false on a conflict, writing nothing.
   */
  save(userId: string, doc: string, expectedVersion: number | null): Promise<boolean>;
  /**
   * Removes the user's document (account deletion); nothing happens for an unknown user.
   * Optional: only `mfa.deleteUser` needs it, and throws without it.
   */
  delete?(userId: string): Promise<void>;
}

/** A text message to deliver: `to` in E.164, the `text` to send (which contains `code`). */
export interface SmsMessage {
  to: string;
  code: string;
  text: string;
}

/**
 * Delivers text messages through the host's provider (Twilio, Vonage, SNS, …). Throw on failure.
 *
 * @example
 * ```ts
 * const sender: SmsSender = { send: ({ to, text }) => twilio.messages.create({ to, from, body: text }) };
 * ```
 */
export interface SmsSender {
  send(message: SmsMessage): Promise<unknown>;
}

/**
 * Counts events per key in a window, for quotas that span users (per phone number, per IP, a
 * global SMS budget). Consuming when not allowed must not count.
 *
 * @example
 * ```ts
 * const { allowed, retryAfterMs } = await limiter.consume('mfa:sms:ip:203.0.113.9', 20, 3_600_000);
 * ```
 */
export interface RateLimiter {
  consume(
    key: string,
    limit: number,
    windowMs: number,
  ): Promise<{ allowed: boolean; retryAfterMs: number }>;
}
