// Run after `npm install` changes package-lock.json.
//
// Why: the package registry reachable from this project's machines serves only the Linux builds
// of platform-specific packages (@esbuild/*, @rollup/rollup-*, @biomejs/cli-*). npm then leaves
// the other platforms' optional entries out of the lockfile, and `npm ci` refuses a lockfile
// that lacks them. This script records each missing optional package with its version and
// platform, so `npm ci` can see it and skip it on platforms it does not fit.
import { readFileSync, writeFileSync } from 'node:fs';

const OS = new Set([
  'aix',
  'android',
  'cygwin',
  'darwin',
  'freebsd',
  'linux',
  'netbsd',
  'openbsd',
  'openharmony',
  'sunos',
  'win32',
]);
const CPU = {
  arm: 'arm',
  arm64: 'arm64',
  ia32: 'ia32',
  x64: 'x64',
  ppc64: 'ppc64',
  riscv64: 'riscv64',
  s390x: 's390x',
  loong64: 'loong64',
  mips64el: 'mips64el',
  loongarch64: 'loong64',
  powerpc64le: 'ppc64',
  wasm32: 'wasm32',
};

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [path, meta] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const nested = `${path ? `${path}/` : ''}node_modules/${name}`;
    const top = `node_modules/${name}`;
    if (packages[nested] || packages[top]) continue;
    const parts = name.split('/').pop().split('-');
    const entry = { version, ...(meta.dev ? { dev: true } : {}), optional: true };
    const os = parts.find((p) => OS.has(p));
    const cpu = parts.map((p) => CPU[p]).find(Boolean);
    if (os) entry.os = [os];
    if (cpu) entry.cpu = [cpu];
    if (parts.includes('musl')) entry.libc = ['musl'];
    else if (parts.includes('gnu') || parts.includes('gnueabihf')) entry.libc = ['glibc'];
    // In npm's own key order (version first, the rest alphabetical), so `npm install` leaves it be.
    const { version: v, ...rest } = entry;
    packages[top] = { version: v, ...Object.fromEntries(Object.entries(rest).sort()) };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: recorded ${added} optional platform packages`);
