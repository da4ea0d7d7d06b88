/** `createMfa` options: their types, defaults, and validation that reports every problem at once. */

import type { MfaStore, RateLimiter, SmsSender } from '../adapters/types.js';
import { assertPepper, resolveCost } from '../backup-codes/backup-codes.js';
import { isPlaceholderKey } from '../crypto/keyring-text.js';
import type { RandomBytes } from '../crypto/random.js';
import { assertKeyring, type Keyring } from '../crypto/seal.js';
import { type ConfigIssue, InvalidConfigError, MfaError } from '../errors.js';
import {
  DEFAULT_LOCKOUT_POLICY,
  type LockoutPolicy,
  type LockoutPolicyInput,
  lockoutPolicy,
} from '../lockout/lockout.js';
import { resolvePhoneOptions } from '../sms/phone-options.js';
import { resolveSmsQuotas, type SmsQuotas } from '../sms/quotas.js';
import type { FactorType } from './document.js';
import type { MfaEvent } from './events.js';
import { FACTOR_TYPES } from './factors/index.js';
import {
  type ResolvedWebauthnOptions,
  resolveWebauthnOptions,
  type WebauthnOptions,
} from './webauthn.js';

/** Whether a user must, may or cannot use MFA. */
export type Enforcement = 'off' | 'optional' | 'required';

/** What the policy decides for one user. Everything but `enforcement` has a default. */
export interface PolicyDecision {
  enforcement: Enforcement;
  /** Factor types this user may enroll (SMS only on some plans); default all configured. */
  factors?: FactorType[];
  /** False for accounts that cannot use MFA (e.g. no e-mail address); default true. */
  eligible?: boolean;
  /** With `required`: until when (ms since the epoch) the user may still skip enrollment. */
  graceUntil?: number;
  /** How recent the password check must be for sensitive changes; default 10 minutes. */
  reauthMaxAgeMs?: number;
  /** With `optional`: how long after a Skip to suggest enrollment again; default 7 days. */
  remindAfterMs?: number;
}

/** A fixed policy, or one computed per user from whatever context the host passes in. */
export type Policy =
  | PolicyDecision
  | ((userId: string, ctx: unknown) => PolicyDecision | Promise<PolicyDecision>);

/** SMS configuration: the sender and the numbers accepted. */
export interface SmsOptions {
  sender: SmsSender;
  allowedCountries?: string[];
  defaultCountry?: string;
  /** Refuse fixed lines; default true (a landline cannot receive the code). */
  mobileOnly?: boolean;
  /**
   * Accept numbers of no country (satellite +881/+870, international networks, premium +979 …);
   * default false, as they are a favourite of toll fraud.
   */
  allowNonGeographic?: boolean;
  /** Adds the origin-bound autofill line `@domain #code` to each message. */
  domain?: string;
  /** Send budgets; see `smsSendRules`. */
  quotas?: Partial<SmsQuotas>;
}

/** Everything `createMfa` accepts. */
export interface MfaOptions {
  store: MfaStore;
  keyring: Keyring;
  /** The product name shown in authenticator apps, texts and files. */
  issuer: string;
  sms?: SmsOptions;
  /** Passkeys and security keys (WebAuthn); the code for them loads only when this is set. */
  webauthn?: WebauthnOptions;
  /** For SMS quotas across users; default an in-process `memoryRateLimiter()`. */
  rateLimiter?: RateLimiter;
  policy?: Policy;
  /** The lockout policy (see `lockoutPolicy`); every field has a default. */
  lockout?: LockoutPolicyInput;
  /** Receives every event after the change is stored; errors it throws are ignored. */
  onEvent?: (event: MfaEvent) => void | Promise<void>;
  now?: () => number;
  randomBytes?: RandomBytes;
  backupCodes?: { count?: number; pepper?: Uint8Array; cost?: { N: number; r: number; p: number } };
  /** Lifetimes, in milliseconds. */
  ttl?: { enrollmentMs?: number; challengeMs?: number; trustedDeviceMs?: number };
}

export const DEFAULT_POLICY: Required<Omit<PolicyDecision, 'graceUntil' | 'factors'>> = {
  enforcement: 'optional',
  eligible: true,
  reauthMaxAgeMs: 10 * 60_000,
  remindAfterMs: 7 * 24 * 3_600_000,
};

export const DEFAULT_TTL = {
  enrollmentMs: 10 * 60_000,
  challengeMs: 10 * 60_000,
  trustedDeviceMs: 30 * 24 * 3_600_000,
};

