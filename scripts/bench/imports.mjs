// Cold import time: each entry imported in a fresh Node process (nothing cached in memory), the
// import alone timed inside it, median of N processes. mfa-kit's entries from the built package
// beside otpauth and otplib, the two TOTP libraries people compare it with.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const N = Number(process.env.BENCH_IMPORT_RUNS ?? 7);
const root = fileURLToPath(new URL('../..', import.meta.url));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const ENTRIES = [
  ['mfa-kit', './dist/index.js'],
  ['mfa-kit/service', './dist/service.js'],
  ['mfa-kit/totp', './dist/totp.js'],
  ['mfa-kit/sms', './dist/sms.js'],
  ['otpauth', 'otpauth'],
  ['otplib', 'otplib'],
];

/** Milliseconds the import took in a fresh process. */
function coldImport(specifier) {
  const code = `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: root,
    encoding: 'utf8',
  });
  return Number(out);
}

export default async function run() {
  console.log(`\ncold import, fresh process each time, median of ${N}`);
  const samples = Object.fromEntries(ENTRIES.map(([name]) => [name, []]));
  // Interleaved, so a busy moment of the machine does not land on one entry only.
  for (let i = 0; i < N; i++)
    for (const [name, specifier] of ENTRIES) samples[name].push(coldImport(specifier));
  for (const [name] of ENTRIES)
    console.log(
      `  ${name.padEnd(16)} ${median(samples[name]).toFixed(1).padStart(6)} ms  (fastest ${Math.min(...samples[name]).toFixed(1)} ms)`,
    );
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
