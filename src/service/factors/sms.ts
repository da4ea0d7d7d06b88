/**
 * The text-message factor: a phone number enrolled by texting it a code, replaceable by a new
 * number once that one is confirmed; at sign-in the code texted for this challenge
 * (`challenge.sendSms`) is checked.
 */
import { InvalidArgumentError } from '../../errors.js';
import { assertOptions } from '../../lib/assert.js';
import { type SmsCodeRecord, verifySmsCode } from '../../sms/code.js';
import { LIMITS, type MfaDocument } from '../document.js';
import {
  activate,
  allowed,
  assertLabel,
  backupCodeMaker,
  type ReauthOptions,
  revokeDevicesOf,
} from '../enrollment.js';
import {
  assertUserId,
  type Decision,
  type Failure,
  fail,
  normalizeTypedCode,
  type PendingEvent,
  type Result,
  type Runtime,
} from '../runtime.js';
import { type ChallengeClaims, hashSecret, parseChallengeId } from '../tokens.js';
import { bool, int, record, str } from './fields.js';
import type { FactorBase, FactorKind, PendingBase, SignInAttempt } from './kind.js';

export interface SmsFactor extends FactorBase {
  type: 'sms';
  phone: string;
  masked: string;
}

export interface PendingSms extends PendingBase {
  type: 'sms';
  phone: string;
  masked: string;
  code: SmsCodeRecord;
  sentAt: number;
  /** A number this one replaces once confirmed. */
  replaces?: string;
}

/**
 * The SMS code, and libphonenumber-js (~100 ms to load) with it, loads only when a number is
 * parsed or texted: a host without SMS never pays for it.
 */
const loadPhone = () => import('../../sms/phone.js');
const loadDelivery = () => import('../sms-delivery.js');

/** Checks a stored texted-code record (in a pending number or a sign-in text). */
export function checkSmsCode(v: unknown, field: string): void {
  const c = record(v, field);
  str(c.hash, `${field}.hash`, 64);
  str(c.salt, `${field}.salt`, 64);
  int(c.digits, `${field}.digits`, 10, 4);
  int(c.expiresAt, `${field}.expiresAt`);
  int(c.attempts, `${field}.attempts`, 1000);
  int(c.maxAttempts, `${field}.maxAttempts`, 100);
  bool(c.spent, `${field}.spent`);
}

const notConfigured = () =>
  new InvalidArgumentError('sms', 'configured in createMfa before SMS can be used');

