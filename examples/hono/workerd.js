// `npm run start:workerd`: worker.js on workerd, Cloudflare's runtime, through Miniflare (what
// `wrangler dev` uses), on http://localhost:8787 (PORT=…). esbuild bundles it as wrangler would.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';

export async function startWorkerd({ port = 8787, bindings = {} } = {}) {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./worker.js', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    write: false,
    logLevel: 'error', // esbuild notes that dist/ marks its chunks side-effect free: expected
  });
  const mf = new Miniflare({
    modules: true,
    script: bundle.outputFiles[0].text,
    compatibilityDate: '2025-09-01',
    bindings,
    port,
    host: '127.0.0.1',
  });
  return { url: await mf.ready, close: () => mf.dispose() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const key = process.env.MFA_KEY;
  const { url } = await startWorkerd({
    port: Number(process.env.PORT ?? 8787),
    bindings: key ? { MFA_KEY: key } : {},
  });
  console.log(`Hono on workerd: ${url}`);
}
