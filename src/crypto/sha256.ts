/** SHA-256 compression (FIPS 180-4 §6.2). */
import type { HashCore } from './hash-core.js';
import { sha2Constants } from './sha2-constants.js';

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

let core: HashCore | undefined;

/** Built on first use, so apps that never use SHA-256 never derive its constants. */
export function sha256(): HashCore {
  if (core !== undefined) return core;
  const { k256: K, iv256 } = sha2Constants();
  const W = new Int32Array(64);
  core = {
    blockWords: 16,
    iv: iv256,
    compress(state, block, out) {
      for (let i = 0; i < 16; i++) W[i] = block[i]!;
      for (let i = 16; i < 64; i++) {
        const w15 = W[i - 15]!;
        const w2 = W[i - 2]!;
        const s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3);
        const s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10);
        W[i] = s1 + W[i - 7]! + s0 + W[i - 16]!;
      }
      let a = state[0]!;
      let b = state[1]!;
      let c = state[2]!;
      let d = state[3]!;
      let e = state[4]!;
      let f = state[5]!;
      let g = state[6]!;
      let h = state[7]!;
      for (let i = 0; i < 64; i++) {
        const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        const t1 = (h + s1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
        const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        const t2 = (s0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        h = g;
        g = f;
        f = e;
        e = (d + t1) | 0;
        d = c;
        c = b;
        b = a;
        a = (t1 + t2) | 0;
      }
      out[0] = state[0]! + a;
      out[1] = state[1]! + b;
      out[2] = state[2]! + c;
      out[3] = state[3]! + d;
      out[4] = state[4]! + e;
      out[5] = state[5]! + f;
      out[6] = state[6]! + g;
      out[7] = state[7]! + h;
    },
    wipe: () => W.fill(0),
  };
  return core;
}