function api(rt: Runtime) {
  return {
    /** Starts adding a phone number: checks it against the rules and texts it a code. */
    async begin(
      userId: string,
      phoneInput: string,
      opts: ReauthOptions & {
        defaultCountry?: string;
        label?: string;
        replaces?: string;
        ip?: string;
      },
    ) {
      assertUserId(userId);
      const o = assertOptions(opts, 'opts');
      const config = rt.o.sms;
      if (!config) throw notConfigured();
      const policy = await allowed(rt, userId, o as ReauthOptions, 'sms');
      if ('ok' in policy) return policy;
      const { parsePhone } = await loadPhone();
      const parsed = parsePhone(phoneInput, {
        ...((o.defaultCountry ?? config.defaultCountry)
          ? { defaultCountry: (o.defaultCountry ?? config.defaultCountry)! }
          : {}),
        ...(config.allowedCountries ? { allowedCountries: config.allowedCountries } : {}),
        mobileOnly: config.phone.mobileOnly,
        allowNonGeographic: config.phone.allowNonGeographic,
      });
      if (!parsed.ok) return fail(parsed.error.code);
      const label = assertLabel(o.label, parsed.masked);
      const factorId = rt.newId('f');
      const { resendWait, smsDispatch } = await loadDelivery();
      const dispatch = smsDispatch(rt, userId, o.ip);
      return rt.transact(
        userId,
        async (
          doc,
          now,
        ): Promise<Decision<Result<{ factorId: string; masked: string; expiresAt: number }>>> => {
          if (doc.factors.some((f) => f.type === 'sms' && f.phone === parsed.e164))
            return { result: fail('already_enrolled'), write: false };
          if (
            o.replaces !== undefined &&
            !doc.factors.some((f) => f.id === o.replaces && f.type === 'sms')
          )
            return { result: fail('not_found'), write: false };
          if (doc.factors.length >= LIMITS.factors)
            return { result: fail('not_allowed'), write: false };
          const earlier = doc.pending.find(
            (p): p is PendingSms => p.type === 'sms' && p.phone === parsed.e164,
          );
          const wait = earlier ? resendWait(rt, earlier.sentAt, now) : 0;
          if (wait > 0) return { result: fail('rate_limited', wait), write: false };
          const limited = await dispatch.limited(parsed.e164);
          if (limited) return { result: limited, write: false };
          const code = dispatch.issue(now);
          const pending: PendingSms = {
            id: factorId,
            type: 'sms',
            label,
            phone: parsed.e164,
            masked: parsed.masked,
            code,
            sentAt: now,
            createdAt: now,
            expiresAt: now + rt.o.ttl.enrollmentMs,
            ...(o.replaces !== undefined ? { replaces: o.replaces } : {}),
          };
          doc.pending = [...doc.pending.filter((p) => p !== earlier), pending].slice(
            -LIMITS.pending,
          );
          const result = {
            ok: true as const,
            factorId,
            masked: parsed.masked,
            expiresAt: code.expiresAt,
          };
          return {
            result,
            write: true,
            afterCommit: dispatch.sendAfterCommit(parsed.e164, result),
          };
        },
      );
    },

    /** Sends a new code to a number being added ("send a new code"). */
    async resend(userId: string, factorId: string, opts?: { ip?: string }) {
      assertUserId(userId);
      if (!rt.o.sms) throw notConfigured();
      const { resendWait, smsDispatch } = await loadDelivery();
      const dispatch = smsDispatch(rt, userId, opts?.ip);
      return rt.transact(
        userId,
        async (doc, now): Promise<Decision<Result<{ expiresAt: number }>>> => {
          const pending = doc.pending.find(
            (p): p is PendingSms => p.id === factorId && p.type === 'sms',
          );
          if (!pending) return { result: fail('expired'), write: false };
          const wait = resendWait(rt, pending.sentAt, now);
          if (wait > 0) return { result: fail('rate_limited', wait), write: false };
          const limited = await dispatch.limited(pending.phone);
          if (limited) return { result: limited, write: false };
          pending.code = dispatch.issue(now);
          pending.sentAt = now;
          const result = { ok: true as const, expiresAt: pending.code.expiresAt };
          return {
            result,
            write: true,
            afterCommit: dispatch.sendAfterCommit(pending.phone, result),
          };
        },
      );
    },

    /** Confirms a number with the texted code; a replaced number goes only now. */
    async confirm(userId: string, factorId: string, code: string) {
      assertUserId(userId);
      const makeBackupCodes = backupCodeMaker(rt);
      return rt.transact(
        userId,
        async (
          doc,
          now,
        ): Promise<Decision<Result<{ factorId: string; backupCodes?: string[] }>>> => {
          const pending = doc.pending.find(
            (p): p is PendingSms => p.id === factorId && p.type === 'sms',
          );
          if (!pending) return { result: fail('expired'), write: false };
          const check = verifySmsCode(pending.code, normalizeTypedCode(code), {
            key: rt.smsKey,
            now,
          });
          pending.code = check.record;
          // Wrong, expired and burned codes get the same answer; the attempt count is stored.
          if (!check.ok) return { result: fail('invalid_code'), write: true };
          const events: PendingEvent[] = [];
          const { id, label, phone, masked } = pending;
          const factor = { id, type: 'sms' as const, label, phone, masked, createdAt: now };
          const old =
            pending.replaces === undefined
              ? undefined
              : doc.factors.find((f) => f.id === pending.replaces);
          if (old) {
            // One change, one event: the old number goes, the new one comes last as if added.
            doc.factors = [...doc.factors.filter((f) => f !== old), factor];
            doc.pending = doc.pending.filter((p) => p !== pending);
            revokeDevicesOf(doc, old.id);
            events.push({
              type: 'factor.replaced',
              factorId: id,
              factorType: 'sms',
              replacedFactorId: old.id,
            });
            return { result: { ok: true, factorId }, write: true, events };
          }
          const backupCodes = await activate(doc, factor, makeBackupCodes, events);
          return {
            result: backupCodes ? { ok: true, factorId, backupCodes } : { ok: true, factorId },
            write: true,
            events,
          };
        },
      );
    },
  };
}

