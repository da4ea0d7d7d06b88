import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openParts, resealNeeded, sealParts } from '../../src/crypto/seal.js';
import { InvalidArgumentError } from '../../src/errors.js';
import { needsReseal, openSecret, SealedSecretError, sealSecret } from '../../src/seal.js';

const k1 = new Uint8Array(32).fill(1);
const k2 = new Uint8Array(32).fill(2);
const keyring = { current: 'k1', keys: { k1 } };
const context = 'user-1/factor-1';

describe('sealSecret / openSecret', () => {
  it('round-trips any plaintext and context', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 128 }),
        fc.string({ minLength: 1, maxLength: 64 }),
        (plaintext, ctx) => {
          const sealed = sealSecret(plaintext, { keyring, context: ctx });
          expect(sealed).toMatch(/^v1\.k1\.[A-Za-z0-9_-]+$/);
          expect(openSecret(sealed, { keyring, context: ctx })).toEqual(plaintext);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('uses a fresh nonce every time', () => {
    const secret = new Uint8Array(20).fill(9);
    expect(sealSecret(secret, { keyring, context })).not.toBe(
      sealSecret(secret, { keyring, context }),
    );
  });

  it('refuses every single-character change to a sealed value', () => {
    const sealed = sealSecret(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), {
      keyring,
      context,
    });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    fc.assert(
      fc.property(fc.nat(sealed.length - 1), fc.constantFrom(...alphabet), (position, char) => {
        fc.pre(sealed[position] !== char);
        const tampered = sealed.slice(0, position) + char + sealed.slice(position + 1);
        expect(() => openSecret(tampered, { keyring, context })).toThrow(SealedSecretError);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses every single-bit flip of the payload', () => {
    const sealed = sealSecret(new Uint8Array(20).fill(7), { keyring, context });
    const payload = Buffer.from(sealed.split('.')[2]!, 'base64url');
    for (let i = 0; i < payload.length * 8; i++) {
      const flipped = Buffer.from(payload);
      flipped[i >> 3]! ^= 1 << (i & 7);
      expect(() =>
        openSecret(`v1.k1.${flipped.toString('base64url')}`, { keyring, context }),
      ).toThrow(SealedSecretError);
    }
  });

  it('does not open for another user or factor, nor under a relabelled key id', () => {
    const sealed = sealSecret(new Uint8Array(20), { keyring, context });
    expect(() => openSecret(sealed, { keyring, context: 'user-2/factor-1' })).toThrow(
      SealedSecretError,
    );
    const both = { current: 'k1', keys: { k1, k2: k1 } };
    expect(() =>
      openSecret(sealed.replace('v1.k1.', 'v1.k2.'), { keyring: both, context }),
    ).toThrow(SealedSecretError);
  });

  it('gives one error, revealing nothing, for every kind of failure', () => {
    const sealed = sealSecret(new Uint8Array(20), { keyring, context });
    const messages = new Set<string>();
    for (const attempt of [
      () => openSecret(sealed, { keyring, context: 'other' }),
      () => openSecret(sealed, { keyring: { current: 'k2', keys: { k2 } }, context }),
      () => openSecret('v1.k1.AAAA', { keyring, context }),
      () => openSecret('not sealed', { keyring, context }),
      () => openSecret(`v2${sealed.slice(2)}`, { keyring, context }),
      () => openSecret(42 as never, { keyring, context }),
    ]) {
      try {
        attempt();
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(SealedSecretError);
        messages.add((err as Error).message);
      }
    }
    expect([...messages]).toEqual(['sealed secret cannot be opened']);
  });

  it('rotates: old keys open, the current key seals, needsReseal tells which to redo', () => {
    const sealedOld = sealSecret(new Uint8Array(20).fill(3), { keyring, context });
    const rotated = { current: 'k2', keys: { k1, k2 } };
    expect(openSecret(sealedOld, { keyring: rotated, context })).toEqual(
      new Uint8Array(20).fill(3),
    );
    expect(needsReseal(sealedOld, { keyring: rotated })).toBe(true);
    const resealed = sealSecret(openSecret(sealedOld, { keyring: rotated, context }), {
      keyring: rotated,
      context,
    });
    expect(resealed.startsWith('v1.k2.')).toBe(true);
    expect(needsReseal(resealed, { keyring: rotated })).toBe(false);
  });

  it('refuses keys of the wrong length and keyrings without their current key', () => {
    expect(() =>
      sealSecret(new Uint8Array(1), {
        keyring: { current: 'a', keys: { a: new Uint8Array(16) } },
        context,
      }),
    ).toThrow(/opts\.keyring\.keys\.a/);
    expect(() =>
      sealSecret(new Uint8Array(1), { keyring: { current: 'b', keys: { a: k1 } }, context }),
    ).toThrow(/opts\.keyring\.current/);
    expect(() =>
      sealSecret(new Uint8Array(1), { keyring: { current: 'a b', keys: { 'a b': k1 } }, context }),
    ).toThrow(InvalidArgumentError);
    expect(() => sealSecret(new Uint8Array(1), { keyring, context: '' })).toThrow(/opts\.context/);
  });
});

describe('contexts of parts (v2)', () => {
  const secret = new Uint8Array(20).fill(4);

  it("attack: a key sealed for user 'bob/f_x' does not open as user 'bob', factor 'f_x/…'", () => {
    const attackers = sealSecret(secret, { keyring, context: ['bob/f_x', 'y'] });
    expect(attackers.startsWith('v2.k1.')).toBe(true);
    expect(() => openSecret(attackers, { keyring, context: ['bob', 'f_x/y'] })).toThrow(
      SealedSecretError,
    );
    expect(() => openSecret(attackers, { keyring, context: 'bob/f_x/y' })).toThrow(
      SealedSecretError,
    );
    expect(openSecret(attackers, { keyring, context: ['bob/f_x', 'y'] })).toEqual(secret);
  });

  it('property: distinct part lists never open each other, equal ones always do', () => {
    const parts = fc.array(
      fc.string({ maxLength: 6, unit: fc.constantFrom('a', '/', '\u0000', 'é') }),
      {
        minLength: 1,
        maxLength: 4,
      },
    );
    fc.assert(
      fc.property(parts, parts, (a, b) => {
        const sealed = sealSecret(secret, { keyring, context: a });
        expect(openSecret(sealed, { keyring, context: a })).toEqual(secret);
        if (JSON.stringify(a) !== JSON.stringify(b)) {
          expect(() => openSecret(sealed, { keyring, context: b })).toThrow(SealedSecretError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a v1 value opens with the parts it was joined from, needs a re-seal, and re-seals as v2', () => {
    const old = sealSecret(secret, { keyring, context: 'org/alice/f_1' }); // as the service did
    const context = ['org/alice', 'f_1'];
    expect(old.startsWith('v1.')).toBe(true);
    expect(openSecret(old, { keyring, context })).toEqual(secret);
    expect(needsReseal(old, { keyring, context })).toBe(true);
    expect(needsReseal(old, { keyring })).toBe(false); // without the context, nothing to tell
    expect(needsReseal(old, { keyring, context: 'org/alice/f_1' })).toBe(false);
    const resealed = sealSecret(openSecret(old, { keyring, context }), { keyring, context });
    expect(resealed.startsWith('v2.k1.')).toBe(true);
    expect(needsReseal(resealed, { keyring, context })).toBe(false);
    expect(openSecret(resealed, { keyring, context })).toEqual(secret);
  });

  it('attack: an old v1 value gets no fallback where the join could be read two ways', () => {
    const old = sealSecret(secret, { keyring, context: 'bob/f_x/y' });
    expect(openSecret(old, { keyring, context: ['bob/f_x', 'y'] })).toEqual(secret);
    expect(() => openSecret(old, { keyring, context: ['bob', 'f_x/y'] })).toThrow(
      SealedSecretError,
    );
  });

  it('a version label moved from v2 to v1 (or back) does not open', () => {
    const v2 = sealSecret(secret, { keyring, context: ['a', 'b'] });
    expect(() => openSecret(`v1${v2.slice(2)}`, { keyring, context: ['a', 'b'] })).toThrow(
      SealedSecretError,
    );
    const v1 = sealSecret(secret, { keyring, context: 'a/b' });
    expect(() => openSecret(`v2${v1.slice(2)}`, { keyring, context: ['a', 'b'] })).toThrow(
      SealedSecretError,
    );
  });

  it('refuses contexts that are not 1 to 16 strings, naming the part', () => {
    const seal = (context: unknown) => sealSecret(secret, { keyring, context: context as never });
    expect(() => seal([])).toThrow(/opts\.context must be an array of 1 to 16 strings/);
    expect(() => seal(Array(17).fill('a'))).toThrow(/opts\.context must be an array/);
    expect(() => seal(['a', 7])).toThrow(/opts\.context\[1\]/);
    expect(() => seal(['a', 'b'.repeat(1025)])).toThrow(/opts\.context\[1\]/);
    expect(() => needsReseal('v1.k1.x', { keyring, context: [null] as never })).toThrow(
      /opts\.context\[0\]/,
    );
  });
});

describe('the service-internal functions (checked keyring, context of parts)', () => {
  const rotated = { current: 'k2', keys: { k1, k2 } };
  const parts = ['org/alice', 'f_1'] as const;

  it('open what the public functions seal and the other way round, with the same verdicts', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.array(fc.string({ maxLength: 20 }), { minLength: 1, maxLength: 4 }),
        (plaintext, ctx) => {
          const sealed = sealParts(keyring, ctx, plaintext);
          expect(openSecret(sealed, { keyring, context: ctx })).toEqual(plaintext);
          const viaPublic = sealSecret(plaintext, { keyring, context: ctx });
          expect(openParts(keyring, ctx, viaPublic)).toEqual(plaintext);
          expect(resealNeeded(keyring, sealed)).toBe(
            needsReseal(sealed, { keyring, context: ctx }),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuse another context or key with SealedSecretError, open v1 values, and ask for a reseal', () => {
    const secret = new Uint8Array([1, 2, 3]);
    const sealed = sealParts(keyring, parts, secret);
    expect(() => openParts(keyring, ['org', 'alice/f_1'], sealed)).toThrow(SealedSecretError);
    expect(() => openParts({ current: 'k1', keys: { k1: k2 } }, parts, sealed)).toThrow(
      SealedSecretError,
    );
    expect(() => openParts(keyring, parts, 'v2.k1.AAAA')).toThrow(SealedSecretError);
    expect(() => openParts(keyring, parts, 42)).toThrow(SealedSecretError);
    const legacy = sealSecret(secret, { keyring, context: parts.join('/') });
    expect(openParts(keyring, parts, legacy)).toEqual(secret);
    expect(resealNeeded(keyring, legacy)).toBe(true);
    expect(resealNeeded(rotated, sealed)).toBe(true);
    expect(openParts(rotated, parts, sealed)).toEqual(secret);
    expect(resealNeeded(keyring, sealed)).toBe(false);
    expect(resealNeeded(keyring, 'not sealed')).toBe(true);
  });
});
