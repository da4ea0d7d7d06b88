/**
 * The SHA-2 constants (FIPS 180-4 §4.2.2, §4.2.3, §5.3), computed instead of written out: the
 * round constants are the first 64 bits of the fractional parts of the cube roots of the first
 * 80 primes, the initial states those of the square roots of the first 8, and SHA-256 uses the
 * top 32 bits of each. Deriving them in exact integer arithmetic saves a kilobyte of hex in every
 * bundle; the test vectors would catch a single wrong bit.
 */

export interface Sha2Constants {
  /** SHA-512 round constants as hi, lo pairs: 160 words. */
  k512: Int32Array;
  /** SHA-512 initial state as hi, lo pairs: 16 words. */
  iv512: Int32Array;
  /** SHA-256 round constants: 64 words. */
  k256: Int32Array;
  /** SHA-256 initial state: 8 words. */
  iv256: Int32Array;
}

/** floor(n^(1/k)) by Newton's method from above. */
function integerRoot(n: bigint, k: bigint): bigint {
  let x = 1n << (BigInt(n.toString(2).length) / k + 1n);
  for (;;) {
    const next = ((k - 1n) * x + n / x ** (k - 1n)) / k;
    if (next >= x) return x;
    x = next;
  }
}

function firstPrimes(count: number): bigint[] {
  const primes: bigint[] = [];
  for (let n = 2n; primes.length < count; n++) {
    if (primes.every((p) => n % p !== 0n)) primes.push(n);
  }
  return primes;
}

/** The first 64 fractional bits of p^(1/k): the root of p · 2^(64k), modulo 2^64. */
function fractionBits(p: bigint, k: bigint): bigint {
  return integerRoot(p << (64n * k), k) & 0xffffffffffffffffn;
}

/** 64-bit values as hi, lo pairs of 32-bit words. */
function pairs(values: bigint[]): Int32Array {
  return Int32Array.from(
    values.flatMap((v) => [Number(v >> 32n) | 0, Number(v & 0xffffffffn) | 0]),
  );
}

/** The high words of the first `count` pairs. */
const highWords = (words: Int32Array, count: number) =>
  words.filter((_, i) => i % 2 === 0 && i < count * 2);

let constants: Sha2Constants | undefined;

export function sha2Constants(): Sha2Constants {
  if (constants === undefined) {
    const primes = firstPrimes(80);
    const k512 = pairs(primes.map((p) => fractionBits(p, 3n)));
    const iv512 = pairs(primes.slice(0, 8).map((p) => fractionBits(p, 2n)));
    constants = { k512, iv512, k256: highWords(k512, 64), iv256: highWords(iv512, 8) };
  }
  return constants;
}
