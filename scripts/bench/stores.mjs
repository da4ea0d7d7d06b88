// Sign-ins per second and latency on real PostgreSQL and Redis at 32 concurrent users, through
// mfa-kit (the built dist/), side by side with the bare cost of the same store calls: the loads
// and saves one sign-in makes (counted, not assumed) replayed with no mfa-kit work. The ratio is
// what mfa-kit adds on top of the database. Run: npm run bench, or node scripts/bench/stores.mjs.
// About 20 s; a line says so when a server does not answer.
import { Socket } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createMfa } from '../../dist/service.js';
import { postgresStore } from '../../dist/stores/postgres.js';
import { redisStore } from '../../dist/stores/redis.js';
import { base32Decode, generateTotp } from '../../dist/totp.js';

const USERS = 32;
const WARMUP_MS = 200;
const ROUND_MS = 600;
const ROUNDS = 5; // mfa-kit and bare alternate, so a noisy moment hits both; the median round counts
const POSTGRES_URL = process.env.MFA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.MFA_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const keyring = { current: 'k1', keys: { k1: crypto.getRandomValues(new Uint8Array(32)) } };

const reachable = (url) =>
  new Promise((resolve) => {
    const u = new URL(url);
    const s = new Socket();
    const done = (ok) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(500, () => done(false));
    s.once('error', () => done(false));
    s.connect(Number(u.port), u.hostname, () => done(true));
  });

/** Wraps a store to count its calls. */
function counting(store) {
  const counts = { load: 0, save: 0 };
  return {
    counts,
    store: {
      load(u) {
        counts.load++;
        return store.load(u);
      },
      save(u, d, v) {
        counts.save++;
        return store.save(u, d, v);
      },
    },
  };
}

/** One virtual user per slot, each with its own clock (a code is accepted once per step). */
async function enrollUsers(store, tag) {
  const users = [];
  for (let i = 0; i < USERS; i++) {
    const clock = { now: Date.UTC(2026, 0, 1) };
    const mfa = createMfa({
      store,
      keyring,
      issuer: 'Bench',
      now: () => clock.now,
      backupCodes: { cost: { N: 1024, r: 8, p: 1 } }, // enrollment only; sign-ins use TOTP
    });
    const id = `bench-${tag}-${process.pid}-${i}`;
    const begun = await mfa.totp.begin(id, { accountName: id, authenticatedAt: clock.now });
    if (!begun.ok) throw new Error(`begin: ${begun.error.code}`);
    const secret = base32Decode(begun.secret);
    const confirmed = await mfa.totp.confirm(
      id,
      begun.factorId,
      generateTotp(secret, { now: clock.now }),
    );
    if (!confirmed.ok) throw new Error(`confirm: ${confirmed.error.code}`);
    users.push({ id, mfa, clock, secret });
  }
  return users;
}

/** One full sign-in: challenge.start, then challenge.verify with the current code. */
async function signIn(u) {
  u.clock.now += 30_000;
  const started = await u.mfa.challenge.start(u.id);
  if (!started.required) throw new Error(`start: ${JSON.stringify(started)}`);
  const r = await u.mfa.challenge.verify(started.challengeId, {
    code: generateTotp(u.secret, { now: u.clock.now }),
  });
  if (!r.ok) throw new Error(`verify: ${r.error.code}`);
}

/** Runs `op(slot)` in `USERS` closed loops; returns ops/s and latency percentiles. */
async function measure(op) {
  const latencies = [];
  let measuring = false;
  let stop = false;
  const loops = Array.from({ length: USERS }, async (_, slot) => {
    while (!stop) {
      const t = performance.now();
      await op(slot);
      if (measuring) latencies.push(performance.now() - t);
    }
  });
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  measuring = true;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await new Promise((r) => setTimeout(r, ROUND_MS));
  measuring = false;
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  stop = true;
  await Promise.all(loops);
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
  return {
    perSecond: latencies.length / seconds,
    p50: pct(0.5),
    p99: pct(0.99),
    // Node's own CPU (all its threads) per operation: what the store's driver and mfa-kit cost here.
    nodeCpuUs: (cpu.user + cpu.system) / latencies.length,
  };
}

async function benchStore(name, store, tag) {
  const { store: counted, counts } = counting(store);
  const users = await enrollUsers(counted, tag);
  // Count what one sign-in costs in store calls, on a user of its own.
  counts.load = counts.save = 0;
  await signIn(users[0]);
  const calls = { load: counts.load, save: counts.save };

  // The same calls with no mfa-kit work: read the document, write it back conditionally.
  const bareSignIn = async (slot) => {
    const id = users[slot].id;
    let row;
    for (let i = 0; i < calls.load; i++) row = await store.load(id);
    for (let i = 0; i < calls.save; i++) {
      if (await store.save(id, row.doc, row.version))
        row = { doc: row.doc, version: row.version + 1 };
    }
  };
  const rounds = { mfa: [], bare: [] };
  for (let r = 0; r < ROUNDS; r++) {
    rounds.mfa.push(await measure((slot) => signIn(users[slot])));
    rounds.bare.push(await measure(bareSignIn));
  }
  const median = (list) => list.sort((a, b) => a.perSecond - b.perSecond)[list.length >> 1];
  const viaMfa = median(rounds.mfa);
  const bare = median(rounds.bare);
  const f = (x) => x.toFixed(1);
  const n = (x) => Math.round(x).toLocaleString('en-US');
  const line =
    `${name}, ${USERS} concurrent users: mfa-kit ${n(viaMfa.perSecond)} sign-ins/s ` +
    `(p50 ${f(viaMfa.p50)} ms, p99 ${f(viaMfa.p99)} ms) | bare store calls ` +
    `(${calls.load} load + ${calls.save} save) ${n(bare.perSecond)}/s ` +
    `(p50 ${f(bare.p50)} ms, p99 ${f(bare.p99)} ms) | mfa-kit takes ` +
    `${(bare.perSecond / viaMfa.perSecond).toFixed(2)}× the time of its store calls alone ` +
    `(Node CPU per sign-in ${n(viaMfa.nodeCpuUs)} µs, bare ${n(bare.nodeCpuUs)} µs)`;
  console.log(`stores: ${line}`);
  return { name, users: USERS, calls, mfaKit: viaMfa, bare };
}

export default async function run() {
  console.log('== stores: sign-ins through mfa-kit vs the bare store calls (built dist/)');
  // The servers share the machine: its load moves every figure, so say what it was.
  const load = () => loadavg()[0].toFixed(1);
  console.log(`stores: ${availableParallelism()} cores, load average ${load()} at the start`);
  const results = [];
  if (await reachable(POSTGRES_URL)) {
    const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 16 });
    const table = `mfa_bench_${process.pid}`;
    try {
      const store = postgresStore(pool, { table });
      await store.createTable();
      results.push(await benchStore('PostgreSQL (pg Pool, 16 connections)', store, 'pg'));
    } finally {
      await pool.query(`DROP TABLE IF EXISTS "${table}"`);
      await pool.end();
    }
  } else console.log(`stores: skipped PostgreSQL (nothing answers at ${POSTGRES_URL})`);
  if (await reachable(REDIS_URL)) {
    const redis = new Redis(REDIS_URL);
    const prefix = `mfa-bench:${process.pid}:`;
    try {
      results.push(await benchStore('Redis (ioredis)', redisStore(redis, { prefix }), 'redis'));
    } finally {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  } else console.log(`stores: skipped Redis (nothing answers at ${REDIS_URL})`);
  console.log(`stores: load average ${load()} at the end`);
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
