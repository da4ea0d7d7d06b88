/** What a CLI command needs from its surroundings, injectable so commands are tested in-process. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Milliseconds since the epoch. */
  now(): number;
  /** Loads an optional package (the QR renderer); undefined when it isn't installed. */
  load(name: string): Promise<unknown>;
}

/** Command-line flags (`--name value` or `--name=value`) and the positional words between them. */
export interface Args {
  words: string[];
  flags: Record<string, string>;
}

export function parseArgs(argv: readonly string[]): Args {
  const words: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      words.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) flags[arg.slice(2, eq)] = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--'))
      flags[arg.slice(2)] = argv[++i]!;
    else flags[arg.slice(2)] = 'true';
  }
  return { words, flags };
}

/** A user's mistake on the command line: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}
