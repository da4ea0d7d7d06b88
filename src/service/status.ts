/** What a host needs to render MFA settings and to route a user after sign-up or sign-in. */
import { lockoutStatus } from '../lockout/lockout.js';
import { type FactorSummary, summarize } from './challenge.js';
import type { FactorType } from './document.js';
import { kindOf } from './factors/index.js';
import type { Enforcement } from './options.js';
import { assertUserId, type Decision, fail, type Result, type Runtime } from './runtime.js';

/** A user's MFA situation. */
export interface MfaStatus {
  factors: FactorSummary[];
  enrolled: boolean;
  enforcement: Enforcement;
  /** False for accounts the policy excludes (then nothing else applies). */
  eligible: boolean;
  /** Factor types this user may add. */
  allowedFactors: FactorType[];
  /** Required and not enrolled, and any grace period is over: send the user to enrollment now. */
  mustEnroll: boolean;
  /** The enrollment screen may offer Skip. */
  canSkip: boolean;
  /** Not enrolled and enrollment should be suggested now (never skipped, or skipped long enough ago). */
  promptEnrollment: boolean;
  skippedAt?: number;
  backupCodesRemaining: number;
  /**
   * Sign-ins from unfamiliar sources are locked: too many wrong codes from where the owner never
   * signed in. A remembered device or a source that completed a sign-in before keeps its own
   * budget and may still sign in, so show this to administrators (beside `mfa.unlock`), not as
   * "your account is locked" to a user who is signed in.
   */
  locked: boolean;
  /** With `locked`: how long until unfamiliar sources may try again (`Infinity`: until an unlock). */
  retryAfterMs: number;
}

export function statusFlows(rt: Runtime) {
  async function status(userId: string, ctx?: unknown): Promise<MfaStatus> {
    assertUserId(userId);
    const policy = await rt.policy(userId, ctx);
    const { doc, now } = await rt.read(userId);
    const enrolled = doc.factors.length > 0;
    const active = policy.eligible && policy.enforcement !== 'off';
    const inGrace = policy.graceUntil !== undefined && now < policy.graceUntil;
    const mustEnroll = active && !enrolled && policy.enforcement === 'required' && !inGrace;
    const canSkip = active && !enrolled && (policy.enforcement === 'optional' || inGrace);
    const remindedLongAgo =
      doc.skippedAt === undefined || now - doc.skippedAt >= policy.remindAfterMs;
    const lock = lockoutStatus(doc.lockout, { now, policy: rt.o.lockout });
    // Only kinds createMfa was configured for (an SMS sender, WebAuthn settings).
    const allowedFactors = policy.factors.filter((f) => kindOf(f)?.configured(rt.o) === true);
    return {
      factors: summarize(doc),
      enrolled,
      enforcement: policy.enforcement,
      eligible: policy.eligible,
      allowedFactors: active ? allowedFactors : [],
      mustEnroll,
      canSkip,
      promptEnrollment: mustEnroll || (canSkip && remindedLongAgo),
      ...(doc.skippedAt !== undefined ? { skippedAt: doc.skippedAt } : {}),
      backupCodesRemaining: doc.backupCodes?.hashes.filter((h) => h !== null).length ?? 0,
      locked: lock.locked,
      retryAfterMs: lock.retryAfterMs,
    };
  }

  /** Records a Skip on the enrollment screen; refused when enrollment is required now. */
  async function skipEnrollment(userId: string, ctx?: unknown): Promise<Result> {
    assertUserId(userId);
    const policy = await rt.policy(userId, ctx);
    return rt.transact(userId, (doc, now): Decision<Result> => {
      const inGrace = policy.graceUntil !== undefined && now < policy.graceUntil;
      const skippable =
        policy.eligible &&
        doc.factors.length === 0 &&
        (policy.enforcement === 'optional' || (policy.enforcement === 'required' && inGrace));
      if (!skippable) return { result: fail('not_allowed'), write: false };
      doc.skippedAt = now;
      return { result: { ok: true }, write: true, events: [{ type: 'enrollment.skipped' }] };
    });
  }

  return { status, skipEnrollment };
}
