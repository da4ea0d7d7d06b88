// Run by test/stores/sqlite.test.ts with `bun test`: the conformance suite on bun:sqlite.
// Bun maps the suite's vitest imports to its own runner.
// @ts-expect-error bun:sqlite exists only under Bun
import { Database } from 'bun:sqlite';
import { sqliteStore } from '../../../src/stores/sqlite.js';
import { describeStoreConformance } from '../../../src/testkit.js';

describeStoreConformance('bun:sqlite', async () => {
  const store = sqliteStore(new Database(':memory:'));
  await store.createTable();
  return store;
});
