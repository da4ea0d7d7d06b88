/** createMfa reports every bad option at once; service methods refuse misuse with typed errors. */
import { describe, expect, it } from 'vitest';
import { InvalidConfigError, MfaError } from '../../src/index.js';
import { createMfa, memoryStore } from '../../src/service.js';
import { challengeFor, enrollTotp, harness } from './harness.js';

const keyring = { current: 'k1', keys: { k1: Uint8Array.from({ length: 32 }, (_, i) => i) } };

describe('createMfa options', () => {
  it('refuses a keyring holding a placeholder key of one repeated byte, naming it, never printing it', () => {
    const random = crypto.getRandomValues(new Uint8Array(32));
    for (const placeholder of [new Uint8Array(32), new Uint8Array(32).fill(7)]) {
      try {
        createMfa({
          store: memoryStore(),
          keyring: { current: 'now', keys: { now: random, old: placeholder } },
          issuer: 'Acme',
        });
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(InvalidConfigError);
        const issues = (err as InvalidConfigError).issues;
        expect(issues.map((i) => i.path)).toEqual(['keyring.keys.old']);
        expect(issues[0]!.message).toMatch(/placeholder/);
        expect(String((err as Error).message)).not.toMatch(/0,0,0|7,7,7|AAAA/);
      }
    }
    expect(() =>
      createMfa({
        store: memoryStore(),
        keyring: { current: 'k', keys: { k: random } },
        issuer: 'Acme',
      }),
    ).not.toThrow();
  });

  it('reports every problem in one InvalidConfigError', () => {
    try {
      createMfa({
        store: {} as never,
        keyring: { current: 'x', keys: { x: new Uint8Array(16) } },
        issuer: '',
        sms: { sender: {} as never, allowedCountries: ['ZZ'] },
        policy: { enforcement: 'sometimes' as never },
        lockout: { threshold: 0 },
        onEvent: 'log' as never,
        ttl: { challengeMs: 5 },
        backupCodes: { pepper: new Uint8Array(4), cost: { N: 1000, r: 8, p: 1 } },
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidConfigError);
      expect((err as InvalidConfigError).issues.map((i) => i.path)).toEqual([
        'store',
        'keyring',
        'issuer',
        'sms.sender',
        'sms',
        'policy.enforcement',
        'lockout.threshold',
        'onEvent',
        'backupCodes.pepper',
        'backupCodes.cost',
        'ttl.challengeMs',
      ]);
    }
  });

  it('accepts the minimal configuration', () => {
    expect(() => createMfa({ store: memoryStore(), keyring, issuer: 'Acme' })).not.toThrow();
  });

  it('refuses SMS calls when SMS is not configured', async () => {
    const mfa = createMfa({ store: memoryStore(), keyring, issuer: 'Acme' });
    await expect(
      mfa.sms.begin('u', '+12015550123', { authenticatedAt: Date.now() }),
    ).rejects.toThrow(/sms/);
  });

  it('checks what a policy function returns', async () => {
    const mfa = createMfa({
      store: memoryStore(),
      keyring,
      issuer: 'Acme',
      policy: () => ({ enforcement: 'maybe' }) as never,
    });
    await expect(mfa.status('u')).rejects.toBeInstanceOf(InvalidConfigError);
  });
});

describe('hostile input to the service', () => {
  const HOSTILE: unknown[] = [
    undefined,
    null,
    '',
    42,
    {},
    [],
    'x'.repeat(10_000),
    Symbol('s'),
    () => 1,
  ];

  it('refuses bad user ids with a typed error', async () => {
    const h = harness();
    for (const bad of HOSTILE) {
      await expect(h.mfa.status(bad as never), String(typeof bad)).rejects.toBeInstanceOf(MfaError);
      await expect(h.mfa.challenge.start(bad as never)).rejects.toBeInstanceOf(MfaError);
    }
  });

  it('answers forged challenge ids and device tokens as expired or untrusted, never with a crash', async () => {
    const h = harness();
    const { secret } = await enrollTotp(h, 'u');
    const real = await challengeFor(h, 'u');
    const [prefix, user] = real.challengeId.split('.');
    const forged = [
      ...HOSTILE,
      `${prefix}.${user}.AAAAAAAAAAAAAAAAAAAAAA`,
      `${prefix}.${user}`,
      `${prefix}.@@@.AAAA`,
      'mfac1..',
      real.challengeId.replace(prefix!, 'mfad1'),
      // One changed character anywhere in a real id.
      ...[6, 12, real.challengeId.length - 1].map(
        (i) =>
          real.challengeId.slice(0, i) +
          (real.challengeId[i] === 'A' ? 'B' : 'A') +
          real.challengeId.slice(i + 1),
      ),
    ];
    for (const id of forged) {
      expect(await h.mfa.challenge.verify(id as never, { code: h.code(secret) })).toEqual({
        ok: false,
        error: { code: 'expired' },
      });
      const started = await h.mfa.challenge.start('u', { deviceToken: id as never });
      expect('required' in started && started.required).toBe(true);
    }
  });

  it('treats hostile codes as wrong codes', async () => {
    const h = harness({ lockout: { threshold: 100, budget: { burst: 1000 } } });
    await enrollTotp(h, 'u');
    const c = await challengeFor(h, 'u');
    for (const code of HOSTILE) {
      expect(await h.mfa.challenge.verify(c.challengeId, { code: code as never })).toEqual({
        ok: false,
        error: { code: 'invalid_code' },
      });
      expect(await h.mfa.challenge.verify(c.challengeId, { backupCode: code as never })).toEqual({
        ok: false,
        error: { code: 'invalid_code' },
      });
    }
  });

  it('refuses a bad authenticatedAt and answers a stale one with reauth_required', async () => {
    const h = harness();
    await expect(
      h.mfa.totp.begin('u', { accountName: 'u', authenticatedAt: 'yesterday' as never }),
    ).rejects.toThrow(/authenticatedAt/);
    expect(
      await h.mfa.totp.begin('u', { accountName: 'u', authenticatedAt: h.now + 3_600_000 }),
    ).toEqual({ ok: false, error: { code: 'reauth_required' } });
  });

  it('refuses a corrupted stored document rather than reading it as empty', async () => {
    const h = harness();
    await h.inner.save('u', '{"schema":99}', null);
    await expect(h.mfa.status('u')).rejects.toThrow(/stored document/);
  });
});
