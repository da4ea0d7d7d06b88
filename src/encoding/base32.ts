/**
 * RFC 4648 base32, the encoding of authenticator keys. Encoding is canonical (upper case, no
 * padding); decoding reads keys the way people and authenticator apps write them.
 */
import { InvalidBase32Error } from '../errors.js';
import { assertBytes, assertString } from '../lib/assert.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SKIP = -2; // separators people type or paste: space, tab, newline, hyphen
const PAD = -3;
const DECODE = /* @__PURE__ */ (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < 32; i++) {
    table[ALPHABET.charCodeAt(i)] = i;
    table[ALPHABET.toLowerCase().charCodeAt(i)] = i;
  }
  for (const c of ' \t\r\n-') table[c.charCodeAt(0)] = SKIP;
  table['='.charCodeAt(0)] = PAD;
  return table;
})();

/**
 * Encodes bytes as RFC 4648 base32: upper case, no padding (the form authenticator URIs use).
 *
 * @example
 * ```ts
 * base32Encode(new TextEncoder().encode('Hello!')); // 'JBSWY3DPEE'
 * ```
 */
export function base32Encode(bytes: Uint8Array): string {
  assertBytes(bytes, 'bytes');
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < bytes.length; i++) {
    buffer = ((buffer << 8) | bytes[i]!) & 0xfff; // at most 4 + 8 live bits
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >>> bits) & 31];
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * Decodes base32 leniently, as authenticator apps do: any letter case; spaces, tabs, newlines and
 * hyphens anywhere; `=` padding or none; non-zero trailing bits. A length that cannot come from
 * whole bytes (a character lost in copying) and any other character throw
 * {@link InvalidBase32Error}, which never repeats the input.
 *
 * @example
 * ```ts
 * base32Decode('jbsw y3dp-ee'); // same bytes as base32Decode('JBSWY3DPEE')
 * ```
 */
export function base32Decode(text: string): Uint8Array {
  assertString(text, 'text');
  const out = new Uint8Array(Math.floor((text.length * 5) / 8));
  let length = 0;
  let chars = 0;
  let buffer = 0;
  let bits = 0;
  let padded = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? DECODE[code]! : -1;
    if (value === SKIP) continue;
    if (value === PAD) {
      padded = true;
      continue;
    }
    if (value < 0 || padded) {
      throw new InvalidBase32Error(
        value < 0
          ? `text has a character outside the base32 alphabet at position ${i}`
          : `text has data after padding at position ${i}`,
      );
    }
    chars++;
    buffer = ((buffer << 5) | value) & 0xfff; // at most 7 + 5 live bits
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[length++] = (buffer >>> bits) & 0xff;
    }
  }
  // Five or more bits left over means a whole character carried no byte: the key was cut short.
  if ((chars * 5) % 8 >= 5) {
    throw new InvalidBase32Error('text has a length no sequence of bytes encodes to');
  }
  return out.slice(0, length);
}
