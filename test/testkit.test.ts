import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryRateLimiter, memoryStore } from '../src/service.js';
import {
  codeArbitrary,
  describeRateLimiterConformance,
  describeStoreConformance,
  otpauthParamsArbitrary,
  rfc4226,
  rfc6238,
  timeArbitrary,
} from '../src/testkit.js';
import { buildOtpauthUri, generateHotp, parseOtpauthUri, verifyTotp } from '../src/totp.js';

// The reference adapters pass the suites that adapter authors run. One limiter stands for every
// instance: a memory limiter shares counts only within itself.
describeStoreConformance('memoryStore', () => memoryStore());
const sharedLimiter = memoryRateLimiter();
describeRateLimiterConformance('memoryRateLimiter', () => sharedLimiter);

it('describeRateLimiterConformance refuses misuse by name', () => {
  const call = describeRateLimiterConformance as (...args: unknown[]) => void;
  expect(() => call(42, () => sharedLimiter)).toThrow(
    expect.objectContaining({ argument: 'name' }),
  );
  expect(() => call('x', sharedLimiter)).toThrow(
    expect.objectContaining({ argument: 'makeLimiter' }),
  );
});

it('exports the RFC vectors', () => {
  expect(generateHotp(new TextEncoder().encode(rfc4226.secretAscii), 1)).toBe(rfc4226.codes[1]);
  expect(rfc6238.rows).toHaveLength(18);
});

it('exports arbitraries usable in properties', () => {
  fc.assert(
    fc.property(otpauthParamsArbitrary(), (params) => {
      expect(parseOtpauthUri(buildOtpauthUri(params))).toMatchObject({
        account: params.account,
        issuer: params.issuer,
      });
    }),
    { numRuns: 50 },
  );
  fc.assert(
    fc.property(codeArbitrary(6), timeArbitrary(), (code, now) => {
      expect(code).toMatch(/^\d{6}$/);
      expect(typeof verifyTotp(new Uint8Array(20), code, { now }).ok).toBe('boolean');
    }),
    { numRuns: 50 },
  );
});

it('describeStoreConformance refuses misuse by name', () => {
  const make = () => memoryStore();
  const call = describeStoreConformance as (...args: unknown[]) => void;
  for (const [args, argument] of [
    [[42, make], 'name'],
    [['', make], 'name'],
    [['x', null], 'makeStore'],
    [['x', memoryStore()], 'makeStore'],
    [['x', make, 'fast'], 'opts'],
    [['x', make, { writers: 1 }], 'opts.writers'],
    [['x', make, { writers: Number.NaN }], 'opts.writers'],
    [['x', make, { timeoutMs: -1 }], 'opts.timeoutMs'],
  ] as const) {
    expect(() => call(...args), argument).toThrow(
      expect.objectContaining({ code: 'ERR_MFA_INVALID_ARGUMENT', argument }),
    );
  }
});

// The suite must be able to fail: run it on stores broken in one way each (a nested vitest over
// test/stores/fixtures/broken-stores.fixture.ts) and read which tests failed.
describe('the conformance suites catch broken adapters', () => {
  const root = fileURLToPath(new URL('..', import.meta.url));
  let failed: Map<string, string[]>;
  let passed: Map<string, number>;
  let total: Map<string, number>;
  beforeAll(() => {
    const run = spawnSync(
      process.execPath,
      [
        'node_modules/vitest/vitest.mjs',
        'run',
        '--config',
        'test/stores/fixtures/vitest.config.ts',
        '--reporter=json',
      ],
      { cwd: root, encoding: 'utf8', timeout: 120_000 },
    );
    const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as {
      testResults: {
        assertionResults: { ancestorTitles: string[]; title: string; status: string }[];
      }[];
    };
    failed = new Map();
    passed = new Map();
    total = new Map();
    for (const t of report.testResults.flatMap((f) => f.assertionResults)) {
      const store = t.ancestorTitles[0]!.replace(/: (MfaStore|RateLimiter) conformance$/, '');
      if (t.status === 'failed') failed.set(store, [...(failed.get(store) ?? []), t.title]);
      if (t.status === 'passed') passed.set(store, (passed.get(store) ?? 0) + 1);
      total.set(store, (total.get(store) ?? 0) + 1);
    }
  }, 130_000);

  it.each([
    ['ignores versions', 'saving with expectedVersion null creates version 1, once'],
    ['check then write', 'racing inserts: exactly one wins'],
    ['check then write', 'racing read-modify-write loops lose no update'],
    ['case-insensitive ids', 'tells apart user ids that a collation or a key syntax would merge'],
    ['truncates documents', 'stores documents exactly, Unicode and size included'],
    [
      'delete does nothing',
      'delete removes the document, and the user can start again at version 1',
    ],
    [
      'racy limiter',
      '100 concurrent consumes: exactly `limit` allowed, each refusal with a sensible wait',
    ],
    ['per-instance limiter', 'two limiters from the factory share the count (two app instances)'],
  ])('%s: fails "%s"', (store, test) => {
    expect(failed.get(store) ?? []).toContain(test);
  });

  it('a factory answering something that is not a store fails every test', () => {
    expect(failed.get('not a store')).toHaveLength(total.get('reference')!);
  });

  it('the reference store passes every test in the same run', () => {
    expect(failed.get('reference')).toBeUndefined();
    expect(passed.get('reference')).toBe(total.get('reference'));
    expect(total.get('reference')).toBeGreaterThanOrEqual(12);
  });
});
