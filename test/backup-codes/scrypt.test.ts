/** The backup-code KDF: native on Node's thread pool, pure JS elsewhere, the same bytes on both. */
import { performance } from 'node:perf_hooks';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  scryptIsNative,
  scryptJs,
  scryptNative,
  scryptSync,
} from '../../src/backup-codes/scrypt.js';
import {
  generateBackupCodes,
  hashBackupCodes,
  hashBackupCodesAsync,
  verifyBackupCodeAsync,
} from '../../src/backup-codes.js';

/**
 * How busy the event loop was while `run` was under way (0: idle, 1: never idle), and the longest
 * it went without running a 1 ms timer. Utilization is the robust measure on a loaded machine: a
 * thread the OS preempts while it waits for I/O still counts as idle.
 */
async function loopLoad(run: () => Promise<unknown>) {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  const before = performance.eventLoopUtilization();
  await run();
  const { utilization } = performance.eventLoopUtilization(before);
  longest = Math.max(longest, performance.now() - last);
  clearInterval(timer);
  return { utilization, longest };
}

describe('scrypt backends', () => {
  it('Node offers the native path (through process.getBuiltinModule, no static import)', () => {
    expect(scryptIsNative()).toBe(true);
  });

  it('native and pure JS give identical bytes (RFC 7914 vector, then random inputs and costs)', async () => {
    // RFC 7914 §12: scrypt("password", "NaCl", N=1024, r=8, p=16, 64).
    const enc = new TextEncoder();
    const expected =
      'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640';
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    const cost = { N: 1024, r: 8, p: 16 };
    expect(hex(await scryptNative(enc.encode('password'), enc.encode('NaCl'), cost, 64))).toBe(
      expected,
    );
    expect(hex(await scryptJs(enc.encode('password'), enc.encode('NaCl'), cost, 64))).toBe(
      expected,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 64 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.constantFrom({ N: 1024, r: 1, p: 1 }, { N: 2048, r: 2, p: 1 }, { N: 1024, r: 8, p: 2 }),
        async (password, salt, c) => {
          const native = await scryptNative(password, salt, c, 16);
          expect(native).toEqual(await scryptJs(password, salt, c, 16));
          expect(native).toEqual(scryptSync(password, salt, c, 16));
          expect(native.constructor).toBe(Uint8Array); // not a Node Buffer
        },
      ),
      { numRuns: 20 },
    );
  });

  it('a set hashed natively verifies through the pure-JS path and the other way round', async () => {
    const codes = generateBackupCodes({ count: 2 });
    const pepper = hmac(sha256, new Uint8Array(32), new Uint8Array(1));
    const cost = { N: 1024, r: 8, p: 1 };
    const native = await hashBackupCodesAsync(codes, { cost, pepper });
    const js = hashBackupCodes(codes, { cost, pepper });
    expect((await verifyBackupCodeAsync(js, codes[0]!, { pepper, maxCost: cost })).ok).toBe(true);
    const { verifyBackupCode } = await import('../../src/backup-codes.js');
    expect(verifyBackupCode(native, codes[1]!, { pepper, maxCost: cost }).ok).toBe(true);
  });
});

describe('attack: a flood of backup codes must not stall the event loop', () => {
  const cost = { N: 2 ** 13, r: 8, p: 1 }; // the default
  const enc = new TextEncoder();

  it('hashing 10 codes at the default cost leaves the event loop mostly idle', async () => {
    const codes = generateBackupCodes();
    const native = await loopLoad(() => hashBackupCodesAsync(codes));
    // The same ten derivations the way 0.1 ran them: pure JS on this thread, yielding every 10 ms.
    const js = await loopLoad(async () => {
      for (const code of codes) await scryptJs(enc.encode(code), new Uint8Array(16), cost, 16);
    });
    console.info(
      `hashBackupCodesAsync(10 codes, default cost): event loop ${(native.utilization * 100).toFixed(0)}% busy, longest block ${native.longest.toFixed(1)} ms; pure JS: ${(js.utilization * 100).toFixed(0)}% busy, longest block ${js.longest.toFixed(1)} ms`,
    );
    expect(js.utilization).toBeGreaterThan(0.6); // the measure can see the old behaviour
    expect(native.utilization).toBeLessThan(0.3);
  });

  it('30 concurrent wrong codes at the default cost leave the event loop mostly idle', async () => {
    const codes = generateBackupCodes();
    const set = await hashBackupCodesAsync(codes);
    const wrong = codes.map((c) => `${c.slice(0, 2)}ZZ-ZZZZ-ZZZZ-ZZZZ`);
    const load = await loopLoad(() =>
      Promise.all(Array.from({ length: 30 }, (_, i) => verifyBackupCodeAsync(set, wrong[i % 10]!))),
    );
    console.info(
      `30 concurrent wrong backup codes: event loop ${(load.utilization * 100).toFixed(0)}% busy, longest block ${load.longest.toFixed(1)} ms`,
    );
    expect(load.utilization).toBeLessThan(0.3);
  });
});

