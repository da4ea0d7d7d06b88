/**
 * Sealed secrets: authenticator keys encrypted at rest with XChaCha20-Poly1305, bound to where
 * they belong, under a keyring that rotates without downtime.
 *
 * Format: `v<n>.<keyId>.<base64url(nonce ‖ ciphertext ‖ tag)>`. The associated data binds the
 * format version, the key id and the caller's `context`, so a value copied to another user or
 * factor, or relabelled with another key id, fails authentication. A context given as parts
 * (`[userId, factorId]`) is sealed as `v2`, each part length-prefixed: with a plain `a/b` string,
 * a key sealed for user `bob/f_x` would open as user `bob`, factor `f_x/…`. A string context
 * seals as `v1`, as it always did.
 */
import { base64urlDecode, base64urlEncode } from '../encoding/base64url.js';
import { utf8Encode } from '../encoding/utf8.js';
import { InvalidArgumentError, SealedSecretError } from '../errors.js';
import { assertBytes, assertOptions, assertString } from '../lib/assert.js';
import { aead } from './aead.js';
import { drawRandom, type RandomBytes } from './random.js';

/**
 * Keys for sealing, by id. `current` seals; every key in `keys` opens. Rotate by adding a new key,
 * making it current, and re-sealing values for which {@link needsReseal} is true.
 */
export interface Keyring {
  current: string;
  keys: Record<string, Uint8Array>;
}

/**
 * Where a sealed value belongs; it opens only with the same keyring and the same `context`.
 * Prefer parts (`[userId, factorId]`) to a string you join yourself: parts cannot run into each
 * other whatever characters they hold.
 */
export interface SealOptions {
  keyring: Keyring;
  context: string | readonly string[];
  /** Injected randomness for the nonce, for tests; default `crypto.getRandomValues`. */
  randomBytes?: RandomBytes;
}

const LEGACY = 'v1'; // a string context
const PARTS = 'v2'; // a context of length-prefixed parts
const MAX_PARTS = 16;
const NONCE_BYTES = 24;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_SEALED = 8192;

/**
 * Checks a keyring once, naming the bad part: ids of 1 to 64 characters from `A-Za-z0-9_-`,
 * 32-byte keys, and a `current` id that exists.
 *
 * @example
 * ```ts
 * assertKeyring({ current: '2026-11', keys: { '2026-11': key } });
 * ```
 */
export function assertKeyring(keyring: unknown, name = 'keyring'): Keyring {
  if (keyring === null || typeof keyring !== 'object')
    throw new InvalidArgumentError(name, 'an object');
  const { current, keys } = keyring as Partial<Keyring>;
  if (keys === null || typeof keys !== 'object')
    throw new InvalidArgumentError(`${name}.keys`, 'an object');
  for (const [id, key] of Object.entries(keys)) {
    if (!KEY_ID.test(id))
      throw new InvalidArgumentError(
        `${name}.keys`,
        'keyed by ids of 1 to 64 characters A-Z a-z 0-9 _ -',
      );
    assertBytes(key, `${name}.keys.${id}`, 32, 32);
  }
  if (typeof current !== 'string' || !Object.hasOwn(keys, current)) {
    throw new InvalidArgumentError(`${name}.current`, 'the id of a key in keyring.keys');
  }
  return keyring as Keyring;
}

type Context = { kind: 'string'; value: string } | { kind: 'parts'; parts: readonly string[] };

function legacyAad(keyId: string, context: string): Uint8Array {
  return utf8Encode(`mfa-kit/sealed/${LEGACY}\u0000${keyId}\u0000${context}`);
}

/** The parts, each as a 4-byte big-endian byte length and its UTF-8 bytes, after their count. */
function partsAad(keyId: string, parts: readonly string[]): Uint8Array {
  const encoded = parts.map((p) => utf8Encode(p));
  const head = utf8Encode(`mfa-kit/sealed/${PARTS}\u0000${keyId}\u0000`);
  const out = new Uint8Array(head.length + 4 + encoded.reduce((n, e) => n + 4 + e.length, 0));
  const view = new DataView(out.buffer);
  out.set(head);
  let at = head.length;
  view.setUint32(at, encoded.length);
  at += 4;
  for (const e of encoded) {
    view.setUint32(at, e.length);
    out.set(e, at + 4);
    at += 4 + e.length;
  }
  return out;
}

function assertContext(context: unknown): Context {
  if (Array.isArray(context)) {
    if (context.length === 0 || context.length > MAX_PARTS)
      throw new InvalidArgumentError('opts.context', `an array of 1 to ${MAX_PARTS} strings`);
    const parts = context.map((p, i) => assertString(p, `opts.context[${i}]`, 1024));
    return { kind: 'parts', parts };
  }
  const c = assertString(context, 'opts.context', 1024);
  if (c.length === 0) throw new InvalidArgumentError('opts.context', 'a non-empty string');
  return { kind: 'string', value: c };
}

/** The associated data of `version` for `context`; undefined when that pairing cannot open. */
function aadFor(version: string, keyId: string, context: Context): Uint8Array | undefined {
  if (version === PARTS)
    return partsAad(keyId, context.kind === 'parts' ? context.parts : [context.value]);
  // A v1 value sealed before contexts had parts was bound to the parts joined with '/'. That join
  // reads back one way only if no part after the first holds a '/' (the first may: user ids such
  // as 'org/alice' stay usable), so other contexts get no fallback: ['bob/f_x', 'y'] opens as
  // itself and never as ['bob', 'f_x/y'].
  if (context.kind === 'parts' && context.parts.slice(1).some((p) => p.includes('/')))
    return undefined;
  const joined = context.kind === 'parts' ? context.parts.join('/') : context.value;
  return joined.length === 0 || joined.length > 1024 ? undefined : legacyAad(keyId, joined);
}