export interface ResolvedOptions {
  store: MfaStore;
  keyring: Keyring;
  issuer: string;
  sms?: SmsOptions & { phone: ReturnType<typeof resolvePhoneOptions>; quotas: SmsQuotas };
  webauthn?: ResolvedWebauthnOptions;
  rateLimiter?: RateLimiter;
  policy: Policy;
  lockout: LockoutPolicy;
  onEvent?: MfaOptions['onEvent'];
  now: () => number;
  randomBytes?: RandomBytes;
  backupCodes: { count: number; pepper?: Uint8Array; cost?: { N: number; r: number; p: number } };
  ttl: typeof DEFAULT_TTL;
}

const isFn = (v: unknown) => typeof v === 'function';

/** Validates everything, collecting each problem, then throws them all in one error. */
export function resolveOptions(options: MfaOptions): ResolvedOptions {
  if (options === null || typeof options !== 'object') {
    throw new InvalidConfigError(
      [{ path: '(root)', message: 'an options object' }],
      'createMfa options',
    );
  }
  const issues: ConfigIssue[] = [];
  const check = <T>(path: string, run: () => T): T | undefined => {
    try {
      return run();
    } catch (err) {
      if (!(err instanceof MfaError)) throw err;
      if (err instanceof InvalidConfigError)
        issues.push(...err.issues.map((i) => ({ path: `${path}.${i.path}`, message: i.message })));
      else issues.push({ path, message: err.message.replace(/^\S+ must be /, '') });
      return undefined;
    }
  };
  const o = options;
  if (
    o.store === null ||
    typeof o.store !== 'object' ||
    !isFn(o.store.load) ||
    !isFn(o.store.save)
  ) {
    issues.push({
      path: 'store',
      message: 'an MfaStore with load() and save() (memoryStore() for a start)',
    });
  } else if (o.store.delete !== undefined && !isFn(o.store.delete)) {
    issues.push({ path: 'store.delete', message: 'a function, or absent' });
  }
  const keyring = check('keyring', () => assertKeyring(o.keyring, 'keyring'));
  // Sealed keys and challenge ids under a guessable key would be as good as unprotected.
  for (const [id, key] of Object.entries(keyring?.keys ?? {}))
    if (isPlaceholderKey(key))
      issues.push({
        path: `keyring.keys.${id}`,
        message: 'a random key, not a placeholder of one repeated byte (npx mfa-kit keygen)',
      });
  if (typeof o.issuer !== 'string' || o.issuer.trim() === '' || o.issuer.length > 64) {
    issues.push({ path: 'issuer', message: 'a product name of 1 to 64 characters' });
  }
  let sms: ResolvedOptions['sms'];
  if (o.sms !== undefined) {
    if (o.sms === null || typeof o.sms !== 'object')
      issues.push({ path: 'sms', message: 'an object { sender, … }' });
    else {
      if (o.sms.sender === null || typeof o.sms.sender !== 'object' || !isFn(o.sms.sender.send)) {
        issues.push({ path: 'sms.sender', message: 'an SmsSender with send()' });
      }
      const phone = check('sms', () =>
        resolvePhoneOptions(
          {
            ...(o.sms!.allowedCountries !== undefined
              ? { allowedCountries: o.sms!.allowedCountries }
              : {}),
            ...(o.sms!.defaultCountry !== undefined
              ? { defaultCountry: o.sms!.defaultCountry }
              : {}),
            mobileOnly: o.sms!.mobileOnly ?? true,
            allowNonGeographic: o.sms!.allowNonGeographic ?? false,
          },
          'sms',
        ),
      );
      const quotas = check('sms.quotas', () => resolveSmsQuotas(o.sms!.quotas, 'sms.quotas'));
      if (
        o.sms.domain !== undefined &&
        (typeof o.sms.domain !== 'string' || !/^[a-z0-9.-]{1,253}$/.test(o.sms.domain))
      ) {
        issues.push({ path: 'sms.domain', message: 'a lower-case host name such as example.com' });
      }
      if (phone && quotas) sms = { ...o.sms, phone, quotas };
    }
  }
  if (o.rateLimiter !== undefined && (o.rateLimiter === null || !isFn(o.rateLimiter.consume))) {
    issues.push({ path: 'rateLimiter', message: 'a RateLimiter with consume()' });
  }
  if (o.policy !== undefined && !isFn(o.policy)) {
    try {
      checkDecision(o.policy as PolicyDecision, 'policy');
    } catch (err) {
      if (!(err instanceof InvalidConfigError)) throw err;
      issues.push(...err.issues);
    }
  }
  const lockout = check('lockout', () => lockoutPolicy(o.lockout)) ?? DEFAULT_LOCKOUT_POLICY;
  for (const name of ['onEvent', 'now', 'randomBytes'] as const) {
    if (o[name] !== undefined && !isFn(o[name])) issues.push({ path: name, message: 'a function' });
  }
  const b = o.backupCodes ?? {};
  check('backupCodes.pepper', () => assertPepper(b.pepper, 'backupCodes.pepper'));
  if (b.cost !== undefined)
    check('backupCodes.cost', () => resolveCost(b.cost, 'backupCodes.cost'));
  if (b.count !== undefined && !(Number.isSafeInteger(b.count) && b.count >= 1 && b.count <= 100)) {
    issues.push({ path: 'backupCodes.count', message: 'an integer from 1 to 100' });
  }
  const ttl = { ...DEFAULT_TTL };
  for (const [name, max] of [
    ['enrollmentMs', 3_600_000],
    ['challengeMs', 3_600_000],
    ['trustedDeviceMs', 400 * 24 * 3_600_000],
  ] as const) {
    const v = o.ttl?.[name];
    if (v === undefined) continue;
    if (!(Number.isSafeInteger(v) && v >= 1000 && v <= max))
      issues.push({ path: `ttl.${name}`, message: `an integer from 1000 to ${max}` });
    else ttl[name] = v;
  }
  const webauthn =
    o.webauthn === undefined ? undefined : resolveWebauthnOptions(o.webauthn, issues);
  if (issues.length > 0) throw new InvalidConfigError(issues, 'createMfa options');

  const resolved: ResolvedOptions = {
    store: o.store,
    keyring: o.keyring,
    issuer: o.issuer.trim(),
    policy: o.policy ?? { enforcement: DEFAULT_POLICY.enforcement },
    lockout,
    now: o.now ?? Date.now,
    backupCodes: { count: b.count ?? 10 },
    ttl,
  };
  if (sms) resolved.sms = sms;
  if (webauthn) resolved.webauthn = webauthn;
  if (o.rateLimiter) resolved.rateLimiter = o.rateLimiter;
  if (o.onEvent) resolved.onEvent = o.onEvent;
  if (o.randomBytes) resolved.randomBytes = o.randomBytes;
  if (b.pepper) resolved.backupCodes.pepper = b.pepper;
  if (b.cost) resolved.backupCodes.cost = b.cost;
  return resolved;
}

