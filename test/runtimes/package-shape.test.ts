/**
 * The package manifest and the build config describe the same subpaths: each `exports` subpath
 * has its TypeScript node10 route (`typesVersions`), its tsup entry and its source file, with ESM
 * and CommonJS files and types for each. A subpath added in one place and not the others would
 * ship broken for some users (attw only sees what was built). The runtime matrix
 * (.ci/runtimes/run.mjs) proves the built package in each runtime.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const tsupConfig = readFileSync('tsup.config.ts', 'utf8');
const subpaths = Object.keys(pkg.exports).filter((k) => k !== '.' && k !== './package.json');
const entryName = (subpath: string) => (subpath === '.' ? 'index' : subpath.slice(2));

describe('package.json and tsup.config.ts agree', () => {
  it.each(['.', ...subpaths])('%s: import and require, each with its types', (subpath) => {
    const name = entryName(subpath);
    expect(pkg.exports[subpath]).toEqual({
      import: { types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` },
      require: { types: `./dist/${name}.d.cts`, default: `./dist/${name}.cjs` },
    });
    expect(tsupConfig).toContain(`'src/${name}.ts'`);
  });

  it('gives every subpath a typesVersions route for TypeScript node10 resolution, and no other', () => {
    const routes = pkg.typesVersions['*'];
    expect(Object.keys(routes).sort()).toEqual(subpaths.map(entryName).sort());
    for (const subpath of subpaths) {
      expect(routes[entryName(subpath)]).toEqual([pkg.exports[subpath].require.types]);
    }
  });

  it('points the node10 root fields at the CommonJS build', () => {
    expect([pkg.main, pkg.types, pkg.module]).toEqual([
      './dist/index.cjs',
      './dist/index.d.cts',
      './dist/index.js',
    ]);
  });

  it('builds the CLI the bin names, from src/cli.ts', () => {
    expect(pkg.bin).toEqual({ 'mfa-kit': './dist/cli.js' });
    expect(tsupConfig).toContain("cli: 'src/cli.ts'");
  });

  it('keeps testkit peers optional and wide enough for a host on vitest 1', () => {
    expect(pkg.peerDependencies).toEqual({ 'fast-check': '>=3.0.0', vitest: '>=1.0.0' });
    expect(pkg.peerDependenciesMeta).toEqual({
      'fast-check': { optional: true },
      vitest: { optional: true },
    });
  });

  it('has the registry page links', () => {
    expect(pkg.repository.url).toMatch(/^git\+https:\/\/github\.com\/[\w-]+\/mfa-kit\.git$/);
    expect(pkg.homepage).toMatch(/^https:\/\/github\.com\/[\w-]+\/mfa-kit#readme$/);
    expect(pkg.bugs.url).toMatch(/^https:\/\/github\.com\/[\w-]+\/mfa-kit\/issues$/);
  });

  it('has a source file for every public subpath', () => {
    const missing = ['.', ...subpaths].filter((s) => !existsSync(`src/${entryName(s)}.ts`));
    expect(missing).toEqual([]);
  });
});
