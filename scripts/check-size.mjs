// Bundle-size budget: what an app pays, minified and gzipped, for each entry point with its
// dependencies bundled in. Fails when an entry outgrows its budget, e.g. when TOTP starts
// pulling in a dependency, or when importing TOTP from the root stops tree-shaking.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const BUDGETS = [
  {
    entry: 'mfa-kit/totp',
    file: 'dist/totp.js',
    gzipBytes: 6_000,
    mustNotInclude: ['libphonenumber-js', '@noble'],
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

async function bundle(options) {
  const result = await build({
    ...options,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'error',
    metafile: true,
  });
  const code = result.outputFiles[0].contents;
  return { inputs: Object.keys(result.metafile.inputs), code, gzip: gzipSync(code, { level: 9 }) };
}

let failed = false;
for (const { entry, file, gzipBytes, mustNotInclude } of BUDGETS) {
  const { inputs, code, gzip } = await bundle({ entryPoints: [file] });
  for (const forbidden of mustNotInclude) {
    if (inputs.some((path) => path.includes(`node_modules/${forbidden}`))) {
      console.log(`size: ${entry} pulls in ${forbidden}, which it must not`);
      failed = true;
    }
  }
  const size = gzip.length;
  const verdict = size <= gzipBytes ? 'ok' : 'OVER BUDGET';
  if (size > gzipBytes) failed = true;
  console.log(
    `size: ${entry} ${code.length} B minified, ${size} B gzipped (budget ${gzipBytes} B) ${verdict}`,
  );
}
// An app that imports the OTP functions from the root must get exactly the code it gets from
// `mfa-kit/totp`: nothing of the service, SMS or sealing may survive tree-shaking.
const app = (from) => ({
  stdin: {
    contents: `export { generateTotp, verifyTotp, base32Encode, base32Decode } from '${from}';`,
    resolveDir: new URL('..', import.meta.url).pathname,
  },
});
const fromSubpath = await bundle(app('./dist/totp.js'));
const fromRoot = await bundle(app('./dist/index.js'));
const shaken = fromRoot.code.length === fromSubpath.code.length;
if (!shaken) failed = true;
console.log(
  `size: TOTP imported from mfa-kit ${fromRoot.code.length} B minified, from mfa-kit/totp ${fromSubpath.code.length} B ${shaken ? 'ok' : 'DOES NOT TREE-SHAKE'}`,
);

if (failed) process.exitCode = 1;
