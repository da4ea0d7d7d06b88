/**
 * `mfa-kit code` and `mfa-kit verify`: debugging an authenticator that "doesn't work". `verify`
 * searches far wider than a server would, to say how many 30-second steps the phone is off.
 */

import type { OtpAlgorithm } from '../crypto/hmac.js';
import { base32Decode } from '../encoding/base32.js';
import { generateTotp, verifyTotp } from '../otp/totp.js';
import { type Args, type CliIo, UsageError } from './io.js';

const SEARCH_STEPS = 100; // 50 minutes either way, the widest window verifyTotp takes

function otpOptions(args: Args, io: CliIo) {
  const { algorithm, digits, period, at } = args.flags;
  const now = at === undefined ? io.now() : Date.parse(at);
  if (!Number.isFinite(now))
    throw new UsageError('--at must be a date such as 2026-11-23T12:00:00Z');
  const opts: { now: number; algorithm?: OtpAlgorithm; digits?: number; period?: number } = { now };
  if (algorithm !== undefined) opts.algorithm = algorithm.toUpperCase() as OtpAlgorithm;
  if (digits !== undefined) opts.digits = Number(digits);
  if (period !== undefined) opts.period = Number(period);
  return opts;
}

function secretArg(args: Args, position: number): Uint8Array {
  const text = args.words[position];
  if (text === undefined)
    throw new UsageError('give the key in base32, as shown under the QR code');
  return base32Decode(text);
}

export function code(args: Args, io: CliIo): number {
  const secret = secretArg(args, 1);
  const opts = otpOptions(args, io);
  const period = (opts.period ?? 30) * 1000;
  io.out(`now       ${generateTotp(secret, opts)}`);
  io.out(`previous  ${generateTotp(secret, { ...opts, now: opts.now - period })}`);
  io.out(`next      ${generateTotp(secret, { ...opts, now: opts.now + period })}`);
  io.out(`valid for ${Math.ceil((period - (opts.now % period)) / 1000)} s`);
  return 0;
}

export function verify(args: Args, io: CliIo): number {
  const secret = secretArg(args, 1);
  const typed = args.words[2];
  if (typed === undefined) throw new UsageError('give the code the app shows');
  const opts = otpOptions(args, io);
  const match = verifyTotp(secret, typed, { ...opts, window: SEARCH_STEPS });
  if (!match.ok) {
    io.out(
      'no match within 50 minutes either way: wrong key, wrong algorithm/digits, or wrong time',
    );
    return 1;
  }
  const seconds = match.delta * (opts.period ?? 30);
  if (Math.abs(match.delta) <= 1) io.out(`match, ${match.delta} steps off: a server accepts it`);
  else
    io.out(
      `match, ${match.delta} steps (${seconds} s) off: a server refuses it — set the phone's time to automatic`,
    );
  return 0;
}
