// The WebAuthn module (and the curve code it brings) must load only when `webauthn` is
// configured: no file outside src/webauthn may import it statically — type-only imports vanish
// at build time and are allowed; the service reaches it through `import()`.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { creationOptions, requestOptions } from '../../src/webauthn/index.js';

const src = fileURLToPath(new URL('../../src/', import.meta.url));

describe('loading', () => {
  it('nothing outside src/webauthn imports it statically', () => {
    const offenders = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((path) => path.endsWith('.ts') && !path.startsWith('webauthn/'))
      .filter((path) => {
        const code = readFileSync(`${src}${path}`, 'utf8');
        return /^\s*(import|export)\s+(?!type\b)[^;]*?from\s+['"][^'"]*webauthn\/[^'"]*['"]/m.test(
          code,
        );
      });
    expect(offenders).toEqual([]);
  });
});

describe('options', () => {
  it('creation options ask for attestation none and list every algorithm and excluded credential', () => {
    const o = creationOptions({
      rp: { id: 'example.com', name: 'Acme' },
      user: { id: new Uint8Array([1, 2, 3]), name: 'alice', displayName: 'Alice' },
      challenge: new Uint8Array(32),
      timeoutMs: 300_000,
      exclude: [{ id: 'abc', transports: ['usb'] }, { id: 'def' }],
      userVerification: 'preferred',
    });
    expect(o).toMatchObject({
      rp: { id: 'example.com', name: 'Acme' },
      user: { id: 'AQID', name: 'alice', displayName: 'Alice' },
      challenge: 'A'.repeat(43),
      pubKeyCredParams: [
        { type: 'public-key', alg: -8 },
        { type: 'public-key', alg: -7 },
        { type: 'public-key', alg: -257 },
      ],
      attestation: 'none',
      excludeCredentials: [
        { type: 'public-key', id: 'abc', transports: ['usb'] },
        { type: 'public-key', id: 'def' },
      ],
      authenticatorSelection: { residentKey: 'discouraged', userVerification: 'preferred' },
    });
  });

  it('request options list the allowed credentials', () => {
    expect(
      requestOptions({
        rpId: 'example.com',
        challenge: new Uint8Array([0xff]),
        timeoutMs: 1000,
        allow: [{ id: 'abc' }],
        userVerification: 'required',
      }),
    ).toEqual({
      challenge: '_w',
      timeout: 1000,
      rpId: 'example.com',
      allowCredentials: [{ type: 'public-key', id: 'abc' }],
      userVerification: 'required',
    });
  });
});
