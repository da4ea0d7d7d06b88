/**
 * What enrolling any factor shares (the policy and re-authentication check, backup codes with the
 * first factor, labels), and the steps that are the same for every kind: removing a factor and
 * regenerating backup codes. Each kind's own begin/confirm lives in its module under factors/.
 */
import {
  type BackupCodeSet,
  generateBackupCodes,
  hashBackupCodesAsync,
} from '../backup-codes/backup-codes.js';
import { InvalidArgumentError } from '../errors.js';
import { assertOptions, assertString } from '../lib/assert.js';
import { bumpEpoch, type Factor, type FactorType, type MfaDocument } from './document.js';
import {
  assertUserId,
  type Decision,
  fail,
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

export function assertLabel(label: unknown, fallback: string): string {
  if (label === undefined) return fallback;
  const l = assertString(label, 'opts.label', 64).trim();
  if (l === '') throw new InvalidArgumentError('opts.label', 'a non-empty string');
  return l;
}

/**
 * A remembered device stands in for the factors enrolled when it was trusted: when one of them
 * goes (a lost phone removed, a number replaced), so does the device's trust.
 */
export function revokeDevicesOf(doc: MfaDocument, factorId: string): void {
  doc.devices = doc.devices.filter((d) => !d.factors.includes(factorId));
}

/** Policy and re-authentication checks shared by every sensitive step. */
export async function allowed(rt: Runtime, userId: string, opts: ReauthOptions, type?: FactorType) {
  const policy = await rt.policy(userId, opts.ctx);
  if (!policy.eligible || policy.enforcement === 'off' || (type && !policy.factors.includes(type)))
    return fail('not_allowed');
  if (!rt.recentlyAuthenticated(opts.authenticatedAt, policy.reauthMaxAgeMs, rt.now()))
    return fail('reauth_required');
  return policy;
}

/** Backup codes are made (and hashed, ~0.5 s) at most once per call, even if the save is retried. */
export function backupCodeMaker(
  rt: Runtime,
): () => Promise<{ codes: string[]; set: BackupCodeSet }> {
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
export async function activate(
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

  return { removeFactor, regenerateBackupCodes };
}
