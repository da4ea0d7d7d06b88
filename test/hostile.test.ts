/**
 * Every export of the package against hostile arguments: each call either does its job, returns
 * an expected failure, or throws an MfaError naming the argument. Never a TypeError, a RangeError
 * or a silent wrong answer.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as root from '../src/index.js';
import { parsePhone, phoneRegion } from '../src/sms.js';

// Phone parsing lives only in mfa-kit/sms (the root leaves its metadata out).
const mfa = { ...root, parsePhone, phoneRegion };

const secret = new TextEncoder().encode('12345678901234567890');
const keyring = { current: 'k1', keys: { k1: Uint8Array.from({ length: 32 }, (_, i) => i + 1) } };
const sealed = mfa.sealSecret(secret, { keyring, context: 'c' });
const cheap = { cost: { N: 1024, r: 1, p: 1 } };
const backupCode = 'K701-2XW9-DAH3-ZPNB';
const backupSet = mfa.hashBackupCodes([backupCode], cheap);
const backupAttempt = mfa.prepareBackupCodeAttempt(backupSet, backupCode)!;
const smsKey = new Uint8Array(32).fill(3);
const smsRecord = mfa.issueSmsCode({ key: smsKey, now: 0 }).record;

const HOSTILE: [string, unknown][] = [
  ['undefined', undefined],
  ['null', null],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-1', -1],
  ['1.5', 1.5],
  ['2^53', 2 ** 53],
  ['empty string', ''],
  ['string', 'abc'],
  ['long string', 'A'.repeat(100_000)],
  ['object', {}],
  ['null-prototype object', Object.create(null)],
  ['array', [1, 2, 3]],
  ['Uint16Array', new Uint16Array(20)],
  ['ArrayBuffer', new ArrayBuffer(20)],
  ['look-alike bytes', { length: 20, 0: 1, BYTES_PER_ELEMENT: 1 }],
  ['function', () => 1],
  ['bigint', 10n],
  ['negative bigint', -1n],
  ['symbol', Symbol('s')],
  ['invalid Date', new Date(Number.NaN)],
];

type Case = {
  call: (v: unknown) => unknown;
  /** The argument name an error must mention. */
  names: string;
  /** Values that are legitimately fine for this position. */
  accepts?: (v: unknown) => boolean;
  /** The position is user input: every bad value is an expected failure, returned. */
  returnsFailure?: boolean;
  /** Any value is fine here (the function makes something harmless of it). */
  total?: boolean;
};

const isUndef = (v: unknown) => v === undefined;
/** Any object is a usable options bag: unknown keys are ignored and missing ones default. */
const isOptionsBag = (v: unknown) => v === undefined || (typeof v === 'object' && v !== null);

