/**
 * The SHA family reduced to what HOTP needs: an initial state and a compression function over
 * big-endian 32-bit words (SHA-512's 64-bit words as hi, lo pairs).
 *
 * Why our own instead of @noble/hashes: an HMAC over an 8-byte counter is exactly four
 * compressions, and noble's general streaming API adds buffering, DataViews and fresh objects to
 * every call; its SHA-2 module alone was 5.9 of the 16.7 kB (minified) an app importing TOTP
 * paid. Differential tests against noble and OpenSSL (test/crypto/hmac.test.ts) hold these
 * kernels to the standard for every key length from 0 to 200 bytes.
 */
export interface HashCore {
  /** Block length in 32-bit words: 16 for SHA-1 and SHA-256, 32 for SHA-512. */
  readonly blockWords: number;
  /** The initial state, also the digest length: 5, 8 or 16 words. */
  readonly iv: Int32Array;
  /**
   * The compression function: the chaining value after `block`, starting from `state`, written
   * to `out` (which may be `state` itself, or the front of the next block to hash).
   */
  compress(state: Int32Array, block: Int32Array, out: Int32Array): void;
  /** Zeroes the scratch the compression function leaves behind. */
  wipe(): void;
}

/** Packs `bytes` big-endian into `words`, zero-filling whatever they do not reach. */
export function packWords(bytes: Uint8Array, words: Int32Array): Int32Array {
  words.fill(0);
  for (let i = 0; i < bytes.length; i++) words[i >> 2]! |= bytes[i]! << (24 - 8 * (i & 3));
  return words;
}

/**
 * The digest of a whole message, as words, for HMAC keys longer than a block (RFC 2104 §2).
 * Messages are keys of at most 1 KiB, so the bit length fits the last word of the length field.
 */
export function hashMessage(core: HashCore, message: Uint8Array): Int32Array {
  const { blockWords } = core;
  // Padding (FIPS 180-4 §5.1): a 1 bit, zeros, then the length in bits filling the last 64
  // (SHA-512: 128) bits, that is the last blockWords / 2 bytes, of the last block.
  const blocks = Math.ceil((message.length + 1 + blockWords / 2) / (blockWords * 4));
  const words = packWords(message, new Int32Array(blocks * blockWords));
  words[message.length >> 2]! |= 0x80 << (24 - 8 * (message.length & 3));
  words[words.length - 1] = message.length * 8;
  const state = core.iv.slice();
  for (let i = 0; i < words.length; i += blockWords) {
    core.compress(state, words.subarray(i, i + blockWords), state);
  }
  words.fill(0);
  core.wipe();
  return state;
}
