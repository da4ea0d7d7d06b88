import { describe, expect, it } from 'vitest';
import { readChallengeAnswer } from '../../src/web.js';
import { challengeFor, enrollTotp, harness } from '../service/harness.js';

describe('readChallengeAnswer', () => {
  it('a code, with or without a factor, or a backup code (which wins)', () => {
    expect(readChallengeAnswer({ code: ' 123 456 ' })).toEqual({
      answer: { code: '123 456' },
      options: { rememberDevice: false },
    });
    expect(readChallengeAnswer({ code: '123456', factorId: 'f_1', remember: true })).toEqual({
      answer: { code: '123456', factorId: 'f_1' },
      options: { rememberDevice: true },
    });
    expect(readChallengeAnswer({ code: '1', backupCode: 'abcde-fghij' })?.answer).toEqual({
      backupCode: 'abcde-fghij',
    });
  });

  it('reads forms: URLSearchParams and FormData, checkbox values', () => {
    const form = new URLSearchParams('code=123456&remember=on');
    expect(readChallengeAnswer(form)).toEqual({
      answer: { code: '123456' },
      options: { rememberDevice: true },
    });
    const data = new FormData();
    data.set('backupCode', 'x');
    data.set('remember', 'TRUE');
    expect(readChallengeAnswer(data)).toEqual({
      answer: { backupCode: 'x' },
      options: { rememberDevice: true },
    });
    for (const off of ['off', 'false', '0', '', 'no'])
      expect(readChallengeAnswer({ code: '1', remember: off })?.options.rememberDevice).toBe(false);
  });

  it('nothing usable is no answer, not a wrong code', () => {
    for (const body of [
      {},
      { code: '' },
      { code: '   ' },
      { code: ['1', '2'] },
      { code: { $ne: 1 } },
      { code: 123456 },
      { code: 'x'.repeat(65) },
      { backupCode: null, code: undefined },
      JSON.parse('{"__proto__": {"code": "123456"}}'),
      Object.create({ code: '123456' }), // inherited, not posted
    ])
      expect(readChallengeAnswer(body)).toBeUndefined();
    // A junk factorId is dropped; the code is still tried against every app.
    expect(readChallengeAnswer({ code: '1', factorId: { a: 1 } })?.answer).toEqual({ code: '1' });
  });

  it('feeds challenge.verify directly, so a hostile body never becomes a 500', async () => {
    const h = harness();
    const { secret, backupCodes } = await enrollTotp(h, 'dave');
    const c1 = await challengeFor(h, 'dave');
    const junk = readChallengeAnswer({
      backupCode: { toString: 1 },
      code: h.code(secret),
      remember: 'on',
    });
    const ok = await h.mfa.challenge.verify(c1.challengeId, junk!.answer, junk!.options);
    expect(ok).toMatchObject({ ok: true });
    expect(ok.ok && ok.deviceToken).toBeTruthy();
    const c2 = await challengeFor(h, 'dave');
    const backup = readChallengeAnswer(new URLSearchParams({ backupCode: backupCodes[0]! }));
    expect(await h.mfa.challenge.verify(c2.challengeId, backup!.answer)).toMatchObject({
      ok: true,
    });
  });
});
