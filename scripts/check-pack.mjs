// Proves the published tarball works as users get it: packed, installed into a fresh ES-module
// project and a fresh CommonJS project, and used through `import` and `require`.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'mfa-kit-pack-'));
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const probe = `
const secret = new TextEncoder().encode('12345678901234567890');
const keyring = { current: 'k', keys: { k: crypto.getRandomValues(new Uint8Array(32)) } };
const ok = mfa.generateHotp(secret, 0) === '755224' && totp.verifyTotp(secret, totp.generateTotp(secret)).ok
  && mfa.MfaError === totp.MfaError
  && seal.openSecret(seal.sealSecret(secret, { keyring, context: 'c' }), { keyring, context: 'c' }).length === 20
  && sms.parsePhone('+1 201 555 0123').ok
  && lockout.lockoutStatus(undefined).locked === false
  && backup.generateBackupCodes().length === 10
  && typeof mfa.createMfa({ store: mfa.memoryStore(), keyring, issuer: 'Probe' }).challenge.start === 'function';
if (!ok) { console.error('wrong result'); process.exit(1); }
console.log('ok');
`;
const projects = {
  esm: {
    type: 'module',
    file: 'main.js',
    code: `import * as mfa from 'mfa-kit';\n${['totp', 'seal', 'sms', 'lockout', 'backup-codes'].map((m) => `import * as ${m === 'backup-codes' ? 'backup' : m} from 'mfa-kit/${m}';`).join('\n')}\n${probe}`,
  },
  cjs: {
    type: 'commonjs',
    file: 'main.cjs',
    code: `const mfa = require('mfa-kit');\n${['totp', 'seal', 'sms', 'lockout', 'backup-codes'].map((m) => `const ${m === 'backup-codes' ? 'backup' : m} = require('mfa-kit/${m}');`).join('\n')}\n${probe}`,
  },
};

/**
 * What the installed package must look like: CommonJS files never `require` an ESM-only @noble
 * package (Jest and Node 20's `require` cannot load it), ES-module files import @noble as a
 * package (apps share one copy), every file has its source map, and the CLI starts with `#!`.
 */
function checkShape(pkgDir) {
  const dist = join(pkgDir, 'dist');
  const files = readdirSync(dist, { recursive: true }).map(String);
  const code = files.filter((f) => /\.(c?js)$/.test(f));
  const problems = [];
  const noble = /(?:require\(|from\s*|import\()\s*["']@noble\//;
  for (const file of code) {
    const text = readFileSync(join(dist, file), 'utf8');
    if (file.endsWith('.cjs') && noble.test(text)) problems.push(`${file} requires @noble`);
    if (!files.includes(`${file}.map`)) problems.push(`${file} has no source map`);
  }
  if (!code.some((f) => f.endsWith('.js') && noble.test(readFileSync(join(dist, f), 'utf8'))))
    problems.push('no ES-module file imports @noble as a package');
  const bin = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).bin?.['mfa-kit'];
  if (existsSync(join(root, 'src/cli.ts'))) {
    const cli = bin && join(pkgDir, bin);
    if (!cli || !existsSync(cli)) problems.push('the mfa-kit bin is missing');
    else if (!readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n'))
      problems.push(`${bin} does not start with #!/usr/bin/env node`);
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  console.log(
    `pack: ${code.length} files with source maps, @noble bundled into CommonJS and imported by ES modules${bin ? ', bin with #!' : ''}`,
  );
}

try {
  const tarball = join(
    work,
    run('npm', ['pack', '--silent', '--pack-destination', work], root).trim().split('\n').pop(),
  );
  for (const [name, project] of Object.entries(projects)) {
    const dir = join(work, name);
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: `probe-${name}`, private: true, type: project.type }),
    );
    run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', '--silent', tarball],
      dir,
    );
    writeFileSync(join(dir, project.file), project.code);
    const output = execFileSync(process.execPath, [project.file], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (output.trim() !== 'ok') throw new Error(`${name} project printed: ${output}`);
    console.log(
      `pack: the tarball works from a fresh ${name === 'esm' ? 'ES-module' : 'CommonJS'} project`,
    );
  }
  checkShape(join(work, 'esm/node_modules/mfa-kit'));
  if (existsSync(join(root, 'src/cli.ts'))) {
    // The command as npm links it: node_modules/.bin/mfa-kit, run by its #! line.
    run(join(work, 'esm/node_modules/.bin/mfa-kit'), ['help'], join(work, 'esm'));
    console.log('pack: `mfa-kit help` runs from node_modules/.bin');
  }
} catch (err) {
  console.error(`pack check failed: ${err.stderr ?? err.message}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
