// Bundle-size budget: what an app pays, minified and gzipped, for each entry point with its
// dependencies bundled in. Fails when an entry outgrows its budget, e.g. when TOTP starts
// pulling in a dependency, or when importing TOTP from the root stops tree-shaking.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const BUDGETS = [
  {
    entry: 'mfa-kit/totp',
    file: 'dist/totp.js',
    // 6,000 until the hostile-input fixes (an unspoofable byte check, stricter URIs): 6,156 B.
    gzipBytes: 6_200,
    mustNotInclude: ['libphonenumber-js', '@noble'],
  },
  {
    entry: 'mfa-kit/lockout',
    file: 'dist/lockout.js',
    // 2,000 before failures were counted per source (familiar buckets): 2,219 B.
    gzipBytes: 2_300,
    mustNotInclude: ['libphonenumber-js', '@noble'],
  },
  {
    entry: 'mfa-kit/seal',
    file: 'dist/seal.js',
    // 7,000 before parseKeyring/generateKeyringEntry (keyrings from one environment line): 7,271 B.
    // 7,400 before opening with OpenSSL's ChaCha20-Poly1305 where Node has it (3 µs less per
    // sign-in, beside noble's pure-JS path and the check that picks between them): 7,911 B.
    gzipBytes: 8_000,
    mustNotInclude: ['libphonenumber-js'],
  },
  {
    entry: 'mfa-kit/backup-codes',
    file: 'dist/backup-codes.js',
    // 8,500 before 70-bit codes with a salt each and the off-thread KDF: 9,546 B.
    gzipBytes: 9_700,
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
/**
 * What an app loads up front, bundled with code splitting as app bundlers do: its entry and every
 * chunk that entry imports statically. Code behind an `import()` (the SMS paths) is left out.
 */
async function upFront(contents) {
  const result = await build({
    stdin: { contents, resolveDir: new URL('..', import.meta.url).pathname, sourcefile: 'app.js' },
    bundle: true,
    minify: true,
    splitting: true,
    format: 'esm',
    platform: 'neutral',
    outdir: 'out',
    write: false,
    logLevel: 'error',
    metafile: true,
  });
  const outputs = result.metafile.outputs;
  const eager = new Set();
  const visit = (file) => {
    if (eager.has(file)) return;
    eager.add(file);
    for (const imp of outputs[file].imports)
      if (imp.kind === 'import-statement' && outputs[imp.path]) visit(imp.path);
  };
  visit(Object.keys(outputs).find((o) => outputs[o].entryPoint !== undefined));
  const inputs = (files) =>
    files.flatMap((file) =>
      Object.entries(outputs[file].inputs)
        .filter(([path, i]) => path !== 'app.js' && i.bytesInOutput > 0)
        .map(([path, i]) => ({ path, bytes: i.bytesInOutput })),
    );
  const eagerInputs = inputs([...eager]);
  return {
    bytes: [...eager].reduce((n, file) => n + outputs[file].bytes, 0),
    code: eagerInputs.reduce((n, i) => n + i.bytes, 0),
    eager: eagerInputs.map((i) => i.path),
    lazy: inputs(Object.keys(outputs).filter((file) => !eager.has(file))).map((i) => i.path),
  };
}

// An app that imports the OTP functions from the root must get the code it gets from
// `mfa-kit/totp`: nothing of the service, SMS or sealing may survive tree-shaking. Compared as
// the set of modules that put code in the bundle; the byte counts may differ by the lazy-init
// glue a bundler adds around modules that the SMS paths also load on demand.
const otpApp = (from) => ({
  stdin: {
    contents: `export { generateTotp, verifyTotp, base32Encode, base32Decode } from '${from}';`,
    resolveDir: new URL('..', import.meta.url).pathname,
  },
});
const contributing = async (from) => {
  const result = await build({
    ...otpApp(from),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'error',
    metafile: true,
  });
  const out = Object.values(result.metafile.outputs)[0];
  const modules = Object.entries(out.inputs)
    .filter(([path, i]) => i.bytesInOutput > 0 && !/^dist\/(index|totp)\.js$/.test(path))
    .map(([path]) => path)
    .sort();
  return { modules, bytes: out.bytes };
};
const fromSubpath = await contributing('./dist/totp.js');
const fromRoot = await contributing('./dist/index.js');
const shaken = fromRoot.modules.join() === fromSubpath.modules.join();
if (!shaken) failed = true;
console.log(
  `size: TOTP imported from mfa-kit ${fromRoot.bytes} B minified (${fromRoot.modules.length} modules), from mfa-kit/totp ${fromSubpath.bytes} B (${fromSubpath.modules.length} modules) ${shaken ? 'ok' : 'DOES NOT TREE-SHAKE'}`,
);

// A host without SMS must not load libphonenumber-js (~100 ms and ~150 kB of metadata) when it
// starts: only the chunks the SMS paths import on demand may hold it.
{
  const app = await upFront(`import { createMfa, memoryStore } from './dist/service.js';
    export const mfa = createMfa({ store: memoryStore(), keyring, issuer: 'Acme' });`);
  const phone = (paths) => paths.some((path) => path.includes('node_modules/libphonenumber-js'));
  const ok = !phone(app.eager) && phone(app.lazy);
  if (!ok) failed = true;
  console.log(
    `size: createMfa without SMS loads ${app.bytes} B minified up front, ${phone(app.eager) ? 'WITH' : 'without'} libphonenumber-js${phone(app.lazy) ? ' (only in the on-demand SMS chunks)' : ''} ${ok ? 'ok' : 'FAILED'}`,
  );
}

if (failed) process.exitCode = 1;
