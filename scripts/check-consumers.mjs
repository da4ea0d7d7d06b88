// Proves the packed tarball installs and type-checks in the projects users actually have:
// - a host that already uses vitest 1.x and fast-check 3 (the testkit's optional peers must
//   not make `npm install` fail with ERESOLVE);
// - TypeScript 5.0 (the oldest we support) and the TypeScript of this repo, under each module
//   resolution: node10 (the default of `module: commonjs`), node16 from CommonJS and from ES
//   modules, and bundler — every subpath imported, library checking on (skipLibCheck: false).
// Errors in other packages' declarations (vitest's, fast-check's) are not ours and are only
// counted; any error in mfa-kit's declarations or in the consumer file fails the check.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const OLDEST_TS = '5.0';
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 32 * 1024 * 1024,
  });

// Every public subpath, imported as a namespace, plus typed use of the main entry points.
const subpaths = Object.keys(pkg.exports).filter((k) => k !== '.' && k !== './package.json');
const consumer = `import { createMfa, memoryStore, generateTotp, base32Decode, type Mfa, type Result } from 'mfa-kit';
${subpaths.map((s, i) => `import * as sub${i} from 'mfa-kit/${s.slice(2)}';`).join('\n')}

const keyring = { current: 'k1', keys: { k1: crypto.getRandomValues(new Uint8Array(32)) } };
export const mfa: Mfa = createMfa({ store: memoryStore(), keyring, issuer: 'Consumer' });
export const code: string = generateTotp(base32Decode('JBSWY3DPEHPK3PXP'), { now: 0 });
export async function signIn(userId: string, deviceToken?: string): Promise<boolean> {
  const started = await mfa.challenge.start(userId, { deviceToken });
  return started.ok && !started.required;
}
export type Outcome = Result<{ userId: string }>;
export const modules = [${subpaths.map((_, i) => `sub${i}`).join(', ')}];
`;

const base = {
  target: 'ES2022',
  lib: ['ES2022', 'DOM'],
  strict: true,
  noEmit: true,
  skipLibCheck: false,
  types: [],
};
const modes = {
  node10: { compilerOptions: { module: 'commonjs', moduleResolution: 'node10' }, file: 'cjs.ts' },
  'node16-cjs': {
    compilerOptions: { module: 'node16', moduleResolution: 'node16' },
    file: 'cjs.ts',
  },
  'node16-esm': {
    compilerOptions: { module: 'node16', moduleResolution: 'node16' },
    file: 'esm.mts',
  },
  bundler: { compilerOptions: { module: 'esnext', moduleResolution: 'bundler' }, file: 'esm.mts' },
};

const work = mkdtempSync(join(tmpdir(), 'mfa-kit-consumers-'));
let failed = false;
try {
  const tarball = join(
    work,
    run('npm', ['pack', '--silent', '--pack-destination', work], root).trim().split('\n').pop(),
  );
  const listing = run('tar', ['-tzf', tarball], work);
  if (!listing.includes('package/dist/index.d.ts'))
    throw new Error('the tarball has no type declarations: build with `npx tsup` (no MFA_NO_DTS)');
  const dir = join(work, 'app');
  run('mkdir', ['-p', dir], work);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'host-on-vitest-1', private: true, devDependencies: {} }),
  );
  // The host's own test tools first, at versions older than ours; then mfa-kit on top.
  run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--silent',
      '-D',
      'vitest@1',
      'fast-check@3',
    ],
    dir,
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--silent', tarball], dir);
  console.log('consumers: mfa-kit installs beside vitest 1 and fast-check 3');

  writeFileSync(join(dir, 'cjs.ts'), consumer);
  writeFileSync(join(dir, 'esm.mts'), consumer);
  const compilers = [
    [`typescript@${OLDEST_TS}`, ['npx', ['-y', '-p', `typescript@${OLDEST_TS}`, 'tsc']]],
    [
      `typescript@${pkg.devDependencies.typescript}`,
      [process.execPath, [join(root, 'node_modules/typescript/bin/tsc')]],
    ],
  ];
  for (const [tsName, [cmd, prefix]] of compilers) {
    for (const [mode, { compilerOptions, file }] of Object.entries(modes)) {
      const config = `tsconfig.${mode}.json`;
      writeFileSync(
        join(dir, config),
        JSON.stringify({ compilerOptions: { ...base, ...compilerOptions }, files: [file] }),
      );
      let output = '';
      try {
        output = run(cmd, [...prefix, '-p', config], dir);
      } catch (err) {
        output = `${err.stdout ?? ''}${err.stderr ?? ''}`;
      }
      const errors = output.split('\n').filter((line) => /error TS\d+/.test(line));
      const ours = errors.filter((line) => !/node_modules\/(?!mfa-kit\/)/.test(line));
      const note =
        errors.length > ours.length
          ? ` (${errors.length - ours.length} in other packages' types)`
          : '';
      if (ours.length > 0) {
        failed = true;
        console.log(`consumers: ${tsName} ${mode}: ${ours.length} errors${note}`);
        for (const line of ours.slice(0, 15)) console.log(`  ${line}`);
      } else {
        console.log(`consumers: ${tsName} ${mode}: every subpath type-checks${note}`);
      }
    }
  }
} catch (err) {
  failed = true;
  console.error(`consumers check failed: ${err.stderr ?? err.message}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
