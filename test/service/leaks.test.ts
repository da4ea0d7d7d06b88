/** No secret, code, token or hash of a code in any stored document or event. */
import { expect, it } from 'vitest';
import { base32Decode } from '../../src/totp.js';
import { challengeFor, enrollTotp, harness } from './harness.js';

it('stores and emits no secret, code, token or code hash', async () => {
  const h = harness();
  const secrets: string[] = [];
  const { secret, backupCodes, factorId } = await enrollTotp(h, 'u');
  secrets.push(
    secret,
    Buffer.from(base32Decode(secret)).toString('base64'),
    Buffer.from(base32Decode(secret)).toString('hex'),
  );
  secrets.push(...backupCodes, ...backupCodes.map((c) => c.replace('-', '')));

  const c = await challengeFor(h, 'u');
  secrets.push(c.challengeId, c.challengeId.split('.')[2]!);
  const code = h.code(secret);
  secrets.push(code);
  const v = await h.mfa.challenge.verify(c.challengeId, { code }, { rememberDevice: true });
  if (!v.ok || !v.deviceToken) throw new Error();
  secrets.push(v.deviceToken, v.deviceToken.split('.')[2]!);

  const sms = await h.mfa.sms.begin('u', '201-555-0123', { authenticatedAt: h.now });
  if (!sms.ok) throw new Error();
  secrets.push(h.lastSms());
  await h.mfa.sms.confirm('u', sms.factorId, h.lastSms());
  const c2 = await challengeFor(h, 'u');
  await h.mfa.challenge.sendSms(c2.challengeId, sms.factorId);
  secrets.push(h.lastSms());
  await h.mfa.challenge.verify(c2.challengeId, { backupCode: backupCodes[1]! });
  await h.mfa.removeFactor('u', factorId, { authenticatedAt: h.now });

  const stored = [...h.inner.dump().values()].map((r) => r.doc).join('\n');
  const emitted = JSON.stringify(h.events);
  for (const s of secrets) {
    expect(stored, 'document').not.toContain(s);
    expect(emitted, 'events').not.toContain(s);
  }
  // Hashes of codes stay in the document only; events carry none of its hashes.
  const doc = JSON.parse(stored);
  const hashes: string[] = [
    ...(doc.backupCodes?.hashes ?? []).filter(Boolean),
    ...doc.devices.map((d: { hash: string }) => d.hash),
  ];
  expect(hashes.length).toBeGreaterThan(0);
  for (const hash of hashes) expect(emitted).not.toContain(hash);
  expect(h.events.length).toBeGreaterThan(5);
});
