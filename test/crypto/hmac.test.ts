// Our SHA kernels and counter HMAC against @noble/hashes, bit for bit: every digest byte, not
// just the six digits a code keeps, so a wrong bit anywhere fails.
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashMessage } from '../../src/crypto/hash-core.js';
import { counterMac, type OtpAlgorithm } from '../../src/crypto/hmac.js';
import { sha1 as sha1Core } from '../../src/crypto/sha1.js';
import { sha256 as sha256Core } from '../../src/crypto/sha256.js';
import { sha512 as sha512Core } from '../../src/crypto/sha512.js';

const ALGORITHMS = [
  { name: 'SHA1', noble: sha1, core: sha1Core },
  { name: 'SHA256', noble: sha256, core: sha256Core },
  { name: 'SHA512', noble: sha512, core: sha512Core },
] as const;

function wordsToBytes(words: Int32Array): Uint8Array {
  const bytes = new Uint8Array(words.length * 4);
  const view = new DataView(bytes.buffer);
  for (const [i, word] of words.entries()) view.setInt32(i * 4, word);
  return bytes;
}

function counterBytes(counter: bigint): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, counter);
  return bytes;
}

function ourHmac(algorithm: OtpAlgorithm, key: Uint8Array, counter: bigint): Uint8Array {
  const mac = counterMac(algorithm, key);
  try {
    return wordsToBytes(mac.digest(Number(counter >> 32n), Number(counter & 0xffffffffn)));
  } finally {
    mac.destroy();
  }
}

describe.each(ALGORITHMS)('$name', ({ name, noble, core }) => {
  it('hashes every message length across two block boundaries like @noble/hashes', () => {
    for (let length = 0; length <= 300; length++) {
      const message = Uint8Array.from({ length }, (_, i) => (i * 131 + length) & 0xff);
      expect(wordsToBytes(hashMessage(core(), message))).toEqual(noble(message));
    }
  });

  it('computes the HMAC of any counter under every key length 0 to 200 like @noble/hashes', () => {
    for (let keyLength = 0; keyLength <= 200; keyLength++) {
      fc.assert(
        fc.property(
          fc.uint8Array({ minLength: keyLength, maxLength: keyLength }),
          fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
          (key, counter) => {
            expect(ourHmac(name, key, counter)).toEqual(hmac(noble, key, counterBytes(counter)));
          },
        ),
        { numRuns: 10 },
      );
    }
  });

  it('handles keys up to the longest secret accepted (1 KiB), hashed before use', () => {
    for (const keyLength of [255, 256, 257, 511, 512, 1000, 1024]) {
      const key = Uint8Array.from({ length: keyLength }, (_, i) => (i * 7 + 3) & 0xff);
      expect(ourHmac(name, key, 42n)).toEqual(hmac(noble, key, counterBytes(42n)));
    }
  });

  it('gives each counter its own digest from one keyed state', () => {
    const key = Uint8Array.from({ length: 20 }, (_, i) => i);
    const mac = counterMac(name, key);
    try {
      for (const counter of [0n, 1n, 0xffffffffn, 1n << 32n, (1n << 64n) - 1n]) {
        const digest = wordsToBytes(
          mac.digest(Number(counter >> 32n), Number(counter & 0xffffffffn)),
        );
        expect(digest).toEqual(hmac(noble, key, counterBytes(counter)));
      }
    } finally {
      mac.destroy();
    }
  });
});
