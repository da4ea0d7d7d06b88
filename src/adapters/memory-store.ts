/** An in-process `MfaStore`: the embedded default, and the reference for adapter authors. */
import type { MfaStore } from './types.js';

/** {@link MfaStore} plus a look at what is stored, for tests and demos. */
export interface MemoryStore extends MfaStore {
  /** Removes the user's document (account deletion); nothing happens for an unknown user. */
  delete(userId: string): Promise<void>;
  /** Every stored document, by user id (copies). */
  dump(): Map<string, { doc: string; version: number }>;
}

/**
 * A store in a `Map`. It enforces versions exactly as the contract says, so code that works on
 * it handles conflicts correctly. Everything is lost when the process exits: use it for tests,
 * demos and single-process prototypes, and a database-backed store in production.
 *
 * @example
 * ```ts
 * const mfa = createMfa({ store: memoryStore(), keyring, issuer: 'Acme' });
 * ```
 */
export function memoryStore(): MemoryStore {
  const rows = new Map<string, { doc: string; version: number }>();
  // Yield before answering, as a database round trip would, so racing calls really interleave.
  const tick = () => Promise.resolve();
  return {
    async load(userId) {
      await tick();
      const row = rows.get(userId);
      return row === undefined ? null : { ...row };
    },
    async save(userId, doc, expectedVersion) {
      await tick();
      const row = rows.get(userId);
      if ((row?.version ?? null) !== expectedVersion) return false;
      rows.set(userId, { doc, version: (expectedVersion ?? 0) + 1 });
      return true;
    },
    async delete(userId) {
      await tick();
      rows.delete(userId);
    },
    dump() {
      return new Map([...rows].map(([k, v]) => [k, { ...v }]));
    },
  };
}
