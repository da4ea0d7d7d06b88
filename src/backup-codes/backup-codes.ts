/**
 * Backup codes: single-use recovery codes, shown once and stored only as slow, salted hashes.
 *
 * A code reads `K7QM-2XW9-DAH3-ZPNB`: 16 symbols of Crockford's base32 in four groups. The first
 * two symbols are the code's slot, a public label that picks its stored salt and hash; the other
 * fourteen are 70 random bits (NIST SP 800-63B rev 4 asks at least 64 for saved recovery codes).
 * Each code has its own salt (rev 4 §3.1.2.2), and an attempt still costs exactly one scrypt
 * derivation, because its slot names the one hash it can match. An attempt is checked in three
 * steps so a service can record it before paying for it: {@link prepareBackupCodeAttempt}
 * (cheap, no KDF), {@link deriveBackupCodeHash} (the one KDF, off the main thread on Node) and
 * {@link matchBackupCode} (pure, constant-time, spends the code).
 *
 * Sets stored by mfa-kit 0.1 (`version: 1`: ten-symbol codes, one salt for the set) still verify
 * with one derivation, compared against every hash; their codes stay valid until the user
 * regenerates the set, as a code cannot be re-hashed without knowing it.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { equalBytes } from '../crypto/constant-time.js';
import { drawRandom, type RandomBytes } from '../crypto/random.js';
import { base64urlDecode, base64urlEncode } from '../encoding/base64url.js';
import { InvalidArgumentError } from '../errors.js';
import { assertBytes, assertInteger, assertOptions, isBytes } from '../lib/assert.js';
import {
  resolveCost as resolveScryptCost,
  type ScryptCost,
  scryptDerive,
  scryptSync,
  withinCost,
} from './scrypt.js';

export type { ScryptCost } from './scrypt.js';

/** Crockford's base32: no I, L, O or U, so nothing on the sheet can be misread as another symbol. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SLOT_SYMBOLS = 2; // 1,024 slot labels for at most 100 codes
const RANDOM_SYMBOLS = 14; // 14 × 5 = 70 random bits
const SYMBOLS = SLOT_SYMBOLS + RANDOM_SYMBOLS;
const LEGACY_SYMBOLS = 10; // version 1: 50 random bits, no slot
const HASH_BYTES = 16;
const SALT_BYTES = 16;
const MAX_CODES = 100;
const MAX_INPUT = 64;
const encoder = new TextEncoder();

/**
 * The default scrypt cost of backup-code hashes: N 2^13, r 8, p 1 (8 MiB, about 50 ms here).
 * It is also the default ceiling for the cost a stored set may ask for (see `maxCost`).
 *
 * @example
 * ```ts
 * import { DEFAULT_BACKUP_CODE_COST, hashBackupCodesAsync } from 'mfa-kit/backup-codes';
 * const cost = { ...DEFAULT_BACKUP_CODE_COST, N: 2 ** 14 }; // twice as slow
 * const set = await hashBackupCodesAsync(codes, { cost }); // verify with { maxCost: cost }
 * ```
 */
export const DEFAULT_BACKUP_CODE_COST: Readonly<ScryptCost> = Object.freeze({
  N: 2 ** 13,
  r: 8,
  p: 1,
});

/** A set as mfa-kit 0.1 stored it: one salt for every code. Still verified, never written. */
export interface LegacyBackupCodeSet {
  version: 1;
  kdf: { name: 'scrypt' } & ScryptCost;
  salt: string;
  peppered: boolean;
  hashes: (string | null)[];
}

/**
 * A stored set of backup codes: JSON-serializable, holding no code. `slots[i]` is the public
 * label that starts code `i`, `salts[i]` its salt; spent codes have a `null` hash.
 */
export interface SlottedBackupCodeSet {
  version: 2;
  kdf: { name: 'scrypt' } & ScryptCost;
  peppered: boolean;
  slots: string[];
  salts: string[];
  hashes: (string | null)[];
}

/** Any stored set: the current format, or the 0.1 format that is still accepted. */
export type BackupCodeSet = SlottedBackupCodeSet | LegacyBackupCodeSet;

/** Options of {@link hashBackupCodes}. */
export interface HashBackupCodesOptions {
  /** A server-side secret (16+ bytes) mixed into every hash; keep it outside the database. */
  pepper?: Uint8Array;
  /** scrypt cost; default {@link DEFAULT_BACKUP_CODE_COST}. */
  cost?: ScryptCost;
  randomBytes?: RandomBytes;
}

