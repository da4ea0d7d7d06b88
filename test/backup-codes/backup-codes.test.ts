import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// Count scrypt derivations while keeping the real implementation.
const calls = vi.hoisted(() => ({ count: 0 }));
vi.mock('@noble/hashes/scrypt.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('@noble/hashes/scrypt.js')>();
  return {
    ...real,
    scrypt: (...args: Parameters<typeof real.scrypt>) => {
      calls.count++;
      return real.scrypt(...args);
    },
    scryptAsync: (...args: Parameters<typeof real.scryptAsync>) => {
      calls.count++;
      return real.scryptAsync(...args);
    },
  };
});

const {
  backupCodesRemaining,
  formatBackupCodesText,
  generateBackupCodes,
  hashBackupCodes,
  hashBackupCodesAsync,
  normalizeBackupCode,
  verifyBackupCode,
  verifyBackupCodeAsync,
} = await import('../../src/backup-codes.js');

const cheap = { cost: { N: 1024, r: 8, p: 1 } }; // fast for tests; the default is 8× slower

beforeEach(() => {
  calls.count = 0;
});

describe('generateBackupCodes', () => {
  it('makes ten distinct XXXXX-XXXXX codes without look-alike characters', () => {
    const codes = generateBackupCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
  });

  it('uses every symbol of its 32-letter alphabet (5 bits per character, 50 per code)', () => {
    const seen = new Set(generateBackupCodes({ count: 100 }).join('').replace(/-/g, ''));
    expect(seen.size).toBe(32);
  });

  it('refuses a randomness source that repeats itself', () => {
    expect(() => generateBackupCodes({ count: 3, randomBytes: (n) => new Uint8Array(n) })).toThrow(
      /opts\.randomBytes/,
    );
  });
});

describe('normalizeBackupCode', () => {
  it('is idempotent and undoes case, separators and look-alikes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        expect(normalizeBackupCode(normalizeBackupCode(s))).toBe(normalizeBackupCode(s));
      }),
    );
    expect(normalizeBackupCode(' 7kq2m-xw9da ')).toBe('7KQ2MXW9DA');
    expect(normalizeBackupCode('OIL23_456.78')).toBe('0112345678');
  });
});

