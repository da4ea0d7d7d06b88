// The WebAuthn code must load only when `webauthn` is configured: nothing reachable by static
// imports from the package's entries may be under src/webauthn (type-only imports vanish at build
// time and are allowed); the service reaches the ceremonies through `import()`.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { creationOptions, requestOptions } from '../../src/webauthn/index.js';

const src = fileURLToPath(new URL('../../src/', import.meta.url));

/** Files reached from `entry` by static imports (type-only imports and `import()` excluded). */
function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(
      /^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+['"](\.[^'"]+)['"]/gm,
    )) {
      visit(resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
    }
  };
  visit(resolve(src, entry));
  return seen;
}

describe('loading', () => {
  it.each(['index.ts', 'service.ts', 'totp.ts'])(
    'nothing of src/webauthn (nor the ceremonies) is imported statically from %s',
    (entry) => {
      const reached = [...staticGraph(entry)].map((f) => f.slice(src.length));
      expect(reached.length).toBeGreaterThan(entry === 'totp.ts' ? 3 : 20);
      expect(
        reached.filter((f) => f.startsWith('webauthn/') || f === 'service/webauthn-flows.ts'),
      ).toEqual([]);
    },
  );

  it('the service reaches the ceremonies through import()', () => {
    const code = readFileSync(resolve(src, 'service/factors/webauthn.ts'), 'utf8');
    expect(code).toMatch(/import\('\.\.\/webauthn-flows\.js'\)/);
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
