/**
 * A keyring as one line of text, for an environment variable: `id:key,id:key`, the first entry
 * current. Keys are 32 bytes in base64 or base64url (what `npx mfa-kit keygen` prints), so a
 * deployment never has to hand-write a decoder or check a key's length itself.
 */
import { base64urlDecode, base64urlEncode } from '../encoding/base64url.js';
import { InvalidArgumentError } from '../errors.js';
import { drawRandom, type RandomBytes, randomBytes } from './random.js';
import { assertKeyring, type Keyring } from './seal.js';

const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A key of one repeated byte (`new Uint8Array(32)`, `.fill(7)`): a placeholder from an example or
 * a test, never a key anyone generated, and one anybody could guess.
 */
export function isPlaceholderKey(key: Uint8Array): boolean {
  return key.every((b) => b === key[0]);
}

/**
 * Reads a keyring from text such as `process.env.MFA_KEYRING`: comma-separated `id:key` pairs,
 * the first one current (it seals; every key opens). Keys are base64 or base64url of 32 bytes.
 * Refuses, naming the entry but never printing a key: a missing or empty text, a malformed pair, a
 * repeated id, a key of the wrong length, and a key that is all one byte (a placeholder).
 *
 * @example
 * ```ts
 * const keyring = parseKeyring(process.env.MFA_KEYRING ?? '');
 * const mfa = createMfa({ store: memoryStore(), keyring, issuer: 'Acme' });
 * ```
 */
export function parseKeyring(text: string, name = 'keyring text'): Keyring {
  if (typeof text !== 'string' || text.trim() === '')
    throw new InvalidArgumentError(name, 'a non-empty `id:key,id:key` list (npx mfa-kit keygen)');
  if (text.length > 16_384) throw new InvalidArgumentError(name, 'at most 16384 characters');
  const keys: Record<string, Uint8Array> = {};
  let current: string | undefined;
  for (const [i, entry] of text.split(',').entries()) {
    const at = `${name}[${i}]`;
    const colon = entry.indexOf(':');
    if (colon < 1) throw new InvalidArgumentError(at, 'an `id:key` pair');
    const id = entry.slice(0, colon).trim();
    if (Object.hasOwn(keys, id)) throw new InvalidArgumentError(at, 'an id not used before');
    const key = decodeKey(entry.slice(colon + 1).trim());
    if (key?.length !== KEY_BYTES)
      throw new InvalidArgumentError(at, `a key of ${KEY_BYTES} bytes in base64 or base64url`);
    if (isPlaceholderKey(key))
      throw new InvalidArgumentError(at, 'a random key, not a placeholder of one repeated byte');
    keys[id] = key;
    current ??= id;
  }
  return assertKeyring({ current, keys }, name);
}

/**
 * A new keyring entry `id:key` with 32 random bytes, ready for {@link parseKeyring}. Put the new
 * entry first to make it current; keep the old ones after it until nothing sealed under them is
 * left.
 *
 * @example
 * ```ts
 * const entry = generateKeyringEntry('2026-11'); // '2026-11:Q2x…' — store it as a secret
 * ```
 */
export function generateKeyringEntry(id: string, opts?: { randomBytes?: RandomBytes }): string {
  if (typeof id !== 'string' || !KEY_ID.test(id))
    throw new InvalidArgumentError('id', 'an id of 1 to 64 characters A-Z a-z 0-9 _ -');
  const key = drawRandom(opts?.randomBytes ?? randomBytes, KEY_BYTES, 'opts.randomBytes');
  if (key.every((b) => b === key[0]))
    throw new InvalidArgumentError('opts.randomBytes', 'a source of random bytes');
  const entry = `${id}:${base64urlEncode(key)}`;
  key.fill(0);
  return entry;
}

function decodeKey(text: string): Uint8Array | undefined {
  const url = text.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return base64urlDecode(url);
}
