// Measures what mfa-kit costs per request inside workerd (Cloudflare Workers' runtime, through
// Miniflare): a first-factor TOTP enrollment (totp.begin + totp.confirm, which hashes ten backup
// codes), one sign-in with a backup code and one with a TOTP code, at several backup-code scrypt
// costs, with and without the nodejs_compat flag (with it, mfa-kit reaches workerd's native
// scrypt through process.getBuiltinModule; without it, @noble/hashes' JS scrypt runs).
//
//   node .ci/runtimes/edge-cost.mjs     (Node 22+: Miniflare 4 needs it; builds dist/ first)
//
// Inside a Worker, Date.now() and performance.now() stand still while code runs, so the time is
// taken from outside, as the CPU time the workerd process spends (Linux /proc/<pid>/task/*/schedstat,
// nanoseconds, every thread) over a series of requests, divided by their number, minus the same for
// an empty request. Wall time is printed beside it: it is higher under load and when scrypt
// yields to the event loop between blocks.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '../..');
const { Miniflare } = await import(join(root, 'node_modules/miniflare/dist/src/index.js'));
const SAMPLES = Number(process.env.SAMPLES ?? 9);
const COSTS = [
  { N: 2 ** 13, r: 8, p: 1 }, // the default
  { N: 2 ** 12, r: 8, p: 1 },
  { N: 2 ** 11, r: 8, p: 1 },
  { N: 2 ** 10, r: 8, p: 1 },
  { N: 2 ** 10, r: 4, p: 1 },
  { N: 2 ** 10, r: 1, p: 1 },
];

if (!process.argv.includes('--no-build')) {
  execFileSync('npx', ['tsup', '--silent'], { cwd: root, stdio: 'inherit' });
}

const worker = `
import { createMfa, memoryStore, base32Decode, generateTotp } from ${JSON.stringify(join(root, 'dist/index.js'))};
let clock = Date.UTC(2026, 0, 1);
const keyring = { current: 'k', keys: { k: Uint8Array.from({ length: 32 }, (_, i) => i + 7) } };
const apps = new Map();
const codes = new Map();
let users = 0;
function app(cost) {
  const key = JSON.stringify(cost);
  if (!apps.has(key)) apps.set(key, createMfa({ store: memoryStore(), keyring, issuer: 'Cost', now: () => clock, backupCodes: { cost } }));
  return apps.get(key);
}
async function enroll(mfa) {
  const user = 'u' + ++users;
  clock += 60_000;
  const begun = await mfa.totp.begin(user, { accountName: user, authenticatedAt: clock });
  const done = await mfa.totp.confirm(user, begun.factorId, generateTotp(base32Decode(begun.secret), { now: clock }));
  if (!done.ok) throw new Error('enrollment failed: ' + done.error.code);
  return { user, codes: done.backupCodes, secret: base32Decode(begun.secret) };
}
export default {
  async fetch(request) {
    const url = new URL(request.url);
    const cost = url.searchParams.has('N') ? { N: +url.searchParams.get('N'), r: +url.searchParams.get('r'), p: 1 } : undefined;
    try {
      if (url.pathname === '/noop') return new Response('ok');
      if (url.pathname === '/native') return new Response(String(typeof globalThis.process?.getBuiltinModule === 'function' && typeof globalThis.process.getBuiltinModule('node:crypto')?.scrypt === 'function'));
      if (url.pathname === '/enroll') { await enroll(app(cost)); return new Response('ok'); }
      if (url.pathname === '/setup') { codes.set(JSON.stringify(cost), await enroll(app(cost))); return new Response('ok'); }
      if (url.pathname === '/backup') {
        const mfa = app(cost);
        const held = codes.get(JSON.stringify(cost));
        clock += 60_000;
        const started = await mfa.challenge.start(held.user);
        const result = await mfa.challenge.verify(started.challengeId, { backupCode: held.codes.shift() });
        if (!result.ok) throw new Error('backup code refused: ' + result.error.code);
        return new Response('ok');
      }
      if (url.pathname === '/totp') {
        const mfa = app(cost);
        const held = codes.get(JSON.stringify(cost));
        clock += 60_000;
        const started = await mfa.challenge.start(held.user);
        const result = await mfa.challenge.verify(started.challengeId, { code: generateTotp(held.secret, { now: clock }) });
        if (!result.ok) throw new Error('TOTP code refused: ' + result.error.code);
        return new Response('ok');
      }
      return new Response('no such route', { status: 404 });
    } catch (e) {
      return new Response(String(e && e.stack || e), { status: 500 });
    }
  },
};
`;

