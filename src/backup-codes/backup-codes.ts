/**
 * Backup codes: single-use recovery codes, shown once and stored only as slow hashes.
 *
 * All codes of a set share one random salt, so checking an attempt costs exactly one scrypt
 * derivation however many codes remain; the result is then compared in constant time against
 * every stored hash. A stolen set gives an offline attacker 50 bits per code to search at
 * scrypt speed, and nothing at all without the optional server-side pepper.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { scrypt, scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { equalBytes } from '../crypto/constant-time.js';
import { drawRandom, type RandomBytes } from '../crypto/random.js';
import { base64urlDecode, base64urlEncode } from '../encoding/base64url.js';
import { InvalidArgumentError } from '../errors.js';
import { assertBytes, assertInteger, assertOptions } from '../lib/assert.js';

/** Crockford's base32: no I, L, O or U, so nothing on the sheet can be misread as another symbol. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SYMBOLS = 10; // 10 × 5 bits = 50 bits per code
const HASH_BYTES = 16;
const SALT_BYTES = 16;
const MAX_CODES = 100;
const MAX_INPUT = 64;
const encoder = new TextEncoder();

/** scrypt parameters; the default (N 2^13, r 8, p 1, 8 MiB) takes about 50 ms per attempt. */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/**
 * The default scrypt cost of backup-code hashes: N 2^13, r 8, p 1 (8 MiB, about 50 ms here).
 *
 * @example
 * ```ts
 * hashBackupCodes(codes, { cost: { ...DEFAULT_BACKUP_CODE_COST, N: 2 ** 14 } }); // twice as slow
 * ```
 */
export const DEFAULT_BACKUP_CODE_COST: Readonly<ScryptCost> = Object.freeze({
  N: 2 ** 13,
  r: 8,
  p: 1,
});

/** A stored set of backup codes: JSON-serializable, holding no code. Spent codes are `null`. */
export interface BackupCodeSet {
  version: 1;
  kdf: { name: 'scrypt' } & ScryptCost;
  salt: string;
  peppered: boolean;
  hashes: (string | null)[];
}

/** Options of {@link hashBackupCodes}. */
export interface HashBackupCodesOptions {
  /** A server-side secret (16+ bytes) mixed into every hash; keep it outside the database. */
  pepper?: Uint8Array;
  /** scrypt cost; default {@link DEFAULT_BACKUP_CODE_COST}. */
  cost?: ScryptCost;
  randomBytes?: RandomBytes;
}

/** Options of {@link verifyBackupCode}: the pepper, if the set was hashed with one. */
export interface VerifyBackupCodeOptions {
  pepper?: Uint8Array;
}

/** The outcome of {@link verifyBackupCode}: on success, the new set in which the code is spent. */
export type VerifyBackupCodeResult =
  | { ok: true; index: number; remaining: number; set: BackupCodeSet }
  | { ok: false };

/**
 * New backup codes to show the user once, formatted `XXXXX-XXXXX` (50 random bits each).
 *
 * @example
 * ```ts
 * const codes = generateBackupCodes(); // ['7KQ2M-XW9DA', …] (10 codes)
 * ```
 */
export function generateBackupCodes(opts?: {
  count?: number;
  randomBytes?: RandomBytes;
}): string[] {
  const o = assertOptions(opts, 'opts');
  const count = o.count === undefined ? 10 : assertInteger(o.count, 'opts.count', 1, MAX_CODES);
  const codes = new Set<string>();
  for (let tries = 0; codes.size < count; tries++) {
    if (tries > count * 2)
      throw new InvalidArgumentError('opts.randomBytes', 'a source of distinct random values');
    const bytes = drawRandom(o.randomBytes, SYMBOLS, 'opts.randomBytes');
    let code = '';
    for (let i = 0; i < SYMBOLS; i++) code += ALPHABET[bytes[i]! & 31]; // 256 = 8 × 32: no bias
    codes.add(`${code.slice(0, 5)}-${code.slice(5)}`);
  }
  return [...codes];
}

