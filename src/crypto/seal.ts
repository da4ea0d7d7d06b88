/**
 * Sealed secrets: authenticator keys encrypted at rest with XChaCha20-Poly1305, bound to where
 * they belong, under a keyring that rotates without downtime.
 *
 * Format: `v1.<keyId>.<base64url(nonce ‖ ciphertext ‖ tag)>`. The associated data binds the format
 * version, the key id and the caller's `context` (e.g. user id + factor id), so a value copied to
 * another user or factor, or relabelled with another key id, fails authentication.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { base64urlDecode, base64urlEncode } from '../encoding/base64url.js';
import { InvalidArgumentError, SealedSecretError } from '../errors.js';
import { assertBytes, assertOptions, assertString } from '../lib/assert.js';
import { drawRandom, type RandomBytes } from './random.js';

/**
 * Keys for sealing, by id. `current` seals; every key in `keys` opens. Rotate by adding a new key,
 * making it current, and re-sealing values for which {@link needsReseal} is true.
 */
export interface Keyring {
  current: string;
  keys: Record<string, Uint8Array>;
}

/** Where a sealed value belongs; it opens only with the same keyring and the same `context`. */
export interface SealOptions {
  keyring: Keyring;
  context: string;
  /** Injected randomness for the nonce, for tests; default `crypto.getRandomValues`. */
  randomBytes?: RandomBytes;
}

const VERSION = 'v1';
const NONCE_BYTES = 24;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_SEALED = 8192;
const encoder = new TextEncoder();

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

function aad(keyId: string, context: string): Uint8Array {
  return encoder.encode(`mfa-kit/sealed/${VERSION}\u0000${keyId}\u0000${context}`);
}

function assertContext(context: unknown): string {
  const c = assertString(context, 'opts.context', 1024);
  if (c.length === 0) throw new InvalidArgumentError('opts.context', 'a non-empty string');
  return c;
}

/**
 * Encrypts `plaintext` under the keyring's current key with a fresh random 24-byte nonce.
 *
 * @example
 * ```ts
 * const keyring = { current: 'k1', keys: { k1: key32 } };
 * const sealed = sealSecret(secret, { keyring, context: `${userId}/${factorId}` });
 * // 'v1.k1.…' — safe to store; opens only for this user and factor
 * ```
 */
export function sealSecret(plaintext: Uint8Array, opts: SealOptions): string {
  assertBytes(plaintext, 'plaintext', 0, 4096);
  const o = assertOptions(opts, 'opts');
  const keyring = assertKeyring(o.keyring, 'opts.keyring');
  const context = assertContext(o.context);
  const keyId = keyring.current;
  const nonce = drawRandom(o.randomBytes, NONCE_BYTES, 'opts.randomBytes');
  const sealed = xchacha20poly1305(keyring.keys[keyId]!, nonce, aad(keyId, context)).encrypt(
    plaintext,
  );
  const out = new Uint8Array(NONCE_BYTES + sealed.length);
  out.set(nonce);
  out.set(sealed, NONCE_BYTES);
  return `${VERSION}.${keyId}.${base64urlEncode(out)}`;
}

function parse(sealed: unknown): { keyId: string; nonce: Uint8Array; box: Uint8Array } | undefined {
  if (typeof sealed !== 'string' || sealed.length > MAX_SEALED) return undefined;
  const parts = sealed.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION || !KEY_ID.test(parts[1]!)) return undefined;
  const bytes = base64urlDecode(parts[2]!);
  if (bytes === undefined || bytes.length < NONCE_BYTES + TAG_BYTES) return undefined;
  return {
    keyId: parts[1]!,
    nonce: bytes.subarray(0, NONCE_BYTES),
    box: bytes.subarray(NONCE_BYTES),
  };
}

/**
 * Decrypts a value from {@link sealSecret}. Any reason it cannot open (tampering, another context,
 * an unknown key id, not a sealed value) throws the same {@link SealedSecretError}.
 *
 * @example
 * ```ts
 * const secret = openSecret(row.sealed, { keyring, context: `${userId}/${factorId}` });
 * ```
 */
export function openSecret(sealed: string, opts: Omit<SealOptions, 'randomBytes'>): Uint8Array {
  const o = assertOptions(opts, 'opts');
  const keyring = assertKeyring(o.keyring, 'opts.keyring');
  const context = assertContext(o.context);
  const parsed = parse(sealed);
  if (parsed === undefined || !Object.hasOwn(keyring.keys, parsed.keyId))
    throw new SealedSecretError();
  try {
    return xchacha20poly1305(
      keyring.keys[parsed.keyId]!,
      parsed.nonce,
      aad(parsed.keyId, context),
    ).decrypt(parsed.box);
  } catch {
    throw new SealedSecretError();
  }
}

/**
 * True when a sealed value was sealed under a key other than the current one (or an older
 * format), so it should be opened and sealed again. Says nothing about whether it opens.
 *
 * @example
 * ```ts
 * if (needsReseal(row.sealed, { keyring })) row.sealed = sealSecret(openSecret(row.sealed, o), o);
 * ```
 */
export function needsReseal(sealed: string, opts: { keyring: Keyring }): boolean {
  const keyring = assertKeyring(assertOptions(opts, 'opts').keyring, 'opts.keyring');
  const parsed = parse(sealed);
  return parsed === undefined || parsed.keyId !== keyring.current;
}
