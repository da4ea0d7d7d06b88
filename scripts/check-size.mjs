// Bundle-size budget: what an app pays, minified and gzipped, for each entry point with its
// dependencies bundled in. Fails when an entry outgrows its budget, e.g. when TOTP starts
// pulling in libphonenumber-js.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const BUDGETS = [
  {
    entry: 'mfa-kit/totp',
    file: 'dist/totp.js',
    gzipBytes: 9_500,
    mustNotInclude: ['libphonenumber-js', '@noble/ciphers'],
  },
  {
    entry: 'mfa-kit/lockout',
    file: 'dist/lockout.js',
    gzipBytes: 2_000,
    mustNotInclude: ['libphonenumber-js', '@noble'],
  },
  {
    entry: 'mfa-kit/seal',
    file: 'dist/seal.js',
    gzipBytes: 7_000,
    mustNotInclude: ['libphonenumber-js'],
  },
  {
    entry: 'mfa-kit/backup-codes',
    file: 'dist/backup-codes.js',
    gzipBytes: 8_500,
    mustNotInclude: ['libphonenumber-js', '@noble/ciphers'],
  },
];

let failed = false;
for (const { entry, file, gzipBytes, mustNotInclude } of BUDGETS) {
  const result = await build({
    entryPoints: [file],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'error',
    metafile: true,
  });
  const inputs = Object.keys(result.metafile.inputs);
  for (const forbidden of mustNotInclude) {
    if (inputs.some((path) => path.includes(`node_modules/${forbidden}`))) {
      console.log(`size: ${entry} pulls in ${forbidden}, which it must not`);
      failed = true;
    }
  }
  const code = result.outputFiles[0].contents;
  const size = gzipSync(code, { level: 9 }).length;
  const verdict = size <= gzipBytes ? 'ok' : 'OVER BUDGET';
  if (size > gzipBytes) failed = true;
  console.log(
    `size: ${entry} ${code.length} B minified, ${size} B gzipped (budget ${gzipBytes} B) ${verdict}`,
  );
}
if (failed) process.exitCode = 1;
