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

export const SCHEMA_VERSION = 1;

export type FactorType = 'totp' | 'sms';

interface FactorBase {
  id: string;
  label: string;
  createdAt: number;
  lastUsedAt?: number;
}

export interface TotpFactor extends FactorBase {
  type: 'totp';
  /** The key, sealed with context `[userId, id]` (`v2`), or `${userId}/${id}` (`v1`, re-sealed on use). */
  sealed: string;
  /** The time step of the last accepted code: that code and older ones are refused. */
  lastStep: number;
}

export interface SmsFactor extends FactorBase {
  type: 'sms';
  phone: string;
  masked: string;
}

export type Factor = TotpFactor | SmsFactor;

export interface PendingTotp {
  id: string;
  type: 'totp';
  label: string;
  sealed: string;
  createdAt: number;
  expiresAt: number;
}

export interface PendingSms {
  id: string;
  type: 'sms';
  label: string;
  phone: string;
  masked: string;
  code: SmsCodeRecord;
  sentAt: number;
  createdAt: number;
  expiresAt: number;
  /** A number this one replaces once confirmed. */
  replaces?: string;
}

export type Pending = PendingTotp | PendingSms;

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

const MAX_TIME = 9e15;
const MAX_ID = 256;

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);

function record(v: unknown, field: string): Rec {
  if (!isRecord(v)) throw new InvalidDocumentError(field, 'an object');
  return v;
}
function str(v: unknown, field: string, max = MAX_ID): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > max)
    throw new InvalidDocumentError(field, `a string of 1 to ${max} characters`);
  return v;
}
function int(v: unknown, field: string, max = MAX_TIME, min = 0): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max)
    throw new InvalidDocumentError(field, `an integer from ${min} to ${max}`);
  return v;
}
function optInt(v: unknown, field: string): void {
  if (v !== undefined) int(v, field);
}
function list(v: unknown, field: string, max: number): unknown[] {
  if (!Array.isArray(v) || v.length > max)
    throw new InvalidDocumentError(field, `an array of at most ${max} entries`);
  return v;
}

function smsCode(v: unknown, field: string): void {
  const c = record(v, field);
  str(c.hash, `${field}.hash`, 64);
  str(c.salt, `${field}.salt`, 64);
  int(c.digits, `${field}.digits`, 10, 4);
  int(c.expiresAt, `${field}.expiresAt`);
  int(c.attempts, `${field}.attempts`, 1000);
  int(c.maxAttempts, `${field}.maxAttempts`, 100);
  if (typeof c.spent !== 'boolean') throw new InvalidDocumentError(`${field}.spent`, 'a boolean');
}

function factor(v: unknown, field: string): void {
  const f = record(v, field);
  str(f.id, `${field}.id`);
  str(f.label, `${field}.label`);
  int(f.createdAt, `${field}.createdAt`);
  optInt(f.lastUsedAt, `${field}.lastUsedAt`);
  if (f.type === 'totp') {
    str(f.sealed, `${field}.sealed`, 8192);
    int(f.lastStep, `${field}.lastStep`, MAX_TIME, -1);
  } else if (f.type === 'sms') {
    str(f.phone, `${field}.phone`, 32);
    str(f.masked, `${field}.masked`, 64);
  } else throw new InvalidDocumentError(`${field}.type`, "'totp' or 'sms'");
}

function pending(v: unknown, field: string): void {
  const p = record(v, field);
  str(p.id, `${field}.id`);
  str(p.label, `${field}.label`);
  int(p.createdAt, `${field}.createdAt`);
  int(p.expiresAt, `${field}.expiresAt`);
  if (p.type === 'totp') str(p.sealed, `${field}.sealed`, 8192);
  else if (p.type === 'sms') {
    str(p.phone, `${field}.phone`, 32);
    str(p.masked, `${field}.masked`, 64);
    smsCode(p.code, `${field}.code`);
    int(p.sentAt, `${field}.sentAt`);
    if (p.replaces !== undefined) str(p.replaces, `${field}.replaces`);
  } else throw new InvalidDocumentError(`${field}.type`, "'totp' or 'sms'");
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
  smsCode(c.code, `${field}.code`);
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
    factor(f, `factors[${i}]`);
  });
  const ids = (factors as Factor[]).map((f) => f.id);
  if (new Set(ids).size !== ids.length) throw new InvalidDocumentError('factors', 'unique ids');
  list(d.pending, 'pending', LIMITS.pending * 2).forEach((p, i) => {
    pending(p, `pending[${i}]`);
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

/** Drops what has expired; bounded lists keep their newest entries. */
export function prune(doc: MfaDocument, now: number): void {
  doc.pending = doc.pending.filter((p) => p.expiresAt > now).slice(-LIMITS.pending);
  doc.challenges = doc.challenges.filter((c) => c.expiresAt > now).slice(-LIMITS.challenges);
  doc.devices = doc.devices.filter((d) => d.expiresAt > now).slice(-LIMITS.devices);
}