/** Options of {@link verifyBackupCode}. */
export interface VerifyBackupCodeOptions {
  /** The pepper, if the set was hashed with one. */
  pepper?: Uint8Array;
  /**
   * The most work a stored set may ask for; a set above it in N, r or p never matches and costs
   * nothing. Pass the cost you hash with; default {@link DEFAULT_BACKUP_CODE_COST}.
   */
  maxCost?: ScryptCost;
}

/** The outcome of {@link verifyBackupCode}: on success, the new set in which the code is spent. */
export type VerifyBackupCodeResult =
  | { ok: true; index: number; remaining: number; set: BackupCodeSet }
  | { ok: false };

/**
 * One attempt, ready to derive: which slot the input names, that slot's salt and the set's cost.
 * The typed code travels with it but is not a property, so logging the attempt shows no code.
 */
export interface BackupCodeAttempt {
  readonly version: 1 | 2;
  /** The index of the hash the input can match; -1 for a version-1 set (all share one salt). */
  readonly slot: number;
  readonly salt: Uint8Array;
  readonly cost: Readonly<ScryptCost>;
  readonly peppered: boolean;
}

/** The normalized code of each attempt, out of reach of JSON.stringify and of forgery. */
const attemptCodes = /* @__PURE__ */ new WeakMap<BackupCodeAttempt, string>();

/**
 * New backup codes to show the user once, formatted `XXXX-XXXX-XXXX-XXXX`: a 2-symbol slot label
 * (distinct within the set) and 70 random bits each. A randomness source that keeps repeating
 * itself ends in an `InvalidArgumentError` after a bounded number of draws.
 *
 * @example
 * ```ts
 * import { generateBackupCodes } from 'mfa-kit/backup-codes';
 * const codes = generateBackupCodes(); // ['K7QM-2XW9-DAH3-ZPNB', …] (10 codes)
 * ```
 */
export function generateBackupCodes(opts?: {
  count?: number;
  randomBytes?: RandomBytes;
}): string[] {
  const o = assertOptions(opts, 'opts');
  const count = o.count === undefined ? 10 : assertInteger(o.count, 'opts.count', 1, MAX_CODES);
  const codes: string[] = [];
  const slots = new Set<string>();
  // With a real CSPRNG a slot label repeats in under 10% of draws (100 of 1,024 at most), so
  // 4·count + 16 draws never run out; a stuck source does, and gets a typed error.
  for (let tries = 0; codes.length < count; tries++) {
    if (tries >= count * 4 + 16)
      throw new InvalidArgumentError('opts.randomBytes', 'a source of distinct random values');
    const bytes = drawRandom(o.randomBytes, SYMBOLS, 'opts.randomBytes');
    let code = '';
    for (let i = 0; i < SYMBOLS; i++) code += ALPHABET[bytes[i]! & 31]; // 256 = 8 × 32: no bias
    bytes.fill(0);
    const slot = code.slice(0, SLOT_SYMBOLS);
    if (slots.has(slot)) continue;
    slots.add(slot);
    codes.push(code.match(/.{4}/g)!.join('-'));
  }
  return codes;
}

/**
 * The canonical form of typed input: upper case, without spaces, hyphens, dots or underscores,
 * and with the common confusions O→0 and I, L→1 undone. Idempotent.
 *
 * @example
 * ```ts
 * import { normalizeBackupCode } from 'mfa-kit/backup-codes';
 * normalizeBackupCode(' k7qm-2xw9 dah3-zpnb '); // 'K7QM2XW9DAH3ZPNB'
 * normalizeBackupCode('OIL2-3456');             // '01123456'
 * ```
 */
