import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import legacy from './legacy-v1.json' with { type: 'json' };

// Count scrypt derivations (sync and async) while keeping the real implementation.
const calls = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/backup-codes/scrypt.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/backup-codes/scrypt.js')>();
  return {
    ...real,
    scryptSync: (...args: Parameters<typeof real.scryptSync>) => {
      calls.count++;
      return real.scryptSync(...args);
    },
    scryptDerive: (...args: Parameters<typeof real.scryptDerive>) => {
      calls.count++;
      return real.scryptDerive(...args);
    },
  };
});

const {
  assertBackupCodeSet,
  backupCodesRemaining,
  deriveBackupCodeHash,
  formatBackupCodesText,
  generateBackupCodes,
  hashBackupCodes,
  hashBackupCodesAsync,
  matchBackupCode,
  normalizeBackupCode,
  prepareBackupCodeAttempt,
  verifyBackupCode,
  verifyBackupCodeAsync,
} = await import('../../src/backup-codes.js');
type BackupCodeSet = import('../../src/backup-codes.js').BackupCodeSet;
type SlottedBackupCodeSet = import('../../src/backup-codes.js').SlottedBackupCodeSet;

const cheap = { cost: { N: 1024, r: 8, p: 1 } }; // fast for tests; the default is 8× slower
const cheapCap = { maxCost: cheap.cost };
const CODE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

beforeEach(() => {
  calls.count = 0;
});

describe('generateBackupCodes', () => {
  it('makes ten distinct XXXX-XXXX-XXXX-XXXX codes with distinct slot labels, no look-alikes', () => {
    const codes = generateBackupCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(new Set(codes.map((c) => c.slice(0, 2))).size).toBe(10);
    for (const code of codes) expect(code).toMatch(CODE);
  });

  it('attack: offline search of a stolen set — at least 64 random bits after the public slot', () => {
    // 14 symbols of a 32-letter alphabet after the 2-symbol slot: 70 bits (rev 4 asks ≥ 64).
    const codes = generateBackupCodes({ count: 100 });
    const random = codes.map((c) => normalizeBackupCode(c).slice(2));
    for (const r of random) expect(r.length * 5).toBeGreaterThanOrEqual(64);
    expect(new Set(random.join('')).size).toBe(32); // every symbol in use: 5 bits each
    // Every position varies: none is a constant hiding in the code.
    for (let i = 0; i < 14; i++) expect(new Set(random.map((r) => r[i])).size).toBeGreaterThan(8);
  });

  it('attack: a stuck randomness source ends in a typed error after a bounded number of draws', () => {
    for (const fill of [0x00, 0xff]) {
      let draws = 0;
      const stuck = (n: number) => {
        draws++;
        return new Uint8Array(n).fill(fill);
      };
      expect(() => generateBackupCodes({ count: 3, randomBytes: stuck })).toThrow(
        expect.objectContaining({ code: 'ERR_MFA_INVALID_ARGUMENT', argument: 'opts.randomBytes' }),
      );
      expect(draws).toBeLessThanOrEqual(3 * 4 + 16);
    }
  });

  it('refuses a count out of range', () => {
    for (const count of [0, 101, 1.5, Number.NaN, '10']) {
      expect(() => generateBackupCodes({ count: count as number })).toThrow(/opts\.count/);
    }
  });
});

