/**
 * The one JSON document that holds all of a user's MFA state, its schema version, and the
 * pruning of what has expired. Secrets in it are sealed; codes and tokens are hashes.
 */
import type { BackupCodeSet } from '../backup-codes/backup-codes.js';
import { InvalidArgumentError } from '../errors.js';
import type { LockoutState } from '../lockout/lockout.js';
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
  /** The key, sealed with context `${userId}/${id}`. */
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

export interface Challenge {
  /** SHA-256 of the secret part of the challenge id the client holds. */
  hash: string;
  createdAt: number;
  expiresAt: number;
  sms?: { factorId: string; code: SmsCodeRecord; sentAt: number };
}

export interface TrustedDevice {
  id: string;
  /** SHA-256 of the secret part of the device token. */
  hash: string;
  name?: string;
  createdAt: number;
  expiresAt: number;
  lastUsedAt?: number;
}

export interface MfaDocument {
  schema: typeof SCHEMA_VERSION;
  factors: Factor[];
  pending: Pending[];
  backupCodes?: BackupCodeSet;
  challenges: Challenge[];
  devices: TrustedDevice[];
  lockout?: LockoutState;
  skippedAt?: number;
}

/** Bounds that keep one user's document small whatever a client does. */
export const LIMITS = { factors: 10, pending: 5, challenges: 10, devices: 30 } as const;

export function emptyDocument(): MfaDocument {
  return { schema: SCHEMA_VERSION, factors: [], pending: [], challenges: [], devices: [] };
}

/** Reads a stored document; unknown future schemas are refused rather than misread. */
export function parseDocument(text: string): MfaDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new InvalidArgumentError('stored document', 'valid JSON written by mfa-kit');
  }
  const d = doc as Partial<MfaDocument> | null;
  if (d === null || typeof d !== 'object' || d.schema !== SCHEMA_VERSION) {
    throw new InvalidArgumentError(
      'stored document',
      `an mfa-kit document of schema ${SCHEMA_VERSION}`,
    );
  }
  for (const list of ['factors', 'pending', 'challenges', 'devices'] as const) {
    if (!Array.isArray(d[list]))
      throw new InvalidArgumentError('stored document', `a document with a ${list} list`);
  }
  return d as MfaDocument;
}

/** Drops what has expired; bounded lists keep their newest entries. */
export function prune(doc: MfaDocument, now: number): void {
  doc.pending = doc.pending.filter((p) => p.expiresAt > now).slice(-LIMITS.pending);
  doc.challenges = doc.challenges.filter((c) => c.expiresAt > now).slice(-LIMITS.challenges);
  doc.devices = doc.devices.filter((d) => d.expiresAt > now).slice(-LIMITS.devices);
}
