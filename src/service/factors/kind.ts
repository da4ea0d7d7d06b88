/**
 * What a factor kind is: the one module that knows how one type of second factor is enrolled,
 * stored, summarized and checked at sign-in. The flows hold no knowledge of any kind beyond this.
 */
import type { AmrValue, FactorSummary } from '../challenge.js';
import type { MfaDocument } from '../document.js';
import type { ResolvedOptions } from '../options.js';
import type { PendingEvent, Runtime } from '../runtime.js';
import type { ChallengeClaims } from '../tokens.js';
import type { Rec } from './fields.js';
import type { Factor } from './index.js';

/** The fields every stored factor has; a kind adds its own. */
export interface FactorBase {
  id: string;
  label: string;
  createdAt: number;
  lastUsedAt?: number;
}

/** The fields every pending enrollment has. */
export interface PendingBase {
  id: string;
  label: string;
  createdAt: number;
  expiresAt: number;
}

/** What one check of a sign-in answer concluded. */
export interface SignInCheck {
  accepted: boolean;
  /** Guesses this answer was worth, charged to the lockout on failure (a code tried on k apps is k). */
  cost: number;
  /** RFC 8176 method references of the factor that answered. */
  amr: AmrValue[];
  /** Told with the sign-in's own events (e.g. a possible clone). */
  events: PendingEvent[];
}

/** One sign-in answer being checked; `check` may run again when the save is retried. */
export interface SignInAttempt {
  check(
    doc: MfaDocument,
    now: number,
    named: Factor | undefined,
  ): SignInCheck | Promise<SignInCheck>;
  /** Runs once after the last check: wipe what was opened. */
  end?(): void;
}

/** A factor kind. `F` is its stored entry, `P` its pending enrollment. */
export interface FactorKind<F extends FactorBase & { type: string } = Factor> {
  readonly type: F['type'];
  /** Whether `createMfa` was given what this kind needs (an SMS sender, WebAuthn settings). */
  configured(o: ResolvedOptions): boolean;
  /** Checks the kind's own fields of a stored factor (the common ones are checked already). */
  checkFactor(entry: Rec, field: string): void;
  /** Checks the kind's own fields of a pending enrollment. */
  checkPending(entry: Rec, field: string): void;
  /** The kind's own fields in a {@link FactorSummary} (an SMS factor's masked number). */
  summary(factor: F): Partial<FactorSummary>;
  /**
   * Whether this kind answers `answer` at sign-in. `named` is the factor `answer.factorId`
   * names, if any.
   */
  answers(answer: Rec, named: Factor | undefined): boolean;
  /**
   * Prepares checking `answer` (loading code, opening nothing yet). Synchronous where it can
   * be, so a code is checked in the same turn as the document it is checked against.
   */
  signIn(
    rt: Runtime,
    claims: ChallengeClaims,
    challengeId: string,
    answer: Rec,
  ): SignInAttempt | Promise<SignInAttempt>;
  /** Fields `challenge.start` adds for this kind when the user has factors of it. */
  offer?(rt: Runtime, doc: MfaDocument, challengeId: string): Record<string, unknown> | undefined;
  /** The kind's own public methods (`mfa.totp`, `mfa.sms`, `mfa.webauthn`). */
  api(rt: Runtime): object;
}
