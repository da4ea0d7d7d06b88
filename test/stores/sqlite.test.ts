/**
 * sqliteStore on better-sqlite3 (in memory and on a shared WAL file), on node:sqlite when this
 * Node has it (22.5+), and on bun:sqlite by running the same conformance suite under Bun.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SqliteDatabase, sqliteDdl, sqliteStore } from '../../src/stores/sqlite.js';
import { describeStoreConformance } from '../../src/testkit.js';
import { describeRacingSignIns } from './racing.js';
import { inCi } from './servers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('sqliteStore on better-sqlite3', () => {
  let dir: string;
  let memory: Database.Database;
  let fileA: Database.Database;
  let fileB: Database.Database;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mfa-sqlite-'));
    memory = new Database(':memory:');
    fileA = new Database(join(dir, 'app.db'));
    fileA.pragma('journal_mode = WAL');
    fileB = new Database(join(dir, 'app.db'));
    await sqliteStore(memory).createTable();
    await sqliteStore(fileA).createTable();
  });
  afterAll(() => {
    for (const db of [memory, fileA, fileB]) db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describeStoreConformance('better-sqlite3 in memory', () => sqliteStore(memory));
  describeStoreConformance('better-sqlite3 on a WAL file', () => sqliteStore(fileA));
  describeRacingSignIns('better-sqlite3', async () => sqliteStore(memory));

  it('two handles on one file (two processes) see one version', async () => {
    const [a, b] = [sqliteStore(fileA), sqliteStore(fileB)];
    expect(await a.save('shared', 'by a', null)).toBe(true);
    expect(await b.save('shared', 'stale', null)).toBe(false);
    expect(await b.save('shared', 'by b', 1)).toBe(true);
    expect(await a.save('shared', 'stale', 1)).toBe(false);
    expect(await a.load('shared')).toEqual({ doc: 'by b', version: 2 });
  });

  it('createTable is idempotent, runs again after a drop, and matches the DDL', async () => {
    const store = sqliteStore(memory, { table: 'mfa_ddl' });
    await store.createTable();
    await store.createTable();
    await store.save('u', 'd', null);
    memory.exec('DROP TABLE mfa_ddl');
    await store.createTable();
    expect(await store.load('u')).toBeNull();
    const { sql } = memory
      .prepare("SELECT sql FROM sqlite_master WHERE name = 'mfa_ddl'")
      .get() as { sql: string };
    expect(sqliteDdl('mfa_ddl')).toBe(sql.replace('CREATE TABLE', 'CREATE TABLE IF NOT EXISTS'));
  });
});

// node:sqlite is in Node 22.5 and later; the project's minimum is Node 20.
const nodeSqlite = await import('node:sqlite' as string).catch(() => undefined);
// Declared only where this Node has it: on Node 20 the nested run below covers it, so the suite
// is neither run twice nor counted as skipped.
if (nodeSqlite !== undefined) {
  describe('sqliteStore on node:sqlite', () => {
    describeStoreConformance('node:sqlite', async () => {
      const db = new nodeSqlite.DatabaseSync(':memory:') as SqliteDatabase;
      const store = sqliteStore(db);
      await store.createTable();
      return store;
    });
  });
}

// On Node 20 the suite above is not declared; run it under Node 22 when npx can provide it (from
// its cache, or the npm registry in CI). The nested run sets MFA_NESTED so it does not recurse.
describe.skipIf(nodeSqlite !== undefined || process.env.MFA_NESTED === '1')(
  'sqliteStore on DatabaseSync, under Node 22',
  () => {
    it('passes the conformance suite in a nested run on Node 22', (ctx) => {
      const args = ['-y', ...(inCi ? [] : ['--offline']), '-p', 'node@22', 'node'];
      const run = spawnSync(
        'npx',
        [
          ...args,
          'node_modules/vitest/vitest.mjs',
          'run',
          'test/stores/sqlite.test.ts',
          '-t',
          'node:sqlite',
        ],
        { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, MFA_NESTED: '1' } },
      );
      const output = stripVTControlCharacters(`${run.stdout}${run.stderr}`);
      // No vitest summary at all: npx could not provide Node 22 here.
      if (!/Test Files/.test(output) && !inCi) {
        return ctx.skip(
          'Node 22 is not in the npx cache (npx -p node@22 node --version fetches it)',
        );
      }
      expect(run.status, output).toBe(0);
      expect(Number(/Tests\s+(\d+) passed/.exec(output)?.[1]), output).toBeGreaterThanOrEqual(12);
    });
  },
);

const bun = join(root, 'node_modules/.bin/bun');
describe.skipIf(!existsSync(bun))('sqliteStore on bun:sqlite', () => {
  it('passes the conformance suite under Bun', () => {
    const run = spawnSync(bun, ['test', './test/stores/bun/sqlite.bun.ts'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    const output = `${run.stdout}${run.stderr}`;
    expect(output, output).toMatch(/\b(\d+) pass\b/);
    expect(output, output).toMatch(/\b0 fail\b/);
    expect(Number(/\b(\d+) pass\b/.exec(output)![1])).toBeGreaterThanOrEqual(12);
    expect(run.status, output).toBe(0);
  });
});