/** The workerd processes this process started (Miniflare spawns one per instance). */
function workerdPids() {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(fields[1]) === process.pid && stat.includes('(workerd)');
      } catch {
        return false;
      }
    });
}
/** CPU time of a process, all threads, in ms. */
function cpuMs(pid) {
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // a thread that ended between the listing and the read
    }
  }
  return ns / 1e6;
}

const work = mkdtempSync(join(tmpdir(), 'mfa-kit-edge-cost-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  writeFileSync(join(work, 'worker.mjs'), worker);
  await build({
    entryPoints: [join(work, 'worker.mjs')],
    outfile: join(work, 'bundle.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    logLevel: 'error',
  });
  for (const compat of [false, true]) {
    const mf = new Miniflare({
      modules: true,
      modulesRoot: work,
      scriptPath: join(work, 'bundle.mjs'),
      compatibilityDate: '2025-09-01',
      compatibilityFlags: compat ? ['nodejs_compat'] : [],
    });
    const call = async (path) => {
      const t = performance.now();
      const res = await mf.dispatchFetch(`http://localhost${path}`);
      const text = await res.text();
      if (!res.ok) throw new Error(`${path}: ${text}`);
      return { ms: performance.now() - t, text };
    };
    try {
      const native = (await call('/native')).text;
      const pids = workerdPids();
      if (pids.length !== 1) throw new Error(`expected one workerd process, found ${pids.length}`);
      const pid = pids[0];
      // CPU ms and median wall ms per request over `count` calls of paths(i).
      const measure = async (count, path) => {
        const before = cpuMs(pid);
        const walls = [];
        for (let i = 0; i < count; i++) walls.push((await call(path)).ms);
        return { cpu: (cpuMs(pid) - before) / count, wall: median(walls) };
      };
      await measure(3, '/noop');
      const empty = await measure(50, '/noop');
      console.log(
        `workerd ${compat ? 'with' : 'without'} nodejs_compat (native scrypt: ${native}); an empty request: ${empty.cpu.toFixed(2)} ms CPU, subtracted below`,
      );
      for (const cost of COSTS) {
        const q = `?N=${cost.N}&r=${cost.r}`;
        await call(`/enroll${q}`); // warm-up: first-call compilation is not the steady cost
        const enroll = await measure(SAMPLES, `/enroll${q}`);
        await call(`/setup${q}`);
        await call(`/backup${q}`);
        // Ten codes per set, one spent on the warm-up: nine timed sign-ins at most.
        const backup = await measure(Math.min(SAMPLES, 9), `/backup${q}`);
        const totp = await measure(SAMPLES, `/totp${q}`);
        const f = (m) =>
          `${(m.cpu - empty.cpu).toFixed(1)} ms CPU (wall ${(m.wall - empty.wall).toFixed(1)} ms)`;
        console.log(
          `  cost N=2^${Math.log2(cost.N)} r=${cost.r} p=1 (${(128 * cost.N * cost.r) / 2 ** 20} MiB): enrollment ${f(enroll)}; one backup-code sign-in ${f(backup)}; one TOTP sign-in ${f(totp)}`,
        );
      }
    } finally {
      await mf.dispose();
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
