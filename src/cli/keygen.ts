/** `mfa-kit keygen`: a new keyring key, printed as the line to put in the environment. */
import { generateKeyringEntry } from '../crypto/keyring-text.js';
import type { Args, CliIo } from './io.js';

export function keygen(args: Args, io: CliIo): number {
  const d = new Date(io.now());
  const id =
    args.flags.id ?? `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  const entry = generateKeyringEntry(id);
  io.out(`MFA_KEYRING=${entry}`);
  io.err("Keep this secret (a secrets manager or your host's encrypted environment), then:");
  io.err("  const keyring = parseKeyring(process.env.MFA_KEYRING ?? '');");
  io.err('To rotate: put a new entry first, keep the old one after it: MFA_KEYRING=new:…,old:…');
  return 0;
}
