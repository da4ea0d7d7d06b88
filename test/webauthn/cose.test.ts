// COSE keys and signatures: the strict DER reading of ES256 signatures (checked against
// @noble/curves' own DER and compact encodings), keys the platform refuses, and malformed
// signatures that must be `false`, never an exception.
import { webcrypto } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode } from '../../src/encoding/base64url.js';
import {
  decodeCbor,
  derToP256Raw,
  importCoseKey,
  parseCoseKey,
  verifyCoseSignature,
  verifyRegistration,
} from '../../src/webauthn/index.js';
import { encodeCbor, softAuthenticator } from './soft-authenticator.js';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('derToP256Raw', () => {
  it('matches noble for any signature (low and high S)', () => {
    const secret = p256.utils.randomSecretKey();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.boolean(), (msg, lowS) => {
        const der = p256.sign(msg, secret, { format: 'der', lowS });
        const compact = p256.Signature.fromBytes(der, 'der').toBytes('compact');
        expect(derToP256Raw(der)).toEqual(compact);
      }),
      { numRuns: 200 },
    );
  });

  const r = [0x02, 0x01, 0x01];
  const refused: [string, Uint8Array][] = [
    ['empty', bytes()],
    ['not a SEQUENCE', bytes(0x31, 0x06, ...r, ...r)],
    ['a wrong outer length', bytes(0x30, 0x07, ...r, ...r)],
    ['trailing bytes', bytes(0x30, 0x07, ...r, ...r, 0x00)],
    ['a negative integer', bytes(0x30, 0x06, 0x02, 0x01, 0x81, ...r)],
    ['a zero integer', bytes(0x30, 0x06, 0x02, 0x01, 0x00, ...r)],
    ['a needless leading zero', bytes(0x30, 0x07, 0x02, 0x02, 0x00, 0x01, ...r)],
    [
      'an integer of 34 bytes',
      bytes(0x30, 0x27, 0x02, 0x22, 0x00, 0x80, ...new Uint8Array(32), ...r),
    ],
    ['a BIT STRING in place of an INTEGER', bytes(0x30, 0x06, 0x03, 0x01, 0x01, ...r)],
    ['an integer running past the end', bytes(0x30, 0x06, 0x02, 0x05, 0x01, ...r)],
  ];
  it.each(refused)('refuses %s', (_, der) => {
    expect(derToP256Raw(der)).toBeUndefined();
  });
});

describe('keys the platform refuses', () => {
  it('an EC point off the curve is refused at registration', async () => {
    const a = await softAuthenticator('ES256');
    const challenge = webcrypto.getRandomValues(new Uint8Array(32));
    const good = await a.register({
      challenge,
      origin: 'https://example.com',
      rpId: 'example.com',
    });
    const att = decodeCbor(base64urlDecode(good.response.attestationObject)!) as Map<
      string,
      unknown
    >;
    const authData = att.get('authData') as Uint8Array;
    // The COSE key ends with y; changing its last byte moves the point off the curve.
    authData[authData.length - 1]! ^= 0x01;
    const forged = {
      ...good,
      response: { ...good.response, attestationObject: base64urlEncode(encodeCbor(att as never)) },
    };
    expect(
      await verifyRegistration(forged, {
        challenge,
        rpId: 'example.com',
        origins: ['https://example.com'],
      }),
    ).toEqual({ ok: false, error: { code: 'unsupported_key' } });
  });

  it('keys of the wrong shape are not parsed; signatures that cannot be right are false', async () => {
    const ec = (crv: number, len: number) =>
      encodeCbor(
        new Map<number, never>([
          [1, 2 as never],
          [3, -7 as never],
          [-1, crv as never],
          [-2, new Uint8Array(len) as never],
          [-3, new Uint8Array(len) as never],
        ]),
      );
    expect(parseCoseKey(ec(2, 32))).toBeUndefined(); // P-384 label with ES256
    expect(parseCoseKey(ec(1, 31))).toBeUndefined();
    const zeroPoint = parseCoseKey(ec(1, 32))!;
    expect(zeroPoint).toBeDefined();
    expect(await importCoseKey(zeroPoint)).toBeUndefined();
    expect(await verifyCoseSignature(zeroPoint, bytes(1), new Uint8Array(70))).toBe(false);
    const a = await softAuthenticator('EdDSA');
    const key = parseCoseKey(a.cose)!;
    for (const sig of [
      new Uint8Array(0),
      new Uint8Array(63),
      new Uint8Array(64),
      new Uint8Array(65),
    ]) {
      expect(await verifyCoseSignature(key, bytes(1, 2, 3), sig)).toBe(false);
    }
  });
});
