/**
 * HMAC over 8-byte counters, the only message HOTP and TOTP ever authenticate. The key is absorbed
 * once and the keyed state cloned per counter, so each extra counter in a window costs two hash
 * compressions instead of four, with no allocation.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';

/** Hash functions an authenticator may use (RFC 6238 §1.2). */
export type OtpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';
export const OTP_ALGORITHMS: readonly OtpAlgorithm[] = ['SHA1', 'SHA256', 'SHA512'];

const HASHES = { SHA1: sha1, SHA256: sha256, SHA512: sha512 } as const;

export interface CounterMac {
  /** HMAC of the counter `hi * 2^32 + lo`; the returned buffer is reused by the next call. */
  digest(hi: number, lo: number): Uint8Array;
  /** Zero the keyed state. */
  destroy(): void;
}

/** The part of noble's HMAC instance used here; `_cloneInto` reuses the target's buffers. */
interface KeyedHmac {
  readonly outputLen: number;
  _cloneInto(to?: KeyedHmac): KeyedHmac;
  update(message: Uint8Array): KeyedHmac;
  digestInto(out: Uint8Array): void;
  destroy(): void;
}

export function counterMac(algorithm: OtpAlgorithm, key: Uint8Array): CounterMac {
  const keyed = hmac.create(HASHES[algorithm], key) as unknown as KeyedHmac;
  let scratch: KeyedHmac | undefined;
  const message = new Uint8Array(8);
  const view = new DataView(message.buffer);
  const out = new Uint8Array(keyed.outputLen);
  return {
    digest(hi, lo) {
      scratch = keyed._cloneInto(scratch);
      view.setUint32(0, hi);
      view.setUint32(4, lo);
      scratch.update(message).digestInto(out);
      return out;
    },
    destroy() {
      keyed.destroy();
      scratch?.destroy();
      out.fill(0);
    },
  };
}
