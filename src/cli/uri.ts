/** `mfa-kit uri build|parse` and `mfa-kit qr`: the otpauth URI inside enrollment QR codes. */

import type { OtpAlgorithm } from '../crypto/hmac.js';
import { base32Decode, base32Encode } from '../encoding/base32.js';
import { generateSecret } from '../otp/secret.js';
import { buildOtpauthUri, parseOtpauthUri } from '../otp/uri.js';
import { type Args, type CliIo, UsageError } from './io.js';

function build(args: Args): string {
  const { secret, issuer, account, algorithm, digits, period } = args.flags;
  if (account === undefined) throw new UsageError('uri build needs --account (e.g. an e-mail)');
  return buildOtpauthUri({
    secret: secret === undefined ? generateSecret() : base32Decode(secret),
    account,
    ...(issuer !== undefined ? { issuer } : {}),
    ...(algorithm !== undefined ? { algorithm: algorithm.toUpperCase() as OtpAlgorithm } : {}),
    ...(digits !== undefined ? { digits: Number(digits) } : {}),
    ...(period !== undefined ? { period: Number(period) } : {}),
  });
}

export function uri(args: Args, io: CliIo): number {
  const [, action, text] = args.words;
  if (action === 'build') {
    io.out(build(args));
    return 0;
  }
  if (action === 'parse' && text !== undefined) {
    const p = parseOtpauthUri(text);
    io.out(`type       ${p.type}`);
    if (p.issuer !== undefined) io.out(`issuer     ${p.issuer}`);
    io.out(`account    ${p.account}`);
    io.out(`secret     ${base32Encode(p.secret)} (${p.secret.length} bytes)`);
    io.out(`algorithm  ${p.algorithm}`);
    io.out(`digits     ${p.digits}`);
    io.out(p.type === 'totp' ? `period     ${p.period} s` : `counter    ${p.counter}`);
    return 0;
  }
  throw new UsageError(
    'uri build --account NAME [--issuer NAME] [--secret BASE32], or uri parse URI',
  );
}

interface QrRenderer {
  create: unknown;
  toString(text: string, opts: { type: 'terminal'; small: boolean }): Promise<string>;
}

/** Renders a URI as a QR code in the terminal with the optional `qrcode` package. */
export async function qr(args: Args, io: CliIo): Promise<number> {
  const text = args.words[1]?.startsWith('otpauth://') ? args.words[1] : build(args);
  const mod = (await io.load('qrcode')) as { default?: QrRenderer } | undefined;
  // qrcode is CommonJS: its functions sit on `default` when imported from ESM.
  const renderer = (mod?.default ?? mod) as QrRenderer | undefined;
  if (typeof renderer?.create !== 'function') {
    io.err(
      'qr needs the qrcode package: npm install qrcode (mfa-kit itself does not depend on it)',
    );
    io.out(text);
    return 1;
  }
  io.out(await renderer.toString(text, { type: 'terminal', small: true }));
  io.out(text);
  return 0;
}