/** The code texted for this challenge, to the number the answer names. */
function signIn(
  rt: Runtime,
  claims: { nonce: Uint8Array },
  _id: string,
  answer: Record<string, unknown>,
): SignInAttempt {
  const code = normalizeTypedCode(answer.code);
  const nonceHash = hashSecret(claims.nonce);
  return {
    check(doc, now, named) {
      let accepted = false;
      const text = doc.challenges.find(
        (c) => c.challenge === nonceHash && c.factorId === named?.id,
      );
      if (text && named) {
        const check = verifySmsCode(text.code, code, { key: rt.smsKey, now });
        text.code = check.record;
        accepted = check.ok;
        if (accepted) named.lastUsedAt = now;
      }
      return { accepted, cost: 1, amr: ['sms', 'mfa'], events: [] };
    },
  };
}

export const smsKind = {
  type: 'sms',
  configured: (o) => o.sms !== undefined,
  checkFactor(f, field) {
    str(f.phone, `${field}.phone`, 32);
    str(f.masked, `${field}.masked`, 64);
  },
  checkPending(p, field) {
    str(p.phone, `${field}.phone`, 32);
    str(p.masked, `${field}.masked`, 64);
    checkSmsCode(p.code, `${field}.code`);
    int(p.sentAt, `${field}.sentAt`);
    if (p.replaces !== undefined) str(p.replaces, `${field}.replaces`);
  },
  summary: (f) => ({ phone: f.masked }),
  // Only a code that names one of the numbers: texts are sent per number.
  answers: (answer, named) => 'code' in answer && named?.type === 'sms',
  signIn,
  api,
} satisfies FactorKind<SmsFactor>;

/** What the challenge flow lends the SMS kind to send a sign-in text: its liveness and lock checks. */
export interface SignInGate {
  alive(claims: ChallengeClaims, doc: MfaDocument, now: number): boolean;
  lockedFailure(doc: MfaDocument, now: number, source?: string): Failure | undefined;
}

/**
 * `challenge.sendSms`: texts a code for this challenge to one of the user's numbers.
 *
 * @example
 * ```ts
 * const sent = await sendSignInText(rt, challengeId, factorId, { ip }, { alive, lockedFailure });
 * ```
 */
export async function sendSignInText(
  rt: Runtime,
  challengeId: string,
  factorId: string,
  opts: { ip?: string | undefined } | undefined,
  gate: SignInGate,
): Promise<Result<{ phone: string; expiresAt: number }>> {
  if (!rt.o.sms) throw notConfigured();
  const o = assertOptions(opts, 'opts');
  const claims = parseChallengeId(rt.keys, challengeId);
  if (!claims) return fail('expired');
  const nonceHash = hashSecret(claims.nonce);
  // SMS code (and libphonenumber-js with it) loads only when a text is sent.
  const { resendWait, smsDispatch } = await loadDelivery();
  const dispatch = smsDispatch(rt, claims.userId, o.ip, 'signin');
  return rt.transact(
    claims.userId,
    async (doc, now): Promise<Decision<Result<{ phone: string; expiresAt: number }>>> => {
      if (!gate.alive(claims, doc, now)) return { result: fail('expired'), write: false };
      const locked = gate.lockedFailure(doc, now, claims.source);
      if (locked) return { result: locked, write: false }; // no texts (and no cost) while locked
      const factor = doc.factors.find((f): f is SmsFactor => f.id === factorId && f.type === 'sms');
      if (!factor) return { result: fail('not_found'), write: false };
      const earlier = doc.challenges.find((c) => c.challenge === nonceHash);
      const wait = earlier ? resendWait(rt, earlier.sentAt, now) : 0;
      if (wait > 0) return { result: fail('rate_limited', wait), write: false };
      const limited = await dispatch.limited(factor.phone);
      if (limited) return { result: limited, write: false };
      const code = dispatch.issue(now);
      // The one thing a challenge stores: the code texted for it, until the challenge ends.
      const text = {
        challenge: nonceHash,
        factorId,
        code,
        sentAt: now,
        expiresAt: claims.expiresAt,
      };
      doc.challenges = [...doc.challenges.filter((c) => c !== earlier), text].slice(
        -LIMITS.challenges,
      );
      const result = { ok: true as const, phone: factor.masked, expiresAt: code.expiresAt };
      return { result, write: true, afterCommit: dispatch.sendAfterCommit(factor.phone, result) };
    },
  );
}