describe('attack: a flood of derivations cannot take every core', () => {
  it('runs at most cores − 1 native derivations at once, queueing the rest in order', async () => {
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const fakeCrypto = {
      scrypt(
        password: Uint8Array,
        _salt: Uint8Array,
        keylen: number,
        _opts: unknown,
        callback: (err: Error | null, key: Uint8Array) => void,
      ) {
        running++;
        most = Math.max(most, running);
        setTimeout(() => {
          running--;
          order.push(password[0]!);
          callback(null, new Uint8Array(keylen).fill(password[0]!));
        }, 5);
      },
    };
    const real = process.getBuiltinModule;
    const spy = vi.spyOn(process, 'getBuiltinModule').mockImplementation(((id: string) => {
      if (id === 'node:crypto') return fakeCrypto;
      if (id === 'node:os') return { availableParallelism: () => 3 };
      if (id === 'node:worker_threads') return {}; // no workers: the libuv-pool path
      return real(id);
    }) as typeof process.getBuiltinModule);
    try {
      vi.resetModules(); // a fresh module looks the runtime up again
      const fresh = await import('../../src/backup-codes/scrypt.js');
      const cost = { N: 1024, r: 1, p: 1 };
      const keys = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          fresh.scryptDerive(new Uint8Array([i]), new Uint8Array(16), cost, 16),
        ),
      );
      expect(most).toBe(2); // 3 cores: one stays with the event loop
      expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(keys.map((k) => k[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    } finally {
      spy.mockRestore();
      vi.resetModules();
    }
  });
});

describe('low-priority worker threads', () => {
  it('derive on workers by default on Node, with the same bytes as pure JS', async () => {
    const password = new TextEncoder().encode('K701-2XW9-DAH3-ZPNB');
    const salt = new Uint8Array(16).fill(9);
    const cost = { N: 1024, r: 8, p: 1 };
    const [a, b] = await Promise.all([
      scryptNative(password, salt, cost, 16),
      scryptNative(password, new Uint8Array(16), cost, 16),
    ]);
    expect(a).toEqual(await scryptJs(password, salt, cost, 16));
    expect(b).toEqual(await scryptJs(password, new Uint8Array(16), cost, 16));
  });

  it('a worker that dies hands its requests to the pool: nothing is lost or left hanging', async () => {
    const pool: string[] = [];
    const fakeCrypto = {
      scrypt(
        password: Uint8Array,
        _salt: Uint8Array,
        keylen: number,
        _opts: unknown,
        callback: (err: Error | null, key: Uint8Array) => void,
      ) {
        pool.push(String(password[0]));
        setTimeout(() => callback(null, new Uint8Array(keylen).fill(password[0]!)), 1);
      },
    };
    class DyingWorker {
      listeners: Record<string, ((...a: unknown[]) => void)[]> = {};
      on(event: string, listener: (...a: unknown[]) => void) {
        this.listeners[event] = [...(this.listeners[event] ?? []), listener];
      }
      ref() {}
      unref() {}
      postMessage() {
        setTimeout(() => {
          for (const l of this.listeners.error ?? []) l(new Error('worker crashed'));
        }, 1);
      }
    }
    const real = process.getBuiltinModule;
    const spy = vi.spyOn(process, 'getBuiltinModule').mockImplementation(((id: string) => {
      if (id === 'node:crypto') return fakeCrypto;
      if (id === 'node:os') return { availableParallelism: () => 2 };
      if (id === 'node:worker_threads') return { Worker: DyingWorker };
      return real(id);
    }) as typeof process.getBuiltinModule);
    try {
      vi.resetModules();
      const fresh = await import('../../src/backup-codes/scrypt.js');
      const cost = { N: 1024, r: 1, p: 1 };
      const keys = await Promise.all(
        [7, 8, 9].map((i) => fresh.scryptDerive(new Uint8Array([i]), new Uint8Array(16), cost, 16)),
      );
      expect(keys.map((k) => k[0])).toEqual([7, 8, 9]);
      expect(pool).toEqual(['7', '8', '9']);
    } finally {
      spy.mockRestore();
      vi.resetModules();
    }
  });
});
