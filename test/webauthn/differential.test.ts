// Differential test against @simplewebauthn/server, an independent implementation: on the same
// responses — good ones and ones broken in each way a verifier must notice — both must accept
// or both must refuse. Responses come from the software authenticator with real keys.
import { webcrypto } from 'node:crypto';
import { verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode } from '../../src/encoding/base64url.js';
import { decodeCbor, verifyAuthentication, verifyRegistration } from '../../src/webauthn/index.js';
import {
  type Alg,
  type CeremonyParams,
  encodeCbor,
  softAuthenticator,
} from './soft-authenticator.js';

const rpId = 'example.com';
const origin = 'https://example.com';
const challenge = () => webcrypto.getRandomValues(new Uint8Array(32));

type Mutation = [
  string,
  Partial<CeremonyParams>,
  { uvRequired?: boolean; tamper?: 'signature' | 'clientData' | 'authData' },
];
// Rows a correct verifier accepts; both verifiers refusing them would also "agree", so it is checked.
const ACCEPTED = new Set([
  'as issued',
  'as issued, no UV, UV not required',
  'backup-eligible and backed up',
  'counter forward',
]);
const mutations: Mutation[] = [
  ['as issued', {}, {}],
  ['as issued, no UV, UV not required', { uv: false }, {}],
  ['backup-eligible and backed up', { be: true, bs: true }, {}],
  ['wrong origin', { origin: 'https://evil.example' }, {}],
  ['wrong rpId', { rpId: 'evil.example' }, {}],
  ['wrong type', { type: 'payment.get' }, {}],
  ['wrong challenge', { challenge: challenge() }, {}],
  ['no user presence', { up: false }, {}],
  ['no UV when required', { uv: false }, { uvRequired: true }],
  ['tampered signature', {}, { tamper: 'signature' }],
  ['tampered client data', {}, { tamper: 'clientData' }],
  ['tampered authenticator data', {}, { tamper: 'authData' }],
  ['counter regression', { signCount: 3 }, {}],
  ['counter equal', { signCount: 7 }, {}],
  ['counter forward', { signCount: 8 }, {}],
];

function tamper<T extends { response: Record<string, unknown> }>(r: T, what?: string): T {
  if (what === undefined) return r;
  const key =
    what === 'signature'
      ? 'signature'
      : what === 'clientData'
        ? 'clientDataJSON'
        : 'authenticatorData';
  const bytes = base64urlDecode(r.response[key] as string)!;
  if (key === 'clientDataJSON') {
    const text = new TextDecoder().decode(bytes).replace('}', ',"extra":true}');
    return {
      ...r,
      response: { ...r.response, [key]: base64urlEncode(new TextEncoder().encode(text)) },
    };
  }
  bytes[bytes.length - 1]! ^= 0x01;
  return { ...r, response: { ...r.response, [key]: base64urlEncode(bytes) } };
}

/** Registration: the signature and the authenticator data live inside the attestation object. */
function tamperRegistration<T extends { response: { attestationObject: string } }>(
  r: T,
  what?: string,
): T {
  if (what === undefined || what === 'clientData') return tamper(r as never, what);
  const att = decodeCbor(base64urlDecode(r.response.attestationObject)!) as Map<string, unknown>;
  if (what === 'signature') {
    const sig = (att.get('attStmt') as Map<string, Uint8Array>).get('sig')!;
    sig[sig.length - 1]! ^= 0x01;
  } else {
    (att.get('authData') as Uint8Array)[36]! ^= 0x01; // the counter, covered by the signature
  }
  return {
    ...r,
    response: { ...r.response, attestationObject: base64urlEncode(encodeCbor(att as never)) },
  };
}

async function theirs(run: () => Promise<{ verified: boolean }>): Promise<boolean> {
  try {
    return (await run()).verified;
  } catch {
    return false;
  }
}

describe.each<Alg>(['ES256', 'EdDSA', 'RS256'])('%s agrees with @simplewebauthn/server', (alg) => {
  it.each(mutations.filter(([name]) => !name.startsWith('counter')))(
    'registration: %s',
    async (name, params, opt) => {
      const a = await softAuthenticator(alg);
      const c = challenge();
      const response = tamperRegistration(
        await a.register({ challenge: c, origin, rpId, fmt: 'packed', ...params }),
        opt.tamper,
      );
      const ours = await verifyRegistration(response, {
        challenge: c,
        rpId,
        origins: [origin],
        userVerification: opt.uvRequired ? 'required' : 'preferred',
      });
      const them = await theirs(() =>
        verifyRegistrationResponse({
          response: response as never,
          expectedChallenge: base64urlEncode(c),
          expectedOrigin: origin,
          expectedRPID: rpId,
          requireUserVerification: opt.uvRequired === true,
        }),
      );
      expect({ ours: ours.ok }).toEqual({ ours: them });
      expect(ours.ok).toBe(ACCEPTED.has(name));
    },
  );

  it.each(mutations)('authentication: %s', async (name, params, opt) => {
    const a = await softAuthenticator(alg);
    const c0 = challenge();
    const reg = await a.register({ challenge: c0, origin, rpId });
    const stored = await verifyRegistration(reg, { challenge: c0, rpId, origins: [origin] });
    if (!stored.ok) throw new Error('registration failed');
    const c = challenge();
    const response = tamper(await a.assert({ challenge: c, origin, rpId, ...params }), opt.tamper);
    const counter = params.signCount === undefined ? 0 : 7;
    const ours = await verifyAuthentication(response, {
      challenge: c,
      rpId,
      origins: [origin],
      userVerification: opt.uvRequired ? 'required' : 'preferred',
      credentials: [{ id: a.id, publicKey: stored.credential.publicKey, signCount: counter }],
    });
    const them = await theirs(() =>
      verifyAuthenticationResponse({
        response: response as never,
        expectedChallenge: base64urlEncode(c),
        expectedOrigin: origin,
        expectedRPID: rpId,
        requireUserVerification: opt.uvRequired === true,
        credential: { id: a.id, publicKey: stored.credential.publicKey as never, counter },
      }),
    );
    expect({ ours: ours.ok }).toEqual({ ours: them });
    expect(ours.ok).toBe(ACCEPTED.has(name));
  });
});
