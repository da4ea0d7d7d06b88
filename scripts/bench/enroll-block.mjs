// How long first-factor enrollment (totp.begin + totp.confirm, which makes ten backup codes) and
// backupCodes.regenerate keep the event loop busy, at the default backup-code cost: the main
// thread's active time (event-loop utilization) and its longest single block. The hashing runs
// on Node's thread pool, so other requests keep being served meanwhile.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as service from '../../dist/service.js';
import * as totp from '../../dist/totp.js';

const RUNS = Number(process.env.BENCH_ENROLL_RUNS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Main-thread busy time and longest stall (ms) while `fn` runs. */
async function blocking(fn) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const before = performance.eventLoopUtilization();
  const started = performance.now();
  await fn();
  const elapsed = performance.now() - started;
  const elu = performance.eventLoopUtilization(before);
  histogram.disable();
  return {
    busy: elu.active,
    longest: Math.max(0, histogram.max / 1e6 - 1),
    elapsed,
  };
}

export default async function run() {
  const mfa = service.createMfa({
    store: service.memoryStore(),
    keyring: { current: 'k', keys: { k: Uint8Array.from({ length: 32 }, (_, i) => i + 1) } },
    issuer: 'Bench',
  });
  const rows = { enroll: [], regenerate: [] };
  for (let i = 0; i < RUNS + 1; i++) {
    const userId = `enroll-${i}`;
    const enroll = await blocking(async () => {
      const begun = await mfa.totp.begin(userId, {
        accountName: userId,
        authenticatedAt: Date.now(),
      });
      const code = totp.generateTotp(totp.base32Decode(begun.secret));
      const confirmed = await mfa.totp.confirm(userId, begun.factorId, code);
      if (!confirmed.ok || confirmed.backupCodes.length !== 10)
        throw new Error('enrollment failed');
    });
    const regenerate = await blocking(async () => {
      const r = await mfa.backupCodes.regenerate(userId, { authenticatedAt: Date.now() });
      if (!r.ok) throw new Error('regenerate failed');
    });
    if (i === 0) continue; // warm-up
    rows.enroll.push(enroll);
    rows.regenerate.push(regenerate);
  }
  console.log(
    `\nevent-loop block, default backup-code cost (scrypt N=2^13, r=8, p=1), median of ${RUNS}`,
  );
  for (const [name, label] of [
    ['enroll', 'first factor (totp.begin + confirm)'],
    ['regenerate', 'backupCodes.regenerate'],
  ]) {
    const r = rows[name];
    console.log(
      `  ${label.padEnd(36)} main thread busy ${median(r.map((x) => x.busy)).toFixed(1)} ms, longest block ${median(r.map((x) => x.longest)).toFixed(1)} ms, wall ${median(r.map((x) => x.elapsed)).toFixed(0)} ms`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
