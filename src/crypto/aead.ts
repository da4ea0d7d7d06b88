/**
 * XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha-03), the cipher of sealed secrets. It is IETF
 * ChaCha20-Poly1305 (RFC 8439) under a subkey: HChaCha20 of the key and the nonce's first 16
 * bytes, with the nonce's last 8 bytes behind 4 zero bytes as the 12-byte nonce.
 *
 * Why two paths: every TOTP sign-in opens a sealed key, and in pure JS (@noble/ciphers) that was
 * the largest single cost of a sign-in (~8 µs; ~5 µs this way). Where the runtime has OpenSSL's ChaCha20-Poly1305 (Node, reached
 * through `process.getBuiltinModule` with no static `node:` import, so bundles for other
 * runtimes stay clean) only HChaCha20 runs in JS. The native path is used only after it agreed
 * with noble on a random message, in both directions, and refused a forged tag; everywhere else,
 * and if that check fails, noble does the whole job. Both give the same bytes.
 */
import { hchacha, xchacha20poly1305 } from '@noble/ciphers/chacha.js';

export interface Aead {
  /** ciphertext ‖ 16-byte tag */
  seal(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array;
  /** The plaintext; throws when the tag does not verify. */
  open(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, box: Uint8Array): Uint8Array;
}

/** The part of `node:crypto` the native path uses. */
export interface NodeCipherModule {
  createCipheriv(
    algorithm: 'chacha20-poly1305',
    key: Uint8Array,
    iv: Uint8Array,
    options: { authTagLength: number },
  ): {
    setAAD(aad: Uint8Array): unknown;
    update(data: Uint8Array): Uint8Array;
    final(): Uint8Array;
    getAuthTag(): Uint8Array;
  };
  createDecipheriv(
    algorithm: 'chacha20-poly1305',
    key: Uint8Array,
    iv: Uint8Array,
    options: { authTagLength: number },
  ): {
    setAAD(aad: Uint8Array): unknown;
    setAuthTag(tag: Uint8Array): unknown;
    update(data: Uint8Array): Uint8Array;
    final(): Uint8Array;
  };
}

const TAG_BYTES = 16;
// "expand 32-byte k" as noble expects its words: a view over the bytes (noble swaps on big-endian).
const SIGMA = /* @__PURE__ */ new Uint32Array(
  Uint8Array.from('expand 32-byte k', (c) => c.charCodeAt(0)).buffer,
);

/**
 * HChaCha20 (draft-irtf-cfrg-xchacha-03 §2.2): the 32-byte subkey of `key` and `nonce[0..16]`,
 * by noble's own HChaCha (the one its XChaCha uses), over aligned copies of the bytes.
 */
export function hchacha20(key: Uint8Array, nonce: Uint8Array): Uint8Array {
  const words = new Uint32Array(8 + 4 + 8); // key, nonce prefix, subkey
  const bytes = new Uint8Array(words.buffer);
  bytes.set(key);
  bytes.set(nonce.subarray(0, 16), 32);
  hchacha(SIGMA, words.subarray(0, 8), words.subarray(8, 12), words.subarray(12));
  const subkey = bytes.slice(48);
  words.fill(0);
  return subkey;
}

/** @noble/ciphers: pure JS, on every runtime. */
export const nobleAead: Aead = {
  seal: (key, nonce, aad, plaintext) => xchacha20poly1305(key, nonce, aad).encrypt(plaintext),
  open: (key, nonce, aad, box) => xchacha20poly1305(key, nonce, aad).decrypt(box),
};

/** OpenSSL's ChaCha20-Poly1305 under the HChaCha20 subkey. */
export function nativeAead(crypto: NodeCipherModule): Aead {
  const ietfNonce = (nonce: Uint8Array) => {
    const n = new Uint8Array(12);
    n.set(nonce.subarray(16, 24), 4);
    return n;
  };
  return {
    seal(key, nonce, aad, plaintext) {
      const subkey = hchacha20(key, nonce);
      try {
        const cipher = crypto.createCipheriv('chacha20-poly1305', subkey, ietfNonce(nonce), {
          authTagLength: TAG_BYTES,
        });
        cipher.setAAD(aad);
        const body = cipher.update(plaintext);
        cipher.final();
        const out = new Uint8Array(body.length + TAG_BYTES);
        out.set(body);
        out.set(cipher.getAuthTag(), body.length);
        return out;
      } finally {
        subkey.fill(0);
      }
    },
    open(key, nonce, aad, box) {
      if (box.length < TAG_BYTES) throw new Error('sealed box too short');
      const subkey = hchacha20(key, nonce);
      let plain: Uint8Array | undefined;
      try {
        const decipher = crypto.createDecipheriv('chacha20-poly1305', subkey, ietfNonce(nonce), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(aad);
        decipher.setAuthTag(box.subarray(box.length - TAG_BYTES));
        plain = decipher.update(box.subarray(0, box.length - TAG_BYTES));
        decipher.final(); // throws unless the tag verifies: nothing is returned before that
        return new Uint8Array(plain); // a plain copy the caller owns and wipes, not a Buffer
      } finally {
        plain?.fill(0);
        subkey.fill(0);
      }
    },
  };
}

/** True when `candidate` gives noble's bytes both ways and refuses a forged tag. */
function agreesWithNoble(candidate: Aead): boolean {
  try {
    const r = globalThis.crypto.getRandomValues(new Uint8Array(32 + 24 + 13 + 37));
    const key = r.subarray(0, 32);
    const nonce = r.subarray(32, 56);
    const aad = r.subarray(56, 69);
    const message = r.subarray(69);
    const box = nobleAead.seal(key, nonce, aad, message);
    const mine = candidate.seal(key, nonce, aad, message);
    if (mine.length !== box.length || mine.some((b, i) => b !== box[i])) return false;
    const opened = candidate.open(key, nonce, aad, box);
    if (opened.length !== message.length || opened.some((b, i) => b !== message[i])) return false;
    box[box.length - 1]! ^= 1;
    try {
      candidate.open(key, nonce, aad, box);
      return false; // a forged tag opened
    } catch {
      return true;
    }
  } catch {
    return false;
  }
}

/** The native AEAD if `crypto` offers one that passes the check, else noble. */
export function chooseAead(crypto: Partial<NodeCipherModule> | undefined): Aead {
  if (typeof crypto?.createCipheriv !== 'function' || typeof crypto.createDecipheriv !== 'function')
    return nobleAead;
  const native = nativeAead(crypto as NodeCipherModule);
  return agreesWithNoble(native) ? native : nobleAead;
}

let chosen: Aead | undefined;

/** The AEAD of this runtime, chosen on first use. */
export function aead(): Aead {
  if (chosen === undefined) {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
      .process;
    let mod: Partial<NodeCipherModule> | undefined;
    try {
      mod = proc?.getBuiltinModule?.('node:crypto') as Partial<NodeCipherModule> | undefined;
    } catch {
      mod = undefined;
    }
    chosen = chooseAead(mod);
  }
  return chosen;
}
