/**
 * Hostile input to every ready store, with recording fake clients (no server needed): misuse is
 * refused by name before anything reaches the database, messages never echo the value, driver
 * errors are not swallowed, and only the documented driver answers count as a conflict.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import type { MfaStore } from '../../src/service.js';
import { mysqlDdl, mysqlStore } from '../../src/stores/mysql.js';
import { postgresDdl, postgresStore } from '../../src/stores/postgres.js';
import { redisRateLimiter, redisStore } from '../../src/stores/redis.js';
import { sqliteDdl, sqliteStore } from '../../src/stores/sqlite.js';

type Store = MfaStore & { delete(userId: string): Promise<void> };
type Factory = (client: unknown, opts?: unknown) => Store;

/** Fake clients that count calls and answer like their driver would for "no row". */
function fakes() {
  const calls: string[] = [];
  const sqlFn = Object.assign(() => undefined, {
    unsafe: async (text: string) => {
      calls.push(text);
      return Object.assign([], { count: 0 });
    },
  });
  const record =
    <T>(answer: T) =>
    async (first: string) => {
      calls.push(first);
      return answer;
    };
  return {
    calls,
    pg: { query: record({ rows: [], rowCount: 0 }) },
    postgresJs: sqlFn,
    mysql: { execute: record([[], []]) },
    ioredis: { evalsha: record([null, null]), eval: record([null, null]) },
    nodeRedis: { evalSha: record([null, null]), eval: record([null, null]) },
  };
}

const stores: [string, Factory, (f: ReturnType<typeof fakes>) => unknown, string][] = [
  ['postgresStore (pg)', postgresStore as Factory, (f) => f.pg, 'client'],
  ['postgresStore (postgres.js)', postgresStore as Factory, (f) => f.postgresJs, 'client'],
  ['mysqlStore', mysqlStore as Factory, (f) => f.mysql, 'pool'],
  ['redisStore (ioredis)', redisStore as Factory, (f) => f.ioredis, 'client'],
  ['redisStore (node-redis)', redisStore as Factory, (f) => f.nodeRedis, 'client'],
  ['sqliteStore', sqliteStore as Factory, () => new Database(':memory:'), 'db'],
];

const refused = (argument: string) =>
  expect.objectContaining({ code: 'ERR_MFA_INVALID_ARGUMENT', argument });

