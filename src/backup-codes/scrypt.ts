/**
 * scrypt for backup codes, off the main thread where the platform allows it.
 *
 * A pure-JS scrypt costs ~50 ms of main-thread CPU per derivation: a flood of wrong backup codes
 * then stalls every other request of the process. On Node (and runtimes that mimic its
 * `process.getBuiltinModule`), the native `crypto.scrypt` runs on the libuv thread pool instead.
 * It is reached at run time, never through a static `node:` import, so the package still loads
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

/**
 * The native derivation on the libuv pool, at most (cores - 1) at a time, at least one; the result
 * is copied out of Node's Buffer.
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
        crypto.scrypt(password, salt, dkLen, opts, (err, key) => {
          if (err) reject(err);
          else resolve(new Uint8Array(key));
        });
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