const CASES: Record<string, Case> = {
  'base32Encode(bytes)': { call: (v) => mfa.base32Encode(v as never), names: 'bytes' },
  'base32Decode(text)': {
    call: (v) => mfa.base32Decode(v as never),
    names: 'text',
    accepts: (v) => v === '' || v === 'A'.repeat(100_000),
  },
  'generateSecret(opts)': {
    call: (v) => mfa.generateSecret(v as never),
    names: 'opts',
    accepts: isOptionsBag,
  },
  'generateSecret({ bytes })': {
    call: (v) => mfa.generateSecret({ bytes: v as never }),
    names: 'opts.bytes',
    accepts: isUndef,
  },
  'generateSecret({ randomBytes })': {
    call: (v) => mfa.generateSecret({ randomBytes: v as never }),
    names: 'opts.randomBytes',
    accepts: isUndef,
  },
  'generateHotp(secret)': { call: (v) => mfa.generateHotp(v as never, 0), names: 'secret' },
  'generateHotp(counter)': {
    call: (v) => mfa.generateHotp(secret, v as never),
    names: 'counter',
    accepts: (v) => v === 10n,
  },
  'generateHotp(opts)': {
    call: (v) => mfa.generateHotp(secret, 0, v as never),
    names: 'opts',
    accepts: isOptionsBag,
  },
  'generateHotp({ algorithm })': {
    call: (v) => mfa.generateHotp(secret, 0, { algorithm: v as never }),
    names: 'opts.algorithm',
    accepts: isUndef,
  },
  'generateHotp({ digits })': {
    call: (v) => mfa.generateHotp(secret, 0, { digits: v as never }),
    names: 'opts.digits',
    accepts: isUndef,
  },
  'verifyHotp(secret)': {
    call: (v) => mfa.verifyHotp(v as never, '123456', { counter: 0 }),
    names: 'secret',
  },
  'verifyHotp(code)': {
    call: (v) => mfa.verifyHotp(secret, v as never, { counter: 0 }),
    names: 'code',
    returnsFailure: true,
  },
  'verifyHotp(opts)': { call: (v) => mfa.verifyHotp(secret, '123456', v as never), names: 'opts' },
  'verifyHotp({ counter })': {
    call: (v) => mfa.verifyHotp(secret, '123456', { counter: v as never }),
    names: 'opts.counter',
    accepts: (v) => v === 10n,
  },
  'verifyHotp({ lookAhead })': {
    call: (v) => mfa.verifyHotp(secret, '123456', { counter: 0, lookAhead: v as never }),
    names: 'opts.lookAhead',
    accepts: isUndef,
  },
  'generateTotp(secret)': { call: (v) => mfa.generateTotp(v as never), names: 'secret' },
  'generateTotp(opts)': {
    call: (v) => mfa.generateTotp(secret, v as never),
    names: 'opts',
    accepts: isOptionsBag,
  },
  'generateTotp({ now })': {
    call: (v) => mfa.generateTotp(secret, { now: v as never }),
    names: 'opts.now',
    accepts: (v) => v === undefined || v === 1.5,
  },
  'generateTotp({ period })': {
    call: (v) => mfa.generateTotp(secret, { period: v as never }),
    names: 'opts.period',
    accepts: isUndef,
  },
  'generateTotp({ t0 })': {
    call: (v) => mfa.generateTotp(secret, { t0: v as never }),
    names: 'opts.t0',
    accepts: isUndef,
  },
  'verifyTotp(secret)': { call: (v) => mfa.verifyTotp(v as never, '123456'), names: 'secret' },
  'verifyTotp(code)': {
    call: (v) => mfa.verifyTotp(secret, v as never),
    names: 'code',
    returnsFailure: true,
  },
  'verifyTotp({ window })': {
    call: (v) => mfa.verifyTotp(secret, '123456', { window: v as never }),
    names: 'opts.window',
    accepts: isUndef,
  },
  'verifyTotp({ afterStep })': {
    call: (v) => mfa.verifyTotp(secret, '123456', { afterStep: v as never }),
    names: 'opts.afterStep',
    accepts: (v) => v === undefined || v === -1,
  },
  'buildOtpauthUri(params)': { call: (v) => mfa.buildOtpauthUri(v as never), names: 'params' },
  'buildOtpauthUri({ secret })': {
    call: (v) => mfa.buildOtpauthUri({ secret: v as never, account: 'a' }),
    names: 'params.secret',
  },
  'buildOtpauthUri({ account })': {
    call: (v) => mfa.buildOtpauthUri({ secret, account: v as never }),
    names: 'params.account',
    accepts: (v) => v === 'abc',
  },
  'buildOtpauthUri({ issuer })': {
    call: (v) => mfa.buildOtpauthUri({ secret, account: 'a', issuer: v as never }),
    names: 'params.issuer',
    accepts: (v) => v === undefined || v === 'abc',
  },
  'buildOtpauthUri({ type })': {
    call: (v) => mfa.buildOtpauthUri({ secret, account: 'a', type: v as never }),
    names: 'params.type',
    accepts: isUndef,
  },
  'buildOtpauthUri({ counter })': {
    call: (v) => mfa.buildOtpauthUri({ secret, account: 'a', type: 'hotp', counter: v as never }),
    names: 'params.counter',
    accepts: (v) => v === 10n,
  },
  'parseOtpauthUri(uri)': { call: (v) => mfa.parseOtpauthUri(v as never), names: 'uri' },
  'randomBytes(length)': { call: (v) => mfa.randomBytes(v as never), names: 'length' },
  'equalBytes(a)': { call: (v) => mfa.equalBytes(v as never, secret), names: 'a' },
  'equalBytes(b)': { call: (v) => mfa.equalBytes(secret, v as never), names: 'b' },

  'sealSecret(plaintext)': {
    call: (v) => mfa.sealSecret(v as never, { keyring, context: 'c' }),
    names: 'plaintext',
  },
  'sealSecret({ keyring })': {
    call: (v) => mfa.sealSecret(secret, { keyring: v as never, context: 'c' }),
    names: 'opts.keyring',
  },
  'sealSecret({ context })': {
    call: (v) => mfa.sealSecret(secret, { keyring, context: v as never }),
    names: 'opts.context',
    accepts: (v) => v === 'abc',
  },
  'openSecret(sealed)': {
    call: (v) => mfa.openSecret(v as never, { keyring, context: 'c' }),
    names: 'sealed',
  },
  'openSecret({ keyring })': {
    call: (v) => mfa.openSecret(sealed, { keyring: v as never, context: 'c' }),
    names: 'opts.keyring',
  },
  'needsReseal(sealed)': {
    call: (v) => mfa.needsReseal(v as never, { keyring }),
    names: 'sealed',
    total: true,
  },
  'needsReseal(opts)': { call: (v) => mfa.needsReseal(sealed, v as never), names: 'opts' },
  'assertKeyring(keyring)': { call: (v) => mfa.assertKeyring(v as never), names: 'keyring' },

  'generateBackupCodes({ count })': {
    call: (v) => mfa.generateBackupCodes({ count: v as never }),
    names: 'opts.count',
    accepts: isUndef,
  },
  'normalizeBackupCode(input)': {
    call: (v) => mfa.normalizeBackupCode(v as never),
    names: 'input',
    total: true,
  },
  'hashBackupCodes(codes)': { call: (v) => mfa.hashBackupCodes(v as never, cheap), names: 'codes' },
  'hashBackupCodes({ cost })': {
    call: (v) => mfa.hashBackupCodes([backupCode], { cost: v as never }),
    names: 'opts.cost',
    accepts: isUndef,
  },
  'hashBackupCodes({ pepper })': {
    call: (v) => mfa.hashBackupCodes([backupCode], { ...cheap, pepper: v as never }),
    names: 'opts.pepper',
    accepts: isUndef,
  },
  'hashBackupCodesAsync(codes)': {
    call: (v) => mfa.hashBackupCodesAsync(v as never, cheap),
    names: 'codes',
  },
  'verifyBackupCode(set)': {
    call: (v) => mfa.verifyBackupCode(v as never, backupCode),
    names: 'set',
  },
  'verifyBackupCode(input)': {
    call: (v) => mfa.verifyBackupCode(backupSet, v as never),
    names: 'input',
    returnsFailure: true,
  },
  'verifyBackupCodeAsync(input)': {
    call: (v) => mfa.verifyBackupCodeAsync(backupSet, v as never),
    names: 'input',
    returnsFailure: true,
  },
  'backupCodesRemaining(set)': { call: (v) => mfa.backupCodesRemaining(v as never), names: 'set' },
  'assertBackupCodeSet(set)': { call: (v) => mfa.assertBackupCodeSet(v), names: 'set' },
  'prepareBackupCodeAttempt(set)': {
    call: (v) => mfa.prepareBackupCodeAttempt(v as never, backupCode),
    names: 'set',
  },
  'prepareBackupCodeAttempt(input)': {
    call: (v) => mfa.prepareBackupCodeAttempt(backupSet, v as never),
    names: 'input',
    total: true, // any input that is not a code of the set is undefined: no attempt to derive
  },
  'prepareBackupCodeAttempt({ maxCost })': {
    call: (v) => mfa.prepareBackupCodeAttempt(backupSet, backupCode, { maxCost: v as never }),
    names: 'opts.maxCost',
    accepts: isUndef,
  },
  'deriveBackupCodeHash(attempt)': {
    call: (v) => mfa.deriveBackupCodeHash(v as never),
    names: 'attempt',
  },
  'deriveBackupCodeHash({ pepper })': {
    call: (v) => mfa.deriveBackupCodeHash(backupAttempt, { pepper: v as never }),
    names: 'opts.pepper',
    accepts: isUndef,
  },
  'matchBackupCode(attempt)': {
    call: (v) => mfa.matchBackupCode(backupSet, v as never, new Uint8Array(16)),
    names: 'attempt',
  },
  'matchBackupCode(hash)': {
    call: (v) => mfa.matchBackupCode(backupSet, backupAttempt, v as never),
    names: 'hash',
  },
  'formatBackupCodesText({ codes })': {
    call: (v) =>
      mfa.formatBackupCodesText({ codes: v as never, issuer: 'A', account: 'a', createdAt: 0 }),
    names: 'opts.codes',
  },
  'formatBackupCodesText({ createdAt })': {
    call: (v) =>
      mfa.formatBackupCodesText({ codes: ['x'], issuer: 'A', account: 'a', createdAt: v as never }),
    names: 'opts.createdAt',
    accepts: (v) => v === 1.5,
  },

  'parsePhone(input)': {
    call: (v) => mfa.parsePhone(v as never, { defaultCountry: 'US' }),
    names: 'input',
    returnsFailure: true,
  },
  'parsePhone({ defaultCountry })': {
    call: (v) => mfa.parsePhone('+12015550123', { defaultCountry: v as never }),
    names: 'opts.defaultCountry',
    accepts: isUndef,
  },
  'parsePhone({ allowedCountries })': {
    call: (v) => mfa.parsePhone('+12015550123', { allowedCountries: v as never }),
    names: 'opts.allowedCountries',
    accepts: isUndef,
  },
  'assertCountry(country)': {
    call: (v) => mfa.assertCountry(v, 'country'),
    names: 'country',
  },
  'resolvePhoneOptions(opts)': {
    call: (v) => mfa.resolvePhoneOptions(v as never),
    names: 'opts',
    accepts: isOptionsBag,
  },
  'resolvePhoneOptions({ allowNonGeographic })': {
    call: (v) => mfa.resolvePhoneOptions({ allowNonGeographic: v as never }),
    names: 'opts.allowNonGeographic',
    accepts: isUndef,
  },
  'issueSmsCode({ key })': {
    call: (v) => mfa.issueSmsCode({ key: v as never }),
    names: 'opts.key',
  },
  'issueSmsCode({ ttlMs })': {
    call: (v) => mfa.issueSmsCode({ key: smsKey, ttlMs: v as never }),
    names: 'opts.ttlMs',
    accepts: isUndef,
  },
  'verifySmsCode(record)': {
    call: (v) => mfa.verifySmsCode(v as never, '123456', { key: smsKey, now: 0 }),
    names: 'record',
  },
  'verifySmsCode(input)': {
    call: (v) => mfa.verifySmsCode(smsRecord, v as never, { key: smsKey, now: 0 }),
    names: 'input',
    returnsFailure: true,
  },
  'formatSmsMessage({ code })': {
    call: (v) => mfa.formatSmsMessage({ issuer: 'A', code: v as never }),
    names: 'opts.code',
  },
  'formatSmsMessage({ domain })': {
    call: (v) => mfa.formatSmsMessage({ issuer: 'A', code: '123456', domain: v as never }),
    names: 'opts.domain',
    accepts: isUndef,
  },
  'phoneRegion(e164)': {
    call: (v) => mfa.phoneRegion(v as never),
    names: 'e164',
    total: true, // anything that is not a valid E.164 number has no region: undefined
  },
  'resolveSmsQuotas(quotas)': {
    call: (v) => mfa.resolveSmsQuotas(v as never),
    names: 'quotas',
    accepts: isOptionsBag,
  },
  'resolveSmsQuotas({ perCountry })': {
    call: (v) => mfa.resolveSmsQuotas({ perCountry: v as never }),
    names: 'quotas.perCountry',
    accepts: isUndef,
  },
  'smsSendRules({ purpose })': {
    call: (v) => mfa.smsSendRules({ phone: '+12015550123', userId: 'u', purpose: v as never }),
    names: 'subject.purpose',
    accepts: isUndef,
  },
  'smsSendRules({ country })': {
    call: (v) => mfa.smsSendRules({ phone: '+12015550123', userId: 'u', country: v as never }),
    names: 'subject.country',
    accepts: isUndef,
  },
  'smsSendRules(subject)': { call: (v) => mfa.smsSendRules(v as never), names: 'subject' },
  'smsSendRules(quotas)': {
    call: (v) => mfa.smsSendRules({ phone: '+12015550123', userId: 'u' }, v as never),
    names: 'quotas',
    accepts: isOptionsBag,
  },

  'lockoutPolicy(opts)': {
    call: (v) => mfa.lockoutPolicy(v as never),
    names: 'root',
    accepts: isOptionsBag,
  },
  'lockoutPolicy({ threshold })': {
    call: (v) => mfa.lockoutPolicy({ threshold: v as never }),
    names: 'threshold',
    accepts: isUndef,
  },
  'lockoutStatus(state)': {
    call: (v) => mfa.lockoutStatus(v as never),
    names: 'state',
    accepts: isUndef,
  },
  'lockoutStatus({ now })': {
    call: (v) => mfa.lockoutStatus(undefined, { now: v as never }),
    names: 'opts.now',
    accepts: (v) => v === undefined || v === 1.5,
  },
  'recordFailure(state)': {
    call: (v) => mfa.recordFailure(v as never),
    names: 'state',
    accepts: isUndef,
  },
  'unlockLockout(state)': {
    call: (v) => mfa.unlockLockout(v as never),
    names: 'state',
    accepts: isUndef,
  },
  'recordSuccess(state)': {
    call: (v) => mfa.recordSuccess(v as never),
    names: 'state',
    accepts: isUndef,
  },

  'parseKeyring(text)': { call: (v) => mfa.parseKeyring(v as never), names: 'keyring text' },
  'generateKeyringEntry(id)': {
    call: (v) => mfa.generateKeyringEntry(v as never),
    names: 'id',
    accepts: (v) => v === 'abc', // a valid key id
  },
  'generateKeyringEntry({ randomBytes })': {
    call: (v) => mfa.generateKeyringEntry('k1', { randomBytes: v as never }),
    names: 'opts.randomBytes',
    accepts: (v) => v == null, // null falls back to the CSPRNG like undefined (`??`)
  },
  'createMfa(options)': { call: (v) => mfa.createMfa(v as never), names: 'createMfa options' },
  'memoryStore()': { call: () => mfa.memoryStore(), names: '', total: true },
  'memoryRateLimiter(opts)': {
    call: (v) => mfa.memoryRateLimiter(v as never),
    names: 'opts',
    accepts: isOptionsBag,
  },
};

