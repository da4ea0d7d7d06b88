/** The service's own keyed HMAC-SHA256 against @noble/hashes, and the challenge-id codec. */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  deriveTokenKeys,
  formatChallengeId,
  keyedHmacSha256,
  parseChallengeId,
  sourceKey,
} from '../../src/service/tokens.js';

it('keyedHmacSha256 equals HMAC-SHA256 for any key and message (RFC 4231 case 2 too)', () => {
  const te = new TextEncoder();
  expect(
    Buffer.from(
      keyedHmacSha256(te.encode('Jefe'))(te.encode('what do ya want for nothing?')),
    ).toString('hex'),
  ).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 0, maxLength: 200 }),
      fc.uint8Array({ minLength: 0, maxLength: 300 }),
      (key, message) => {
        const mac = keyedHmacSha256(key);
        expect(mac(message)).toEqual(hmac(sha256, key, message));
        expect(mac(message)).toEqual(hmac(sha256, key, message)); // reusable
      },
    ),
    { numRuns: 300 },
  );
});

it('challenge ids round-trip their claims and refuse every one-bit change', () => {
  const keys = deriveTokenKeys(new Uint8Array(32).fill(4));
  fc.assert(
    fc.property(
      fc.string({ minLength: 1, maxLength: 64 }),
      fc.uint8Array({ minLength: 16, maxLength: 16 }),
      fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      fc.boolean(),
      (userId, nonce, epoch, withSource) => {
        const claims = {
          userId,
          nonce,
          expiresAt: 1_795_435_200_000,
          epoch,
          ...(withSource ? { source: 'A'.repeat(43) } : {}),
        };
        const id = formatChallengeId(keys, claims);
        expect(parseChallengeId(keys, id)).toEqual(claims);
        const raw = Buffer.from(id.split('.')[2]!, 'base64url');
        const bit = (epoch + userId.length) % (raw.length * 8);
        raw[bit >> 3]! ^= 1 << (bit & 7);
        const [p, u] = id.split('.');
        expect(parseChallengeId(keys, `${p}.${u}.${raw.toString('base64url')}`)).toBeUndefined();
      },
    ),
    { numRuns: 200 },
  );
  const other = deriveTokenKeys(new Uint8Array(32).fill(5));
  const id = formatChallengeId(keys, {
    userId: 'u',
    nonce: new Uint8Array(16),
    expiresAt: 1,
    epoch: 0,
  });
  expect(parseChallengeId(other, id)).toBeUndefined();
});

it('lockout source keys stay what documents already hold: HMAC-SHA256 under the HKDF source key', async () => {
  const { hkdf } = await import('@noble/hashes/hkdf.js');
  const te = new TextEncoder();
  const master = new Uint8Array(32).fill(9);
  const keys = deriveTokenKeys(master);
  const sourceKeyBytes = hkdf(
    sha256,
    master,
    undefined,
    te.encode('mfa-kit/lockout-source/v1'),
    32,
  );
  for (const [kind, value] of [
    ['host', '203.0.113.0/24'],
    ['device', 'A5v7oIS7RNvxDP1we7rnCY8u4VMfmGxCRSkt7TIf_ac'],
    ['host', 'ü'.repeat(256)],
  ] as const) {
    const expected = Buffer.from(
      hmac(sha256, sourceKeyBytes, te.encode(`${kind}\u0000${value}`)),
    ).toString('base64url');
    expect(sourceKey(keys, kind, value)).toBe(expected);
  }
});
