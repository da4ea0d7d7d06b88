import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