/** A policy decision with defaults, checked (a host's policy function can return anything). */
export function checkDecision(
  d: PolicyDecision,
  path = 'policy',
): Required<Omit<PolicyDecision, 'graceUntil'>> & { graceUntil?: number } {
  const issues: ConfigIssue[] = [];
  if (d === null || typeof d !== 'object')
    throw new InvalidConfigError([{ path, message: 'an object { enforcement, … }' }], 'policy');
  if (!['off', 'optional', 'required'].includes(d.enforcement))
    issues.push({ path: `${path}.enforcement`, message: "'off', 'optional' or 'required'" });
  if (
    d.factors !== undefined &&
    (!Array.isArray(d.factors) || d.factors.some((f) => !FACTOR_TYPES.includes(f)))
  ) {
    issues.push({
      path: `${path}.factors`,
      message: `an array of ${FACTOR_TYPES.map((t) => `'${t}'`).join(', ')}`,
    });
  }
  if (d.eligible !== undefined && typeof d.eligible !== 'boolean')
    issues.push({ path: `${path}.eligible`, message: 'a boolean' });
  for (const name of ['graceUntil', 'reauthMaxAgeMs', 'remindAfterMs'] as const) {
    const v = d[name];
    if (v !== undefined && !(Number.isSafeInteger(v) && v >= 0))
      issues.push({ path: `${path}.${name}`, message: 'a non-negative integer (ms)' });
  }
  if (issues.length > 0) throw new InvalidConfigError(issues, 'policy');
  const out: Required<Omit<PolicyDecision, 'graceUntil'>> & { graceUntil?: number } = {
    enforcement: d.enforcement,
    factors: d.factors ?? [...FACTOR_TYPES],
    eligible: d.eligible ?? DEFAULT_POLICY.eligible,
    reauthMaxAgeMs: d.reauthMaxAgeMs ?? DEFAULT_POLICY.reauthMaxAgeMs,
    remindAfterMs: d.remindAfterMs ?? DEFAULT_POLICY.remindAfterMs,
  };
  if (d.graceUntil !== undefined) out.graceUntil = d.graceUntil;
  return out;
}
