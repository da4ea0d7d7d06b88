// One refusal test per verification step, for each algorithm: every response below is signed
// properly by a software authenticator, so the refusal comes from the step under test alone.
import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode } from '../../src/encoding/base64url.js';
import { InvalidArgumentError } from '../../src/errors.js';
import {
  type AuthenticationExpectations,
  verifyAuthentication,
  verifyRegistration,
} from '../../src/webauthn/index.js';
import { type Alg, encodeCbor, softAuthenticator } from './soft-authenticator.js';

const rpId = 'example.com';
const origin = 'https://example.com';
const origins = ['https://example.com', 'https://app.example.com'];
const newChallenge = () => webcrypto.getRandomValues(new Uint8Array(32));

const flip = (b64: string, index: number, mask = 0x01) => {
  const bytes = base64urlDecode(b64)!;
  bytes[index < 0 ? bytes.length + index : index]! ^= mask;
  return base64urlEncode(bytes);
};

describe.each<Alg>(['ES256', 'EdDSA', 'RS256'])('%s', (alg) => {
  describe('registration', () => {
    it('accepts a fresh credential with attestation none and packed self-attestation', async () => {
      for (const fmt of ['none', 'packed'] as const) {
        const a = await softAuthenticator(alg);
        const challenge = newChallenge();
        const r = await verifyRegistration(await a.register({ challenge, origin, rpId, fmt }), {
          challenge,
          rpId,
          origins,
        });
        expect(r).toMatchObject({
          ok: true,
          credential: { id: a.id, signCount: 0, transports: ['usb'] },
        });
        if (r.ok) {
          expect(r.credential.publicKey).toEqual(a.cose);
          expect(r.credential.attestationFormat).toBe(fmt);
        }
      }
    });

    const cases: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
      ['a wrong origin', { origin: 'https://evil.example' }, {}, 'origin_mismatch'],
      ['a wrong rpId', { rpId: 'evil.example' }, {}, 'rp_id_mismatch'],
      ['a wrong type', { type: 'webauthn.get' }, {}, 'wrong_type'],
      ['a wrong challenge', { challenge: newChallenge() }, {}, 'challenge_mismatch'],
      ['a cross-origin iframe', { crossOrigin: true }, {}, 'cross_origin'],
      ['no user presence', { up: false }, {}, 'user_not_present'],
      [
        'no user verification when required',
        { uv: false },
        { userVerification: 'required' },
        'user_not_verified',
      ],
      ['backed up without backup eligibility', { bs: true, be: false }, {}, 'malformed'],
    ];
    it.each(cases)('refuses %s', async (_, params, expectations, code) => {
      const a = await softAuthenticator(alg);
      const challenge = newChallenge();
      const response = await a.register({ challenge, origin, rpId, ...params });
      const r = await verifyRegistration(response, { challenge, rpId, origins, ...expectations });
      expect(r).toEqual({ ok: false, error: { code } });
    });

    it('accepts a cross-origin ceremony only when allowed, and no UV unless required', async () => {
      const a = await softAuthenticator(alg);
      const challenge = newChallenge();
      const response = await a.register({ challenge, origin, rpId, crossOrigin: true, uv: false });
      const r = await verifyRegistration(response, {
        challenge,
        rpId,
        origins,
        allowCrossOrigin: true,
      });
      expect(r.ok).toBe(true);
    });

    it('refuses a credential the user already has', async () => {
      const a = await softAuthenticator(alg);
      const challenge = newChallenge();
      const r = await verifyRegistration(await a.register({ challenge, origin, rpId }), {
        challenge,
        rpId,
        origins,
        excludeCredentialIds: ['other', a.id],
      });
      expect(r).toEqual({ ok: false, error: { code: 'excluded_credential' } });
    });

    it('refuses tampered client data, attestation object and self-attestation', async () => {
      const a = await softAuthenticator(alg);
      const challenge = newChallenge();
      const good = await a.register({ challenge, origin, rpId, fmt: 'packed' });
      const expected = { challenge, rpId, origins };
      // Client data is hashed into the self-attestation signature: a changed byte breaks it.
      const cd = new TextDecoder().decode(base64urlDecode(good.response.clientDataJSON)!);
      const tamperedCd = base64urlEncode(new TextEncoder().encode(cd.replace('}', ',"x":1}')));
      expect(
        await verifyRegistration(
          { ...good, response: { ...good.response, clientDataJSON: tamperedCd } },
          expected,
        ),
      ).toEqual({ ok: false, error: { code: 'bad_attestation' } });
      // The last byte of the attestation object is inside the signature.
      const badSig = flip(good.response.attestationObject, -1);
      expect(
        await verifyRegistration(
          { ...good, response: { ...good.response, attestationObject: badSig } },
          expected,
        ),
      ).toMatchObject({ ok: false });
      // A different credential id in authData than in the JSON.
      const other = {
        ...good,
        id: base64urlEncode(new Uint8Array(32)),
        rawId: base64urlEncode(new Uint8Array(32)),
      };
      expect(await verifyRegistration(other, expected)).toEqual({
        ok: false,
        error: { code: 'malformed' },
      });
    });

    it('refuses attestation none that carries a statement', async () => {
      const a = await softAuthenticator(alg);
      const challenge = newChallenge();
      const good = await a.register({ challenge, origin, rpId, fmt: 'packed' });
      const { decodeCbor } = await import('../../src/webauthn/cbor.js');
      const att = decodeCbor(base64urlDecode(good.response.attestationObject)!) as Map<
        string,
        never
      >;
      att.set('fmt', 'none' as never);
      const forged = {
        ...good,
        response: { ...good.response, attestationObject: base64urlEncode(encodeCbor(att)) },
      };
      expect(await verifyRegistration(forged, { challenge, rpId, origins })).toEqual({
        ok: false,
        error: { code: 'bad_attestation' },
      });
    });
  });

  describe('authentication', () => {
    async function setup(counting = false) {
      const a = await softAuthenticator(alg, { counting });
      const challenge = newChallenge();
      const reg = await verifyRegistration(await a.register({ challenge, origin, rpId }), {
        challenge,
        rpId,
        origins,
      });
      if (!reg.ok) throw new Error('registration failed');
      const stored = {
        id: reg.credential.id,
        publicKey: reg.credential.publicKey,
        signCount: reg.credential.signCount,
      };
      return { a, stored };
    }

    it('accepts a good assertion and returns the counter to store', async () => {
      const { a, stored } = await setup(true);
      const challenge = newChallenge();
      const r = await verifyAuthentication(await a.assert({ challenge, origin, rpId }), {
        challenge,
        rpId,
        origins,
        credentials: [stored],
      });
      expect(r).toEqual({
        ok: true,
        credentialId: a.id,
        signCount: 2,
        userVerified: true,
        backedUp: false,
      });
    });

    const cases: [string, Record<string, unknown>, Partial<AuthenticationExpectations>, string][] =
      [
        ['a wrong origin', { origin: 'https://example.com.evil.example' }, {}, 'origin_mismatch'],
        ['a wrong rpId', { rpId: 'evil.example' }, {}, 'rp_id_mismatch'],
        ['a wrong type', { type: 'webauthn.create' }, {}, 'wrong_type'],
        ['a wrong challenge', { challenge: newChallenge() }, {}, 'challenge_mismatch'],
        [
          'a challenge with padding',
          { challenge: 'AAAAAAAAAAAAAAAAAAAAAA==' },
          {},
          'challenge_mismatch',
        ],
        ['a cross-origin iframe', { crossOrigin: true }, {}, 'cross_origin'],
        ['no user presence', { up: false }, {}, 'user_not_present'],
        [
          'no user verification when required',
          { uv: false },
          { userVerification: 'required' },
          'user_not_verified',
        ],
        [
          'another user handle',
          { userHandle: new Uint8Array(16).fill(2) },
          { userHandle: new Uint8Array(16).fill(1) },
          'user_mismatch',
        ],
      ];
    it.each(cases)('refuses %s', async (_, params, expectations, code) => {
      const { a, stored } = await setup();
      const challenge = newChallenge();
      const r = await verifyAuthentication(await a.assert({ challenge, origin, rpId, ...params }), {
        challenge,
        rpId,
        origins,
        credentials: [stored],
        ...expectations,
      });
      expect(r).toEqual({ ok: false, error: { code } });
    });

    it('refuses tampered authenticator data, client data and signature', async () => {
      const { a, stored } = await setup();
      const challenge = newChallenge();
      const good = await a.assert({ challenge, origin, rpId });
      const expected = { challenge, rpId, origins, credentials: [stored] };
      const variants = [
        { authenticatorData: flip(good.response.authenticatorData, 36) }, // the counter
        { authenticatorData: flip(good.response.authenticatorData, 32, 0x02) }, // flags: a reserved bit
        {
          clientDataJSON: base64urlEncode(
            new TextEncoder().encode(
              new TextDecoder()
                .decode(base64urlDecode(good.response.clientDataJSON)!)
                .replace('}', ',"x":1}'),
            ),
          ),
        },
        { signature: flip(good.response.signature, -1) },
        { signature: flip(good.response.signature, 8) },
      ];
      for (const change of variants) {
        const r = await verifyAuthentication(
          { ...good, response: { ...good.response, ...change } },
          expected,
        );
        expect(r).toEqual({ ok: false, error: { code: 'bad_signature' } });
      }
      expect((await verifyAuthentication(good, expected)).ok).toBe(true);
    });

    it("refuses an unknown credential and another user's credential", async () => {
      const { a, stored } = await setup();
      const mallory = await setup();
      const challenge = newChallenge();
      const response = await mallory.a.assert({ challenge, origin, rpId });
      // Mallory's credential is not among this user's credentials.
      expect(
        await verifyAuthentication(response, { challenge, rpId, origins, credentials: [stored] }),
      ).toEqual({
        ok: false,
        error: { code: 'unknown_credential' },
      });
      // Same id as the user's credential, but signed with another key.
      const impostor = await softAuthenticator(alg, { credentialId: a.credentialId });
      const forged = await impostor.assert({ challenge, origin, rpId });
      expect(
        await verifyAuthentication(forged, { challenge, rpId, origins, credentials: [stored] }),
      ).toEqual({
        ok: false,
        error: { code: 'bad_signature' },
      });
    });

    it('refuses a counter regression (a replay or a clone) and allows 0/0', async () => {
      const { a, stored } = await setup(true);
      const challenge = newChallenge();
      const expected = { challenge, rpId, origins, credentials: [{ ...stored, signCount: 5 }] };
      for (const signCount of [5, 4]) {
        expect(
          await verifyAuthentication(
            await a.assert({ challenge, origin, rpId, signCount }),
            expected,
          ),
        ).toEqual({
          ok: false,
          error: { code: 'counter_regression' },
          credentialId: a.id,
        });
      }
      expect(
        (
          await verifyAuthentication(
            await a.assert({ challenge, origin, rpId, signCount: 6 }),
            expected,
          )
        ).ok,
      ).toBe(true);
      const zero = { challenge, rpId, origins, credentials: [{ ...stored, signCount: 0 }] };
      const r = await verifyAuthentication(
        await a.assert({ challenge, origin, rpId, signCount: 0 }),
        zero,
      );
      expect(r).toMatchObject({ ok: true, signCount: 0 });
      // A counting authenticator that stops counting is refused too.
      const counted = { challenge, rpId, origins, credentials: [{ ...stored, signCount: 3 }] };
      expect(
        (
          await verifyAuthentication(
            await a.assert({ challenge, origin, rpId, signCount: 0 }),
            counted,
          )
        ).ok,
      ).toBe(false);
    });

    it('refuses a registration response offered as an assertion', async () => {
      const { a, stored } = await setup();
      const challenge = newChallenge();
      const reg = await a.register({ challenge, origin, rpId });
      const r = await verifyAuthentication(reg, {
        challenge,
        rpId,
        origins,
        credentials: [stored],
      });
      expect(r).toEqual({ ok: false, error: { code: 'malformed' } });
    });
  });
});

describe('misuse of the expectations throws a typed error naming the field', () => {
  const challenge = newChallenge();
  const cases: [string, Record<string, unknown>][] = [
    ['expected.challenge', { challenge: new Uint8Array(4), rpId, origins }],
    ['expected.rpId', { challenge, rpId: 42, origins }],
    ['expected.origins', { challenge, rpId, origins: [] }],
    ['expected.origins[0]', { challenge, rpId, origins: [7] }],
    ['expected.userVerification', { challenge, rpId, origins, userVerification: 'always' }],
  ];
  it.each(cases)('%s', async (argument, expected) => {
    await expect(verifyRegistration({}, expected as never)).rejects.toMatchObject({
      constructor: InvalidArgumentError,
      argument,
    });
    await expect(
      verifyAuthentication({}, { ...expected, credentials: [] } as never),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
  });
  it('expected.credentials', async () => {
    await expect(
      verifyAuthentication({}, { challenge, rpId, origins, credentials: [{ id: 'x' }] } as never),
    ).rejects.toMatchObject({ argument: 'expected.credentials[0].publicKey' });
  });
});
