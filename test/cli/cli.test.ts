import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { parseKeyring } from '../../src/crypto/keyring-text.js';
import { base32Encode } from '../../src/encoding/base32.js';
import { generateTotp } from '../../src/otp/totp.js';
import { parseOtpauthUri } from '../../src/otp/uri.js';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 10);
const SECRET = new TextEncoder().encode('12345678901234567890');
const B32 = base32Encode(SECRET);

async function run(
  argv: string[],
  load: (name: string) => Promise<unknown> = async () => undefined,
) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runCli(argv, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    now: () => NOW,
    load,
  });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

describe('mfa-kit CLI', () => {
  it('keygen prints an MFA_KEYRING line that parseKeyring accepts', async () => {
    const r = await run(['keygen']);
    expect(r.status).toBe(0);
    const line = r.out.split('\n').find((l) => l.startsWith('MFA_KEYRING='))!;
    const ring = parseKeyring(line.slice('MFA_KEYRING='.length));
    expect(ring.current).toBe('2026-11');
    expect(r.err).toContain('parseKeyring');
  });

  it('code shows the current, previous and next code', async () => {
    const r = await run(['code', B32]);
    expect(r.out).toContain(`now       ${generateTotp(SECRET, { now: NOW })}`);
    expect(r.out).toContain(`previous  ${generateTotp(SECRET, { now: NOW - 30_000 })}`);
    expect(r.out).toContain('valid for 20 s');
  });

  it('verify reports the clock drift in steps', async () => {
    const inTime = await run(['verify', B32, generateTotp(SECRET, { now: NOW })]);
    expect(inTime.status).toBe(0);
    expect(inTime.out).toContain('match, 0 steps off');
    const phoneFast = await run(['verify', B32, generateTotp(SECRET, { now: NOW + 5 * 60_000 })]);
    expect(phoneFast.out).toContain('match, 10 steps (300 s) off: a server refuses it');
    const wrong = await run([
      'verify',
      B32,
      '000000'.replace(/./g, (_, i) => String((i * 3) % 10)),
    ]);
    expect([0, 1]).toContain(wrong.status);
    const noMatch = await run(['verify', base32Encode(new Uint8Array(20).fill(9)), 'abcdef']);
    expect(noMatch.status).toBe(1);
  });

  it('uri build and parse round-trip', async () => {
    const built = await run([
      'uri',
      'build',
      '--account',
      'ann@example.com',
      '--issuer',
      'Acme',
      '--secret',
      B32,
    ]);
    const parsed = parseOtpauthUri(built.out);
    expect(parsed).toMatchObject({ account: 'ann@example.com', issuer: 'Acme' });
    expect(parsed.secret).toEqual(SECRET);
    const shown = await run(['uri', 'parse', built.out]);
    expect(shown.out).toContain('issuer     Acme');
    expect(shown.out).toContain(`secret     ${B32} (20 bytes)`);
  });

  it('qr renders with the optional qrcode package, and says how to get it when missing', async () => {
    const missing = await run(['qr', '--account', 'ann']);
    expect(missing.status).toBe(1);
    expect(missing.err).toContain('npm install qrcode');
    const optional = 'qrcode'; // not a dependency of mfa-kit, and untyped
    const qrcode: unknown = await import(optional);
    const drawn = await run(['qr', '--account', 'ann', '--issuer', 'Acme'], async () => qrcode);
    expect(drawn.status).toBe(0);
    expect(drawn.out).toMatch(/[▀▄█]/);
  });

  it.each([
    [['nonsense']],
    [['code']],
    [['code', 'not base32!']],
    [['verify', B32]],
    [['code', B32, '--digits', '4']],
    [['code', B32, '--at', 'yesterday-ish']],
    [['uri', 'build']],
    [['uri', 'parse', 'https://example.com']],
    [['uri']],
  ])('refuses %j with exit code 2 and a short message', async (argv) => {
    const r = await run(argv);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/^mfa-kit: /);
    expect(r.err).not.toContain('    at '); // no stack trace
  });

  it('help exits 0; no command prints help and exits 2', async () => {
    expect((await run(['help'])).status).toBe(0);
    const none = await run([]);
    expect(none.status).toBe(2);
    expect(none.out).toContain('mfa-kit keygen');
  });

  it.skipIf(!existsSync('dist/cli.js'))('runs as a built command', () => {
    const out = execFileSync(
      process.execPath,
      ['dist/cli.js', 'code', B32, '--at', new Date(NOW).toISOString()],
      {
        encoding: 'utf8',
      },
    );
    expect(out).toContain(generateTotp(SECRET, { now: NOW }));
  });
});
