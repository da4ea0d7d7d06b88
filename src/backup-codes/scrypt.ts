/**
 * scrypt for backup codes, off the main thread where the platform allows it.
 *
 * A pure-JS scrypt costs ~50 ms of main-thread CPU per derivation: a flood of wrong backup codes
 * then stalls every other request of the process. On Node (and runtimes that mimic its
 * `process.getBuiltinModule`), the native scrypt runs instead on worker threads at the lowest CPU
 * priority (or, where workers cannot start, on the libuv thread pool), at most cores − 1 at a
 * time (at least one), so sign-ins keep a core and their priority during a flood. Node is
 * reached at run time, never through a static `node:` import, so the package still loads
 * in browsers and workers, where @noble/hashes' scrypt does the work. Both give the same bytes.
 */
import { scryptAsync as scryptAsyncJs, scrypt as scryptSyncJs } from '@noble/hashes/scrypt.js';
import { InvalidArgumentError } from '../errors.js';
import { assertInteger } from '../lib/assert.js';

/** scrypt parameters; the default (N 2^13, r 8, p 1, 8 MiB) takes about 50 ms per attempt. */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/**
 * Checks a scrypt cost: N a power of two from 2^10 to 2^20, r 1 to 32, p 1 to 16.
 * `undefined` gives `fallback`.
 */
export function resolveCost(cost: unknown, name: string, fallback?: ScryptCost): ScryptCost {
  if (cost === undefined && fallback !== undefined) return { ...fallback };
  if (cost === null || typeof cost !== 'object')
    throw new InvalidArgumentError(name, 'an object { N, r, p }');
  const { N, r, p } = cost as Partial<ScryptCost>;
  assertInteger(N, `${name}.N`, 2 ** 10, 2 ** 20);
  if ((N! & (N! - 1)) !== 0) throw new InvalidArgumentError(`${name}.N`, 'a power of two');
  return {
    N: N!,
    r: assertInteger(r, `${name}.r`, 1, 32),
    p: assertInteger(p, `${name}.p`, 1, 16),
  };
}

/** True when `cost` asks for no more work or memory than `max` in any parameter. */
export function withinCost(cost: ScryptCost, max: ScryptCost): boolean {
  return cost.N <= max.N && cost.r <= max.r && cost.p <= max.p;
}

function options(cost: ScryptCost, dkLen: number) {
  // Exactly the memory scrypt needs (V: 128·N·r, B: 128·r·p) plus slack; both libraries check it.
  return { ...cost, dkLen, maxmem: 128 * cost.N * cost.r * (cost.p + 1) + 4096 };
}

type ScryptCallback = (err: Error | null, key: Uint8Array) => void;
interface NodeCrypto {
  scrypt(
    password: Uint8Array,
    salt: Uint8Array,
    keylen: number,
    options: { N: number; r: number; p: number; maxmem: number },
    callback: ScryptCallback,
  ): void;
}

let native: NodeCrypto | null | undefined;
let slots = 1; // derivations allowed to run at once; set with `native`

/** Node's crypto module when the runtime offers one, looked up once; null elsewhere. */
function nodeCrypto(): NodeCrypto | null {
  if (native !== undefined) return native;
  native = null;
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
      .process;
    const mod = proc?.getBuiltinModule?.('node:crypto') as Partial<NodeCrypto> | undefined;
    if (typeof mod?.scrypt === 'function') native = mod as NodeCrypto;
    const os = proc?.getBuiltinModule?.('node:os') as
      | { availableParallelism?: () => number }
      | undefined;
    // One core stays free for the event loop: with every core deriving, sign-ins would wait for
    // the OS scheduler however idle the loop is (and the libuv pool also serves fs and dns).
    slots = Math.max(1, (os?.availableParallelism?.() ?? 2) - 1);
  } catch {
    // A runtime that forbids the lookup: the pure-JS path works everywhere.
  }
  return native;
}

let running = 0;
const waiting: (() => void)[] = [];

