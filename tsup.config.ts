import { defineConfig } from 'tsup';

// One entry per public subpath; each must stay importable without pulling in the others.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    totp: 'src/totp.ts',
    'backup-codes': 'src/backup-codes.ts',
    sms: 'src/sms.ts',
    lockout: 'src/lockout.ts',
    seal: 'src/seal.ts',
    service: 'src/service.ts',
    testkit: 'src/testkit.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: false,
  target: 'es2022',
  platform: 'neutral',
  treeshake: true,
  splitting: true,
});
