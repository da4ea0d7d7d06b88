// Sign-in speed of the service (challenge.start + TOTP challenge.verify), on the built package:
// sign-ins per second and p50/p99 latency, on the memory store (what mfa-kit itself costs) and
// on a store that answers each call after 1–5 ms (a database over a network), with the store
// calls each sign-in makes. Users are enrolled once and sign in again every 30 s of a fake clock.
import * as service from '../../dist/service.js';
import * as totp from '../../dist/totp.js';

const USERS = Number(process.env.BENCH_SIGNIN_USERS ?? 128);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const CONCURRENCY = 32;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** Counts calls; with `latency` on, each call waits 1–5 ms first, as a database round trip does. */
function benchStore() {
  const inner = service.memoryStore();
  const counts = { load: 0, save: 0 };
  const pause = () =>
    store.latency ? new Promise((r) => setTimeout(r, 1 + Math.random() * 4)) : undefined;
  const store = {
    latency: false, // off while users enroll, on for the sign-ins
    counts,
    async load(userId) {
      counts.load++;
      await pause();
      return inner.load(userId);
    },
    async save(userId, doc, expected) {
      counts.save++;
      await pause();
      return inner.save(userId, doc, expected);
    },
  };
  return store;
}

async function setUp() {
  let now = Date.UTC(2026, 10, 23, 12, 0, 0);
  const store = benchStore();
  const mfa = service.createMfa({
    store,
    keyring: { current: 'k', keys: { k: Uint8Array.from({ length: 32 }, (_, i) => i + 1) } },
    issuer: 'Bench',
    now: () => now,
    backupCodes: { cost: { N: 1024, r: 8, p: 1 } },
  });
  // Enrolled all at once: their backup codes hash on the thread pool side by side.
  const users = await Promise.all(
    Array.from({ length: USERS }, async (_, i) => {
      const userId = `user-${i}`;
      const begun = await mfa.totp.begin(userId, { accountName: userId, authenticatedAt: now });
      const key = totp.base32Decode(begun.secret);
      await mfa.totp.confirm(userId, begun.factorId, totp.generateTotp(key, { now }));
      return { userId, key };
    }),
  );
  return {
    mfa,
    store,
    users,
    /** Next round: 30 s later, so every user has a fresh code. */
    tick() {
      now += 30_000;
      return now;
    },
  };
}

async function signIn(mfa, { userId, key }, now) {
  const started = performance.now();
  const challenge = await mfa.challenge.start(userId);
  const result = await mfa.challenge.verify(challenge.challengeId, {
    code: totp.generateTotp(key, { now }),
  });
  if (!result.ok) throw new Error(`sign-in failed: ${result.error.code}`);
  return performance.now() - started;
}

/** Every user signs in once per round, `concurrency` at a time. */
async function rounds(env, concurrency, count = ROUNDS) {
  const rates = [];
  const latencies = [];
  let fastest = Number.POSITIVE_INFINITY;
  env.store.counts.load = env.store.counts.save = 0;
  let signIns = 0;
  const cpu = process.cpuUsage();
  for (let r = 0; r < count; r++) {
    const now = env.tick();
    const queue = [...env.users];
    const start = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let u = queue.shift(); u; u = queue.shift())
          latencies.push(await signIn(env.mfa, u, now));
      }),
    );
    rates.push((env.users.length / (performance.now() - start)) * 1000);
    fastest = Math.min(fastest, ((performance.now() - start) * 1000) / env.users.length);
    signIns += env.users.length;
  }
  const used = process.cpuUsage(cpu);
  return {
    cpuUs: (used.user + used.system) / signIns,
    fastestUs: fastest,
    rate: median(rates),
    p50: pct(latencies, 50),
    p99: pct(latencies, 99),
    loads: env.store.counts.load / signIns,
    saves: env.store.counts.save / signIns,
  };
}

const line = (label, r) =>
  `  ${label.padEnd(36)} ${Math.round(r.rate).toLocaleString('en').padStart(7)} sign-ins/s  p50 ${r.p50.toFixed(3)} ms  p99 ${r.p99.toFixed(2)} ms  store calls ${r.loads.toFixed(2)} load + ${r.saves.toFixed(2)} save`;

export default async function run() {
  console.log(
    `\nsign-in (challenge.start + TOTP challenge.verify), ${USERS} users, median of ${ROUNDS} rounds`,
  );
  const env = await setUp();
  // Warm up until the JIT has compiled the hot paths: its compiler threads would count as CPU.
  await rounds(env, 1, 40);
  const sequential = await rounds(env, 1);
  console.log(line('memory store, one at a time', sequential));
  console.log(
    `  ${''.padEnd(36)} ${(1e6 / sequential.rate).toFixed(0)} µs per sign-in (median round), ${sequential.fastestUs.toFixed(0)} µs in the fastest; process CPU ${sequential.cpuUs.toFixed(0)} µs (all threads, GC included)`,
  );
  console.log(line(`memory store, ${CONCURRENCY} concurrent`, await rounds(env, CONCURRENCY)));
  env.store.latency = true;
  console.log(line(`1–5 ms store, ${CONCURRENCY} concurrent`, await rounds(env, CONCURRENCY)));
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
