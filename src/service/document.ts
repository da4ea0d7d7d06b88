/**
 * The one JSON document that holds all of a user's MFA state, its schema version, the check that
 * every stored entry has the shape the flows rely on, and the pruning of what has expired.
 * Secrets in it are sealed; codes and tokens are hashes. A document is read as untrusted input:
 * a damaged or tampered entry throws an {@link InvalidDocumentError} naming the field, never a
 * `TypeError` deep inside a flow.
 */
import { assertBackupCodeSet, type BackupCodeSet } from '../backup-codes/backup-codes.js';
import { InvalidDocumentError, MfaError } from '../errors.js';
import type { LockoutState } from '../lockout/lockout.js';
import { readLockoutState } from '../lockout/state.js';
import type { SmsCodeRecord } from '../sms/code.js';
import { int, list, optInt, record, str } from './factors/fields.js';
import { type Factor, kindOf, type Pending } from './factors/index.js';
import { checkSmsCode } from './factors/sms.js';

export const SCHEMA_VERSION = 1;

export type { Factor, FactorType, Pending } from './factors/index.js';
export type { PendingSms, SmsFactor } from './factors/sms.js';
export type { PendingTotp, TotpFactor } from './factors/totp.js';
export type { PendingWebauthn, WebauthnFactor } from './factors/webauthn.js';

/**
 * A code texted during a sign-in: the only thing a challenge ever stores. Challenges themselves
 * are stateless (a MAC'd id the client holds), so this record is found by the challenge's nonce.
 */
export interface SignInSms {
  /** SHA-256 of the challenge's nonce. */
  challenge: string;
  factorId: string;
  code: SmsCodeRecord;
  sentAt: number;
  /** The challenge's own expiry: the record goes with it. */
  expiresAt: number;
}

export interface TrustedDevice {
  id: string;
  /** SHA-256 of the secret part of the device token. */
  hash: string;
  name?: string;
  createdAt: number;
  expiresAt: number;
  lastUsedAt?: number;
  /** The factors enrolled when the device was trusted: removing any of them revokes it. */
  factors: string[];
}

export interface MfaDocument {
  schema: typeof SCHEMA_VERSION;
  factors: Factor[];
  pending: Pending[];
  backupCodes?: BackupCodeSet;
  /** Codes texted during sign-in challenges (documents of 0.1 held whole challenges here). */
  challenges: SignInSms[];
  devices: TrustedDevice[];
  lockout?: LockoutState;
  skippedAt?: number;
  /**
   * The sign-in epoch: every challenge id carries the epoch it was issued in and dies when it
   * moves on (a successful sign-in, a password change, sign-out everywhere). Absent means 0.
   */
  epoch?: number;
}

/** Bounds that keep one user's document small whatever a client does. */
export const LIMITS = { factors: 10, pending: 5, challenges: 10, devices: 30 } as const;

export function emptyDocument(): MfaDocument {
  return { schema: SCHEMA_VERSION, factors: [], pending: [], challenges: [], devices: [] };
}

/** The common fields here; the kind's own fields are its module's to check. */
function entry(v: unknown, field: string, pendingEntry: boolean): void {
  const e = record(v, field);
  str(e.id, `${field}.id`);
  str(e.label, `${field}.label`);
  int(e.createdAt, `${field}.createdAt`);
  if (pendingEntry) int(e.expiresAt, `${field}.expiresAt`);
  else optInt(e.lastUsedAt, `${field}.lastUsedAt`);
  const kind = kindOf(e.type);
  if (kind === undefined)
    throw new InvalidDocumentError(`${field}.type`, 'a factor type of this mfa-kit');
  if (pendingEntry) kind.checkPending(e, field);
  else kind.checkFactor(e, field);
}

/** A 0.1 challenge (`hash`, `sms?`) has nothing left to keep but its texted code. */
function signInSms(v: unknown, field: string): SignInSms | undefined {
  const c = record(v, field);
  if (c.challenge === undefined) {
    str(c.hash, `${field}.hash`, 64);
    int(c.expiresAt, `${field}.expiresAt`);
    return undefined;
  }
  str(c.challenge, `${field}.challenge`, 64);
  str(c.factorId, `${field}.factorId`);
  checkSmsCode(c.code, `${field}.code`);
  int(c.sentAt, `${field}.sentAt`);
  int(c.expiresAt, `${field}.expiresAt`);
  return c as unknown as SignInSms;
}

