// Passkey support must cost nothing to apps that do not configure it. An app's bundler keeps a
// dynamic `import()` in a chunk of its own, loaded only when run; this check bundles the way such
// an app would (esbuild, splitting on) and measures what loads eagerly:
// - `mfa-kit/totp` pulls in nothing of WebAuthn, the service or @noble/curves;
// - `createMfa` from `mfa-kit/service` loads no WebAuthn code and no @noble/curves until
//   `webauthn` is configured, and stays within its budget;
// - the WebAuthn chunk exists (so the check would notice if it were folded into the service).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
// Gzipped bytes loaded eagerly, from `node scripts/check-webauthn-size.mjs --measure` on the same
// tree with and without passkeys (21:40 UTC, 2026-11-23): totp 4,129 → 4,135 B (the same code; tsup
// cut its chunks differently), service 32,359 → 33,552 B (+1,193 B: the webauthn kind's entry
// checks, summary and request options, and the validation of `createMfa({ webauthn })`; the
// ceremonies and the verification code are the lazy chunk, ~4.7 kB). The service budget leaves
// room for the rest of the service to grow; what this check guards is that no WebAuthn code
// loads eagerly, which the first test below fails on whatever the size.
const BUDGETS = {
  totp: Number(process.env.MFA_TOTP_BUDGET ?? 4_200),
  service: Number(process.env.MFA_SERVICE_BUDGET ?? 36_000),
};
const measureOnly = process.argv.includes('--measure');
const WEBAUTHN =
  /(^|\/)src\/webauthn\/|webauthn-flows|dist\/.*webauthn|node_modules\/@noble\/curves\//;

async function eager(contents) {
  const outdir = mkdtempSync(join(tmpdir(), 'mfa-size-'));
  try {
    const result = await build({
      stdin: { contents, resolveDir: root, sourcefile: 'app.js' },
      bundle: true,
      splitting: true,
      minify: true,
      format: 'esm',
      platform: 'neutral',
      outdir,
      write: false,
      logLevel: 'error',
      metafile: true,
    });
    const outputs = result.metafile.outputs;
    const files = new Map(result.outputFiles.map((f) => [f.path, f.contents]));
    const entry = Object.keys(outputs).find((k) => outputs[k].entryPoint !== undefined);
    // The eager closure: the entry and what it imports statically, not what it `import()`s.
    const seen = new Set();
    const walk = (key) => {
      if (seen.has(key)) return;
      seen.add(key);
      for (const imp of outputs[key].imports) if (imp.kind === 'import-statement') walk(imp.path);
    };
    walk(entry);
    const inputs = [...seen].flatMap((k) => Object.keys(outputs[k].inputs));
    const lazyInputs = Object.keys(outputs)
      .filter((k) => !seen.has(k))
      .flatMap((k) => Object.keys(outputs[k].inputs));
    const gz = (k) => gzipSync(files.get(resolve(k)) ?? new Uint8Array(), { level: 9 }).length;
    // The lazy chunks that hold WebAuthn code (SMS and others have lazy chunks of their own).
    const lazyBytes = Object.keys(outputs)
      .filter((k) => !seen.has(k) && Object.keys(outputs[k].inputs).some((p) => WEBAUTHN.test(p)))
      .reduce((n, k) => n + gz(k), 0);
    const bytes = [...seen].reduce(
      (n, k) => n + gzipSync(files.get(resolve(k)) ?? new Uint8Array(), { level: 9 }).length,
      0,
    );
    return { inputs, lazyInputs, bytes, lazyBytes };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

let failed = false;
/** Sizes from the built package; which modules load eagerly from the sources (dist chunk names hide them). */
const report = (name, r, sources, budget) => {
  const leaks = sources.inputs.filter((p) => WEBAUTHN.test(p));
  if (leaks.length > 0) {
    failed = true;
    console.log(`webauthn-size: ${name} loads WebAuthn code eagerly: ${leaks.join(', ')}`);
  }
  const over = !measureOnly && budget > 0 && r.bytes > budget;
  if (over) failed = true;
  console.log(
    `webauthn-size: ${name} ${r.bytes} B gzipped eagerly${budget > 0 ? ` (budget ${budget} B)` : ''} ${over ? 'OVER BUDGET' : 'ok'}`,
  );
};

const TOTP = 'export { generateTotp, verifyTotp, base32Encode, base32Decode } from';
const SERVICE = 'export { createMfa, memoryStore } from';
report(
  'mfa-kit/totp',
  await eager(`${TOTP} './dist/totp.js';`),
  await eager(`${TOTP} './src/totp.ts';`),
  BUDGETS.totp,
);
const service = await eager(`${SERVICE} './dist/service.js';`);
const serviceSources = await eager(`${SERVICE} './src/service.ts';`);
report('mfa-kit/service without webauthn', service, serviceSources, BUDGETS.service);
console.log(`webauthn-size: WebAuthn chunks loaded on first use: ${service.lazyBytes} B gzipped`);
if (!measureOnly && !serviceSources.lazyInputs.some((p) => WEBAUTHN.test(p))) {
  failed = true;
  console.log('webauthn-size: no lazily loaded WebAuthn chunk found behind createMfa');
}
if (failed) process.exit(1);