describe('normalizeBackupCode', () => {
  it('is idempotent and undoes case, separators and look-alikes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        expect(normalizeBackupCode(normalizeBackupCode(s))).toBe(normalizeBackupCode(s));
      }),
    );
    expect(normalizeBackupCode(' k7qm-2xw9 dah3-zpnb ')).toBe('K7QM2XW9DAH3ZPNB');
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
      expect(stored).not.toContain(normalizeBackupCode(code).slice(2));
    }
    for (const [i, code] of codes.entries()) {
      const result = verifyBackupCode(set, code, cheapCap);
      expect(result).toMatchObject({ ok: true, index: i, remaining: codes.length - i - 1 });
      if (!result.ok) return;
      expect(verifyBackupCode(result.set, code, cheapCap)).toEqual({ ok: false });
      set = result.set;
    }
    expect(backupCodesRemaining(set)).toBe(0);
  });

  it('attack: one cracked salt does not serve the others — a salt per code', () => {
    const set = hashBackupCodes(generateBackupCodes({ count: 10 }), cheap) as SlottedBackupCodeSet;
    expect(set.version).toBe(2);
    expect(set.salts).toHaveLength(10);
    expect(new Set(set.salts).size).toBe(10);
    expect(set).not.toHaveProperty('salt');
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

  it('accepts what people type: lower case, no hyphens, spaces, O for 0 and I/L for 1', () => {
    const set = hashBackupCodes(['K701-2XW9-DAH3-ZPNB'], cheap);
    for (const typed of [
      'k7o1 2xw9 dah3 zpnb',
      'K7OI-2XW9-DAH3-ZPNB',
      'k7ol2xw9dah3zpnb',
      ' K701-2XW9-DAH3-ZPNB\n',
    ]) {
      expect(verifyBackupCode(set, typed, cheapCap).ok, typed).toBe(true);
    }
  });

  it('never accepts a code of another set, nor the right random part under another slot', () => {
    const a = generateBackupCodes({ count: 3 });
    const b = generateBackupCodes({ count: 3 });
    const setB = hashBackupCodes(b, cheap);
    for (const code of a) expect(verifyBackupCode(setB, code, cheapCap)).toEqual({ ok: false });
    const swapped = b[1]!.slice(0, 2) + b[0]!.slice(2);
    expect(verifyBackupCode(setB, swapped, cheapCap)).toEqual({ ok: false });
  });

  it('costs at most one derivation per attempt, and none for input that names no live slot', () => {
    for (const count of [1, 5, 10, 20]) {
      const codes = generateBackupCodes({ count });
      const set = hashBackupCodes(codes, cheap);
      const slot = codes[count - 1]!.slice(0, 2);
      for (const [input, kdfs] of [
        [codes[count - 1]!, 1],
        [`${slot}ZZ-ZZZZ-ZZZZ-ZZZZ`, 1],
        ['WRONG-CODE1', 0],
        ['junk', 0],
        ['', 0],
        ['UU00-0000-0000-0000', 0],
      ] as const) {
        calls.count = 0;
        verifyBackupCode(set, input, cheapCap);
        expect(calls.count, `${count} codes, input ${input}`).toBe(kdfs);
      }
    }
  });

  it('refuses a spent slot without deriving', () => {
    const codes = generateBackupCodes({ count: 2 });
    const used = verifyBackupCode(hashBackupCodes(codes, cheap), codes[0]!, cheapCap);
    if (!used.ok) throw new Error('first use failed');
    calls.count = 0;
    expect(prepareBackupCodeAttempt(used.set, codes[0]!, cheapCap)).toBeUndefined();
    expect(calls.count).toBe(0);
  });

  it('uses a pepper when given, and insists on it', () => {
    const pepper = new Uint8Array(32).fill(5);
    const [code] = generateBackupCodes({ count: 1 });
    const set = hashBackupCodes([code!], { ...cheap, pepper });
    expect(set.peppered).toBe(true);
    expect(verifyBackupCode(set, code!, { pepper, ...cheapCap }).ok).toBe(true);
    expect(verifyBackupCode(set, code!, { pepper: new Uint8Array(32), ...cheapCap }).ok).toBe(
      false,
    );
    expect(() => verifyBackupCode(set, code!, cheapCap)).toThrow(/opts\.pepper/);
    expect(() => verifyBackupCode(set, 'junk', cheapCap)).toThrow(/opts\.pepper/);
  });

  it('has async twins that agree with the sync functions', async () => {
    const codes = generateBackupCodes({ count: 2 });
    const set = await hashBackupCodesAsync(codes, cheap);
    const result = await verifyBackupCodeAsync(set, codes[1]!.toLowerCase(), cheapCap);
    expect(result).toMatchObject({ ok: true, index: 1, remaining: 1 });
    expect(verifyBackupCode(set, codes[0]!, cheapCap).ok).toBe(true);
    const syncSet = hashBackupCodes(codes, cheap);
    expect((await verifyBackupCodeAsync(syncSet, codes[0]!, cheapCap)).ok).toBe(true);
  });

  it('defaults to scrypt N=2^13, r=8, p=1 and records the cost in the set', async () => {
    const codes = generateBackupCodes({ count: 1 });
    const set = await hashBackupCodesAsync(codes);
    expect(set.kdf).toEqual({ name: 'scrypt', N: 8192, r: 8, p: 1 });
    expect((await verifyBackupCodeAsync(set, codes[0]!)).ok).toBe(true);
  });

  it('refuses codes it did not make: old 10-symbol codes, junk, repeated slots', () => {
    for (const bad of [
      ['01234-56789'],
      ['junk'],
      ['K701-2XW9-DAH3-ZPNB', 'K7ZZ-ZZZZ-ZZZZ-ZZZZ'],
      [],
    ]) {
      expect(() => hashBackupCodes(bad, cheap)).toThrow(/codes/);
    }
  });
});