function device(v: unknown, field: string, factorIds: string[]): TrustedDevice {
  const d = record(v, field);
  str(d.id, `${field}.id`);
  str(d.hash, `${field}.hash`, 64);
  if (d.name !== undefined) str(d.name, `${field}.name`, 128);
  int(d.createdAt, `${field}.createdAt`);
  int(d.expiresAt, `${field}.expiresAt`);
  optInt(d.lastUsedAt, `${field}.lastUsedAt`);
  // Devices trusted by 0.1 knew no factors: bound to the ones enrolled now, they go with them.
  if (d.factors === undefined) d.factors = [...factorIds];
  else
    list(d.factors, `${field}.factors`, LIMITS.factors).forEach((id, i) => {
      str(id, `${field}.factors[${i}]`);
    });
  return d as unknown as TrustedDevice;
}

/** Runs a primitive's own check, reporting its complaint as a document error on `field`. */
function checkedBy<T>(field: string, check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof MfaError && !(err instanceof InvalidDocumentError)) {
      const inner = err.message.replace(/^\S+ must be /, '');
      throw new InvalidDocumentError(field, inner);
    }
    throw err;
  }
}

/**
 * The shape every flow reads of a backup-code set (its hashes, to count what is left). The deep
 * check (encodings, salts, KDF cost) runs where a code is checked, through {@link checkedSet}: it
 * decodes every hash, and most loads (every TOTP sign-in) never touch the set.
 */
function backupCodeSet(v: unknown): void {
  const set = record(v, 'backupCodes');
  if (set.version !== 1 && set.version !== 2)
    throw new InvalidDocumentError('backupCodes.version', '1 or 2');
  list(set.hashes, 'backupCodes.hashes', 100).forEach((h, i) => {
    if (h !== null && typeof h !== 'string')
      throw new InvalidDocumentError(`backupCodes.hashes[${i}]`, 'a string or null');
  });
}

/** The set, fully checked (as a document field) before a code is tried against it. */
export function checkedSet(set: BackupCodeSet): BackupCodeSet {
  return checkedBy('backupCodes', () => assertBackupCodeSet(set, 'backupCodes'));
}

/** Checks every entry of a parsed document; throws an {@link InvalidDocumentError} on the first fault. */
export function checkDocument(value: unknown): MfaDocument {
  const d = record(value, '(root)');
  if (d.schema !== SCHEMA_VERSION)
    throw new InvalidDocumentError('schema', `${SCHEMA_VERSION} (a document of this mfa-kit)`);
  const factors = list(d.factors, 'factors', LIMITS.factors * 2);
  factors.forEach((f, i) => {
    entry(f, `factors[${i}]`, false);
  });
  const ids = (factors as Factor[]).map((f) => f.id);
  if (new Set(ids).size !== ids.length) throw new InvalidDocumentError('factors', 'unique ids');
  list(d.pending, 'pending', LIMITS.pending * 2).forEach((p, i) => {
    entry(p, `pending[${i}]`, true);
  });
  const texts: SignInSms[] = [];
  list(d.challenges, 'challenges', LIMITS.challenges * 2).forEach((c, i) => {
    const kept = signInSms(c, `challenges[${i}]`);
    if (kept) texts.push(kept);
  });
  d.challenges = texts;
  d.devices = list(d.devices, 'devices', LIMITS.devices * 2).map((v, i) =>
    device(v, `devices[${i}]`, ids),
  );
  if (d.backupCodes !== undefined) backupCodeSet(d.backupCodes);
  if (d.lockout !== undefined) checkedBy('lockout', () => readLockoutState(d.lockout, 'lockout'));
  optInt(d.skippedAt, 'skippedAt');
  optInt(d.epoch, 'epoch');
  return d as unknown as MfaDocument;
}

/** Reads a stored document; unknown future schemas are refused rather than misread. */
export function parseDocument(text: string): MfaDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new InvalidDocumentError('(root)', 'valid JSON written by mfa-kit');
  }
  return checkDocument(doc);
}

/**
 * Where a factor's key belongs: its user and its id, as separate parts (sealed `v2`, each part
 * length-prefixed), so no user id can be crafted to open another user's key.
 */
export const sealContext = (userId: string, factorId: string): readonly string[] => [
  userId,
  factorId,
];

/** The next sign-in epoch: every challenge id issued in the current one dies. */
export function bumpEpoch(doc: MfaDocument): void {
  doc.epoch = ((doc.epoch ?? 0) + 1) % 2 ** 32;
  doc.challenges = []; // codes texted for those challenges die with them
}

/** The entries still alive, at most the newest `limit`; the list itself when nothing goes. */
function live<T extends { expiresAt: number }>(list: T[], now: number, limit: number): T[] {
  if (list.length <= limit && list.every((e) => e.expiresAt > now)) return list;
  return list.filter((e) => e.expiresAt > now).slice(-limit);
}

/** Drops what has expired; bounded lists keep their newest entries. */
export function prune(doc: MfaDocument, now: number): void {
  doc.pending = live(doc.pending, now, LIMITS.pending);
  doc.challenges = live(doc.challenges, now, LIMITS.challenges);
  doc.devices = live(doc.devices, now, LIMITS.devices);
}
