/**
 * HMAC over 8-byte counters, the only message HOTP and TOTP ever authenticate.
 *
 * Why not `hmac()` from @noble/hashes directly: its generic streaming path (buffer copies,
 * padding, a fresh object per call) costs several times the two compressions the work needs. Here
 * the key is absorbed once into inner and outer states, both message blocks are padded once, and
 * each counter runs exactly two compressions of noble's own hash classes, allocating nothing.
 * Differential tests against OpenSSL's HMAC guard this path.
 */
import { _SHA1, sha1 } from '@noble/hashes/legacy.js';
import { _SHA256, _SHA512, sha256, sha512 } from '@noble/hashes/sha2.js';

/** Hash functions an authenticator may use (RFC 6238 §1.2). */
export type OtpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';
export const OTP_ALGORITHMS: readonly OtpAlgorithm[] = ['SHA1', 'SHA256', 'SHA512'];

/** The Merkle–Damgård core of noble's hash classes: state words and the compression function. */
interface Compressor {
  readonly blockLen: number;
  readonly outputLen: number;
  get(): number[];
  set(...words: number[]): void;
  process(view: DataView, offset: number): void;
  roundClean(): void;
}

const ENGINES = {
  SHA1: { create: () => new _SHA1() as unknown as Compressor, hash: sha1 },
  SHA256: { create: () => new _SHA256() as unknown as Compressor, hash: sha256 },
  SHA512: { create: () => new _SHA512() as unknown as Compressor, hash: sha512 },
} as const;

export interface CounterMac {
  /** HMAC of the counter `hi * 2^32 + lo`; the returned buffer is reused by the next call. */
  digest(hi: number, lo: number): Uint8Array;
  /** Zero the keyed state. */
  destroy(): void;
}

/**
 * Buffers for one algorithm, allocated once: typed-array allocation costs more than the hashing.
 * Sharing them is safe because every use is synchronous and wiped by `destroy()` before return.
 */
interface Workspace {
  h: Compressor;
  iv: readonly number[];
  pad: Uint8Array;
  padView: DataView;
  innerBlock: DataView;
  outerBlock: DataView;
  out: Uint8Array;
  outView: DataView;
}

const workspaces: Partial<Record<OtpAlgorithm, Workspace>> = {};

function workspace(algorithm: OtpAlgorithm): Workspace {
  let w = workspaces[algorithm];
  if (w === undefined) {
    const h = ENGINES[algorithm].create();
    const pad = new Uint8Array(h.blockLen);
    const out = new Uint8Array(h.outputLen);
    w = {
      h,
      iv: h.get(),
      pad,
      padView: new DataView(pad.buffer),
      innerBlock: new DataView(new ArrayBuffer(h.blockLen)),
      outerBlock: new DataView(new ArrayBuffer(h.blockLen)),
      out,
      outView: new DataView(out.buffer),
    };
    workspaces[algorithm] = w;
  }
  return w;
}

export function counterMac(algorithm: OtpAlgorithm, key: Uint8Array): CounterMac {
  const { h, iv, pad, padView, innerBlock, outerBlock, out, outView } = workspace(algorithm);
  const { blockLen, outputLen } = h;

  // RFC 2104: K is hashed if longer than a block, zero-padded, and XORed with ipad / opad.
  pad.fill(0);
  pad.set(key.length > blockLen ? ENGINES[algorithm].hash(key) : key);
  for (let i = 0; i < blockLen; i++) pad[i]! ^= 0x36;
  h.set(...iv);
  h.process(padView, 0);
  const inner = h.get();
  for (let i = 0; i < blockLen; i++) pad[i]! ^= 0x36 ^ 0x5c;
  h.set(...iv);
  h.process(padView, 0);
  const outer = h.get();
  pad.fill(0);

  // Each hash sees one more block: the counter (inner) or the inner digest (outer), then the
  // 0x80 terminator and the total bit length in the last bytes. Only the data part changes.
  innerBlock.setUint8(8, 0x80);
  innerBlock.setUint32(blockLen - 4, (blockLen + 8) * 8);
  outerBlock.setUint8(outputLen, 0x80);
  outerBlock.setUint32(blockLen - 4, (blockLen + outputLen) * 8);
  const words = outputLen / 4;

  return {
    digest(hi, lo) {
      innerBlock.setUint32(0, hi);
      innerBlock.setUint32(4, lo);
      h.set(...inner);
      h.process(innerBlock, 0);
      const innerDigest = h.get();
      for (let i = 0; i < words; i++) outerBlock.setUint32(i * 4, innerDigest[i]!);
      h.set(...outer);
      h.process(outerBlock, 0);
      const tag = h.get();
      for (let i = 0; i < words; i++) outView.setUint32(i * 4, tag[i]!);
      return out;
    },
    destroy() {
      inner.fill(0);
      outer.fill(0);
      h.set(...iv.map(() => 0));
      h.roundClean();
      for (const view of [innerBlock, outerBlock]) {
        for (let i = 0; i < blockLen; i += 4) view.setUint32(i, 0);
      }
      out.fill(0);
    },
  };
}
