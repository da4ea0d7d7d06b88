/** Racing calls: one code accepted once, one backup code used once, no lost update. */
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/service.js';
import { challengeFor, enrollTotp, harness } from './harness.js';

describe('racing calls', () => {
  it('20 racing verifications of one code on one challenge: exactly one success', async () => {
    const h = harness();
    const { secret } = await enrollTotp(h, 'u');
    const c = await challengeFor(h, 'u');
    const code = h.code(secret);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => h.mfa.challenge.verify(c.challengeId, { code })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results) if (!r.ok) expect(['expired', 'conflict']).toContain(r.error.code);
  });

  it('20 racing verifications of one code on 20 challenges: exactly one success', async () => {
    const h = harness({ lockout: { threshold: 100, budget: { burst: 100 } } });
    const { secret } = await enrollTotp(h, 'u');
    const challenges = [];
    for (let i = 0; i < 20; i++) challenges.push(await challengeFor(h, 'u'));
    const code = h.code(secret);
    const results = await Promise.all(
      challenges.map((c) => h.mfa.challenge.verify(c.challengeId, { code })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it('10 racing uses of one backup code: exactly one', async () => {
    const h = harness({ lockout: { threshold: 100, budget: { burst: 100 } } });
    const { backupCodes } = await enrollTotp(h, 'u');
    const challenges = [];
    for (let i = 0; i < 10; i++) challenges.push(await challengeFor(h, 'u'));
    const results = await Promise.all(
      challenges.map((c) => h.mfa.challenge.verify(c.challengeId, { backupCode: backupCodes[0]! })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect((await h.mfa.status('u')).backupCodesRemaining).toBe(9);
  });

  it('racing wrong codes are all counted', async () => {
    const h = harness({ lockout: { threshold: 50, budget: { burst: 100 } } });
    await enrollTotp(h, 'u');
    const c = await challengeFor(h, 'u');
    const results = await Promise.all(
      Array.from({ length: 12 }, () => h.mfa.challenge.verify(c.challengeId, { code: '000000' })),
    );
    const refused = results.filter((r) => !r.ok && r.error.code === 'invalid_code').length;
    const stored = JSON.parse(h.inner.dump().get('u')!.doc);
    expect(stored.lockout.failures).toBe(refused);
    expect(refused).toBeGreaterThan(0);
    expect(results.every((r) => !r.ok && ['invalid_code', 'conflict'].includes(r.error.code))).toBe(
      true,
    );
  });

  it('five racing totp.begin calls: each ok or conflict, and every ok one can be confirmed', async () => {
    const h = harness();
    const begun = await Promise.all(
      Array.from({ length: 5 }, () =>
        h.mfa.totp.begin('u', { accountName: 'u@example.com', authenticatedAt: h.now }),
      ),
    );
    for (const b of begun) if (!b.ok) expect(b.error.code).toBe('conflict');
    const ok = begun.filter((b) => b.ok);
    expect(ok.length).toBeGreaterThan(0);
    for (const b of ok) {
      if (!b.ok) continue;
      h.advance(30_000);
      expect(await h.mfa.totp.confirm('u', b.factorId, h.code(b.secret))).toMatchObject({
        ok: true,
      });
    }
    expect((await h.mfa.status('u')).factors).toHaveLength(ok.length);
  });

  it('racing enrollment and sign-out everywhere lose nothing', async () => {
    const h = harness();
    const { secret } = await enrollTotp(h, 'u');
    const c = await challengeFor(h, 'u');
    const [verified, revoked, begun] = await Promise.all([
      h.mfa.challenge.verify(c.challengeId, { code: h.code(secret) }, { rememberDevice: true }),
      h.mfa.devices.revokeAll('u'),
      h.mfa.totp.begin('u', { accountName: 'u', authenticatedAt: h.now }),
    ]);
    expect(verified.ok && revoked.ok && begun.ok).toBe(true);
    const doc = JSON.parse(h.inner.dump().get('u')!.doc);
    expect(doc.pending).toHaveLength(1); // the begin survived the other writes
  });

  it('the memory store really enforces versions', async () => {
    const store = memoryStore();
    expect(await store.save('u', 'a', null)).toBe(true);
    expect(await store.save('u', 'b', null)).toBe(false);
    expect(await store.save('u', 'b', 2)).toBe(false);
    expect(await store.save('u', 'b', 1)).toBe(true);
    expect(await store.load('u')).toEqual({ doc: 'b', version: 2 });
  });
});
