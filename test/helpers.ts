/** Shared test helpers: an independent HOTP built on node:crypto, and byte utilities. */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';

export const ascii = (text: string) => new TextEncoder().encode(text);

/** RFC 4226 straight from the text, on Node's OpenSSL HMAC: the differential reference. */
export function referenceHotp(
  secret: Uint8Array,
  counter: bigint,
  algorithm: string,
  digits: number,
) {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(counter);
  const digest = createHmac(algorithm.replace('SHA', 'sha'), secret).update(message).digest();
  const offset = digest[digest.length - 1]! & 0xf;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export const algorithmArb = fc.constantFrom('SHA1' as const, 'SHA256' as const, 'SHA512' as const);
export const secretArb = fc.uint8Array({ minLength: 10, maxLength: 128 });
export const digitsArb = fc.integer({ min: 6, max: 10 });
