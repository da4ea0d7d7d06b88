import { existsSync, rmSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

// One entry per public subpath; each must stay importable without pulling in the others.
const library: Record<string, string> = {
  index: 'src/index.ts',
  totp: 'src/totp.ts',
  'backup-codes': 'src/backup-codes.ts',
  sms: 'src/sms.ts',
  lockout: 'src/lockout.ts',
  seal: 'src/seal.ts',
  service: 'src/service.ts',
  testkit: 'src/testkit.ts',
  web: 'src/web.ts',
  'stores/postgres': 'src/stores/postgres.ts',
  'stores/mysql': 'src/stores/mysql.ts',
  'stores/redis': 'src/stores/redis.ts',
  'stores/sqlite': 'src/stores/sqlite.ts',
};

// Entries whose module is not written yet are left out, so work in progress still builds.
const existing = (entries: Record<string, string>) =>
  Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file)));

// MFA_NO_DTS=1 skips the declaration build (fast local builds while other files are mid-edit).
const dts = process.env.MFA_NO_DTS !== '1';

const common: Options = {
  target: 'es2022',
  platform: 'neutral',
  treeshake: true,
  splitting: true,
  sourcemap: true,
  // Cleaning is done once below: the configs build in parallel and must not delete each other.
  clean: false,
};

// The `#!` line goes on dist/cli.js alone. The source map gains one empty generated line (a
// leading `;`) so it still points at the right lines of src/.
const shebang = {
  name: 'cli-shebang',
  renderChunk(this: unknown, code: string, info: { path: string; map?: unknown; mode?: number }) {
    if (!/[\\/]dist[\\/]cli\.js$/.test(info.path) || code.startsWith('#!')) return;
    Object.assign(info, { code: `#!/usr/bin/env node\n${code}`, mode: 0o755 });
    if (info.map) {
      const map = typeof info.map === 'string' ? JSON.parse(info.map) : info.map;
      info.map = { ...map, mappings: `;${map.mappings}` };
    }
  },
};

export default defineConfig((flags) => {
  rmSync(flags.outDir ?? 'dist', { recursive: true, force: true });
  const configs: Options[] = [
    // ES modules import their dependencies (@noble/*, libphonenumber-js) as packages, so an app
    // shares one copy with its other libraries and its bundler can dedupe and tree-shake them.
    { ...common, entry: existing(library), format: ['esm'], dts },
    // CommonJS: the @noble packages are ESM-only, and `require` of an ES module needs Node 22.12+
    // and fails under Jest's default config, so they are bundled into the .cjs files. Everything
    // else that ships CommonJS (libphonenumber-js) stays an ordinary dependency.
    { ...common, entry: existing(library), format: ['cjs'], dts, noExternal: [/^@noble\//] },
  ];
  const cli = existing({ cli: 'src/cli.ts' });
  if (Object.keys(cli).length > 0) {
    // The command line runs on Node only (`bin`), so it is one ES module with a `#!` line.
    configs.push({
      ...common,
      entry: cli,
      format: ['esm'],
      platform: 'node',
      splitting: false,
      dts: false,
      plugins: [shebang],
    });
  }
  return configs;
});
