/**
 * Sign-in: after the password, a challenge that any enrolled factor or a backup code answers,
 * under one lockout shared by all of them; "remember this device" issues a token.
 *
 * Cost: `start` reads the document once and writes nothing (the challenge id is a MAC'd token,
 * see tokens.ts); `verify` of a code is one read and one conditional write. A success moves the
 * document's sign-in epoch on, which kills every challenge id issued before it: single use
 * without storing challenges, so no new challenge can push out an open one.
 */
import {
  type BackupCodeAttempt,
  type BackupCodeSet,
  DEFAULT_BACKUP_CODE_COST,
  deriveBackupCodeHash,
  matchBackupCode,
  prepareBackupCodeAttempt,
} from '../backup-codes/backup-codes.js';
import { InvalidArgumentError } from '../errors.js';
import { assertOptions, assertString } from '../lib/assert.js';
import {
  DEFAULT_LOCKOUT_POLICY,
  type LockoutState,
  lockoutStatus,
  recordFailure,
  recordSuccess,
  unlockLockout,
} from '../lockout/lockout.js';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '../webauthn/json.js';
import { bumpEpoch, checkedSet, type FactorType, LIMITS, type MfaDocument } from './document.js';
import type { SignInMethod } from './events.js';
import { KINDS, kindOf } from './factors/index.js';
import type { SignInAttempt, SignInCheck } from './factors/kind.js';
import { sendSignInText } from './factors/sms.js';
import {
  assertUserId,
  type Decision,
  type Failure,
  fail,
  type PendingEvent,
  type Result,
  type Runtime,
} from './runtime.js';
import {
  type ChallengeClaims,
  findByHash,
  formatChallengeId,
  formatToken,
  hashSecret,
  parseChallengeId,
  parseToken,
  sourceKey,
} from './tokens.js';

const DEVICE = 'mfad1';
const NONCE_BYTES = 16; // 128 bits
const DEVICE_SECRET_BYTES = 32; // 256 bits
const DAY_MS = 24 * 3_600_000;

/** A factor as offered on the sign-in page or listed in settings; phones only masked. */
export interface FactorSummary {
  id: string;
  type: FactorType;
  label: string;
  /** The masked number, for SMS factors. */
  phone?: string;
  createdAt: number;
  lastUsedAt?: number;
}

/**
 * The factors of a document as the sign-in page and settings show them.
 *
 * @example
 * ```ts
 * import { createMfa } from 'mfa-kit/service';
 * const status = await createMfa(options).status(userId); // status.factors is summarize(doc)
 * ```
 */
export function summarize(doc: MfaDocument): FactorSummary[] {
  return doc.factors.map((f) => ({
    id: f.id,
    type: f.type,
    label: f.label,
    ...kindOf(f.type)!.summary(f),
    createdAt: f.createdAt,
    ...(f.lastUsedAt !== undefined ? { lastUsedAt: f.lastUsedAt } : {}),
  }));
}

/**
 * The answer to a challenge: a code from a factor (any authenticator app if none is named), a
 * backup code, or a passkey's assertion (`credential.toJSON()` of `navigator.credentials.get`).
 */
export type ChallengeAnswer =
  | { code: string; factorId?: string }
  | { backupCode: string }
  | { webauthn: AuthenticationResponseJSON };

/**
 * Authentication method references (RFC 8176) of a sign-in's second step: `otp` for an
 * authenticator app's code and for a backup code (a one-time password from a printed list;
 * `method` tells them apart), `sms` for a texted code, `hwk` for a security key or a passkey
 * bound to one device, `swk` for a synced passkey (with `user` when the authenticator verified
 * the user by PIN or biometrics), and `mfa` with any. mfa-kit does not
 * see the password: a host that reports `amr` adds its own `pwd`.
 */
export type AmrValue = 'otp' | 'sms' | 'mfa' | 'hwk' | 'swk' | 'user' | 'pin' | 'fpt' | 'face';

