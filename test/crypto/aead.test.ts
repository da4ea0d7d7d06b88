/**
 * XChaCha20-Poly1305 on both paths: the draft's test vectors, byte-for-byte agreement between
 * OpenSSL (after our HChaCha20) and @noble/ciphers, refusal of every tampered input, and the
 * choice of path (native only where it exists and passes its check).
 */
import * as nodeCrypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Aead,
  aead,
  chooseAead,
  hchacha20,
  type NodeCipherModule,
  nativeAead,
  nobleAead,
} from '../../src/crypto/aead.js';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/[\s:]/g, ''), 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const native = nativeAead(nodeCrypto as unknown as NodeCipherModule);
const paths: [string, Aead][] = [
  ['native', native],
  ['noble', nobleAead],
];

describe('test vectors (draft-irtf-cfrg-xchacha-03)', () => {
  it('HChaCha20, §2.2.1', () => {
    const key = hex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
    const nonce = hex('000000090000004a0000000031415927');
    expect(toHex(hchacha20(key, nonce))).toBe(
      '82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc',
    );
  });

  it.each(paths)('AEAD_XChaCha20_Poly1305, §A.3.1 (%s)', (_name, cipher) => {
    const key = hex('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f');
    const nonce = hex('404142434445464748494a4b4c4d4e4f5051525354555657');
    const aad = hex('50515253c0c1c2c3c4c5c6c7');
    const plaintext = new TextEncoder().encode(
      "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
    );
    const expected =
      'bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9664c97637da9768812f615c68b13b52e' +
      'c0875924c1c7987947deafd8780acf49';
    expect(toHex(cipher.seal(key, nonce, aad, plaintext))).toBe(expected);
    expect(cipher.open(key, nonce, aad, hex(expected))).toEqual(plaintext);
  });
});

const inputs = fc.record({
  key: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  nonce: fc.uint8Array({ minLength: 24, maxLength: 24 }),
  aad: fc.uint8Array({ maxLength: 100 }),
  message: fc.uint8Array({ maxLength: 300 }),
});

describe('native and noble', () => {
  it('give the same bytes, and each opens what the other sealed', () => {
    fc.assert(
      fc.property(inputs, ({ key, nonce, aad, message }) => {
        const box = nobleAead.seal(key, nonce, aad, message);
        expect(native.seal(key, nonce, aad, message)).toEqual(box);
        expect(native.open(key, nonce, aad, box)).toEqual(message);
        expect(nobleAead.open(key, nonce, aad, native.seal(key, nonce, aad, message))).toEqual(
          message,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('both refuse a change to any byte of the box, the AAD, the nonce or the key', () => {
    fc.assert(
      fc.property(inputs, fc.nat(), fc.integer({ min: 1, max: 255 }), (x, at, flip) => {
        const box = nobleAead.seal(x.key, x.nonce, x.aad, x.message);
        const fields = { box, aad: x.aad, nonce: x.nonce, key: x.key };
        for (const [field, bytes] of Object.entries(fields)) {
          if (bytes.length === 0) continue;
          const changed = { ...fields, [field]: bytes.slice() };
          changed[field as keyof typeof fields][at % bytes.length]! ^= flip;
          for (const [, cipher] of paths)
            expect(() =>
              cipher.open(changed.key, changed.nonce, changed.aad, changed.box),
            ).toThrow();
        }
      }),
      { numRuns: 100 },
    );
  });

  it('refuse a box shorter than a tag', () => {
    for (const [, cipher] of paths)
      expect(() =>
        cipher.open(new Uint8Array(32), new Uint8Array(24), new Uint8Array(0), new Uint8Array(15)),
      ).toThrow();
  });

  it('native opening hands back a plain Uint8Array the caller can wipe', () => {
    const key = new Uint8Array(32).fill(1);
    const nonce = new Uint8Array(24).fill(2);
    const opened = native.open(
      key,
      nonce,
      new Uint8Array(0),
      nobleAead.seal(key, nonce, new Uint8Array(0), new Uint8Array([5, 6, 7])),
    );
    expect(Object.getPrototypeOf(opened)).toBe(Uint8Array.prototype);
    expect([...opened]).toEqual([5, 6, 7]);
  });
});

describe('choosing the path', () => {
  it('uses OpenSSL on Node', () => {
    expect(chooseAead(nodeCrypto as unknown as NodeCipherModule)).not.toBe(nobleAead);
    expect(aead()).not.toBe(nobleAead);
  });

  it('falls back to noble without node:crypto, or when it lacks the cipher', () => {
    expect(chooseAead(undefined)).toBe(nobleAead);
    expect(chooseAead({})).toBe(nobleAead);
    const refusing = {
      createCipheriv: () => {
        throw new Error('Unknown cipher');
      },
      createDecipheriv: () => {
        throw new Error('Unknown cipher');
      },
    } as unknown as NodeCipherModule;
    expect(chooseAead(refusing)).toBe(nobleAead);
  });

  it('falls back to noble when the native cipher disagrees, or opens a forged tag', () => {
    const wrongBytes = {
      ...nodeCrypto,
      createCipheriv: (...args: Parameters<typeof nodeCrypto.createCipheriv>) => {
        const c = nodeCrypto.createCipheriv(...args);
        const update = c.update.bind(c);
        return Object.assign(c, {
          update: (data: Uint8Array) => {
            const out = update(data);
            out[0]! ^= 1;
            return out;
          },
        });
      },
    } as unknown as NodeCipherModule;
    expect(chooseAead(wrongBytes)).toBe(nobleAead);
    const acceptsAnything = {
      createCipheriv: nodeCrypto.createCipheriv,
      createDecipheriv: (...args: Parameters<typeof nodeCrypto.createDecipheriv>) => {
        const d = nodeCrypto.createDecipheriv(...args);
        return Object.assign(d, { final: () => Buffer.alloc(0) });
      },
    } as unknown as NodeCipherModule;
    expect(chooseAead(acceptsAnything)).toBe(nobleAead);
  });
});
