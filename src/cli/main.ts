/** The `mfa-kit` command: dispatch to a subcommand, turn mistakes into short messages. */
import { MfaError } from '../errors.js';
import { type CliIo, parseArgs, UsageError } from './io.js';
import { keygen } from './keygen.js';
import { code, verify } from './otp.js';
import { qr, uri } from './uri.js';

export const HELP = `mfa-kit — tools for what people do by hand

  mfa-kit keygen [--id 2026-11]            a keyring key, as the MFA_KEYRING line for your environment
  mfa-kit code <base32-key> [--at ISO]     the codes an authenticator app shows now (and around now)
  mfa-kit verify <base32-key> <code>       whether a code matches, and how far the phone's clock is off
  mfa-kit uri build --account A [--issuer I] [--secret K]   an otpauth:// URI (new key if none)
  mfa-kit uri parse <otpauth-uri>          what a URI from a QR code says
  mfa-kit qr <otpauth-uri> | --account A …  the URI as a QR code in the terminal (needs qrcode)

  code/verify/uri also take --algorithm SHA1|SHA256|SHA512, --digits 6..10, --period seconds.`;

/** Runs one command line; returns the process exit code (0 ok, 1 a negative answer, 2 misuse). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  try {
    switch (args.words[0]) {
      case 'keygen':
        return keygen(args, io);
      case 'code':
        return code(args, io);
      case 'verify':
        return verify(args, io);
      case 'uri':
        return uri(args, io);
      case 'qr':
        return await qr(args, io);
      case undefined:
      case 'help':
        io.out(HELP);
        return args.words[0] === 'help' || args.flags.help !== undefined ? 0 : 2;
      default:
        throw new UsageError(`unknown command "${args.words[0]}"`);
    }
  } catch (err) {
    // Our messages name the argument, never a key or code, so they are safe to print.
    if (err instanceof UsageError || err instanceof MfaError) {
      io.err(`mfa-kit: ${err.message}`);
      io.err('Run "mfa-kit help" for the commands.');
      return 2;
    }
    throw err;
  }
}