export function normalizeBackupCode(input: string): string {
  if (typeof input !== 'string') return '';
  return input
    .slice(0, MAX_INPUT * 2)
    .toUpperCase()
    .replace(/[\s\-_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

const isCode = (normalized: string, length: number) =>
  normalized.length === length && [...normalized].every((c) => ALPHABET.includes(c));

/**
 * Checks a configured scrypt cost (N a power of two from 2^10 to 2^20, r 1 to 32, p 1 to 16);
 * `undefined` gives {@link DEFAULT_BACKUP_CODE_COST}.
 *
 * @example
 * ```ts
 * resolveCost({ N: 2 ** 14, r: 8, p: 1 }, 'backupCodes.cost');
 * ```
 */
export function resolveCost(cost: unknown, name: string): ScryptCost {
  return resolveScryptCost(cost, name, DEFAULT_BACKUP_CODE_COST);
}

/**
 * Checks a pepper: 16 to 1,024 bytes, or `undefined`.
 *
 * @example
 * ```ts
 * assertPepper(pepperFromEnv, 'backupCodes.pepper');
 * ```
 */
export function assertPepper(pepper: unknown, name = 'opts.pepper'): Uint8Array | undefined {
  return pepper === undefined ? undefined : assertBytes(pepper, name, 16, 1024);
}

/** scrypt's input: the code, keyed with the pepper first when there is one. */
function password(normalized: string, pepper: Uint8Array | undefined): Uint8Array {
  const bytes = encoder.encode(normalized);
  return pepper === undefined ? bytes : hmac(sha256, pepper, bytes);
}

function assertCodes(codes: unknown): string[] {
  if (!Array.isArray(codes) || codes.length === 0 || codes.length > MAX_CODES) {
    throw new InvalidArgumentError('codes', `an array of 1 to ${MAX_CODES} codes`);
  }
  const slots = new Set<string>();
  return codes.map((code, i) => {
    const n = normalizeBackupCode(code);
    if (!isCode(n, SYMBOLS) || slots.has(n.slice(0, SLOT_SYMBOLS))) {
      throw new InvalidArgumentError(`codes[${i}]`, 'a code from generateBackupCodes');
    }
    slots.add(n.slice(0, SLOT_SYMBOLS));
    return n;
  });
}

function prepareHash(codes: string[], opts: HashBackupCodesOptions | undefined) {
  const normalized = assertCodes(codes);
  const o = assertOptions(opts, 'opts');
  const cost = resolveCost(o.cost, 'opts.cost');
  const pepper = assertPepper(o.pepper);
  const salts = normalized.map(() => drawRandom(o.randomBytes, SALT_BYTES, 'opts.randomBytes'));
  return { normalized, cost, pepper, salts };
}

function newSet(
  prepared: ReturnType<typeof prepareHash>,
  hashes: Uint8Array[],
): SlottedBackupCodeSet {
  return {
    version: 2,
    kdf: { name: 'scrypt', ...prepared.cost },
    peppered: prepared.pepper !== undefined,
    slots: prepared.normalized.map((n) => n.slice(0, SLOT_SYMBOLS)),
    salts: prepared.salts.map(base64urlEncode),
    hashes: hashes.map(base64urlEncode),
  };
}

/**
 * Hashes a set of codes for storage, one scrypt derivation per code with its own salt, on this
 * thread (about 0.5 s for ten at the default cost). Prefer {@link hashBackupCodesAsync} on a
 * server.
 *
 * @example
 * ```ts
 * import { generateBackupCodes, hashBackupCodes } from 'mfa-kit/backup-codes';
 * const set = hashBackupCodes(generateBackupCodes(), { pepper });
 * await db.save(userId, JSON.stringify(set)); // no code in it
 * ```
 */
export function hashBackupCodes(codes: string[], opts?: HashBackupCodesOptions): BackupCodeSet {
  const prepared = prepareHash(codes, opts);
  const hashes = prepared.normalized.map((n, i) =>
    scryptSync(password(n, prepared.pepper), prepared.salts[i]!, prepared.cost, HASH_BYTES),
  );
  return newSet(prepared, hashes);
}

/**
 * {@link hashBackupCodes} without blocking the event loop: on Node the derivations run natively
 * on the libuv thread pool (in parallel); elsewhere a pure-JS scrypt yields every 10 ms.
 *
 * @example
 * ```ts
 * import { generateBackupCodes, hashBackupCodesAsync } from 'mfa-kit/backup-codes';
 * const set = await hashBackupCodesAsync(generateBackupCodes());
 * ```
 */
export async function hashBackupCodesAsync(
  codes: string[],
  opts?: HashBackupCodesOptions,
): Promise<BackupCodeSet> {
  const prepared = prepareHash(codes, opts);
  const hashes = await Promise.all(
    prepared.normalized.map((n, i) =>
      scryptDerive(password(n, prepared.pepper), prepared.salts[i]!, prepared.cost, HASH_BYTES),
    ),
  );
  return newSet(prepared, hashes);
}

interface ParsedSet {
  version: 1 | 2;
  peppered: boolean;
  cost: ScryptCost;
  /** Version 2: one per slot; version 1: a single salt shared by all. */
  salts: Uint8Array[];
  slots: string[];
  hashes: (Uint8Array | null)[];
}

function decoded(value: unknown, bytes: number, name: string): Uint8Array {
  const out = typeof value === 'string' ? base64urlDecode(value) : undefined;
  if (out?.length !== bytes) throw new InvalidArgumentError(name, `${bytes} bytes in base64url`);
  return out;
}

/**
 * Validates a stored set (it comes from the host's database, so it is input like any other),
 * naming the field at fault. Its cost is checked for range here and against a ceiling by the
 * callers that would run it.
 */
function parseSet(set: unknown, name = 'set'): ParsedSet {
  if (set === null || typeof set !== 'object' || Array.isArray(set))
    throw new InvalidArgumentError(name, 'a backup code set from hashBackupCodes');
  const s = set as Partial<Omit<SlottedBackupCodeSet, 'version'>> &
    Partial<Omit<LegacyBackupCodeSet, 'version'>> & { version?: unknown };
  if (s.version !== 1 && s.version !== 2)
    throw new InvalidArgumentError(`${name}.version`, '1 or 2');
  if (s.kdf === null || typeof s.kdf !== 'object' || s.kdf.name !== 'scrypt')
    throw new InvalidArgumentError(`${name}.kdf`, "an object { name: 'scrypt', N, r, p }");
  const cost = resolveScryptCost({ N: s.kdf.N, r: s.kdf.r, p: s.kdf.p }, `${name}.kdf`);
  if (typeof s.peppered !== 'boolean')
    throw new InvalidArgumentError(`${name}.peppered`, 'a boolean');
  if (!Array.isArray(s.hashes) || s.hashes.length === 0 || s.hashes.length > MAX_CODES)
    throw new InvalidArgumentError(`${name}.hashes`, `an array of 1 to ${MAX_CODES} entries`);
  const hashes = s.hashes.map((h, i) =>
    h === null ? null : decoded(h, HASH_BYTES, `${name}.hashes[${i}]`),
  );
  if (s.version === 1) {
    const salt = decoded(s.salt, SALT_BYTES, `${name}.salt`);
    return { version: 1, peppered: s.peppered, cost, salts: [salt], slots: [], hashes };
  }
  for (const field of ['slots', 'salts'] as const) {
    if (!Array.isArray(s[field]) || s[field].length !== hashes.length)
      throw new InvalidArgumentError(`${name}.${field}`, 'an array as long as hashes');
  }
  const salts = s.salts!.map((salt, i) => decoded(salt, SALT_BYTES, `${name}.salts[${i}]`));
  const slots = s.slots!.map((slot, i) => {
    if (typeof slot !== 'string' || !isCode(slot, SLOT_SYMBOLS))
      throw new InvalidArgumentError(`${name}.slots[${i}]`, 'a 2-symbol slot label');
    return slot;
  });
  if (new Set(slots).size !== slots.length)
    throw new InvalidArgumentError(`${name}.slots`, 'distinct labels');
  return { version: 2, peppered: s.peppered, cost, salts, slots, hashes };
}

/**
 * Checks that a value is a well-formed stored set, throwing an `InvalidArgumentError` whose
 * `argument` names the field at fault (`backupCodes.salts[3]`), never its value.
 *
 * @example
 * ```ts
 * import { assertBackupCodeSet } from 'mfa-kit/backup-codes';
 * const set = assertBackupCodeSet(JSON.parse(row.doc).backupCodes, 'backupCodes');
 * ```
 */
export function assertBackupCodeSet(set: unknown, name = 'set'): BackupCodeSet {
  parseSet(set, name);
  return set as BackupCodeSet;
}

/**
 * First step of a check: reads the slot label of the typed input and returns what the one
 * derivation needs, without deriving anything. `undefined` when the input cannot match, at no
 * cost: not a code of this set's format, a slot the set does not have or has spent, or a stored
 * cost above `maxCost` (a tampered set asking for N = 2^20 never runs). Slot labels are not
 * secret: that a label exists says nothing about the 70 random bits after it.
 *
 * @example
 * ```ts
 * import { deriveBackupCodeHash, matchBackupCode, prepareBackupCodeAttempt } from 'mfa-kit/backup-codes';
 * const attempt = prepareBackupCodeAttempt(doc.backupCodes, typed, { maxCost });
 * // undefined: a wrong code that cost no KDF (still count it against the lockout)
 * if (attempt !== undefined) {
 *   await recordAttempt(userId); // before paying for the derivation
 *   const hash = await deriveBackupCodeHash(attempt, { pepper });
 *   const result = matchBackupCode((await reload(userId)).backupCodes, attempt, hash);
 * }
 * ```
 */
export function prepareBackupCodeAttempt(
  set: BackupCodeSet,
  input: string,
  opts?: { maxCost?: ScryptCost },
): BackupCodeAttempt | undefined {
  const o = assertOptions(opts, 'opts');
  const maxCost = resolveCost(o.maxCost, 'opts.maxCost');
  const parsed = parseSet(set);
  if (!withinCost(parsed.cost, maxCost)) return undefined;
  if (typeof input !== 'string' || input.length > MAX_INPUT) return undefined;
  const normalized = normalizeBackupCode(input);
  let slot: number;
  if (parsed.version === 1) {
    if (!isCode(normalized, LEGACY_SYMBOLS)) return undefined;
    slot = -1;
  } else {
    if (!isCode(normalized, SYMBOLS)) return undefined;
    slot = parsed.slots.indexOf(normalized.slice(0, SLOT_SYMBOLS));
    if (slot < 0 || parsed.hashes[slot] === null) return undefined;
  }
  const attempt: BackupCodeAttempt = Object.freeze({
    version: parsed.version,
    slot,
    salt: parsed.salts[Math.max(slot, 0)]!,
    cost: Object.freeze({ ...parsed.cost }),
    peppered: parsed.peppered,
  });
  attemptCodes.set(attempt, normalized);
  return attempt;
}

function attemptPassword(attempt: BackupCodeAttempt, opts: VerifyBackupCodeOptions | undefined) {
  const code = attemptCodes.get(attempt);
  if (code === undefined)
    throw new InvalidArgumentError('attempt', 'an attempt from prepareBackupCodeAttempt');
  const pepper = assertPepper(assertOptions(opts, 'opts').pepper);
  if (attempt.peppered !== (pepper !== undefined)) {
    throw new InvalidArgumentError(
      'opts.pepper',
      attempt.peppered
        ? 'given: the set was hashed with a pepper'
        : 'absent: the set was hashed without one',
    );
  }
  return password(code, pepper);
}

/**
 * Second step: exactly one scrypt derivation of the attempt's code under its slot's salt. On
 * Node it runs on the libuv thread pool, so a flood of wrong codes does not stall the event loop;
 * elsewhere it is pure JS. Throws if the pepper does not match how the set was hashed.
 *
 * @example
 * ```ts
 * import { deriveBackupCodeHash } from 'mfa-kit/backup-codes';
 * const hash = await deriveBackupCodeHash(attempt, { pepper });
 * ```
 */
export function deriveBackupCodeHash(
  attempt: BackupCodeAttempt,
  opts?: { pepper?: Uint8Array },
): Promise<Uint8Array> {
  const pw = attemptPassword(attempt, opts);
  return scryptDerive(pw, attempt.salt, attempt.cost, HASH_BYTES);
}

/**
 * Last step, pure and constant-time: whether `hash` is the stored hash of the attempt's slot in
 * `set` (the set as it is now: reload it after deriving). On success returns the new set, in
 * which the code is spent, and how many codes remain; `set` itself is not modified. An attempt
 * prepared against another set (regenerated since) does not match.
 *
 * @example
 * ```ts
 * import { matchBackupCode } from 'mfa-kit/backup-codes';
 * const result = matchBackupCode(doc.backupCodes, attempt, hash);
 * if (result.ok) doc.backupCodes = result.set; // save before letting the user in
 * ```
 */
export function matchBackupCode(
  set: BackupCodeSet,
  attempt: BackupCodeAttempt,
  hash: Uint8Array,
): { ok: true; index: number; set: BackupCodeSet; remaining: number } | { ok: false } {
  const parsed = parseSet(set);
  if (attempt === null || typeof attempt !== 'object' || !isBytes(attempt.salt))
    throw new InvalidArgumentError('attempt', 'an attempt from prepareBackupCodeAttempt');
  assertBytes(hash, 'hash', HASH_BYTES, HASH_BYTES);
  if (attempt.version !== parsed.version) return { ok: false };
  const dummy = new Uint8Array(HASH_BYTES);
  let index = -1;
  if (parsed.version === 1) {
    const sameSalt = equalBytes(parsed.salts[0]!, attempt.salt);
    // Every slot, spent ones included, so timing says nothing about which code matched.
    for (let i = 0; i < parsed.hashes.length; i++) {
      const stored = parsed.hashes[i];
      const equal = equalBytes(stored ?? dummy, hash);
      if (equal && stored !== null && index < 0) index = i;
    }
    if (!sameSalt) index = -1;
  } else {
    const slot = attempt.slot;
    if (!Number.isSafeInteger(slot) || slot < 0 || slot >= parsed.hashes.length)
      return { ok: false };
    const stored = parsed.hashes[slot];
    const sameSalt = equalBytes(parsed.salts[slot]!, attempt.salt);
    const equal = equalBytes(stored ?? dummy, hash);
    if (equal && sameSalt && stored !== null) index = slot;
  }
  if (index < 0) return { ok: false };
  const hashes = [...set.hashes];
  hashes[index] = null;
  const remaining = hashes.filter((h) => h !== null).length;
  const next: BackupCodeSet =
    set.version === 1
      ? { ...set, kdf: { ...set.kdf }, hashes }
      : { ...set, kdf: { ...set.kdf }, slots: [...set.slots], salts: [...set.salts], hashes };
  return { ok: true, index, remaining, set: next };
}

/**
 * Checks typed input against a set on this thread: {@link prepareBackupCodeAttempt}, one
 * pure-JS derivation, {@link matchBackupCode}. At most one scrypt derivation per call, whatever
 * the input and however many codes remain. Anything that is not a code is `{ ok: false }`.
 *
 * @example
 * ```ts
 * import { verifyBackupCode } from 'mfa-kit/backup-codes';
 * const result = verifyBackupCode(user.backupCodes, typed);
 * if (result.ok) user.backupCodes = result.set; // save before letting the user in
 * ```
 */
export function verifyBackupCode(
  set: BackupCodeSet,
  input: string,
  opts?: VerifyBackupCodeOptions,
): VerifyBackupCodeResult {
  const o = assertOptions(opts, 'opts');
  const attempt = prepareBackupCodeAttempt(set, input, maxCostOf(o));
  if (attempt === undefined) return checkPepperOnly(set, o);
  const pw = attemptPassword(attempt, pepperOf(o));
  return matchBackupCode(set, attempt, scryptSync(pw, attempt.salt, attempt.cost, HASH_BYTES));
}

/**
 * {@link verifyBackupCode} with the derivation off the main thread on Node (see
 * {@link deriveBackupCodeHash}).
 *
 * @example
 * ```ts
 * import { verifyBackupCodeAsync } from 'mfa-kit/backup-codes';
 * const result = await verifyBackupCodeAsync(set, typed, { pepper });
 * ```
 */
export async function verifyBackupCodeAsync(
  set: BackupCodeSet,
  input: string,
  opts?: VerifyBackupCodeOptions,
): Promise<VerifyBackupCodeResult> {
  const o = assertOptions(opts, 'opts');
  const attempt = prepareBackupCodeAttempt(set, input, maxCostOf(o));
  if (attempt === undefined) return checkPepperOnly(set, o);
  return matchBackupCode(set, attempt, await deriveBackupCodeHash(attempt, pepperOf(o)));
}

const maxCostOf = (o: Partial<VerifyBackupCodeOptions>) =>
  o.maxCost === undefined ? undefined : { maxCost: o.maxCost };
const pepperOf = (o: Partial<VerifyBackupCodeOptions>) =>
  o.pepper === undefined ? undefined : { pepper: o.pepper };

/** A refused input still reports a wrong pepper: misconfiguration must not pass for a typo. */
function checkPepperOnly(set: BackupCodeSet, o: Partial<VerifyBackupCodeOptions>): { ok: false } {
  const pepper = assertPepper(o.pepper);
  if (parseSet(set).peppered !== (pepper !== undefined)) {
    throw new InvalidArgumentError(
      'opts.pepper',
      pepper === undefined
        ? 'given: the set was hashed with a pepper'
        : 'absent: the set was hashed without one',
    );
  }
  return { ok: false };
}

/**
 * How many unused codes a set still holds.
 *
 * @example
 * ```ts
 * import { backupCodesRemaining } from 'mfa-kit/backup-codes';
 * backupCodesRemaining(user.backupCodes); // 9
 * ```
 */
export function backupCodesRemaining(set: BackupCodeSet): number {
  return parseSet(set).hashes.filter((h) => h !== null).length;
}
