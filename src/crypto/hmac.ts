/**
 * HMAC (RFC 2104) over 8-byte counters, the only message HOTP and TOTP ever authenticate.
 *
 * The key is absorbed once into inner and outer states; each counter then costs exactly two
 * compressions over blocks whose padding is laid out in advance, and allocates nothing.
 */
import { type HashCore, hashMessage, packWords } from './hash-core.js';
import { sha1 } from './sha1.js';
import { sha256 } from './sha256.js';
import { sha512 } from './sha512.js';

/** Hash functions an authenticator may use (RFC 6238 §1.2). */
export type OtpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';
export const OTP_ALGORITHMS: readonly OtpAlgorithm[] = ['SHA1', 'SHA256', 'SHA512'];

const CORES: Record<OtpAlgorithm, () => HashCore> = { SHA1: sha1, SHA256: sha256, SHA512: sha512 };

/** HMAC under one key at a time. */
export interface CounterMac {
  /** Absorbs `key` into the inner and outer states (RFC 2104 §2). */
  setKey(key: Uint8Array): CounterMac;
  /**
   * HMAC of the counter `hi * 2^32 + lo`, as big-endian 32-bit words; the returned array is
   * overwritten by the next call.
   */
  digest(hi: number, lo: number): Int32Array;
  /** Zeroes every trace of the key. */
  destroy(): void;
}

/**
 * A `CounterMac` whose buffers are allocated once per algorithm: allocation costs more than the
 * hashing. Sharing one is safe because every use is synchronous, keys it, and destroys it before
 * returning.
 */
function createCounterMac(core: HashCore): CounterMac {
  const { blockWords, iv } = core;
  const inner = new Int32Array(iv.length);
  const outer = new Int32Array(iv.length);
  const tag = new Int32Array(iv.length);
  const pad = new Int32Array(blockWords); // the key block XORed with ipad, then opad
  // The one block each hash sees after the key: the counter (inner) or the inner digest (outer),
  // then padding (FIPS 180-4 §5.1): a 1 bit, and the total length in bits in the last word.
  const blockBits = blockWords * 32;
  const innerBlock = new Int32Array(blockWords);
  innerBlock[2] = 0x80000000 | 0;
  innerBlock[blockWords - 1] = blockBits + 64;
  const outerBlock = new Int32Array(blockWords);
  outerBlock[iv.length] = 0x80000000 | 0;
  outerBlock[blockWords - 1] = blockBits + iv.length * 32;

  return {
    setKey(key) {
      // A key longer than a block is hashed first; either way it is zero-padded to a block.
      if (key.length > blockWords * 4) {
        const digest = hashMessage(core, key);
        pad.fill(0);
        pad.set(digest);
        digest.fill(0);
      } else {
        packWords(key, pad);
      }
      for (let i = 0; i < blockWords; i++) pad[i] = pad[i]! ^ 0x36363636;
      core.compress(iv, pad, inner);
      for (let i = 0; i < blockWords; i++) pad[i] = pad[i]! ^ 0x36363636 ^ 0x5c5c5c5c;
      core.compress(iv, pad, outer);
      pad.fill(0);
      return this;
    },
    digest(hi, lo) {
      innerBlock[0] = hi;
      innerBlock[1] = lo;
      // The inner digest lands straight in the front of the outer block.
      core.compress(inner, innerBlock, outerBlock);
      core.compress(outer, outerBlock, tag);
      return tag;
    },
    destroy() {
      inner.fill(0);
      outer.fill(0);
      tag.fill(0);
      innerBlock.fill(0, 0, 2);
      outerBlock.fill(0, 0, iv.length);
      core.wipe();
    },
  };
}

const macs: Partial<Record<OtpAlgorithm, CounterMac>> = {};

/** The HMAC of `algorithm` keyed with `key`; call `destroy()` when done. */
export function counterMac(algorithm: OtpAlgorithm, key: Uint8Array): CounterMac {
  macs[algorithm] ??= createCounterMac(CORES[algorithm]());
  return macs[algorithm].setKey(key);
}
