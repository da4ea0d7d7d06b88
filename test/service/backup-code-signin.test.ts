/**
 * Backup codes at sign-in against a flood: each attempt is counted (and stored) before its slow
 * KDF runs, so however many arrive at once no more derivations run than the lockout allows; one
 * derivation per attempt, retries included; a success undoes the failure counted for it.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryStore } from '../../src/service.js';
import { challengeFor, enrollTotp, harness, latencyStore } from './harness.js';

const kdf = vi.hoisted(() => ({ runs: 0 }));
vi.mock('../../src/backup-codes/backup-codes.js', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../../src/backup-codes/backup-codes.js')>();
  return {
    ...mod,
    deriveBackupCodeHash: (...args: Parameters<typeof mod.deriveBackupCodeHash>) => {
      kdf.runs++;
      return mod.deriveBackupCodeHash(...args);
    },
  };
});

beforeEach(() => {
  kdf.runs = 0;
});

/** A well-formed code of the set (its real slot label) that is not the code. */
function wrongButWellFormed(code: string): string {
  const last = code.at(-1)!;
  return code.slice(0, -1) + (last === 'Z' ? 'Y' : 'Z');
}

describe('backup codes at sign-in', () => {
  it('50 concurrent wrong codes: no more derivations than the lockout allows, each counted', async () => {
    const inner = memoryStore();
    const h = harness({ store: latencyStore(inner) });
    const { backupCodes } = await enrollTotp(h, 'u');
    const c = await challengeFor(h, 'u');
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        h.mfa.challenge.verify(c.challengeId, {
          backupCode: wrongButWellFormed(backupCodes[i % backupCodes.length]!),
        }),
      ),
    );
    const codes = results.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes).not.toContain('ok');
    expect(codes).not.toContain('conflict');
    const threshold = 6; // the default: six wrong codes lock
    const failures = JSON.parse(inner.dump().get('u')!.doc).lockout.failures;
    expect(kdf.runs).toBeGreaterThan(0);
    expect(kdf.runs).toBeLessThanOrEqual(threshold);
    expect(failures).toBe(kdf.runs);
  });

  it('a right code: one derivation, and the failure counted before it is undone', async () => {
    const h = harness();
    const { backupCodes } = await enrollTotp(h, 'u');
    const c = await challengeFor(h, 'u');
    h.store.reset();
    expect(
      await h.mfa.challenge.verify(c.challengeId, { backupCode: backupCodes[3]! }),
    ).toMatchObject({ ok: true, backupCodesRemaining: 9 });
    expect(kdf.runs).toBe(1);
    expect(h.store.counts).toEqual({ load: 2, save: 2 });
    const lockout = JSON.parse(h.inner.dump().get('u')!.doc).lockout;
    expect(lockout.failures).toBe(0);
    expect(lockout.budgetAt).toBe(0); // nothing charged for a right code
  });

  it('10 racing uses of one code on a 1–5 ms store: one success, one derivation per attempt', async () => {
    const inner = memoryStore();
    const h = harness({
      store: latencyStore(inner),
      lockout: { threshold: 100, budget: { burst: 100 } },
    });
    const { backupCodes } = await enrollTotp(h, 'u');
    const challenges = [];
    for (let i = 0; i < 10; i++) challenges.push(await challengeFor(h, 'u'));
    const results = await Promise.all(
      challenges.map((c) => h.mfa.challenge.verify(c.challengeId, { backupCode: backupCodes[0]! })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).not.toContain('conflict');
    expect(kdf.runs).toBeLessThanOrEqual(10);
  });

  it('malformed input and a spent or unknown slot cost no derivation, but count', async () => {
    const h = harness();
    const { backupCodes } = await enrollTotp(h, 'u');
    const c = await challengeFor(h, 'u');
    await h.mfa.challenge.verify(c.challengeId, { backupCode: backupCodes[0]! });
    const c2 = await challengeFor(h, 'u');
    kdf.runs = 0;
    const used = new Set(backupCodes.map((code) => code.slice(0, 2)));
    const free = ['ZZ', 'ZY', 'YZ', 'YY', 'XX', 'WW', 'VV', 'TT', 'SS', 'RR', 'QQ'].find(
      (slot) => !used.has(slot),
    )!;
    for (const junk of ['', 'nope', backupCodes[0]!, `${free}ZZ-ZZZZ-ZZZZ-ZZZZ`, 42 as never])
      expect(await h.mfa.challenge.verify(c2.challengeId, { backupCode: junk })).toEqual({
        ok: false,
        error: { code: 'invalid_code' },
      });
    expect(kdf.runs).toBe(0);
    expect(JSON.parse(h.inner.dump().get('u')!.doc).lockout.failures).toBe(5);
  });
});