describe('hashBackupCodes / verifyBackupCode', () => {
  it('stores no code and verifies each code exactly once', () => {
    const codes = generateBackupCodes({ count: 5 });
    let set = hashBackupCodes(codes, cheap);
    const stored = JSON.stringify(set);
    for (const code of codes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(normalizeBackupCode(code));
    }
    for (const [i, code] of codes.entries()) {
      const result = verifyBackupCode(set, code);
      expect(result).toMatchObject({ ok: true, index: i, remaining: codes.length - i - 1 });
      if (!result.ok) return;
      expect(verifyBackupCode(result.set, code)).toEqual({ ok: false });
      set = result.set;
    }
    expect(backupCodesRemaining(set)).toBe(0);
  });

  it('property: in any order of use, each code works exactly once and never against another set', () => {
    const cheapest = { cost: { N: 1024, r: 1, p: 1 } };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.infiniteStream(fc.nat()), (count, picks) => {
        const codes = generateBackupCodes({ count });
        const other = hashBackupCodes(generateBackupCodes({ count: 2 }), cheapest);
        let set = hashBackupCodes(codes, cheapest);
        const unused = [...codes];
        const iterator = picks[Symbol.iterator]();
        while (unused.length > 0) {
          const code = unused.splice(iterator.next().value % unused.length, 1)[0]!;
          expect(verifyBackupCode(other, code)).toEqual({ ok: false });
          const result = verifyBackupCode(set, code);
          expect(result).toMatchObject({ ok: true, remaining: unused.length });
          if (!result.ok) return;
          set = result.set;
          expect(verifyBackupCode(set, code)).toEqual({ ok: false });
        }
      }),
      { numRuns: 25 },
    );
  });

  it('accepts what people type: lower case, no hyphen, spaces, O for 0 and I/L for 1', () => {
    const set = hashBackupCodes(['01234-56789'], cheap);
    for (const typed of ['o1234 56789', 'OI234-56789', '0L23456789', ' 01234-56789\n']) {
      expect(verifyBackupCode(set, typed).ok, typed).toBe(true);
    }
  });

  it('never accepts a code of another set', () => {
    const a = generateBackupCodes({ count: 3 });
    const b = generateBackupCodes({ count: 3 });
    const setB = hashBackupCodes(b, cheap);
    for (const code of a) expect(verifyBackupCode(setB, code)).toEqual({ ok: false });
  });

  it('costs exactly one derivation per attempt, however many codes remain', () => {
    for (const count of [1, 5, 10, 20]) {
      const codes = generateBackupCodes({ count });
      const set = hashBackupCodes(codes, cheap);
      for (const input of [codes[count - 1]!, 'WRONG-CODE1', 'junk', '']) {
        calls.count = 0;
        verifyBackupCode(set, input);
        expect(calls.count, `${count} codes, input ${input.length} chars`).toBe(1);
      }
    }
  });

  it('uses a pepper when given, and insists on it', () => {
    const pepper = new Uint8Array(32).fill(5);
    const set = hashBackupCodes(['01234-56789'], { ...cheap, pepper });
    expect(set.peppered).toBe(true);
    expect(verifyBackupCode(set, '01234-56789', { pepper }).ok).toBe(true);
    expect(verifyBackupCode(set, '01234-56789', { pepper: new Uint8Array(32) }).ok).toBe(false);
    expect(() => verifyBackupCode(set, '01234-56789')).toThrow(/opts\.pepper/);
  });

  it('has async twins that agree with the sync functions', async () => {
    const set = await hashBackupCodesAsync(['01234-56789', 'ABCDE-FGHJK'], cheap);
    const result = await verifyBackupCodeAsync(set, 'abcde-fghjk');
    expect(result).toMatchObject({ ok: true, index: 1, remaining: 1 });
    expect(verifyBackupCode(set, '01234-56789').ok).toBe(true);
  });

  it('defaults to scrypt N=2^13, r=8, p=1 and records the cost in the set', () => {
    const set = hashBackupCodes(['01234-56789']);
    expect(set.kdf).toEqual({ name: 'scrypt', N: 8192, r: 8, p: 1 });
    expect(verifyBackupCode(set, '01234-56789').ok).toBe(true);
  });

  it('refuses a corrupted set with a typed error', () => {
    const set = hashBackupCodes(['01234-56789'], cheap);
    for (const broken of [
      { ...set, version: 2 },
      { ...set, salt: 'short' },
      { ...set, hashes: ['nope'] },
      { ...set, hashes: [] },
      { ...set, kdf: { ...set.kdf, N: 1000 } },
      { ...set, kdf: { ...set.kdf, N: 2 ** 30 } },
      null,
    ]) {
      expect(() => verifyBackupCode(broken as never, '01234-56789')).toThrow(/set/);
    }
  });
});

describe('formatBackupCodesText', () => {
  it('lists issuer, account, date, numbered codes and an instruction', () => {
    const text = formatBackupCodesText({
      codes: ['01234-56789', 'ABCDE-FGHJK'],
      issuer: 'Acme',
      account: 'alice@example.com',
      createdAt: Date.UTC(2026, 10, 23),
    });
    expect(text.split('\r\n')).toEqual([
      'Acme backup codes',
      'Account: alice@example.com',
      'Created: 2026-11-23',
      '',
      '1. 01234-56789',
      '2. ABCDE-FGHJK',
      '',
      'Each code works once. Use one to sign in if you lose your phone; keep this file somewhere safe.',
      '',
    ]);
  });

  it('keeps names from adding lines', () => {
    const text = formatBackupCodesText({
      codes: ['01234-56789'],
      issuer: 'Acme\nEvil',
      account: 'a\r\nb',
      createdAt: 0,
    });
    expect(text.split('\r\n')[0]).toBe('Acme Evil backup codes');
  });
});