/**
 * Encrypts `plaintext` under the keyring's current key with a fresh random 24-byte nonce. A
 * context of parts seals as `v2.…`, a string context as `v1.…`.
 *
 * @example
 * ```ts
 * const keyring = { current: 'k1', keys: { k1: key32 } };
 * const sealed = sealSecret(secret, { keyring, context: [userId, factorId] });
 * // 'v2.k1.…' — safe to store; opens only for this user and factor
 * ```
 */
export function sealSecret(plaintext: Uint8Array, opts: SealOptions): string {
  assertBytes(plaintext, 'plaintext', 0, 4096);
  const o = assertOptions(opts, 'opts');
  const keyring = assertKeyring(o.keyring, 'opts.keyring');
  return sealWith(keyring, assertContext(o.context), plaintext, o.randomBytes);
}

function sealWith(
  keyring: Keyring,
  context: Context,
  plaintext: Uint8Array,
  randomBytes: RandomBytes | undefined,
): string {
  const keyId = keyring.current;
  const version = context.kind === 'parts' ? PARTS : LEGACY;
  const nonce = drawRandom(randomBytes, NONCE_BYTES, 'opts.randomBytes');
  const sealed = aead().seal(
    keyring.keys[keyId]!,
    nonce,
    aadFor(version, keyId, context)!,
    plaintext,
  );
  const out = new Uint8Array(NONCE_BYTES + sealed.length);
  out.set(nonce);
  out.set(sealed, NONCE_BYTES);
  return `${version}.${keyId}.${base64urlEncode(out)}`;
}

function parse(
  sealed: unknown,
): { version: string; keyId: string; nonce: Uint8Array; box: Uint8Array } | undefined {
  if (typeof sealed !== 'string' || sealed.length > MAX_SEALED) return undefined;
  const parts = sealed.split('.');
  if (parts.length !== 3 || (parts[0] !== LEGACY && parts[0] !== PARTS)) return undefined;
  if (!KEY_ID.test(parts[1]!)) return undefined;
  const bytes = base64urlDecode(parts[2]!);
  if (bytes === undefined || bytes.length < NONCE_BYTES + TAG_BYTES) return undefined;
  return {
    version: parts[0]!,
    keyId: parts[1]!,
    nonce: bytes.subarray(0, NONCE_BYTES),
    box: bytes.subarray(NONCE_BYTES),
  };
}

/**
 * Decrypts a value from {@link sealSecret}. Any reason it cannot open (tampering, another context,
 * an unknown key id, not a sealed value) throws the same {@link SealedSecretError}. A `v1` value
 * opened with a context of parts is checked against the parts joined with `/`, the form such
 * values were sealed with; {@link needsReseal} is then true, so re-seal it as `v2`.
 *
 * @example
 * ```ts
 * const secret = openSecret(row.sealed, { keyring, context: [userId, factorId] });
 * ```
 */
export function openSecret(sealed: string, opts: Omit<SealOptions, 'randomBytes'>): Uint8Array {
  const o = assertOptions(opts, 'opts');
  const keyring = assertKeyring(o.keyring, 'opts.keyring');
  return openWith(keyring, assertContext(o.context), sealed);
}

function openWith(keyring: Keyring, context: Context, sealed: unknown): Uint8Array {
  const parsed = parse(sealed);
  if (parsed === undefined || !Object.hasOwn(keyring.keys, parsed.keyId))
    throw new SealedSecretError();
  const aad = aadFor(parsed.version, parsed.keyId, context);
  if (aad === undefined) throw new SealedSecretError();
  try {
    return aead().open(keyring.keys[parsed.keyId]!, parsed.nonce, aad, parsed.box);
  } catch {
    throw new SealedSecretError();
  }
}

/**
 * True when a sealed value should be opened and sealed again: sealed under a key other than the
 * current one, not a sealed value at all, or, given the `context` of parts it is used with, still
 * in the `v1` format (bound to the joined string). Says nothing about whether it opens.
 *
 * @example
 * ```ts
 * const o = { keyring, context: [userId, factorId] };
 * if (needsReseal(row.sealed, o)) row.sealed = sealSecret(openSecret(row.sealed, o), o);
 * ```
 */
export function needsReseal(
  sealed: string,
  opts: { keyring: Keyring; context?: string | readonly string[] },
): boolean {
  const o = assertOptions(opts, 'opts');
  const keyring = assertKeyring(o.keyring, 'opts.keyring');
  const context = o.context === undefined ? undefined : assertContext(o.context);
  const parsed = parse(sealed);
  if (parsed === undefined || parsed.keyId !== keyring.current) return true;
  return context?.kind === 'parts' && parsed.version !== PARTS;
}

// Internal: for callers that hold a keyring `assertKeyring` accepted and a context of parts they
// built themselves (the service, per sign-in). They skip the argument checks of the public
// functions, not any check of the sealed value, and are not exported from the package.

/** {@link sealSecret} with a context of parts (`v2`). */
export function sealParts(
  keyring: Keyring,
  parts: readonly string[],
  plaintext: Uint8Array,
  randomBytes?: RandomBytes,
): string {
  return sealWith(keyring, { kind: 'parts', parts }, plaintext, randomBytes);
}

/** {@link openSecret} with a context of parts: the same result, the same `SealedSecretError`. */
export function openParts(keyring: Keyring, parts: readonly string[], sealed: unknown): Uint8Array {
  return openWith(keyring, { kind: 'parts', parts }, sealed);
}

/** {@link needsReseal} with a context of parts. */
export function resealNeeded(keyring: Keyring, sealed: unknown): boolean {
  const parsed = parse(sealed);
  return parsed === undefined || parsed.keyId !== keyring.current || parsed.version !== PARTS;
}
