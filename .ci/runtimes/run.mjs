// The runtime matrix: packs the package as npm would publish it, installs the tarball into a
// fresh consumer project (its dependencies from the npm registry), and runs the one smoke test
// (smoke.mjs) in every runtime users run mfa-kit in: Node 20, 22 and 24 (import and require),
// Bun, Deno, workerd (Miniflare), Vercel's edge-runtime, Chromium and a CommonJS Jest project.
//
//   node .ci/runtimes/run.mjs [--no-build] [--only=name,name]
//
// Prints one line per runtime (`runtime <name>: pass|fail <seconds> s`), then
// `runtimes: N passed, N failed`; exits non-zero when any runtime fails. --no-build packs the
// dist/ already there (.ci/run builds it just before).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const root = resolve(import.meta.dirname, '../..');
const bin = (name) => join(root, 'node_modules/.bin', name);
const args = process.argv.slice(2);
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const execFileP = promisify(execFile);

/** Runs a command; resolves with its stdout, rejects with its output on a non-zero exit. */
async function run(cmd, argv, opts = {}) {
  try {
    const { stdout } = await execFileP(cmd, argv, {
      cwd: opts.cwd ?? root,
      env: { ...process.env, ...opts.env },
      timeout: opts.timeout ?? 90_000,
      maxBuffer: 32 * 1024 * 1024,
      encoding: 'utf8',
    });
    return stdout;
  } catch (err) {
    const output = `${err.stdout ?? ''}${err.stderr ?? ''}`.trim() || err.message;
    // A process that finished its work but never exits (a timer or thread left referenced) is a
    // failure too: scripts and CLIs built on mfa-kit would hang the same way.
    if (err.killed)
      throw new Error(
        `${cmd} ${argv.join(' ')} timed out after ${(opts.timeout ?? 90_000) / 1000} s:\n${output.split('\n').slice(-25).join('\n')}`,
      );
    throw new Error(
      `${cmd} ${argv.join(' ')} failed:\n${output.split('\n').slice(-25).join('\n')}`,
    );
  }
}

// The smoke test as text, with the `export` dropped so it can follow any loader.
const smokeSource = readFileSync(join(import.meta.dirname, 'smoke.mjs'), 'utf8').replace(
  /^export async function smoke/m,
  'async function smoke',
);
const modules = {
  mfa: 'mfa-kit',
  totp: 'mfa-kit/totp',
  seal: 'mfa-kit/seal',
  backup: 'mfa-kit/backup-codes',
  service: 'mfa-kit/service',
};
const imports = Object.entries(modules)
  .map(([name, spec]) => `import * as ${name} from '${spec}';`)
  .join('\n');
const requires = Object.entries(modules)
  .map(([name, spec]) => `const ${name} = require('${spec}');`)
  .join('\n');
const lib = `{ ${Object.keys(modules).join(', ')} }`;
const report = `.then((r) => { console.log('smoke: ' + r); }, (e) => { console.error('smoke failed: ' + (e && e.stack || e)); process.exitCode = 1; })`;

// One entry file per way of loading the package; each is the same smoke test.
const entries = {
  'esm.mjs': `${imports}\n${smokeSource}\nsmoke(${lib})${report};\n`,
  'cjs.cjs': `'use strict';\n${requires}\n${smokeSource}\nsmoke(${lib})${report};\n`,
  'jest/smoke.test.js': `${requires}\n${smokeSource}\ntest('mfa-kit smoke test', async () => {\n  expect(await smoke(${lib})).toBe('ok');\n}, 60_000);\n`,
  // workerd: a module worker answering the smoke test's outcome.
  'worker.mjs': `${imports}\n${smokeSource}\nexport default {\n  async fetch() {\n    try {\n      return new Response(await smoke(${lib}));\n    } catch (e) {\n      return new Response(String(e && e.stack || e), { status: 500 });\n    }\n  },\n};\n`,
  // edge-runtime and Chromium: a bundle that leaves the test on globalThis.
  'global.mjs': `${imports}\n${smokeSource}\nglobalThis.mfaKitSmoke = () => smoke(${lib});\n`,
};

async function bundle(dir, entry, out, opts) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(dir, entry)],
    outfile: join(dir, out),
    bundle: true,
    logLevel: 'error',
    ...opts,
  });
  return join(dir, out);
}

const nodePaths = {};
/** The binary of Node `major`, fetched once from the npm registry (the `node` package). */
async function nodeOf(major) {
  if (String(major) === process.versions.node.split('.')[0]) return process.execPath;
  nodePaths[major] ??= run('npx', ['-y', '-p', `node@${major}`, 'node', '-p', 'process.execPath'], {
    cwd: tmpdir(),
    timeout: 240_000,
  }).then((out) => out.trim());
  return nodePaths[major];
}

const expectOk = (out, name) => {
  if (!/^smoke: ok$/m.test(out)) throw new Error(`${name} printed:\n${out.slice(-2000)}`);
};

function nodeRuntime(major, file) {
  return async (dir) => expectOk(await run(await nodeOf(major), [file], { cwd: dir }), file);
}

function jestRuntime(major) {
  return async (dir) => {
    // The host's own default Jest: CommonJS, babel-jest, no ESM flags.
    const node = await nodeOf(major);
    await run(
      node,
      [join(root, 'node_modules/jest/bin/jest.js'), '--ci', '--rootDir', join(dir, 'jest')],
      {
        cwd: join(dir, 'jest'),
      },
    );
  };
}

