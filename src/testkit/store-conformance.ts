/**
 * The `MfaStore` contract as a vitest suite. Adapter authors run it against their store to prove
 * versioning, absent-vs-present, isolation between users (exact ids: case, accents and trailing
 * spaces count), safety under racing writers, and `delete` when the store has it.
 */
import { describe, expect, it } from 'vitest';
import type { MfaStore } from '../adapters/types.js';
import { randomBytes } from '../crypto/random.js';
import { base64urlEncode } from '../encoding/base64url.js';
import { InvalidArgumentError } from '../errors.js';
import { assertInteger, assertOptions } from '../lib/assert.js';

/** The store the suite checks: `delete` is optional, as in the contract. */
type StoreUnderTest = MfaStore & { delete?: (userId: string) => Promise<void> };

/**
 * Registers the conformance tests. `makeStore` returns a store over an empty database (or one
 * in which the user ids below are fresh: each run uses random ids).
 *
 * @example
 * ```ts
 * // test/postgres-store.test.ts
 * import { describeStoreConformance } from 'mfa-kit/testkit';
 * describeStoreConformance('postgres store', async () => postgresStore(pool));
 * ```
 */
export function describeStoreConformance(
  name: string,
  makeStore: () => StoreUnderTest | Promise<StoreUnderTest>,
  opts?: { writers?: number; timeoutMs?: number },
): void {
  if (typeof name !== 'string' || name === '')
    throw new InvalidArgumentError('name', 'a non-empty string');
  if (typeof makeStore !== 'function') {
    throw new InvalidArgumentError('makeStore', 'a function returning an MfaStore');
  }
  const o = assertOptions(opts, 'opts');
  const writers = o.writers === undefined ? 20 : assertInteger(o.writers, 'opts.writers', 2, 1000);
  const timeout =
    o.timeoutMs === undefined ? 30_000 : assertInteger(o.timeoutMs, 'opts.timeoutMs', 1, 3_600_000);
  const fresh = () => `conformance-${base64urlEncode(randomBytes(9))}`;
  // A factory answering something else would fail every test with a confusing TypeError.
  const make = async (): Promise<StoreUnderTest> => {
    const store = await makeStore();
    const s = store as Partial<StoreUnderTest> | null;
    if (
      typeof s !== 'object' ||
      s === null ||
      typeof s.load !== 'function' ||
      typeof s.save !== 'function'
    ) {
      throw new InvalidArgumentError('makeStore()', 'an MfaStore with load() and save()');
    }
    return store;
  };

  describe(`${name}: MfaStore conformance`, () => {
    it('load answers null for a user with no document', async () => {
      const store = await make();
      expect(await store.load(fresh())).toBeNull();
    });

    it('saving with expectedVersion null creates version 1, once', async () => {
      const store = await make();
      const user = fresh();
      expect(await store.save(user, '{"a":1}', null)).toBe(true);
      expect(await store.load(user)).toEqual({ doc: '{"a":1}', version: 1 });
      expect(await store.save(user, '{"a":2}', null)).toBe(false);
      expect(await store.load(user)).toEqual({ doc: '{"a":1}', version: 1 });
    });

    it('saving with the current version writes and increments; any other version writes nothing', async () => {
      const store = await make();
      const user = fresh();
      await store.save(user, 'v1', null);
      expect(await store.save(user, 'stale', 0)).toBe(false);
      expect(await store.save(user, 'future', 2)).toBe(false);
      expect(await store.save(user, 'v2', 1)).toBe(true);
      expect(await store.save(user, 'v2 again', 1)).toBe(false);
      expect(await store.load(user)).toEqual({ doc: 'v2', version: 2 });
    });

    it('saving with a version for an absent user writes nothing', async () => {
      const store = await make();
      const user = fresh();
      expect(await store.save(user, 'x', 1)).toBe(false);
      expect(await store.load(user)).toBeNull();
    });

    it('keeps users apart', async () => {
      const store = await make();
      const [a, b] = [fresh(), fresh()];
      await store.save(a, 'doc of a', null);
      expect(await store.load(b)).toBeNull();
      await store.save(b, 'doc of b', null);
      await store.save(a, 'doc of a, 2', 1);
      expect(await store.load(a)).toEqual({ doc: 'doc of a, 2', version: 2 });
      expect(await store.load(b)).toEqual({ doc: 'doc of b', version: 1 });
    });

    it('tells apart user ids that a collation or a key syntax would merge', async () => {
      const store = await make();
      const base = fresh();
      // Case-insensitive or PAD SPACE collations (MySQL's defaults), accent folding, and ids that
      // look like SQL, Lua or Redis key syntax must all be separate users, stored literally.
      const ids = [
        `${base}-a`,
        `${base}-A`,
        `${base}-a `,
        `${base}-á`,
        `${base}-a\u0301`,
        `${base}'; DROP TABLE x; --`,
        `${base}:{tag}*?[]`,
        `${base}-${'é'.repeat(100)}`,
      ];
      for (const [i, id] of ids.entries())
        expect(await store.save(id, `doc ${i}`, null)).toBe(true);
      for (const [i, id] of ids.entries())
        expect(await store.load(id)).toEqual({ doc: `doc ${i}`, version: 1 });
    });

    it('stores documents exactly, Unicode and size included', async () => {
      const store = await make();
      const user = fresh();
      const doc = JSON.stringify({
        text: 'ä 中 😀 "quoted" \\ back\nslash',
        pad: 'x'.repeat(64 * 1024),
      });
      await store.save(user, doc, null);
      expect((await store.load(user))?.doc).toBe(doc);
    });

    it('racing inserts: exactly one wins', async () => {
      const store = await make();
      const user = fresh();
      const results = await Promise.all(
        Array.from({ length: writers }, (_, i) => store.save(user, `writer ${i}`, null)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.load(user))?.version).toBe(1);
    });

    it(
      'racing read-modify-write loops lose no update',
      async () => {
        const store = await make();
        const user = fresh();
        await store.save(user, '[]', null);
        let successfulSaves = 0;
        await Promise.all(
          Array.from({ length: writers }, async (_, i) => {
            for (let attempt = 0; attempt < 1000; attempt++) {
              const current = await store.load(user);
              if (current === null) throw new Error('document vanished');
              const next = JSON.stringify([...JSON.parse(current.doc), i]);
              if (await store.save(user, next, current.version)) {
                successfulSaves++;
                return;
              }
            }
            throw new Error(`writer ${i} never got through`);
          }),
        );
        const final = await store.load(user);
        expect(JSON.parse(final!.doc).sort((x: number, y: number) => x - y)).toEqual(
          Array.from({ length: writers }, (_, i) => i),
        );
        expect(final!.version).toBe(1 + successfulSaves);
      },
      timeout,
    );

    // `delete` is optional in the contract; a store without it reports these tests as skipped.
    it('delete removes the document, and the user can start again at version 1', async (ctx) => {
      const store = await make();
      if (store.delete === undefined) return ctx.skip('the store has no delete()');
      const [user, other] = [fresh(), fresh()];
      await store.save(user, 'v1', null);
      await store.save(user, 'v2', 1);
      await store.save(other, 'other', null);
      await store.delete(user);
      expect(await store.load(user)).toBeNull();
      expect(await store.save(user, 'stale', 2)).toBe(false);
      expect(await store.save(user, 'again', null)).toBe(true);
      expect(await store.load(user)).toEqual({ doc: 'again', version: 1 });
      expect(await store.load(other)).toEqual({ doc: 'other', version: 1 });
    });

    it('delete of a user without a document does nothing', async (ctx) => {
      const store = await make();
      if (store.delete === undefined) return ctx.skip('the store has no delete()');
      const user = fresh();
      await expect(store.delete(user)).resolves.toBeUndefined();
      await store.delete(user);
      expect(await store.load(user)).toBeNull();
    });

    it('a delete racing writers leaves either no document or a whole one', async (ctx) => {
      const store = await make();
      if (store.delete === undefined) return ctx.skip('the store has no delete()');
      const user = fresh();
      await store.save(user, JSON.stringify({ n: 0 }), null);
      const write = async (n: number) => {
        const current = await store.load(user);
        return store.save(user, JSON.stringify({ n }), current?.version ?? null);
      };
      await Promise.all([write(1), store.delete!(user), write(2), write(3)]);
      const final = await store.load(user);
      if (final !== null) expect(JSON.parse(final.doc)).toHaveProperty('n');
    });
  });
}