/** Runs `task` when fewer than `slots` derivations are under way; excess ones queue in order. */
async function limited<T>(task: () => Promise<T>): Promise<T> {
  if (running >= slots) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await task();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** True when derivations run natively on a thread pool rather than on the calling thread. */
export function scryptIsNative(): boolean {
  return nodeCrypto() !== null;
}

// The worker's whole program: scrypt requests in, keys out, at the lowest CPU priority. On Linux
// a nice value is per thread, so the event loop keeps its priority and wins the core whenever it
// has work; a flood of backup codes then only takes CPU the process would not use.
const WORKER = `const { parentPort } = require('node:worker_threads');
const { scryptSync } = require('node:crypto');
try { require('node:os').setPriority(19); } catch {}
parentPort.on('message', ({ id, password, salt, keylen, opts }) => {
  try { const key = scryptSync(password, salt, keylen, opts); parentPort.postMessage({ id, key }); }
  catch (err) { parentPort.postMessage({ id, error: String(err && err.message) }); }
});`;

interface KdfWorker {
  postMessage(value: unknown): void;
  on(
    event: 'message',
    listener: (m: { id: number; key?: Uint8Array; error?: string }) => void,
  ): void;
  on(event: 'error' | 'exit', listener: () => void): void;
  ref(): void;
  unref(): void;
}
type WorkerCtor = new (code: string, opts: { eval: true }) => KdfWorker;

interface Request {
  password: Uint8Array;
  salt: Uint8Array;
  dkLen: number;
  opts: { N: number; r: number; p: number; maxmem: number };
  resolve: (key: Uint8Array) => void;
  reject: (err: Error) => void;
}

let workers: KdfWorker[] | null | undefined;
let nextId = 0;
let turn = 0;
const inFlight = new Map<KdfWorker, Map<number, Request>>();

/** The libuv-pool derivation: the fallback when worker threads are unavailable or fail. */
function onPool(crypto: NodeCrypto, r: Request): void {
  crypto.scrypt(r.password, r.salt, r.dkLen, r.opts, (err, key) => {
    if (err) r.reject(err);
    else r.resolve(new Uint8Array(key));
  });
}

/** A worker that failed hands its requests to the pool; no request is lost or left hanging. */
function retire(crypto: NodeCrypto): void {
  const all = [...inFlight.values()].flatMap((m) => [...m.values()]);
  inFlight.clear();
  workers = null;
  for (const r of all) onPool(crypto, r);
}

/** `slots` low-priority worker threads, started on first use; null where they cannot start. */
function kdfWorkers(crypto: NodeCrypto): KdfWorker[] | null {
  if (workers !== undefined) return workers;
  workers = null;
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
      .process;
    const threads = proc?.getBuiltinModule?.('node:worker_threads') as
      | { Worker?: WorkerCtor }
      | undefined;
    if (typeof threads?.Worker !== 'function') return workers;
    const started: KdfWorker[] = [];
    for (let i = 0; i < slots; i++) {
      const w = new threads.Worker(WORKER, { eval: true });
      const mine = new Map<number, Request>();
      inFlight.set(w, mine);
      w.unref(); // an idle worker never keeps the process alive
      w.on('message', ({ id, key, error }) => {
        const r = mine.get(id);
        mine.delete(id);
        if (mine.size === 0) w.unref();
        if (key) r?.resolve(new Uint8Array(key));
        else r?.reject(new Error(error ?? 'scrypt failed'));
      });
      w.on('error', () => retire(crypto));
      w.on('exit', () => retire(crypto));
      started.push(w);
    }
    workers = started;
  } catch {
    workers = null;
  }
  return workers;
}

/**
 * The native derivation, at most (cores - 1) at a time, at least one: on low-priority worker
 * threads where the runtime has them, else on the libuv pool. The result is a plain Uint8Array.
 */
export function scryptNative(
  password: Uint8Array,
  salt: Uint8Array,
  cost: ScryptCost,
  dkLen: number,
): Promise<Uint8Array> {
  const crypto = nodeCrypto();
  if (crypto === null) return Promise.reject(new Error('node:crypto is not available'));
  const { dkLen: _, ...opts } = options(cost, dkLen);
  return limited(
    () =>
      new Promise<Uint8Array>((resolve, reject) => {
        const request: Request = { password, salt, dkLen, opts, resolve, reject };
        const pool = kdfWorkers(crypto);
        if (pool === null || pool.length === 0) return onPool(crypto, request);
        const worker = pool[turn++ % pool.length]!;
        const id = nextId++;
        inFlight.get(worker)!.set(id, request);
        worker.ref(); // a request under way keeps the process alive until it is answered
        worker.postMessage({ id, password, salt, keylen: dkLen, opts });
      }),
  );
}

/** The pure-JS derivation (yields to the event loop every 10 ms, but runs on this thread). */
export function scryptJs(
  password: Uint8Array,
  salt: Uint8Array,
  cost: ScryptCost,
  dkLen: number,
): Promise<Uint8Array> {
  return scryptAsyncJs(password, salt, options(cost, dkLen));
}

/** One derivation, native when available. */
export function scryptDerive(
  password: Uint8Array,
  salt: Uint8Array,
  cost: ScryptCost,
  dkLen: number,
): Promise<Uint8Array> {
  return nodeCrypto() === null
    ? scryptJs(password, salt, cost, dkLen)
    : scryptNative(password, salt, cost, dkLen);
}

/** One derivation on this thread, for the synchronous API. */
export function scryptSync(
  password: Uint8Array,
  salt: Uint8Array,
  cost: ScryptCost,
  dkLen: number,
): Uint8Array {
  return scryptSyncJs(password, salt, options(cost, dkLen));
}
