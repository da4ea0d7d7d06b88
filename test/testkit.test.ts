import fc from 'fast-check';
import { expect, it } from 'vitest';
import { memoryStore } from '../src/service.js';
import {
  codeArbitrary,
  describeStoreConformance,
  otpauthParamsArbitrary,
  rfc4226,
  rfc6238,
  timeArbitrary,
} from '../src/testkit.js';
import { buildOtpauthUri, generateHotp, parseOtpauthUri, verifyTotp } from '../src/totp.js';

// The reference store passes the suite that adapter authors run.
describeStoreConformance('memoryStore', () => memoryStore());

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
