import { describe, expect, it } from 'vitest';
import { generateSecret, generateTotp, InvalidArgumentError } from '../../src/totp.js';

describe('generateSecret', () => {
  it('defaults to 20 random bytes', () => {
    const a = generateSecret();
    const b = generateSecret();
    expect(a).toBeInstanceOf(Uint8Array);
    expect(a).toHaveLength(20);
    expect(a).not.toEqual(b);
  });

  it('takes a length from 16 to 64 bytes and refuses weaker keys', () => {
    expect(generateSecret({ bytes: 16 })).toHaveLength(16);
    expect(generateSecret({ bytes: 64 })).toHaveLength(64);
    expect(() => generateSecret({ bytes: 10 })).toThrow(/opts\.bytes/);
    expect(() => generateSecret({ bytes: 65 })).toThrow(InvalidArgumentError);
  });

  it('uses injected randomness, and checks it', () => {
    const fixed = generateSecret({ randomBytes: (n) => new Uint8Array(n).fill(7) });
    expect(fixed).toEqual(new Uint8Array(20).fill(7));
    expect(() => generateSecret({ randomBytes: () => new Uint8Array(3) })).toThrow(
      /opts\.randomBytes/,
    );
    expect(() => generateSecret({ randomBytes: (() => 'x') as never })).toThrow(
      /opts\.randomBytes/,
    );
  });

  it('accepts shorter imported secrets for verification (10 bytes exist in the wild)', () => {
    expect(generateTotp(new Uint8Array(10), { now: 0 })).toMatch(/^\d{6}$/);
  });
});
