/**
 * The registry of factor kinds. Each kind (an authenticator app, a phone, a passkey) is one
 * module that enrolls its factor, checks its stored entries, summarizes it and checks a sign-in
 * answer; the flows (enrollment, challenge, status, removal) ask the registry and never test a
 * type name. Adding a kind (an e-mail code, a push approval) is one new module in this folder and
 * its line in `KINDS` (its entry types join the two unions below).
 */
import type { Runtime } from '../runtime.js';
import type { FactorKind } from './kind.js';
import { type PendingSms, type SmsFactor, smsKind } from './sms.js';
import { type PendingTotp, type TotpFactor, totpKind } from './totp.js';
import { type PendingWebauthn, type WebauthnFactor, webauthnKind } from './webauthn.js';

/**
 * Every factor kind, in the order sign-in offers them an answer.
 *
 * @example
 * ```ts
 * const kind = KINDS.find((k) => k.answers(answer, named)); // who checks this answer
 * ```
 */
export const KINDS = [totpKind, smsKind, webauthnKind] as const;

/** A confirmed factor as stored in the user's document. */
export type Factor = TotpFactor | SmsFactor | WebauthnFactor;

/** An enrollment begun and not yet confirmed. */
export type Pending = PendingTotp | PendingSms | PendingWebauthn;

/** A factor type name: `'totp'`, `'sms'` or `'webauthn'`. */
export type FactorType = (typeof KINDS)[number]['type'];

/** All factor type names, for validation and defaults. */
export const FACTOR_TYPES: readonly FactorType[] = KINDS.map((k) => k.type);

/**
 * The module of a factor type; `undefined` for a name no kind has.
 *
 * @example
 * ```ts
 * const extra = kindOf(factor.type)?.summary(factor); // an SMS factor's masked number
 * ```
 */
export function kindOf(type: unknown): FactorKind | undefined {
  return (KINDS as readonly FactorKind[]).find((k) => k.type === type);
}

/** Each kind's own methods, under its type name: `mfa.totp`, `mfa.sms`, `mfa.webauthn`. */
export type KindApis = { [K in (typeof KINDS)[number] as K['type']]: ReturnType<K['api']> };

/**
 * Each kind's public methods, built over one runtime.
 *
 * @example
 * ```ts
 * const { totp, sms, webauthn } = kindApis(rt);
 * ```
 */
export function kindApis(rt: Runtime): KindApis {
  return Object.fromEntries(KINDS.map((k) => [k.type, k.api(rt)])) as KindApis;
}
