/**
 * SHA-512 compression (FIPS 180-4 §6.4) on 64-bit words held as hi, lo pairs of 32-bit words:
 * word i of a block or state is `[2i]` (high half) and `[2i + 1]` (low half).
 */
import type { HashCore } from './hash-core.js';
import { sha2Constants } from './sha2-constants.js';

const TWO_32 = 4294967296;

// Halves of a 64-bit rotate right by n. No caller uses n = 32 (where `<< 32` would be `<< 0`).
const rotrHi = (hi: number, lo: number, n: number) =>
  n < 32 ? (hi >>> n) | (lo << (32 - n)) : (lo >>> (n - 32)) | (hi << (64 - n));
const rotrLo = (hi: number, lo: number, n: number) =>
  n < 32 ? (lo >>> n) | (hi << (32 - n)) : (hi >>> (n - 32)) | (lo << (64 - n));

/** The carry out of a sum of unsigned low halves (below 2^35, so exact). */
const carry = (lowSum: number) => (lowSum / TWO_32) | 0;

/** Writes word i/2 of `from` plus the 64-bit word (hi, lo) to word i/2 of `to`. */
function addInto(from: Int32Array, to: Int32Array, i: number, hi: number, lo: number): void {
  const sum = (from[i + 1]! >>> 0) + (lo >>> 0);
  to[i] = from[i]! + hi + carry(sum);
  to[i + 1] = sum;
}

let core: HashCore | undefined;

/** Built on first use, so apps that never use SHA-512 never derive its constants. */
export function sha512(): HashCore {
  if (core !== undefined) return core;
  const { k512: K, iv512 } = sha2Constants();
  const W = new Int32Array(160);
  core = {
    blockWords: 32,
    iv: iv512,
    compress(state, block, out) {
      for (let i = 0; i < 32; i++) W[i] = block[i]!;
      for (let i = 32; i < 160; i += 2) {
        const h15 = W[i - 30]!;
        const l15 = W[i - 29]!;
        const h2 = W[i - 4]!;
        const l2 = W[i - 3]!;
        const s0h = rotrHi(h15, l15, 1) ^ rotrHi(h15, l15, 8) ^ (h15 >>> 7);
        const s0l = rotrLo(h15, l15, 1) ^ rotrLo(h15, l15, 8) ^ ((l15 >>> 7) | (h15 << 25));
        const s1h = rotrHi(h2, l2, 19) ^ rotrHi(h2, l2, 61) ^ (h2 >>> 6);
        const s1l = rotrLo(h2, l2, 19) ^ rotrLo(h2, l2, 61) ^ ((l2 >>> 6) | (h2 << 26));
        // W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16]
        const lo = (s1l >>> 0) + (W[i - 13]! >>> 0) + (s0l >>> 0) + (W[i - 31]! >>> 0);
        W[i] = s1h + W[i - 14]! + s0h + W[i - 32]! + carry(lo);
        W[i + 1] = lo;
      }
      // The working variables a..h, as hi, lo halves.
      let ah = state[0]!;
      let al = state[1]!;
      let bh = state[2]!;
      let bl = state[3]!;
      let ch = state[4]!;
      let cl = state[5]!;
      let dh = state[6]!;
      let dl = state[7]!;
      let eh = state[8]!;
      let el = state[9]!;
      let fh = state[10]!;
      let fl = state[11]!;
      let gh = state[12]!;
      let gl = state[13]!;
      let hh = state[14]!;
      let hl = state[15]!;
      for (let i = 0; i < 160; i += 2) {
        const sum1H = rotrHi(eh, el, 14) ^ rotrHi(eh, el, 18) ^ rotrHi(eh, el, 41);
        const sum1L = rotrLo(eh, el, 14) ^ rotrLo(eh, el, 18) ^ rotrLo(eh, el, 41);
        const chooseH = (eh & fh) ^ (~eh & gh);
        const chooseL = (el & fl) ^ (~el & gl);
        const t1l =
          (hl >>> 0) + (sum1L >>> 0) + (chooseL >>> 0) + (K[i + 1]! >>> 0) + (W[i + 1]! >>> 0);
        const t1h = hh + sum1H + chooseH + K[i]! + W[i]! + carry(t1l);
        const sum0H = rotrHi(ah, al, 28) ^ rotrHi(ah, al, 34) ^ rotrHi(ah, al, 39);
        const sum0L = rotrLo(ah, al, 28) ^ rotrLo(ah, al, 34) ^ rotrLo(ah, al, 39);
        const t2l = (sum0L >>> 0) + (((al & bl) ^ (al & cl) ^ (bl & cl)) >>> 0);
        const t2h = sum0H + ((ah & bh) ^ (ah & ch) ^ (bh & ch)) + carry(t2l);
        hh = gh;
        hl = gl;
        gh = fh;
        gl = fl;
        fh = eh;
        fl = el;
        const eSum = (dl >>> 0) + (t1l >>> 0); // e = d + T1
        eh = (dh + t1h + carry(eSum)) | 0;
        el = eSum | 0;
        dh = ch;
        dl = cl;
        ch = bh;
        cl = bl;
        bh = ah;
        bl = al;
        const aSum = (t1l >>> 0) + (t2l >>> 0); // a = T1 + T2
        ah = (t1h + t2h + carry(aSum)) | 0;
        al = aSum | 0;
      }
      addInto(state, out, 0, ah, al);
      addInto(state, out, 2, bh, bl);
      addInto(state, out, 4, ch, cl);
      addInto(state, out, 6, dh, dl);
      addInto(state, out, 8, eh, el);
      addInto(state, out, 10, fh, fl);
      addInto(state, out, 12, gh, gl);
      addInto(state, out, 14, hh, hl);
    },
    wipe: () => W.fill(0),
  };
  return core;
}
