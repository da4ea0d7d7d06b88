/**
 * redisStore and redisRateLimiter on a real 3-master Redis Cluster that this file starts from
 * `redis-server` on spare ports and removes afterwards, through ioredis `Cluster` and node-redis
 * `createCluster`. Every script touches one key, so no hash tags are needed: this proves it.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster, Redis } from 'ioredis';
import { createCluster } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisRateLimiter, redisStore } from '../../src/stores/redis.js';
import { describeStoreConformance } from '../../src/testkit.js';
import { describeRacingSignIns } from './racing.js';
import { describeRateLimiter } from './rate-limiter.js';
import { inCi, uniqueName } from './servers.js';

const hasRedisServer =
  spawnSync('redis-server', ['--version']).status === 0 &&
  spawnSync('redis-cli', ['--version']).status === 0;

/** A free port whose cluster bus port (port + 10000) is free too. */
async function sparePort(): Promise<number> {
  const free = (port: number) =>
    new Promise<number>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(-1));
      srv.listen(port, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
  for (let i = 0; i < 50; i++) {
    const port = await free(0);
    if (port > 0 && port < 55_000 && (await free(port + 10_000)) > 0) return port;
  }
  throw new Error('no spare port pair for a Redis Cluster node');
}

const waitFor = async (what: string, check: () => Promise<boolean>, ms = 20_000) => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Redis Cluster: timed out waiting for ${what}`);
};

const connectNodeCluster = (ports: number[]) =>
  createCluster({ rootNodes: ports.map((p) => ({ url: `redis://127.0.0.1:${p}` })) }).connect();

const title = 'Redis Cluster (3 masters, started by the test)';
const body = () => {
  const nodes: ChildProcess[] = [];
  const ports: number[] = [];
  let dir = '';
  let io: Cluster;
  let node: Awaited<ReturnType<typeof connectNodeCluster>>;
  const prefix = `${uniqueName('mfa-cluster')}:`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mfa-redis-cluster-'));
    for (let i = 0; i < 3; i++) ports.push(await sparePort());
    for (const port of ports) {
      // Each node a child of this process, so it is stopped by its own pid afterwards.
      const child = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          `nodes-${port}.conf`,
          '--dir',
          dir,
          '--save',
          '',
          '--appendonly',
          'no',
          '--daemonize',
          'no',
          '--logfile',
          join(dir, `${port}.log`),
        ],
        { stdio: 'ignore' },
      );
      nodes.push(child);
    }
    for (const port of ports) {
      await waitFor(`node ${port}`, async () => {
        const r = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0 });
        try {
          await r.connect();
          return (await r.ping()) === 'PONG';
        } finally {
          r.disconnect();
        }
      });
    }
    const created = spawnSync(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...ports.map((p) => `127.0.0.1:${p}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    if (created.status !== 0)
      throw new Error(`redis-cli --cluster create: ${created.stdout}${created.stderr}`);
    await waitFor('cluster_state:ok on every node', async () => {
      for (const port of ports) {
        const r = new Redis({ port });
        try {
          if (!/cluster_state:ok/.test(await r.cluster('INFO'))) return false;
        } finally {
          r.disconnect();
        }
      }
      return true;
    });
    io = new Cluster(ports.map((port) => ({ host: '127.0.0.1', port })));
    node = await connectNodeCluster(ports);
  }, 60_000);

  afterAll(async () => {
    io?.disconnect();
    await node?.close().catch(() => {});
    for (const child of nodes) child.kill('SIGTERM');
    await Promise.all(
      nodes.map((c) => (c.exitCode !== null ? undefined : new Promise((r) => c.once('exit', r)))),
    );
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  for (const [name, client] of [
    ['ioredis Cluster', () => io],
    ['node-redis createCluster', () => node],
  ] as const) {
    describe(name, () => {
      describeStoreConformance(`redisStore (${name})`, () => redisStore(client(), { prefix }));
      describeRacingSignIns(`redisStore (${name})`, async () => redisStore(client(), { prefix }));
      describeRateLimiter(`redisRateLimiter (${name})`, () =>
        redisRateLimiter(client(), { prefix: `${prefix}rate:` }),
      );
    });
  }

  it('documents land on all three masters, with no hash tag, and both clients agree', async () => {
    const a = redisStore(io, { prefix: `${prefix}spread:` });
    const b = redisStore(node, { prefix: `${prefix}spread:` });
    for (let i = 0; i < 60; i++) expect(await a.save(`user-${i}`, `doc ${i}`, null)).toBe(true);
    for (let i = 0; i < 60; i++) expect(await b.save(`user-${i}`, `doc ${i}, 2`, 1)).toBe(true);
    const perNode = await Promise.all(
      ports.map(async (port) => {
        const r = new Redis({ port });
        try {
          return (await r.keys(`${prefix}spread:*`)).length;
        } finally {
          r.disconnect();
        }
      }),
    );
    expect(perNode.reduce((x, y) => x + y)).toBe(60);
    for (const n of perNode) expect(n).toBeGreaterThan(0);
    expect(await a.load('user-59')).toEqual({ doc: 'doc 59, 2', version: 2 });
  });
};

if (hasRedisServer) describe(title, body);
else if (inCi)
  describe(title, () => {
    it('needs redis-server and redis-cli', () => {
      throw new Error(
        'CI is set but redis-server / redis-cli are not installed (apt-get install redis-server)',
      );
    });
  });
else {
  console.warn(`[mfa-kit] skipped "${title}": redis-server / redis-cli not installed`);
  describe.skip(`${title} (skipped: redis-server / redis-cli not installed)`, body);
}
