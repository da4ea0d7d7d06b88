// Hostile JSON: whatever arrives in a request body must end as `{ ok: false }`, never as a
// TypeError or a hang. Built from a real response so each row breaks exactly one thing.
import { webcrypto } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { base64urlEncode } from '../../src/encoding/base64url.js';
import {
  type AuthenticationResponseJSON,
  parseAuthenticatorData,
  parseCoseKey,
  type RegistrationResponseJSON,
  verifyAuthentication,
  verifyRegistration,
} from '../../src/webauthn/index.js';
import { softAuthenticator } from './soft-authenticator.js';

const rpId = 'example.com';
const origin = 'https://example.com';
const challenge = webcrypto.getRandomValues(new Uint8Array(32));
const huge = 'A'.repeat(2_000_000);

let reg: RegistrationResponseJSON;
let auth: AuthenticationResponseJSON;
let stored: { id: string; publicKey: Uint8Array; signCount: number };

beforeAll(async () => {
  const a = await softAuthenticator('ES256');
  reg = await a.register({ challenge, origin, rpId });
  auth = await a.assert({ challenge, origin, rpId });
  stored = { id: a.id, publicKey: a.cose, signCount: 0 };
});

const registration = (r: unknown) => verifyRegistration(r, { challenge, rpId, origins: [origin] });
const authentication = (r: unknown) =>
  verifyAuthentication(r, { challenge, rpId, origins: [origin], credentials: [stored] });

type Edit = (r: Record<string, unknown> & { response: Record<string, unknown> }) => unknown;
const edits: [string, Edit][] = [
  ['null', () => null],
  ['a number', () => 42],
  ['a string', () => 'public-key'],
  ['an array', (r) => [r]],
  ['no response', ({ response: _, ...r }) => r],
  ['response is a string', (r) => ({ ...r, response: 'x' })],
  ['type is not public-key', (r) => ({ ...r, type: 'password' })],
  ['id differs from rawId', (r) => ({ ...r, id: 'AAAA' })],
  ['rawId is a number', (r) => ({ ...r, rawId: 7, id: 7 })],
  ['rawId is not base64url', (r) => ({ ...r, rawId: 'a+b/', id: 'a+b/' })],
  ['a huge rawId', (r) => ({ ...r, rawId: huge, id: huge })],
  [
    'clientDataJSON missing',
    (r) => ({ ...r, response: { ...r.response, clientDataJSON: undefined } }),
  ],
  [
    'clientDataJSON is an object',
    (r) => ({ ...r, response: { ...r.response, clientDataJSON: {} } }),
  ],
  ['clientDataJSON is huge', (r) => ({ ...r, response: { ...r.response, clientDataJSON: huge } })],
  [
    'clientDataJSON is not JSON',
    (r) => ({
      ...r,
      response: { ...r.response, clientDataJSON: base64urlEncode(new Uint8Array([0x7b, 0xff])) },
    }),
  ],
  [
    'clientDataJSON is a JSON array',
    (r) => ({
      ...r,
      response: { ...r.response, clientDataJSON: base64urlEncode(new TextEncoder().encode('[]')) },
    }),
  ],
  [
    'clientDataJSON with a numeric challenge',
    (r) => ({
      ...r,
      response: {
        ...r.response,
        clientDataJSON: base64urlEncode(
          new TextEncoder().encode(JSON.stringify({ type: 'webauthn.get', challenge: 1, origin })),
        ),
      },
    }),
  ],
  [
    'registration: attestationObject is huge',
    (r) => ({ ...r, response: { ...r.response, attestationObject: huge } }),
  ],
  [
    'registration: attestationObject is garbage',
    (r) => ({ ...r, response: { ...r.response, attestationObject: 'AAAA' } }),
  ],
  [
    'registration: attestationObject is a number',
    (r) => ({ ...r, response: { ...r.response, attestationObject: 1 } }),
  ],
  [
    'registration: transports is a string',
    (r) => ({ ...r, response: { ...r.response, transports: 'usb' } }),
  ],
  [
    'registration: transports holds numbers',
    (r) => ({ ...r, response: { ...r.response, transports: [1] } }),
  ],
  [
    'authentication: authenticatorData is short',
    (r) => ({ ...r, response: { ...r.response, authenticatorData: 'AAAA' } }),
  ],
  [
    'authentication: authenticatorData is huge',
    (r) => ({ ...r, response: { ...r.response, authenticatorData: huge } }),
  ],
  [
    'authentication: signature is null',
    (r) => ({ ...r, response: { ...r.response, signature: null } }),
  ],
  [
    'authentication: signature is huge',
    (r) => ({ ...r, response: { ...r.response, signature: huge } }),
  ],
  [
    'authentication: userHandle is an object',
    (r) => ({ ...r, response: { ...r.response, userHandle: {} } }),
  ],
  [
    'authentication: userHandle is huge',
    (r) => ({ ...r, response: { ...r.response, userHandle: huge } }),
  ],
  ['__proto__ pollution', () => JSON.parse('{"__proto__":{"type":"public-key"},"response":{}}')],
];

const only = (other: string) => edits.filter(([name]) => !name.startsWith(other));

describe('hostile registration responses', () => {
  it.each(only('authentication:'))('%s → ok: false', async (_, edit) => {
    const r = await registration(edit(structuredClone(reg) as never));
    expect(r.ok).toBe(false);
  });
});

describe('hostile authentication responses', () => {
  it.each(only('registration:'))('%s → ok: false', async (_, edit) => {
    const r = await authentication(edit(structuredClone(auth) as never));
    expect(r.ok).toBe(false);
  });
});

describe('arbitrary values', () => {
  it('never throw from either ceremony', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (value) => {
        expect((await registration(value)).ok).toBe(false);
        expect((await authentication(value)).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('random bytes never break the binary parsers', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        parseAuthenticatorData(bytes);
        parseCoseKey(bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('a huge body is refused quickly', async () => {
    const started = performance.now();
    for (let i = 0; i < 50; i++)
      await authentication({ ...auth, response: { ...auth.response, clientDataJSON: huge } });
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
