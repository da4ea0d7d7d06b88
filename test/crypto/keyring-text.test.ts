import { describe, expect, it } from 'vitest';
import { generateKeyringEntry, parseKeyring } from '../../src/crypto/keyring-text.js';
import { openSecret, sealSecret } from '../../src/crypto/seal.js';
import { MfaError } from '../../src/errors.js';

const key = (fill: (i: number) => number) => Uint8Array.from({ length: 32 }, (_, i) => fill(i));
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

describe('parseKeyring', () => {
  it('reads id:key pairs, the first current, in base64 or base64url', () => {
    const a = key((i) => i * 7 + 1);
    const b = key((i) => 255 - i * 3);
    const ring = parseKeyring(` new:${b64(a)} , old:${b64url(b)}`);
    expect(ring.current).toBe('new');
    expect(ring.keys.new).toEqual(a);
    expect(ring.keys.old).toEqual(b);
  });

  it('round-trips what generateKeyringEntry makes, and the keyring seals and opens', () => {
    const ring = parseKeyring(`${generateKeyringEntry('k2')},${generateKeyringEntry('k1')}`);
    const sealed = sealSecret(new Uint8Array([1, 2, 3]), { keyring: ring, context: 'u/f' });
    expect(openSecret(sealed, { keyring: ring, context: 'u/f' })).toEqual(
      new Uint8Array([1, 2, 3]),
    );
    expect(sealed.split('.')[1]).toBe('k2');
  });

  it.each([
    ['empty text', ''],
    ['blank text', '   '],
    ['no id', `:${b64(key((i) => i))}`],
    ['no colon', b64(key((i) => i))],
    ['short key', `k:${b64(new Uint8Array(16).fill(3))}`],
    ['not base64', 'k:@@@@'],
    ['all-zero placeholder key', `k:${b64(new Uint8Array(32))}`],
    ['one repeated byte', `k:${b64(new Uint8Array(32).fill(0x41))}`],
    ['repeated id', `k:${b64(key((i) => i))},k:${b64(key((i) => i + 9))}`],
    ['bad id characters', `k ey!:${b64(key((i) => i))}`],
    ['huge text', `k:${'A'.repeat(20_000)}`],
  ])('refuses %s with a typed error that never contains the key', (_, text) => {
    let caught: unknown;
    try {
      parseKeyring(text);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(MfaError);
    const keyText = text.split(':')[1]?.split(',')[0];
    if (keyText && keyText.length > 8) expect((caught as Error).message).not.toContain(keyText);
  });

  it('refuses non-strings as misuse', () => {
    for (const junk of [undefined, null, 42, {}, ['k:x']])
      expect(() => parseKeyring(junk as unknown as string)).toThrow(MfaError);
  });
});

describe('generateKeyringEntry', () => {
  it('draws 32 fresh bytes each time', () => {
    const a = generateKeyringEntry('k');
    const b = generateKeyringEntry('k');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^k:[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a bad id and a broken random source', () => {
    expect(() => generateKeyringEntry('no spaces')).toThrow(/id/);
    expect(() => generateKeyringEntry('k', { randomBytes: (n) => new Uint8Array(n) })).toThrow(
      /randomBytes/,
    );
    expect(() => generateKeyringEntry('k', { randomBytes: () => new Uint8Array(3) })).toThrow(
      /randomBytes/,
    );
  });
});