describe.each(Object.entries(CASES))('%s', (_label, c) => {
  it.each(HOSTILE)('with %s', async (_name, value) => {
    let result: unknown;
    let error: unknown;
    try {
      result = await c.call(value);
    } catch (err) {
      error = err;
    }
    if (c.returnsFailure) {
      expect(error).toBeUndefined();
      expect(result).toMatchObject({ ok: false });
    } else if (c.total || c.accepts?.(value)) {
      expect(error).toBeUndefined();
    } else {
      expect(error).toBeInstanceOf(mfa.MfaError);
      const e = error as root.MfaError;
      if (e.code === 'ERR_MFA_INVALID_ARGUMENT' || e.code === 'ERR_MFA_INVALID_CONFIG')
        expect(e.message).toContain(c.names);
      expect(e.message).not.toContain('undefined');
    }
  });
});

it('covers every function the module exports', () => {
  const functions = Object.entries(mfa)
    .filter(([, v]) => typeof v === 'function' && !/Error$/.test(v.name))
    .map(([k]) => k)
    .sort();
  const covered = new Set(Object.keys(CASES).map((k) => k.slice(0, k.indexOf('('))));
  expect(functions.filter((f) => !covered.has(f))).toEqual([]);
});

describe('attack: bytes that are not what they claim', () => {
  const spoofs: [string, unknown][] = [
    [
      "a DataView whose constructor.name is 'Uint8Array'",
      Object.defineProperty(new DataView(new ArrayBuffer(20)), 'constructor', {
        value: { name: 'Uint8Array' },
      }),
    ],
    [
      "a Uint16Array whose constructor.name is 'Uint8Array'",
      Object.defineProperty(new Uint16Array(20), 'constructor', { value: { name: 'Uint8Array' } }),
    ],
    [
      "a DataView with an own toStringTag of 'Uint8Array'",
      Object.defineProperty(new DataView(new ArrayBuffer(20)), Symbol.toStringTag, {
        value: 'Uint8Array',
      }),
    ],
  ];

  it.each(spoofs)('%s is refused as a key, never acting as the empty key', (_name, spoof) => {
    // RFC 4226 under an empty key, computed independently: what the spoof produced before.
    const mac = createHmac('sha1', Buffer.alloc(0)).update(Buffer.alloc(8)).digest();
    const offset = mac[19]! & 15;
    const emptyKeyCode = String((mac.readUInt32BE(offset) & 0x7fffffff) % 1e6).padStart(6, '0');
    expect(() => mfa.generateHotp(spoof as never, 0)).toThrow(mfa.MfaError);
    expect(() => mfa.verifyHotp(spoof as never, emptyKeyCode, { counter: 0 })).toThrow(/secret/);
    expect(() => mfa.base32Encode(spoof as never)).toThrow(/bytes/);
    expect(() => mfa.sealSecret(spoof as never, { keyring, context: 'c' })).toThrow(/plaintext/);
  });

  it('a Uint8Array from another realm still counts', async () => {
    const { runInNewContext } = await import('node:vm');
    const foreign = runInNewContext('new Uint8Array([1, 2, 3])') as Uint8Array;
    expect(foreign instanceof Uint8Array).toBe(false);
    expect(mfa.base32Encode(foreign)).toBe('AEBAG');
  });
});