/**
 * The canonical form of typed input: upper case, without spaces, hyphens, dots or underscores,
 * and with the common confusions O→0 and I, L→1 undone. Idempotent.
 *
 * @example
 * ```ts
 * normalizeBackupCode(' 7kq2m-xw9da '); // '7KQ2MXW9DA'
 * normalizeBackupCode('OIL23-45678');   // '0112345678'
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

export function resolveCost(cost: unknown, name: string): ScryptCost {
  if (cost === undefined) return { ...DEFAULT_BACKUP_CODE_COST };
  if (cost === null || typeof cost !== 'object')
    throw new InvalidArgumentError(name, 'an object { N, r, p }');
  const { N, r, p } = cost as Partial<ScryptCost>;
  assertInteger(N, `${name}.N`, 2 ** 10, 2 ** 20);
  if ((N! & (N! - 1)) !== 0) throw new InvalidArgumentError(`${name}.N`, 'a power of two');
  return {
    N: N!,
    r: assertInteger(r, `${name}.r`, 1, 32),
    p: assertInteger(p, `${name}.p`, 1, 16),
  };
}

export function assertPepper(pepper: unknown, name = 'opts.pepper'): Uint8Array | undefined {
  return pepper === undefined ? undefined : assertBytes(pepper, name, 16, 1024);
}

/** scrypt's input: the code, keyed with the pepper first when there is one. */
function password(normalized: string, pepper: Uint8Array | undefined): Uint8Array {
  const bytes = encoder.encode(normalized);
  return pepper === undefined ? bytes : hmac(sha256, pepper, bytes);
}

function scryptOpts(cost: ScryptCost) {
  return { ...cost, dkLen: HASH_BYTES, maxmem: 128 * cost.N * cost.r * (cost.p + 1) + 4096 };
}

function assertCodes(codes: unknown): string[] {
  if (!Array.isArray(codes) || codes.length === 0 || codes.length > MAX_CODES) {
    throw new InvalidArgumentError('codes', `an array of 1 to ${MAX_CODES} codes`);
  }
  return codes.map((code, i) => {
    const n = normalizeBackupCode(code);
    if (n.length !== SYMBOLS || [...n].some((c) => !ALPHABET.includes(c))) {
      throw new InvalidArgumentError(`codes[${i}]`, 'a code from generateBackupCodes');
    }
    return n;
  });
}

function newSet(
  cost: ScryptCost,
  salt: Uint8Array,
  peppered: boolean,
  hashes: Uint8Array[],
): BackupCodeSet {
  return {
    version: 1,
    kdf: { name: 'scrypt', ...cost },
    salt: base64urlEncode(salt),
    peppered,
    hashes: hashes.map(base64urlEncode),
  };
}

/**
 * Hashes a set of codes for storage. Costs one scrypt derivation per code (about 0.5 s for ten at
 * the default cost); {@link hashBackupCodesAsync} does the same without blocking the event loop.
 *
 * @example
 * ```ts
 * const set = hashBackupCodes(codes, { pepper });
 * await db.save(userId, JSON.stringify(set)); // no code in it
 * ```
 */
export function hashBackupCodes(codes: string[], opts?: HashBackupCodesOptions): BackupCodeSet {
  const { normalized, cost, salt, pepper } = prepareHash(codes, opts);
  const hashes = normalized.map((n) => scrypt(password(n, pepper), salt, scryptOpts(cost)));
  return newSet(cost, salt, pepper !== undefined, hashes);
}

/**
 * {@link hashBackupCodes}, yielding to the event loop every 10 ms.
 *
 * @example
 * ```ts
 * const set = await hashBackupCodesAsync(codes);
 * ```
 */
export async function hashBackupCodesAsync(
  codes: string[],
  opts?: HashBackupCodesOptions,
): Promise<BackupCodeSet> {
  const { normalized, cost, salt, pepper } = prepareHash(codes, opts);
  const hashes: Uint8Array[] = [];
  for (const n of normalized)
    hashes.push(await scryptAsync(password(n, pepper), salt, scryptOpts(cost)));
  return newSet(cost, salt, pepper !== undefined, hashes);
}

function prepareHash(codes: string[], opts: HashBackupCodesOptions | undefined) {
  const normalized = assertCodes(codes);
  const o = assertOptions(opts, 'opts');
  return {
    normalized,
    cost: resolveCost(o.cost, 'opts.cost'),
    salt: drawRandom(o.randomBytes, SALT_BYTES, 'opts.randomBytes'),
    pepper: assertPepper(o.pepper),
  };
}

interface ParsedSet {
  peppered: boolean;
  cost: ScryptCost;
  salt: Uint8Array;
  hashes: (Uint8Array | null)[];
}

