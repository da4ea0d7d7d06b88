/**
 * Enrollment and factor management: authenticator apps and phone numbers are added in two steps
 * (begin, then confirm with a code), removed after re-authentication, and the first factor comes
 * with a fresh set of backup codes.
 */
import {
  type BackupCodeSet,
  generateBackupCodes,
  hashBackupCodesAsync,
} from '../backup-codes/backup-codes.js';
import { openSecret, sealSecret } from '../crypto/seal.js';
import { base32Encode } from '../encoding/base32.js';
import { InvalidArgumentError } from '../errors.js';
import { assertOptions, assertString } from '../lib/assert.js';
import { generateSecret } from '../otp/secret.js';
import { verifyTotp } from '../otp/totp.js';
import { buildOtpauthUri } from '../otp/uri.js';
import { verifySmsCode } from '../sms/code.js';
import {
  bumpEpoch,
  type Factor,
  LIMITS,
  type MfaDocument,
  type PendingSms,
  type PendingTotp,
  sealContext,
} from './document.js';
import {
  assertUserId,
  type Decision,
  fail,
  normalizeTypedCode,
  once,
  type PendingEvent,
  type Result,
  type Runtime,
} from './runtime.js';

/** Options of the steps that need a recent password check. */
export interface ReauthOptions {
  /** When the host last checked the user's password (ms since the epoch or a Date). */
  authenticatedAt: number | Date;
  /** Passed to the policy function. */
  ctx?: unknown;
}

/**
 * The SMS code, and libphonenumber-js (~100 ms to load) with it, loads only when a number is
 * parsed or texted: a host without SMS never pays for it.
 */
const loadPhone = () => import('../sms/phone.js');
const loadDelivery = () => import('./sms-delivery.js');

function assertLabel(label: unknown, fallback: string): string {
  if (label === undefined) return fallback;
  const l = assertString(label, 'opts.label', 64).trim();
  if (l === '') throw new InvalidArgumentError('opts.label', 'a non-empty string');
  return l;
}

/**
 * A remembered device stands in for the factors enrolled when it was trusted: when one of them
 * goes (a lost phone removed, a number replaced), so does the device's trust.
 */
function revokeDevicesOf(doc: MfaDocument, factorId: string): void {
  doc.devices = doc.devices.filter((d) => !d.factors.includes(factorId));
}

/** Policy and re-authentication checks shared by every sensitive step. */
async function allowed(rt: Runtime, userId: string, opts: ReauthOptions, type?: 'totp' | 'sms') {
  const policy = await rt.policy(userId, opts.ctx);
  if (!policy.eligible || policy.enforcement === 'off' || (type && !policy.factors.includes(type)))
    return fail('not_allowed');
  if (!rt.recentlyAuthenticated(opts.authenticatedAt, policy.reauthMaxAgeMs, rt.now()))
    return fail('reauth_required');
  return policy;
}

/** Backup codes are made (and hashed, ~0.5 s) at most once per call, even if the save is retried. */
function backupCodeMaker(rt: Runtime): () => Promise<{ codes: string[]; set: BackupCodeSet }> {
  return once(async () => {
    const { count, pepper, cost } = rt.o.backupCodes;
    const random = rt.o.randomBytes ? { randomBytes: rt.o.randomBytes } : {};
    const codes = generateBackupCodes({ count, ...random });
    const set = await hashBackupCodesAsync(codes, {
      ...random,
      ...(pepper ? { pepper } : {}),
      ...(cost ? { cost } : {}),
    });
    return { codes, set };
  });
}

/** Adds a confirmed factor; the first one brings backup codes. */
async function activate(
  doc: MfaDocument,
  factor: Factor,
  makeBackupCodes: ReturnType<typeof backupCodeMaker>,
  events: PendingEvent[],
) {
  const firstFactor = doc.factors.length === 0;
  doc.factors.push(factor);
  doc.pending = doc.pending.filter((p) => p.id !== factor.id);
  events.push({
    type: 'factor.enrolled',
    factorId: factor.id,
    factorType: factor.type,
    firstFactor,
  });
  if (!firstFactor && doc.backupCodes) return undefined;
  const { codes, set } = await makeBackupCodes();
  doc.backupCodes = set;
  events.push({ type: 'backup_codes.generated', count: codes.length, reason: 'first_factor' });
  return codes;
}

