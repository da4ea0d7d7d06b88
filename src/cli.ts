/**
 * The `mfa-kit` command line (`npx mfa-kit help`). Node only; the library itself stays free of
 * Node built-ins.
 *
 * @module
 */
import { runCli } from './cli/main.js';

// `mfa-kit qr … | head`: a reader that closes early is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const io = {
  out: (line: string) => process.stdout.write(`${line}\n`),
  err: (line: string) => process.stderr.write(`${line}\n`),
  now: () => Date.now(),
  load: async (name: string) => {
    try {
      return await import(/* @vite-ignore */ name);
    } catch {
      return undefined;
    }
  },
};

runCli(process.argv.slice(2), io).then(
  (status) => {
    process.exitCode = status;
  },
  (err: unknown) => {
    process.stderr.write(`mfa-kit: unexpected error: ${(err as Error)?.name ?? 'error'}\n`);
    process.exitCode = 1;
  },
);