describe('stored cost is capped by the configured one', () => {
  const codes = ['K701-2XW9-DAH3-ZPNB'];
  const withCost = (set: BackupCodeSet, cost: { N: number; r: number; p: number }) =>
    ({ ...set, kdf: { name: 'scrypt', ...cost } }) as BackupCodeSet;

  it('attack: a document asking for N = 2^20 (7–14 s) or r = 32, p = 16 (4 GiB) never runs', async () => {
    const set = hashBackupCodes(codes, cheap);
    for (const cost of [
      { N: 2 ** 20, r: 8, p: 1 },
      { N: 1024, r: 32, p: 16 },
      { N: 2 ** 14, r: 8, p: 1 },
      { N: 1024, r: 8, p: 2 },
    ]) {
      const tampered = withCost(set, cost);
      calls.count = 0;
      const started = performance.now();
      expect(prepareBackupCodeAttempt(tampered, codes[0]!)).toBeUndefined();
      expect(verifyBackupCode(tampered, codes[0]!)).toEqual({ ok: false });
      expect(await verifyBackupCodeAsync(tampered, codes[0]!)).toEqual({ ok: false });
      expect(calls.count, JSON.stringify(cost)).toBe(0);
      expect(performance.now() - started).toBeLessThan(100);
    }
  });

  it('a set at or below the cap verifies; raising the cap admits a costlier configured set', () => {
    const set = hashBackupCodes(codes, { cost: { N: 2048, r: 8, p: 1 } });
    expect(verifyBackupCode(set, codes[0]!, cheapCap)).toEqual({ ok: false }); // above 1024
    expect(verifyBackupCode(set, codes[0]!).ok).toBe(true); // default cap 2^13
  });
});