describe.each(stores)('%s refuses misuse by name', (_, make, client, clientArg) => {
  it('a client that is not one', () => {
    for (const bad of [null, undefined, 42, 'postgres://user:pw@host/db', {}, { query: 'x' }]) {
      let thrown: unknown;
      try {
        make(bad);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(InvalidArgumentError);
      expect(thrown).toEqual(refused(clientArg));
      expect((thrown as Error).message).not.toContain('pw@host');
    }
  });

  it('options that are not an object, and table names that could be SQL', () => {
    const f = fakes();
    for (const bad of ['x', 42, null]) expect(() => make(client(f), bad)).toThrow(refused('opts'));
    if (make.name === 'redisStore') {
      expect(() => make(client(f), { prefix: 42 })).toThrow(refused('opts.prefix'));
      expect(() => make(client(f), { prefix: 'p'.repeat(257) })).toThrow(refused('opts.prefix'));
      return;
    }
    for (const bad of [
      'mfa; DROP TABLE users',
      'mfa"',
      'mfa`',
      '',
      '1mfa',
      'a.b.c',
      'x'.repeat(64),
      'mfa-docs',
      'mfa docs',
      'mfä',
      42,
      null,
    ]) {
      let thrown: unknown;
      try {
        make(client(f), { table: bad });
      } catch (err) {
        thrown = err;
      }
      expect(thrown, String(bad)).toEqual(refused('opts.table'));
      expect((thrown as Error).message).not.toContain('DROP');
    }
    expect(f.calls).toEqual([]);
  });

  it('user ids, documents and versions that cannot be, before any database call', async () => {
    const f = fakes();
    const store = make(client(f));
    const ids = [42, null, undefined, '', 'a\0b', 'é'.repeat(128), 'x'.repeat(256), {}, ['a']];
    for (const id of ids) {
      await expect(store.load(id as string)).rejects.toEqual(refused('userId'));
      await expect(store.save(id as string, 'd', null)).rejects.toEqual(refused('userId'));
      await expect(store.delete(id as string)).rejects.toEqual(refused('userId'));
    }
    for (const doc of [42, null, undefined, new Uint8Array(2), { a: 1 }]) {
      await expect(store.save('u', doc as unknown as string, null)).rejects.toEqual(refused('doc'));
    }
    for (const v of [
      -1,
      1.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      '1',
      2 ** 31 - 1,
      2 ** 53,
      {},
    ]) {
      await expect(store.save('u', 'd', v as number)).rejects.toEqual(refused('expectedVersion'));
    }
    expect(f.calls).toEqual([]);
    // The longest id that fits: 255 bytes of UTF-8.
    if ('createTable' in store) await (store as { createTable(): Promise<void> }).createTable();
    expect(await store.load('é'.repeat(127))).toBeNull();
  });
});

it('the exported DDL refuses table names that could be SQL', () => {
  for (const ddl of [postgresDdl, mysqlDdl, sqliteDdl]) {
    for (const bad of ['x; DROP TABLE users', '', 'a.b.c', 42, null]) {
      expect(() => ddl(bad as string)).toThrow(refused('table'));
    }
    expect(ddl()).toContain('mfa_documents');
  }
});

describe('driver answers', () => {
  const boom = Object.assign(new Error('connection reset'), { code: 'ECONNRESET', errno: 104 });

  it('postgres: driver errors propagate; only "already exists" is swallowed by createTable', async () => {
    const failing = { query: async () => Promise.reject(boom) };
    await expect(postgresStore(failing).load('u')).rejects.toBe(boom);
    await expect(postgresStore(failing).save('u', 'd', 1)).rejects.toBe(boom);
    await expect(postgresStore(failing).createTable()).rejects.toBe(boom);
    for (const code of ['42P07', '23505']) {
      const exists = { query: async () => Promise.reject(Object.assign(new Error('x'), { code })) };
      await expect(postgresStore(exists).createTable()).resolves.toBeUndefined();
    }
  });

  it('postgres: a version column holding garbage is an error, not a version', async () => {
    const garbage = { query: async () => ({ rows: [{ doc: 'd', version: 'abc' }], rowCount: 1 }) };
    await expect(postgresStore(garbage).load('u')).rejects.toThrow(TypeError);
  });

  it('mysql: a duplicate key or a deadlock is a conflict; any other error propagates', async () => {
    for (const errno of [1062, 1213]) {
      const dup = { execute: async () => Promise.reject(Object.assign(new Error('x'), { errno })) };
      expect(await mysqlStore(dup).save('u', 'd', null)).toBe(false);
    }
    const failing = { execute: async () => Promise.reject(boom) };
    await expect(mysqlStore(failing).save('u', 'd', null)).rejects.toBe(boom);
    const tooLong = Object.assign(new Error('Data too long'), { errno: 1406 });
    const rejecting = { execute: async () => Promise.reject(tooLong) };
    await expect(mysqlStore(rejecting).save('u', 'd', null)).rejects.toBe(tooLong);
  });

  it('redis: NOSCRIPT falls back to EVAL once; other errors propagate', async () => {
    const seen: string[] = [];
    const noScript = {
      evalsha: async () => {
        seen.push('evalsha');
        throw new Error('NOSCRIPT No matching script. Please use EVAL.');
      },
      eval: async () => {
        seen.push('eval');
        return 1;
      },
    };
    expect(await redisStore(noScript).save('u', 'd', null)).toBe(true);
    expect(seen).toEqual(['evalsha', 'eval']);
    const failing = { evalSha: async () => Promise.reject(boom), eval: async () => 1 };
    await expect(redisStore(failing).load('u')).rejects.toBe(boom);
    await expect(redisRateLimiter(failing).consume('k', 1, 1000)).rejects.toBe(boom);
  });

  it('redis rate limiter: a client that is not one, and options that are not an object', () => {
    expect(() => redisRateLimiter({} as never)).toThrow(refused('client'));
    expect(() => redisRateLimiter({ evalsha() {}, eval() {} } as never, 'x' as never)).toThrow(
      refused('opts'),
    );
  });
});
