/**
 * Sign-in: after the password, a single-use challenge that any enrolled factor or a backup code
 * answers, under one lockout shared by all of them; "remember this device" issues a token.
 */
import { verifyBackupCodeAsync } from '../backup-codes/backup-codes.js';
import { needsReseal, openSecret, sealSecret } from '../crypto/seal.js';
import { InvalidArgumentError } from '../errors.js';
import { assertOptions, assertString } from '../lib/assert.js';
import { lockoutStatus, recordFailure, recordSuccess } from '../lockout/lockout.js';
import { verifyTotp } from '../otp/totp.js';
import { verifySmsCode } from '../sms/code.js';
import { LIMITS, type MfaDocument, type TotpFactor } from './document.js';
import { sealContext } from './enrollment.js';
import type { SignInMethod } from './events.js';
import {
  assertUserId,
  type Decision,
  type Failure,
  fail,
  normalizeTypedCode,
  type PendingEvent,
  type Result,
  type Runtime,
} from './runtime.js';
import { resendWait, smsDispatch } from './sms-delivery.js';
import { findByHash, formatToken, hashSecret, parseToken } from './tokens.js';

const CHALLENGE = 'mfac1';
const DEVICE = 'mfad1';
const CHALLENGE_SECRET_BYTES = 16; // 128 bits
const DEVICE_SECRET_BYTES = 32; // 256 bits

/** A factor as offered on the sign-in page or listed in settings; phones only masked. */
export interface FactorSummary {
  id: string;
  type: 'totp' | 'sms';
  label: string;
  /** The masked number, for SMS factors. */
  phone?: string;
  createdAt: number;
  lastUsedAt?: number;
}

export function summarize(doc: MfaDocument): FactorSummary[] {
  return doc.factors.map((f) => ({
    id: f.id,
    type: f.type,
    label: f.label,
    ...(f.type === 'sms' ? { phone: f.masked } : {}),
    createdAt: f.createdAt,
    ...(f.lastUsedAt !== undefined ? { lastUsedAt: f.lastUsedAt } : {}),
  }));
}

/** The answer to a challenge: a code from a factor (any TOTP factor if none is named) or a backup code. */
export type ChallengeAnswer = { code: string; factorId?: string } | { backupCode: string };

export type StartResult =
  | { required: false; reason: 'mfa_off' | 'not_eligible' | 'not_enrolled' | 'trusted_device' }
  | {
      required: true;
      challengeId: string;
      factors: FactorSummary[];
      backupCodesRemaining: number;
      expiresAt: number;
    };

export type VerifyResult = Result<{
  userId: string;
  method: SignInMethod;
  backupCodesRemaining: number;
  deviceToken?: string;
}>;

function remainingCodes(doc: MfaDocument): number {
  return doc.backupCodes?.hashes.filter((h) => h !== null).length ?? 0;
}

function lockedFailure(doc: MfaDocument, rt: Runtime, now: number): Failure | undefined {
  const status = lockoutStatus(doc.lockout, { now, policy: rt.o.lockout });
  return status.locked
    ? fail('locked', status.permanent ? undefined : status.retryAfterMs)
    : undefined;
}