/** Options of `challenge.start`. */
export interface StartOptions {
  /** The remembered-device token from the client's cookie, if it sent one. */
  deviceToken?: string | undefined;
  /**
   * Where the sign-in comes from, for the lockout: a device cookie id or an IP prefix. Failures
   * are counted per source, and a source that completed a sign-in before keeps its own budget,
   * so guesses from elsewhere never lock it out. Stored only as an HMAC, never as given.
   */
  source?: string | undefined;
  /** Passed to the policy function. */
  ctx?: unknown;
}

/** `challenge.start` when no second factor is asked for. */
export type StartSkipped =
  | { ok: true; required: false; reason: 'mfa_off' | 'not_eligible' | 'not_enrolled' }
  | {
      ok: true;
      required: false;
      reason: 'trusted_device';
      /**
       * Empty: no factor was checked in this sign-in, a remembered device stood in for it. Never
       * report such a sign-in as a fresh second factor (no `mfa`, no `otp`).
       */
      amr: AmrValue[];
      /** The remembered device, and when a factor was last really checked on it. */
      deviceId: string;
      trustedAt: number;
    };

/** `challenge.start` when the user must answer a challenge. */
export interface StartRequired {
  ok: true;
  required: true;
  /** Opaque; hand it back to `verify` (a cookie or a hidden field). Dies at `expiresAt`. */
  challengeId: string;
  factors: FactorSummary[];
  backupCodesRemaining: number;
  expiresAt: number;
  /**
   * When the user has passkeys or security keys (and `webauthn` is configured): the request
   * options for `PublicKeyCredential.parseRequestOptionsFromJSON`. Their challenge is derived
   * from `challengeId`, so answer with the same id.
   */
  webauthn?: PublicKeyCredentialRequestOptionsJSON;
}

/** What `challenge.start` returns: one `Result` shape like every other method. */
export type ChallengeStartResult = StartSkipped | StartRequired;

/** @deprecated Use {@link ChallengeStartResult} (the same shape, now with `ok: true`). */
export type StartResult = ChallengeStartResult;

/** Options of `challenge.verify`. */
export interface VerifyOptions {
  /** Issue a device token that skips the second factor on this device until it expires. */
  rememberDevice?: boolean | undefined;
  /** A name for the device in settings ("Firefox on Linux"). */
  deviceName?: string | undefined;
}

export type VerifyResult = Result<{
  userId: string;
  method: SignInMethod;
  /** RFC 8176 method references: see {@link AmrValue}. */
  amr: AmrValue[];
  backupCodesRemaining: number;
  /** With `rememberDevice`: the token for the device cookie, and when it expires (ms). */
  deviceToken?: string;
  deviceExpiresAt?: number;
}>;

/** A backup code is a one-time password from a printed list. */
const BACKUP_CODE_AMR: AmrValue[] = ['otp', 'mfa'];

function remainingCodes(doc: MfaDocument): number {
  return doc.backupCodes?.hashes.filter((h) => h !== null).length ?? 0;
}

function assertSource(source: unknown): string | undefined {
  if (source === undefined) return undefined;
  const s = assertString(source, 'opts.source', 256);
  if (s.length === 0) throw new InvalidArgumentError('opts.source', 'a non-empty string');
  return s;
}