/** Validates a stored set (it comes from the host's database, so treat it as input). */
function parseSet(set: unknown): ParsedSet {
  const bad = (what: string) =>
    new InvalidArgumentError('set', `a backup code set from hashBackupCodes (${what})`);
  if (set === null || typeof set !== 'object') throw bad('not an object');
  const s = set as Partial<BackupCodeSet>;
  if (s.version !== 1 || s.kdf?.name !== 'scrypt') throw bad('unknown version');
  const cost = resolveCost({ N: s.kdf.N, r: s.kdf.r, p: s.kdf.p }, 'set.kdf');
  const salt = typeof s.salt === 'string' ? base64urlDecode(s.salt) : undefined;
  if (salt?.length !== SALT_BYTES) throw bad('salt');
  if (!Array.isArray(s.hashes) || s.hashes.length === 0 || s.hashes.length > MAX_CODES)
    throw bad('hashes');
  const hashes = s.hashes.map((h) => {
    if (h === null) return null;
    const bytes = typeof h === 'string' ? base64urlDecode(h) : undefined;
    if (bytes?.length !== HASH_BYTES) throw bad('hashes');
    return bytes;
  });
  if (typeof s.peppered !== 'boolean') throw bad('peppered');
  return { cost, salt, hashes, peppered: s.peppered };
}

/** Compares against every slot, spent ones included, so timing says nothing about the match. */
function match(
  set: BackupCodeSet,
  parsed: ParsedSet,
  derived: Uint8Array,
  wellFormed: boolean,
): VerifyBackupCodeResult {
  const dummy = new Uint8Array(HASH_BYTES);
  let index = -1;
  for (let i = 0; i < parsed.hashes.length; i++) {
    const stored = parsed.hashes[i];
    const equal = equalBytes(stored ?? dummy, derived);
    if (equal && stored !== null && index < 0) index = i;
  }
  if (index < 0 || !wellFormed) return { ok: false };
  const hashes = [...set.hashes];
  hashes[index] = null;
  const remaining = hashes.filter((h) => h !== null).length;
  return { ok: true, index, remaining, set: { ...set, kdf: { ...set.kdf }, hashes } };
}

function prepareVerify(
  set: BackupCodeSet,
  input: string,
  opts: VerifyBackupCodeOptions | undefined,
) {
  const pepper = assertPepper(assertOptions(opts, 'opts').pepper);
  const parsed = parseSet(set);
  if (parsed.peppered !== (pepper !== undefined)) {
    throw new InvalidArgumentError(
      'opts.pepper',
      parsed.peppered
        ? 'given: the set was hashed with a pepper'
        : 'absent: the set was hashed without one',
    );
  }
  const normalized = normalizeBackupCode(input);
  const wellFormed =
    typeof input === 'string' &&
    input.length <= MAX_INPUT &&
    normalized.length === SYMBOLS &&
    [...normalized].every((c) => ALPHABET.includes(c));
  return { parsed, pepper, normalized: wellFormed ? normalized : '', wellFormed };
}

/**
 * Checks typed input against a set. Exactly one scrypt derivation per call, whatever the input
 * and however many codes remain. On success returns the `index` of the code, how many codes
 * remain, and the new `set` to store, in which that code is spent. Input is normalized (see
 * {@link normalizeBackupCode}); anything that is not a code is `{ ok: false }`.
 *
 * @example
 * ```ts
 * const result = verifyBackupCode(user.backupCodes, typed);
 * if (result.ok) user.backupCodes = result.set; // save before letting the user in
 * ```
 */
export function verifyBackupCode(
  set: BackupCodeSet,
  input: string,
  opts?: VerifyBackupCodeOptions,
): VerifyBackupCodeResult {
  const { parsed, pepper, normalized, wellFormed } = prepareVerify(set, input, opts);
  const derived = scrypt(password(normalized, pepper), parsed.salt, scryptOpts(parsed.cost));
  return match(set, parsed, derived, wellFormed);
}

/**
 * {@link verifyBackupCode}, yielding to the event loop every 10 ms.
 *
 * @example
 * ```ts
 * const result = await verifyBackupCodeAsync(set, typed, { pepper });
 * ```
 */
export async function verifyBackupCodeAsync(
  set: BackupCodeSet,
  input: string,
  opts?: VerifyBackupCodeOptions,
): Promise<VerifyBackupCodeResult> {
  const { parsed, pepper, normalized, wellFormed } = prepareVerify(set, input, opts);
  const derived = await scryptAsync(
    password(normalized, pepper),
    parsed.salt,
    scryptOpts(parsed.cost),
  );
  return match(set, parsed, derived, wellFormed);
}

/**
 * How many unused codes a set still holds.
 *
 * @example
 * ```ts
 * backupCodesRemaining(user.backupCodes); // 9
 * ```
 */
export function backupCodesRemaining(set: BackupCodeSet): number {
  return parseSet(set).hashes.filter((h) => h !== null).length;
}