export function enrollment(rt: Runtime) {
  const totp = {
    /** Starts adding an authenticator app: the key to show as a QR code and as text. */
    async begin(userId: string, opts: ReauthOptions & { accountName: string; label?: string }) {
      assertUserId(userId);
      const o = assertOptions(opts, 'opts');
      const accountName = assertString(o.accountName, 'opts.accountName', 256);
      if (accountName === '')
        throw new InvalidArgumentError('opts.accountName', 'a non-empty string');
      const label = assertLabel(o.label, 'Authenticator app');
      const policy = await allowed(rt, userId, o as ReauthOptions, 'totp');
      if ('ok' in policy) return policy;
      const secret = generateSecret(rt.o.randomBytes ? { randomBytes: rt.o.randomBytes } : {});
      const factorId = rt.newId('f');
      const sealed = sealSecret(secret, {
        keyring: rt.o.keyring,
        context: sealContext(userId, factorId),
        ...(rt.o.randomBytes ? { randomBytes: rt.o.randomBytes } : {}),
      });
      const uri = buildOtpauthUri({ secret, issuer: rt.o.issuer, account: accountName });
      return rt.transact(
        userId,
        (
          doc,
          now,
        ): Decision<
          Result<{ factorId: string; secret: string; uri: string; expiresAt: number }>
        > => {
          if (doc.factors.length >= LIMITS.factors)
            return { result: fail('not_allowed'), write: false };
          const expiresAt = now + rt.o.ttl.enrollmentMs;
          const pending: PendingTotp = {
            id: factorId,
            type: 'totp',
            label,
            sealed,
            createdAt: now,
            expiresAt,
          };
          doc.pending = [...doc.pending, pending].slice(-LIMITS.pending);
          return {
            result: { ok: true, factorId, secret: base32Encode(secret), uri, expiresAt },
            write: true,
          };
        },
      );
    },

    /** Confirms the app with its first code; returns backup codes with the user's first factor. */
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
            (p): p is PendingTotp => p.id === factorId && p.type === 'totp',
          );
          if (!pending) return { result: fail('expired'), write: false };
          const secret = openSecret(pending.sealed, {
            keyring: rt.o.keyring,
            context: sealContext(userId, factorId),
          });
          const match = verifyTotp(secret, normalizeTypedCode(code), { now });
          secret.fill(0);
          if (!match.ok) return { result: fail('invalid_code'), write: false };
          const events: PendingEvent[] = [];
          const { id, label, sealed } = pending;
          // The confirming code's step is recorded, so that code cannot also sign in.
          const backupCodes = await activate(
            doc,
            { id, type: 'totp', label, sealed, lastStep: match.step, createdAt: now },
            makeBackupCodes,
            events,
          );
          return {
            result: backupCodes ? { ok: true, factorId, backupCodes } : { ok: true, factorId },
            write: true,
            events,
          };
        },
      );
    },
  };

  const sms = {
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
      if (!config)
        throw new InvalidArgumentError('sms', 'configured in createMfa before SMS can be used');
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
      if (!rt.o.sms)
        throw new InvalidArgumentError('sms', 'configured in createMfa before SMS can be used');
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

  /** Removes a factor after re-authentication; never the last one when MFA is required. */
  async function removeFactor(
    userId: string,
    factorId: string,
    opts: ReauthOptions,
  ): Promise<Result> {
    assertUserId(userId);
    const o = assertOptions(opts, 'opts') as ReauthOptions;
    const policy = await rt.policy(userId, o.ctx);
    if (!rt.recentlyAuthenticated(o.authenticatedAt, policy.reauthMaxAgeMs, rt.now()))
      return fail('reauth_required');
    return rt.transact(userId, (doc): Decision<Result> => {
      const factor = doc.factors.find((f) => f.id === factorId);
      if (!factor) return { result: fail('not_found'), write: false };
      const lastFactor = doc.factors.length === 1;
      if (lastFactor && policy.enforcement === 'required' && policy.eligible)
        return { result: fail('not_allowed'), write: false };
      doc.factors = doc.factors.filter((f) => f !== factor);
      revokeDevicesOf(doc, factorId);
      if (lastFactor) {
        // MFA is off for this user now: what only made sense with it goes too.
        delete doc.backupCodes;
        doc.devices = [];
        bumpEpoch(doc);
      }
      return {
        result: { ok: true },
        write: true,
        events: [{ type: 'factor.removed', factorId, factorType: factor.type, lastFactor }],
      };
    });
  }

  /** A new set of backup codes; the old set stops working. */
  async function regenerateBackupCodes(
    userId: string,
    opts: ReauthOptions,
  ): Promise<Result<{ codes: string[] }> | ReturnType<typeof fail>> {
    assertUserId(userId);
    const o = assertOptions(opts, 'opts') as ReauthOptions;
    const policy = await rt.policy(userId, o.ctx);
    if (!rt.recentlyAuthenticated(o.authenticatedAt, policy.reauthMaxAgeMs, rt.now()))
      return fail('reauth_required');
    const makeBackupCodes = backupCodeMaker(rt);
    return rt.transact(userId, async (doc): Promise<Decision<Result<{ codes: string[] }>>> => {
      if (doc.factors.length === 0) return { result: fail('not_allowed'), write: false };
      const { codes, set } = await makeBackupCodes();
      doc.backupCodes = set;
      return {
        result: { ok: true, codes },
        write: true,
        events: [{ type: 'backup_codes.generated', count: codes.length, reason: 'regenerated' }],
      };
    });
  }

  return { totp, sms, removeFactor, regenerateBackupCodes };
}