export function challenges(rt: Runtime) {
  /** Whether this sign-in needs a second factor, and if so the challenge to answer. */
  async function start(
    userIdIn: string,
    opts?: { deviceToken?: string; ctx?: unknown },
  ): Promise<StartResult | Failure> {
    const userId = assertUserId(userIdIn);
    const o = assertOptions(opts, 'opts');
    const policy = await rt.policy(userId, o.ctx);
    if (policy.enforcement === 'off') return { required: false, reason: 'mfa_off' };
    if (!policy.eligible) return { required: false, reason: 'not_eligible' };
    const device = parseToken(DEVICE, o.deviceToken, DEVICE_SECRET_BYTES);
    const secret = rt.random(CHALLENGE_SECRET_BYTES);
    return rt.transact(userId, (doc, now): Decision<StartResult> => {
      if (doc.factors.length === 0)
        return { result: { required: false, reason: 'not_enrolled' }, write: false };
      const trusted = device?.userId === userId ? findByHash(doc.devices, device.hash) : undefined;
      if (trusted) {
        trusted.lastUsedAt = now;
        return { result: { required: false, reason: 'trusted_device' }, write: true };
      }
      const expiresAt = now + rt.o.ttl.challengeMs;
      doc.challenges = [
        ...doc.challenges,
        { hash: hashSecret(secret), createdAt: now, expiresAt },
      ].slice(-LIMITS.challenges);
      const challengeId = formatToken(CHALLENGE, userId, secret);
      return {
        result: {
          required: true,
          challengeId,
          factors: summarize(doc),
          backupCodesRemaining: remainingCodes(doc),
          expiresAt,
        },
        write: true,
      };
    });
  }

  function parseChallenge(challengeId: unknown) {
    return parseToken(CHALLENGE, challengeId, CHALLENGE_SECRET_BYTES);
  }

  /** Texts a code to one of the user's numbers for this challenge. */
  async function sendSms(
    challengeId: string,
    factorId: string,
    opts?: { ip?: string },
  ): Promise<Result<{ phone: string; expiresAt: number }>> {
    if (!rt.o.sms)
      throw new InvalidArgumentError('sms', 'configured in createMfa before SMS can be used');
    const parsed = parseChallenge(challengeId);
    if (!parsed) return fail('expired');
    const dispatch = smsDispatch(rt, parsed.userId, opts?.ip);
    return rt.transact(
      parsed.userId,
      async (doc, now): Promise<Decision<Result<{ phone: string; expiresAt: number }>>> => {
        const challenge = findByHash(doc.challenges, parsed.hash);
        if (!challenge) return { result: fail('expired'), write: false };
        const locked = lockedFailure(doc, rt, now);
        if (locked) return { result: locked, write: false }; // no texts (and no cost) while locked
        const factor = doc.factors.find((f) => f.id === factorId);
        if (factor?.type !== 'sms') return { result: fail('not_found'), write: false };
        const wait = challenge.sms ? resendWait(rt, challenge.sms.sentAt, now) : 0;
        if (wait > 0) return { result: fail('rate_limited', wait), write: false };
        const limited = await dispatch.limited(factor.phone);
        if (limited) return { result: limited, write: false };
        const code = dispatch.issue(now);
        challenge.sms = { factorId, code, sentAt: now };
        const result = { ok: true as const, phone: factor.masked, expiresAt: code.expiresAt };
        return { result, write: true, afterCommit: dispatch.sendAfterCommit(factor.phone, result) };
      },
    );
  }

  /**
   * Answers a challenge. Wrong, expired and already used codes all return `invalid_code` and
   * count toward the lockout, shared by every factor; while locked even a right code is refused.
   */
  async function verify(
    challengeId: string,
    answer: ChallengeAnswer,
    opts?: { rememberDevice?: boolean; deviceName?: string },
  ): Promise<VerifyResult> {
    const parsed = parseChallenge(challengeId);
    if (!parsed) return fail('expired');
    const a = assertOptions(answer, 'answer') as Partial<{
      code: unknown;
      factorId: unknown;
      backupCode: unknown;
    }>;
    const o = assertOptions(opts, 'opts');
    const deviceName =
      o.deviceName === undefined ? undefined : assertString(o.deviceName, 'opts.deviceName', 128);
    const deviceSecret = o.rememberDevice === true ? rt.random(DEVICE_SECRET_BYTES) : undefined;
    const { userId } = parsed;
    const pepper = rt.o.backupCodes.pepper;

    return rt.transact(userId, async (doc, now): Promise<Decision<VerifyResult>> => {
      const challenge = findByHash(doc.challenges, parsed.hash);
      if (!challenge) return { result: fail('expired'), write: false };
      const locked = lockedFailure(doc, rt, now);
      if (locked) return { result: locked, write: false };

      const events: PendingEvent[] = [];
      let method: SignInMethod;
      let accepted = false;
      if ('backupCode' in a) {
        method = 'backup_code';
        if (doc.backupCodes) {
          const check = await verifyBackupCodeAsync(
            doc.backupCodes,
            a.backupCode as string,
            pepper ? { pepper } : {},
          );
          if (check.ok) {
            accepted = true;
            doc.backupCodes = check.set;
            events.push({ type: 'backup_codes.used', remaining: check.remaining });
          }
        }
      } else {
        const code = normalizeTypedCode(a.code);
        const named =
          a.factorId === undefined ? undefined : doc.factors.find((f) => f.id === a.factorId);
        if (a.factorId !== undefined && !named) return { result: fail('not_found'), write: false };
        method = named?.type ?? 'totp';
        if (named?.type === 'sms') {
          if (challenge.sms?.factorId === named.id) {
            const check = verifySmsCode(challenge.sms.code, code, { key: rt.smsKey, now });
            challenge.sms.code = check.record;
            accepted = check.ok;
          }
          if (accepted) named.lastUsedAt = now;
        } else {
          // One named authenticator app, or each of the user's apps (phone and tablet).
          const candidates = named
            ? [named as TotpFactor]
            : doc.factors.filter((f): f is TotpFactor => f.type === 'totp');
          for (const factor of candidates) {
            const secret = openSecret(factor.sealed, {
              keyring: rt.o.keyring,
              context: sealContext(userId, factor.id),
            });
            const match = verifyTotp(secret, code, { now, afterStep: factor.lastStep });
            if (match.ok && !accepted) {
              accepted = true;
              factor.lastStep = match.step; // this code, and every earlier one, is now spent
              factor.lastUsedAt = now;
              // Key rotation: a key sealed under an older key moves to the current one on use.
              if (needsReseal(factor.sealed, { keyring: rt.o.keyring })) {
                factor.sealed = sealSecret(secret, {
                  keyring: rt.o.keyring,
                  context: sealContext(userId, factor.id),
                  ...(rt.o.randomBytes ? { randomBytes: rt.o.randomBytes } : {}),
                });
              }
            }
            secret.fill(0);
          }
        }
      }

      if (!accepted) {
        doc.lockout = recordFailure(doc.lockout, { now, policy: rt.o.lockout });
        events.push({ type: 'signin.failed', method });
        const status = lockoutStatus(doc.lockout, { now, policy: rt.o.lockout });
        if (status.locked) {
          events.push({
            type: 'lockout.started',
            retryAfterMs: status.retryAfterMs,
            permanent: status.permanent,
          });
          return {
            result: fail('locked', status.permanent ? undefined : status.retryAfterMs),
            write: true,
            events,
          };
        }
        return { result: fail('invalid_code'), write: true, events };
      }

      doc.lockout = recordSuccess(doc.lockout, { now, policy: rt.o.lockout });
      doc.challenges = doc.challenges.filter((c) => c !== challenge); // single use
      events.push({ type: 'signin.verified', method });
      let deviceToken: string | undefined;
      if (deviceSecret) {
        const deviceId = rt.newId('d');
        const device = {
          id: deviceId,
          hash: hashSecret(deviceSecret),
          createdAt: now,
          expiresAt: now + rt.o.ttl.trustedDeviceMs,
        };
        doc.devices = [
          ...doc.devices,
          deviceName === undefined ? device : { ...device, name: deviceName },
        ].slice(-LIMITS.devices);
        deviceToken = formatToken(DEVICE, userId, deviceSecret);
        events.push({ type: 'device.trusted', deviceId });
      }
      const result = {
        ok: true as const,
        userId,
        method,
        backupCodesRemaining: remainingCodes(doc),
        ...(deviceToken ? { deviceToken } : {}),
      };
      return { result, write: true, events };
    });
  }

  /** Lifts a lockout (administrators, account recovery). */
  async function unlock(userIdIn: string): Promise<Result> {
    const userId = assertUserId(userIdIn);
    return rt.transact(userId, (doc): Decision<Result> => {
      if (doc.lockout === undefined) return { result: { ok: true }, write: false };
      delete doc.lockout;
      return { result: { ok: true }, write: true, events: [{ type: 'lockout.cleared' }] };
    });
  }

  return { start, sendSms, verify, unlock };
}