describe('prepare → derive → match', () => {
  it('runs exactly one KDF, in derive, and match is pure', async () => {
    const codes = generateBackupCodes({ count: 3 });
    const set = await hashBackupCodesAsync(codes, cheap);
    const before = JSON.stringify(set);
    calls.count = 0;
    const attempt = prepareBackupCodeAttempt(set, codes[2]!, cheapCap)!;
    expect(calls.count).toBe(0);
    expect(attempt).toMatchObject({ version: 2, slot: 2, cost: cheap.cost, peppered: false });
    const hash = await deriveBackupCodeHash(attempt);
    expect(calls.count).toBe(1);
    const result = matchBackupCode(set, attempt, hash);
    expect(result).toMatchObject({ ok: true, index: 2, remaining: 2 });
    expect(JSON.stringify(set)).toBe(before); // the input set is untouched
    if (!result.ok) return;
    expect(result.set.hashes[2]).toBeNull();
    expect(matchBackupCode(result.set, attempt, hash)).toEqual({ ok: false }); // spent meanwhile
    expect(calls.count).toBe(1);
  });

  it('an attempt never shows its code, and a forged attempt is refused', async () => {
    const codes = generateBackupCodes({ count: 1 });
    const set = hashBackupCodes(codes, cheap);
    const attempt = prepareBackupCodeAttempt(set, codes[0]!, cheapCap)!;
    const shown = JSON.stringify(attempt) + String(Object.values(attempt));
    expect(shown).not.toContain(normalizeBackupCode(codes[0]!).slice(2));
    expect(() => deriveBackupCodeHash({ ...attempt })).toThrow(/attempt/);
  });

  it('an attempt against a set regenerated meanwhile does not match, even with the same code', async () => {
    const codes = generateBackupCodes({ count: 2 });
    const old = hashBackupCodes(codes, cheap);
    const regenerated = hashBackupCodes(codes, cheap); // same codes, new salts
    const attempt = prepareBackupCodeAttempt(old, codes[0]!, cheapCap)!;
    const hash = await deriveBackupCodeHash(attempt);
    expect(matchBackupCode(regenerated, attempt, hash)).toEqual({ ok: false });
    expect(matchBackupCode(old, attempt, hash).ok).toBe(true);
  });

  it('refuses a hash of the wrong size and a junk attempt with typed errors', () => {
    const set = hashBackupCodes(generateBackupCodes({ count: 1 }), cheap);
    const attempt = prepareBackupCodeAttempt(
      set,
      `${(set as SlottedBackupCodeSet).slots[0]}ZZ-ZZZZ-ZZZZ-ZZZZ`,
      cheapCap,
    )!;
    expect(() => matchBackupCode(set, attempt, new Uint8Array(15))).toThrow(/hash/);
    expect(() => matchBackupCode(set, null as never, new Uint8Array(16))).toThrow(/attempt/);
    expect(matchBackupCode(set, { ...attempt, slot: 7 }, new Uint8Array(16))).toEqual({
      ok: false,
    });
  });
});

describe('sets stored by mfa-kit 0.1 (version 1, one salt per set)', () => {
  const pepper = new Uint8Array(32).fill(7);

  it('old codes verify once each, sync, async and in three steps, and the set stays version 1', async () => {
    let set = legacy.plain as BackupCodeSet;
    for (const [i, code] of legacy.codes.entries()) {
      calls.count = 0;
      const attempt = prepareBackupCodeAttempt(set, code, cheapCap)!;
      expect(attempt).toMatchObject({ version: 1, slot: -1 });
      const result = matchBackupCode(set, attempt, await deriveBackupCodeHash(attempt));
      expect(calls.count).toBe(1);
      expect(result).toMatchObject({ ok: true, index: i, remaining: 2 - i });
      if (!result.ok) return;
      expect(result.set.version).toBe(1);
      expect(verifyBackupCode(result.set, code, cheapCap)).toEqual({ ok: false });
      set = result.set;
    }
    expect(
      verifyBackupCode(legacy.plain as BackupCodeSet, legacy.codes[1]!.toLowerCase(), cheapCap).ok,
    ).toBe(true);
    expect(
      (
        await verifyBackupCodeAsync(legacy.peppered as BackupCodeSet, legacy.codes[2]!, {
          pepper,
          ...cheapCap,
        })
      ).ok,
    ).toBe(true);
    expect(
      verifyBackupCode(legacy.peppered as BackupCodeSet, legacy.codes[2]!, {
        pepper: new Uint8Array(32),
        ...cheapCap,
      }).ok,
    ).toBe(false);
    expect(backupCodesRemaining(legacy.plain as BackupCodeSet)).toBe(3);
  });

  it('new-format input against an old set, and old input against a new set, cost nothing', () => {
    const fresh = hashBackupCodes(generateBackupCodes({ count: 1 }), cheap);
    calls.count = 0;
    expect(
      prepareBackupCodeAttempt(legacy.plain as BackupCodeSet, 'K701-2XW9-DAH3-ZPNB', cheapCap),
    ).toBeUndefined();
    expect(prepareBackupCodeAttempt(fresh, legacy.codes[0]!, cheapCap)).toBeUndefined();
    expect(calls.count).toBe(0);
  });
});

