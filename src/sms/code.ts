/**
 * One-time SMS codes: uniform random digits, stored only as a keyed hash, valid for minutes and
 * for a few tries. The record is plain JSON the caller stores; every call returns the new record.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { equalBytes } from '../crypto/constant-time.js';
import { drawRandom, type RandomBytes, randomBelow } from '../crypto/random.js';
import { base64urlDecode, base64urlEncode } from '../encoding/base64url.js';
import { InvalidArgumentError } from '../errors.js';
import { assertBytes, assertInteger, assertOptions, toMillis } from '../lib/assert.js';

/** A stored SMS code: its keyed hash, expiry and attempt count. Holds no code. */
export interface SmsCodeRecord {
  hash: string;
  salt: string;
  digits: number;
  expiresAt: number;
  attempts: number;
  maxAttempts: number;
  /** True once the code was accepted or burned by too many wrong tries. */
  spent: boolean;
}

/** Options of {@link issueSmsCode}. */
export interface IssueSmsCodeOptions {
  /** A server-side secret (16+ bytes) keying the stored hash. */
  key: Uint8Array;
  now?: number | Date;
  /** Code length, 6 to 8; default 6. */
  digits?: number;
  /** Lifetime; default 5 minutes, at most 10. */
  ttlMs?: number;
  /** Wrong tries before the code is burned, 1 to 10; default 5. */
  maxAttempts?: number;
  randomBytes?: RandomBytes;
}

/** Why an SMS code was refused. */
export type SmsCodeErrorCode = 'invalid_code' | 'expired' | 'too_many_attempts';

/** The outcome of {@link verifySmsCode}; always carries the record to store next. */
export type VerifySmsCodeResult =
  | { ok: true; record: SmsCodeRecord }
  | { ok: false; record: SmsCodeRecord; error: { code: SmsCodeErrorCode } };

/**
 * How long an SMS code stays valid by default: 5 minutes (never more than 10).
 *
 * @example
 * ```ts
 * issueSmsCode({ key, ttlMs: DEFAULT_SMS_TTL_MS * 2 }); // 10 minutes, the maximum
 * ```
 */
export const DEFAULT_SMS_TTL_MS = 5 * 60_000;
const MAX_SMS_TTL_MS = 10 * 60_000;
const HASH_BYTES = 16;
const encoder = new TextEncoder();

function keyedHash(key: Uint8Array, salt: Uint8Array, code: string): Uint8Array {
  const message = new Uint8Array(salt.length + code.length);
  message.set(salt);
  message.set(encoder.encode(code), salt.length);
  return hmac(sha256, key, message).subarray(0, HASH_BYTES);
}

/** `digits` uniform decimal digits, drawn without bias (see {@link randomBelow}). */
function uniformCode(digits: number, source: RandomBytes | undefined): string {
  return String(randomBelow(source, 10 ** digits, 'opts.randomBytes')).padStart(digits, '0');
}

/**
 * A new code to text the user, and the record to store in its place.
 *
 * @example
 * ```ts
 * const { code, record } = issueSmsCode({ key: smsKey, now: Date.now() });
 * await sender.send({ to: phone, code, text: formatSmsMessage({ issuer: 'Acme', code }) });
 * user.pendingSms = record;
 * ```
 */
export function issueSmsCode(opts: IssueSmsCodeOptions): { code: string; record: SmsCodeRecord } {
  const o = assertOptions(opts, 'opts');
  const key = assertBytes(o.key, 'opts.key', 16, 1024);
  const now = o.now === undefined ? Date.now() : toMillis(o.now, 'opts.now');
  const digits = o.digits === undefined ? 6 : assertInteger(o.digits, 'opts.digits', 6, 8);
  const ttlMs =
    o.ttlMs === undefined
      ? DEFAULT_SMS_TTL_MS
      : assertInteger(o.ttlMs, 'opts.ttlMs', 1000, MAX_SMS_TTL_MS);
  const maxAttempts =
    o.maxAttempts === undefined ? 5 : assertInteger(o.maxAttempts, 'opts.maxAttempts', 1, 10);
  const code = uniformCode(digits, o.randomBytes);
  const salt = drawRandom(o.randomBytes, 16, 'opts.randomBytes');
  return {
    code,
    record: {
      hash: base64urlEncode(keyedHash(key, salt, code)),
      salt: base64urlEncode(salt),
      digits,
      expiresAt: now + ttlMs,
      attempts: 0,
      maxAttempts,
      spent: false,
    },
  };
}

function assertRecord(
  record: unknown,
): SmsCodeRecord & { hashBytes: Uint8Array; saltBytes: Uint8Array } {
  const bad = () => new InvalidArgumentError('record', 'a record from issueSmsCode');
  if (record === null || typeof record !== 'object') throw bad();
  const r = record as Partial<SmsCodeRecord>;
  const hashBytes = typeof r.hash === 'string' ? base64urlDecode(r.hash) : undefined;
  const saltBytes = typeof r.salt === 'string' ? base64urlDecode(r.salt) : undefined;
  if (hashBytes?.length !== HASH_BYTES || saltBytes?.length !== 16) throw bad();
  if (
    ![r.digits, r.expiresAt, r.attempts, r.maxAttempts].every(
      (n) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0,
    )
  )
    throw bad();
  if (typeof r.spent !== 'boolean') throw bad();
  return { ...(r as SmsCodeRecord), hashBytes, saltBytes };
}

/**
 * Checks typed input against a record (spaces and hyphens in the input are ignored). Refuses a
 * spent code, a code after its expiry, and every try after `maxAttempts` wrong ones; the wrong try
 * that exhausts them returns `too_many_attempts`. A correct code is spent by its first use.
 *
 * @example
 * ```ts
 * const result = verifySmsCode(user.pendingSms, typed, { key: smsKey, now: Date.now() });
 * user.pendingSms = result.record; // store it whatever the outcome
 * if (result.ok) activate();
 * ```
 */
export function verifySmsCode(
  record: SmsCodeRecord,
  input: string,
  opts: { key: Uint8Array; now?: number | Date },
): VerifySmsCodeResult {
  const r = assertRecord(record);
  const o = assertOptions(opts, 'opts');
  const key = assertBytes(o.key, 'opts.key', 16, 1024);
  const now = o.now === undefined ? Date.now() : toMillis(o.now, 'opts.now');
  const { hashBytes, saltBytes, ...plain } = r;
  const fail = (code: SmsCodeErrorCode, next: SmsCodeRecord) =>
    ({ ok: false, record: next, error: { code } }) as const;

  // The keyed hash is computed before any verdict, on every path: a wrong code must take as long
  // as an expired, spent or exhausted one, or timing tells an attacker which codes are live.
  const typed = typeof input === 'string' && input.length <= 32 ? input.replace(/[\s-]/g, '') : '';
  const wellFormed = typed.length === plain.digits && /^[0-9]+$/.test(typed);
  const equal = equalBytes(keyedHash(key, saltBytes, wellFormed ? typed : ''), hashBytes);

  if (plain.attempts >= plain.maxAttempts)
    return fail('too_many_attempts', { ...plain, spent: true });
  if (plain.spent) return fail('invalid_code', plain);
  if (now >= plain.expiresAt) return fail('expired', plain);
  if (equal && wellFormed) return { ok: true, record: { ...plain, spent: true } };
  const attempts = plain.attempts + 1;
  const exhausted = attempts >= plain.maxAttempts;
  return fail(exhausted ? 'too_many_attempts' : 'invalid_code', {
    ...plain,
    attempts,
    spent: exhausted,
  });
}
