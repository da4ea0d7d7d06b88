/** Uncontended, every flow is one load and at most one save. */
import { expect, it } from 'vitest';
import { challengeFor, enrollTotp, harness } from './harness.js';

it('costs one load and at most one save per call', async () => {
  const h = harness();
  const measured: Record<string, { load: number; save: number }> = {};
  const measure = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    h.store.reset();
    const result = await run();
    measured[name] = { ...h.store.counts };
    return result;
  };

  await measure('status (new user)', () => h.mfa.status('u'));
  await measure('challenge.start (not enrolled)', () => h.mfa.challenge.start('u'));
  const begun = await measure('totp.begin', () =>
    h.mfa.totp.begin('u', { accountName: 'u', authenticatedAt: h.now }),
  );
  if (!begun.ok) throw new Error();
  await measure('totp.confirm', () =>
    h.mfa.totp.confirm('u', begun.factorId, h.code(begun.secret)),
  );
  h.advance(30_000);
  const c = await measure('challenge.start', () => h.mfa.challenge.start('u'));
  if (!('challengeId' in c)) throw new Error();
  await measure('challenge.verify (wrong)', () =>
    h.mfa.challenge.verify(c.challengeId, { code: '000000' }),
  );
  const v = await measure('challenge.verify (right, remember)', () =>
    h.mfa.challenge.verify(c.challengeId, { code: h.code(begun.secret) }, { rememberDevice: true }),
  );
  if (!v.ok) throw new Error();
  await measure('challenge.start (trusted device)', () =>
    h.mfa.challenge.start('u', { deviceToken: v.deviceToken! }),
  );
  await measure('devices.list', () => h.mfa.devices.list('u'));
  await measure('backupCodes.regenerate', () =>
    h.mfa.backupCodes.regenerate('u', { authenticatedAt: h.now }),
  );
  const sms = await measure('sms.begin', () =>
    h.mfa.sms.begin('u', '201-555-0123', { authenticatedAt: h.now }),
  );
  if (!sms.ok) throw new Error();
  await measure('sms.confirm', () => h.mfa.sms.confirm('u', sms.factorId, h.lastSms()));
  const c2 = await challengeFor(h, 'u');
  await measure('challenge.sendSms', () => h.mfa.challenge.sendSms(c2.challengeId, sms.factorId));
  await measure('onPasswordChanged', () => h.mfa.onPasswordChanged('u'));
  await measure('status', () => h.mfa.status('u'));

  for (const [name, counts] of Object.entries(measured)) {
    expect(counts.load, name).toBe(1);
    expect(counts.save, name).toBeLessThanOrEqual(1);
  }
  expect(measured.status).toEqual({ load: 1, save: 0 });
  expect(measured['challenge.verify (right, remember)']).toEqual({ load: 1, save: 1 });
  // Stateless challenge ids: starting a sign-in writes nothing, with or without a remembered device.
  expect(measured['challenge.start']).toEqual({ load: 1, save: 0 });
  expect(measured['challenge.start (trusted device)']).toEqual({ load: 1, save: 0 });
  expect(measured['challenge.verify (wrong)']).toEqual({ load: 1, save: 1 });
});

it('a second factor starts only one enrollment at a time per call, whatever the retries', async () => {
  const h = harness();
  await enrollTotp(h, 'v');
  h.store.reset();
  await h.mfa.totp.begin('v', { accountName: 'v', authenticatedAt: h.now });
  expect(h.store.counts).toEqual({ load: 1, save: 1 });
});