describe('a stored set is input: corrupted sets give typed errors naming the field', () => {
  const set = hashBackupCodes(
    ['K701-2XW9-DAH3-ZPNB', 'H3ZP-N0B4-RTC8-VEWJ'],
    cheap,
  ) as SlottedBackupCodeSet;
  const cases: [unknown, RegExp][] = [
    [null, /^set must be/],
    [[], /^set must be/],
    [{ ...set, version: 3 }, /^set\.version/],
    [{ ...set, kdf: null }, /^set\.kdf/],
    [{ ...set, kdf: { ...set.kdf, name: 'argon2' } }, /^set\.kdf/],
    [{ ...set, kdf: { ...set.kdf, N: 1000 } }, /^set\.kdf\.N/],
    [{ ...set, kdf: { ...set.kdf, N: 2 ** 30 } }, /^set\.kdf\.N/],
    [{ ...set, kdf: { ...set.kdf, r: Number.NaN } }, /^set\.kdf\.r/],
    [{ ...set, peppered: 'no' }, /^set\.peppered/],
    [{ ...set, hashes: [] }, /^set\.hashes/],
    [{ ...set, hashes: ['nope', null] }, /^set\.hashes\[0\]/],
    [{ ...set, hashes: [null, 7] }, /^set\.hashes\[1\]/],
    [{ ...set, salts: [set.salts[0]] }, /^set\.salts/],
    [{ ...set, salts: [set.salts[0], 'short'] }, /^set\.salts\[1\]/],
    [{ ...set, slots: ['K7', 'K7'] }, /^set\.slots/],
    [{ ...set, slots: ['K7', 'U1'] }, /^set\.slots\[1\]/],
    [{ ...set, slots: null }, /^set\.slots/],
    [{ ...set, version: 1 }, /^set\.salt /],
  ];

  it.each(cases)('%j', (broken, message) => {
    expect(() => verifyBackupCode(broken as never, 'K701-2XW9-DAH3-ZPNB', cheapCap)).toThrow(
      message,
    );
    expect(() =>
      prepareBackupCodeAttempt(broken as never, 'K701-2XW9-DAH3-ZPNB', cheapCap),
    ).toThrow(message);
    expect(() => backupCodesRemaining(broken as never)).toThrow(message);
    expect(() => assertBackupCodeSet(broken, 'backupCodes')).toThrow(
      new RegExp(message.source.replace('^set', '^backupCodes')),
    );
  });
});

describe('formatBackupCodesText', () => {
  it('lists issuer, account, date, numbered codes and an instruction', () => {
    const text = formatBackupCodesText({
      codes: ['K701-2XW9-DAH3-ZPNB', 'H3ZP-N0B4-RTC8-VEWJ'],
      issuer: 'Acme',
      account: 'alice@example.com',
      createdAt: Date.UTC(2026, 10, 23),
    });
    expect(text.split('\r\n')).toEqual([
      'Acme backup codes',
      'Account: alice@example.com',
      'Created: 2026-11-23',
      '',
      '1. K701-2XW9-DAH3-ZPNB',
      '2. H3ZP-N0B4-RTC8-VEWJ',
      '',
      'Each code works once. Use one to sign in if you lose your phone; keep this file somewhere safe.',
      '',
    ]);
  });

  it('keeps names from adding lines', () => {
    const text = formatBackupCodesText({
      codes: ['K701-2XW9-DAH3-ZPNB'],
      issuer: 'Acme\nEvil',
      account: 'a\r\nb',
      createdAt: 0,
    });
    expect(text.split('\r\n')[0]).toBe('Acme Evil backup codes');
  });
});