export function challenges(rt: Runtime) {
  const policy = rt.o.lockout;
  // The default policy is passed as "none": the lockout module then skips re-checking it.
  const isDefault = JSON.stringify(policy) === JSON.stringify(DEFAULT_LOCKOUT_POLICY);
  const lockOpts = (now: number, source: string | undefined) => {
    const o: { now: number; policy?: typeof policy; source?: string } = { now };
    if (!isDefault) o.policy = policy;
    if (source !== undefined) o.source = source;
    return o;
  };

  function lockedFailure(doc: MfaDocument, now: number, source?: string): Failure | undefined {
    const status = lockoutStatus(doc.lockout, lockOpts(now, source));
    return status.locked
      ? fail('locked', status.permanent ? undefined : status.retryAfterMs)
      : undefined;
  }

  /** A challenge id still alive for this document: not expired, not from an earlier epoch. */
  const alive = (claims: ChallengeClaims, doc: MfaDocument, now: number) =>
    now < claims.expiresAt && claims.epoch === (doc.epoch ?? 0) && doc.factors.length > 0;

  /** Whether this sign-in needs a second factor, and if so the challenge to answer. */
  async function start(
    userId: string,
    opts?: StartOptions,
  ): Promise<ChallengeStartResult | Failure> {
    const id = assertUserId(userId);
    const o = assertOptions(opts, 'opts');
    const hostSource = assertSource(o.source);
    const decision = await rt.policy(id, o.ctx);
    if (decision.enforcement === 'off') return { ok: true, required: false, reason: 'mfa_off' };
    if (!decision.eligible) return { ok: true, required: false, reason: 'not_eligible' };
    const device = parseToken(DEVICE, o.deviceToken, DEVICE_SECRET_BYTES);
    const nonce = rt.random(NONCE_BYTES);
    return rt.transact(id, (doc, now): Decision<ChallengeStartResult> => {
      if (doc.factors.length === 0)
        return { result: { ok: true, required: false, reason: 'not_enrolled' }, write: false };
      const mine = device?.userId === id ? device : undefined;
      const trusted = mine ? findByHash(doc.devices, mine.hash) : undefined;
      if (trusted) {
        // Refreshed at most once a day, so a remembered device's sign-in rarely writes.
        const stale = now - (trusted.lastUsedAt ?? trusted.createdAt) >= DAY_MS;
        if (stale) trusted.lastUsedAt = now;
        const result = {
          ok: true as const,
          required: false as const,
          reason: 'trusted_device' as const,
          amr: [],
          deviceId: trusted.id,
          trustedAt: trusted.createdAt,
        };
        return { result, write: stale };
      }
      // The device cookie (even one whose trust ended) names its source better than the host's.
      const source = mine
        ? sourceKey(rt.keys, 'device', mine.hash)
        : hostSource === undefined
          ? undefined
          : sourceKey(rt.keys, 'host', hostSource);
      const expiresAt = now + rt.o.ttl.challengeMs;
      const challengeId = formatChallengeId(rt.keys, {
        userId: id,
        nonce,
        expiresAt,
        epoch: doc.epoch ?? 0,
        ...(source === undefined ? {} : { source }),
      });
      // What each kind adds to the challenge (a passkey's request options), computed, not stored.
      const offers = KINDS.map((k) => ('offer' in k ? k.offer(rt, doc, challengeId) : undefined));
      const result: StartRequired = Object.assign(
        {
          ok: true as const,
          required: true as const,
          challengeId,
          factors: summarize(doc),
          backupCodesRemaining: remainingCodes(doc),
          expiresAt,
        },
        ...offers,
      );
      return { result, write: false };
    });
  }

  /** Texts a code to one of the user's numbers for this challenge (the SMS kind's own step). */
  function sendSms(
    challengeId: string,
    factorId: string,
    opts?: { ip?: string | undefined },
  ): Promise<Result<{ phone: string; expiresAt: number }>> {
    return sendSignInText(rt, challengeId, factorId, opts, { alive, lockedFailure });
  }

  /** The shared end of a successful answer: lockout, epoch, device, events and result. */
  function succeed(
    doc: MfaDocument,
    now: number,
    userId: string,
    method: SignInMethod,
    amr: AmrValue[],
    claims: ChallengeClaims,
    device: { secret: Uint8Array; name: string | undefined } | undefined,
    lockoutBefore: LockoutState | undefined,
    events: PendingEvent[],
  ): Decision<VerifyResult> {
    doc.lockout = recordSuccess(lockoutBefore, lockOpts(now, claims.source));
    bumpEpoch(doc); // single use: this challenge id, and every other open one, dies
    events.push({ type: 'signin.verified', method });
    let remembered: { deviceToken: string; deviceExpiresAt: number } | undefined;
    if (device) {
      const hash = hashSecret(device.secret);
      const deviceId = rt.newId('d');
      const expiresAt = now + rt.o.ttl.trustedDeviceMs;
      const entry = {
        id: deviceId,
        hash,
        createdAt: now,
        expiresAt,
        factors: doc.factors.map((f) => f.id),
        ...(device.name === undefined ? {} : { name: device.name }),
      };
      doc.devices = [...doc.devices, entry].slice(-LIMITS.devices);
      // The device is a familiar source from now on, even after its trust ends.
      doc.lockout = recordSuccess(doc.lockout, lockOpts(now, sourceKey(rt.keys, 'device', hash)));
      remembered = {
        deviceToken: formatToken(DEVICE, userId, device.secret),
        deviceExpiresAt: expiresAt,
      };
      events.push({ type: 'device.trusted', deviceId });
    }
    const result = {
      ok: true as const,
      userId,
      method,
      amr: [...amr],
      backupCodesRemaining: remainingCodes(doc),
      ...remembered,
    };
    return { result, write: true, events };
  }

  /** A counted failure: the events and the answer (`locked` once this failure locks). */
  function failed(
    lockout: LockoutState | undefined,
    now: number,
    method: SignInMethod,
    source?: string,
  ) {
    const events: PendingEvent[] = [{ type: 'signin.failed', method }];
    const status = lockoutStatus(lockout, lockOpts(now, source));
    if (status.locked) {
      events.push({
        type: 'lockout.started',
        retryAfterMs: status.retryAfterMs,
        permanent: status.permanent,
      });
      return { result: fail('locked', status.permanent ? undefined : status.retryAfterMs), events };
    }
    return { result: fail('invalid_code'), events };
  }

  /**
   * Answers a challenge. Wrong, expired and already used codes all return `invalid_code` and
   * count toward the lockout, shared by every factor; while locked even a right code is refused.
   */
  async function verify(
    challengeId: string,
    answer: ChallengeAnswer,
    opts?: VerifyOptions,
  ): Promise<VerifyResult> {
    const a = assertOptions(answer, 'answer') as Partial<{
      code: unknown;
      factorId: unknown;
      backupCode: unknown;
      webauthn: unknown;
    }>;
    const o = assertOptions(opts, 'opts');
    const deviceName =
      o.deviceName === undefined ? undefined : assertString(o.deviceName, 'opts.deviceName', 128);
    const claims = parseChallengeId(rt.keys, challengeId);
    if (!claims) return fail('expired');
    const device =
      o.rememberDevice === true
        ? { secret: rt.random(DEVICE_SECRET_BYTES), name: deviceName }
        : undefined;
    if ('backupCode' in a) return verifyBackupCode(claims, a.backupCode, device);

    const { userId, source } = claims;
    // One attempt per kind and call (keys opened once, code loaded once), however often the
    // save is retried.
    const attempts = new Map<FactorType, SignInAttempt>();

    try {
      // Synchronous unless a kind needs to wait (loading the WebAuthn code, a WebCrypto check),
      // so a code's check runs in the same turn as the load it decides on.
      return await rt.transact(
        userId,
        (doc, now): Decision<VerifyResult> | Promise<Decision<VerifyResult>> => {
          if (!alive(claims, doc, now)) return { result: fail('expired'), write: false };
          const locked = lockedFailure(doc, now, source);
          if (locked) return { result: locked, write: false };
          const named =
            a.factorId === undefined ? undefined : doc.factors.find((f) => f.id === a.factorId);
          if (a.factorId !== undefined && !named)
            return { result: fail('not_found'), write: false };
          // The kind that takes this answer; an answer none takes (a code for a passkey) is wrong.
          const kind = KINDS.find((k) => k.answers(a, named));
          const method: SignInMethod = kind?.type ?? named?.type ?? KINDS[0].type;
          const finish = (check: SignInCheck): Decision<VerifyResult> => {
            if (!check.accepted) {
              doc.lockout = recordFailure(doc.lockout, {
                ...lockOpts(now, source),
                cost: check.cost,
              });
              const { result, events } = failed(doc.lockout, now, method, source);
              return { result, write: true, events: [...check.events, ...events] };
            }
            const { amr, events } = check;
            return succeed(doc, now, userId, method, amr, claims, device, doc.lockout, events);
          };
          if (!kind) return finish({ accepted: false, cost: 1, amr: [], events: [] });
          const run = (attempt: SignInAttempt) => {
            attempts.set(kind.type, attempt);
            const check = attempt.check(doc, now, named);
            return check instanceof Promise ? check.then(finish) : finish(check);
          };
          const prepared = attempts.get(kind.type) ?? kind.signIn(rt, claims, challengeId, a);
          return prepared instanceof Promise ? prepared.then(run) : run(prepared);
        },
      );
    } finally {
      for (const attempt of attempts.values()) attempt.end?.();
    }
  }

  /**
   * A backup code costs a slow KDF, so the attempt is counted (and saved) before it is paid for:
   * however many arrive at once, no more derivations run than the lockout allows. The one
   * derivation runs outside any retry loop; a success then undoes the failure counted for it.
   */
  async function verifyBackupCode(
    claims: ChallengeClaims,
    input: unknown,
    device: { secret: Uint8Array; name: string | undefined } | undefined,
  ): Promise<VerifyResult> {
    const { userId, source } = claims;
    const { pepper } = rt.o.backupCodes;
    const maxCost = rt.o.backupCodes.cost ?? DEFAULT_BACKUP_CODE_COST;
    type Counted = {
      attempt: BackupCodeAttempt;
      set: BackupCodeSet;
      before: LockoutState | undefined;
      after: LockoutState | undefined;
    };
    const first = await rt.transact(
      userId,
      (doc, now): Decision<Failure | (Counted & { ok: true })> => {
        if (!alive(claims, doc, now)) return { result: fail('expired'), write: false };
        const locked = lockedFailure(doc, now, source);
        if (locked) return { result: locked, write: false };
        const attempt =
          doc.backupCodes && typeof input === 'string'
            ? prepareBackupCodeAttempt(checkedSet(doc.backupCodes), input, { maxCost })
            : undefined;
        const before = doc.lockout;
        doc.lockout = recordFailure(doc.lockout, lockOpts(now, source));
        if (!attempt || !doc.backupCodes) {
          // Not a code of this set (wrong shape, unknown or spent slot): a plain failure.
          const { result, events } = failed(doc.lockout, now, 'backup_code', source);
          return { result, write: true, events };
        }
        const counted = {
          ok: true as const,
          attempt,
          set: doc.backupCodes,
          before,
          after: doc.lockout,
        };
        return { result: counted, write: true };
      },
    );
    if (!first.ok) return first;
    const hash = await deriveBackupCodeHash(first.attempt, pepper ? { pepper } : {});
    if (!matchBackupCode(first.set, first.attempt, hash).ok) {
      // Wrong: the failure is already stored; only its events remain to be told.
      const now = rt.now();
      const { result, events } = failed(first.after, now, 'backup_code', source);
      await rt.emit(userId, now, events);
      return result;
    }
    return rt.transact(userId, (doc, now): Decision<VerifyResult> => {
      if (!alive(claims, doc, now)) return { result: fail('expired'), write: false };
      // The same hash serves every retry: the attempt's salt must still be the set's.
      const check = doc.backupCodes
        ? matchBackupCode(doc.backupCodes, first.attempt, hash)
        : { ok: false as const };
      if (!check.ok) return { result: fail('invalid_code'), write: false }; // used meanwhile
      doc.backupCodes = check.set;
      // Undo the failure counted for this attempt, unless another attempt was counted since.
      const untouched = JSON.stringify(doc.lockout) === JSON.stringify(first.after);
      const events: PendingEvent[] = [{ type: 'backup_codes.used', remaining: check.remaining }];
      return succeed(
        doc,
        now,
        userId,
        'backup_code',
        BACKUP_CODE_AMR,
        claims,
        device,
        untouched ? first.before : doc.lockout,
        events,
      );
    });
  }

  /**
   * Lifts a lockout (administrators, account recovery). It refills no failure budget, so calling
   * it again and again gives an attacker no extra guesses; a password change clears it all.
   */
  async function unlock(userId: string): Promise<Result> {
    const id = assertUserId(userId);
    return rt.transact(id, (doc, now): Decision<Result> => {
      if (doc.lockout === undefined) return { result: { ok: true }, write: false };
      doc.lockout = unlockLockout(doc.lockout, lockOpts(now, undefined));
      return { result: { ok: true }, write: true, events: [{ type: 'lockout.cleared' }] };
    });
  }

  return { start, sendSms, verify, unlock };
}