const runtimes = {
  'node 20 (import)': nodeRuntime(20, 'esm.mjs'),
  'node 20 (require)': nodeRuntime(20, 'cjs.cjs'),
  'node 22 (import)': nodeRuntime(22, 'esm.mjs'),
  'node 22 (require)': nodeRuntime(22, 'cjs.cjs'),
  'node 24 (import)': nodeRuntime(24, 'esm.mjs'),
  'node 24 (require)': nodeRuntime(24, 'cjs.cjs'),
  'jest (node 20, CommonJS)': jestRuntime(20),
  'jest (node 24, CommonJS)': jestRuntime(24),
  bun: async (dir) => expectOk(await run(bin('bun'), ['esm.mjs'], { cwd: dir }), 'bun'),
  deno: async (dir) =>
    // Deno resolves bare specifiers from the project's package.json and node_modules.
    expectOk(
      await run(
        bin('deno'),
        ['run', '--quiet', '--no-prompt', '--allow-read', '--allow-env', 'esm.mjs'],
        {
          cwd: dir,
          env: { DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
        },
      ),
      'deno',
    ),
  'workerd (miniflare)': async (dir) => {
    // Bundled the way wrangler bundles a Worker; Miniflare 4 itself needs Node 22.
    await bundle(dir, 'worker.mjs', 'worker.bundle.mjs', {
      format: 'esm',
      platform: 'neutral',
      conditions: ['workerd', 'worker', 'browser'],
      mainFields: ['browser', 'module', 'main'],
    });
    writeFileSync(
      join(dir, 'miniflare.mjs'),
      `import { Miniflare } from ${JSON.stringify(join(root, 'node_modules/miniflare/dist/src/index.js'))};
const mf = new Miniflare({ modules: true, scriptPath: 'worker.bundle.mjs', compatibilityDate: '2025-09-01' });
try {
  const res = await mf.dispatchFetch('http://localhost/');
  const text = await res.text();
  console.log(res.ok ? 'smoke: ' + text : 'smoke failed: ' + text);
} finally {
  await mf.dispose();
}
`,
    );
    expectOk(await run(await nodeOf(22), ['miniflare.mjs'], { cwd: dir }), 'workerd');
  },
  'edge-runtime': async (dir) => {
    const file = await bundle(dir, 'global.mjs', 'edge.bundle.js', {
      format: 'iife',
      platform: 'browser',
      conditions: ['edge-light', 'worker', 'browser'],
    });
    writeFileSync(
      join(dir, 'edge.mjs'),
      `import { readFileSync } from 'node:fs';
import { EdgeRuntime } from ${JSON.stringify(join(root, 'node_modules/edge-runtime/dist/index.js'))};
const runtime = new EdgeRuntime({ initialCode: readFileSync(${JSON.stringify(file)}, 'utf8') });
if (runtime.evaluate('typeof process') !== 'undefined') throw new Error('edge-runtime exposes process');
console.log('smoke: ' + (await runtime.evaluate('globalThis.mfaKitSmoke()')));
`,
    );
    expectOk(await run(process.execPath, ['edge.mjs'], { cwd: dir }), 'edge-runtime');
  },
  chromium: async (dir) => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}`);
    const file = await bundle(dir, 'global.mjs', 'browser.bundle.js', {
      format: 'iife',
      platform: 'browser',
    });
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    try {
      const page = await browser.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.setContent('<!doctype html><title>mfa-kit smoke</title>');
      await page.addScriptTag({ content: readFileSync(file, 'utf8') });
      const result = await page.evaluate(async () => {
        if (typeof globalThis.process !== 'undefined') return 'a browser page with process';
        try {
          return await globalThis.mfaKitSmoke();
        } catch (e) {
          return String(e?.stack ?? e);
        }
      });
      expectOk(`smoke: ${result}`, `chromium${errors.length ? ` (${errors.join('; ')})` : ''}`);
    } finally {
      await browser.close();
    }
  },
};

async function main() {
  const started = performance.now();
  const work = mkdtempSync(join(tmpdir(), 'mfa-kit-runtimes-'));
  const secs = (from) => ((performance.now() - from) / 1000).toFixed(1);
  let passed = 0;
  let failed = 0;
  try {
    if (!args.includes('--no-build')) await run('npx', ['tsup', '--silent'], { timeout: 600_000 });
    const tarball = join(
      work,
      (await run('npm', ['pack', '--silent', '--pack-destination', work])).trim().split('\n').pop(),
    );
    const dir = join(work, 'consumer');
    mkdirSync(join(dir, 'jest'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', '--silent', tarball],
      {
        cwd: dir,
        timeout: 300_000,
      },
    );
    // The Jest project is CommonJS (no "type"), as `npm init` and Jest's docs make it.
    writeFileSync(
      join(dir, 'jest/package.json'),
      JSON.stringify({ name: 'consumer-jest', private: true }),
    );
    for (const [file, text] of Object.entries(entries)) writeFileSync(join(dir, file), text);
    console.log(`runtimes: packed and installed ${tarball.split('/').pop()} in ${secs(started)} s`);

    for (const [name, test] of Object.entries(runtimes)) {
      if (only && !only.some((o) => name.startsWith(o))) continue;
      const t = performance.now();
      try {
        await test(dir);
        passed++;
        console.log(`runtime ${name}: pass ${secs(t)} s`);
      } catch (err) {
        failed++;
        console.log(`runtime ${name}: FAIL ${secs(t)} s`);
        // The first lines name the failed check; the rest is stack.
        console.log(`  ${String(err.message).split('\n').slice(0, 12).join('\n  ')}`);
      }
    }
  } catch (err) {
    failed++;
    console.log(`runtimes: could not set up the consumer project\n  ${err.message}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`runtimes: ${passed} passed, ${failed} failed (${secs(started)} s)`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

await main();
