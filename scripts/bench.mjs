// Side-by-side speed of mfa-kit against otplib 13 and otpauth 9, on the built package, then every
// benchmark in scripts/bench/ (each file default-exports `async function run()` that prints its
// lines): sign-in, cold imports, enrollment's event-loop block, and whatever other parts add.
// Each library runs in interleaved rounds on the same inputs and machine, and only ratios
// measured within this one run are meaningful: absolute numbers vary with the machine.
import { readdirSync, readFileSync } from 'node:fs';
import * as OTPAuth from 'otpauth';
import * as otplib from 'otplib';
import * as backup from '../dist/backup-codes.js';
import * as mfa from '../dist/totp.js';

const version = (name) =>
  JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url)))
    .version;

// A server verifies many users' codes, each under its own key: cycle through many secrets and
// times, so no library benefits from caching one key.
const INPUTS = 1024;
const inputs = Array.from({ length: INPUTS }, (_, i) => {
  const secret = crypto.getRandomValues(new Uint8Array(20));
  const now = 1_700_000_000_000 + i * 7_919_000;
  const window = [-30_000, 0, 30_000].map((d) => mfa.generateTotp(secret, { now: now + d }));
  let bad = 0;
  while (window.includes(String(bad).padStart(6, '0'))) bad++;
  return {
    secret,
    base32: mfa.base32Encode(secret),
    otpauthSecret: new OTPAuth.Secret({ buffer: secret.slice().buffer }),
    now,
    good: window[1],
    bad: String(bad).padStart(6, '0'),
  };
});

/** A benchmark body that takes the next input on each call. */
function cycling(fn) {
  let i = 0;
  return () => fn(inputs[i++ & (INPUTS - 1)]);
}

const libraries = {
  'mfa-kit': {
    generate: (x) => mfa.generateTotp(x.secret, { now: x.now }),
    verify: (x, token) => mfa.verifyTotp(x.secret, token, { now: x.now }).ok,
    decode: (x) => mfa.base32Decode(x.base32),
  },
  otplib: {
    generate: (x) => otplib.generateSync({ secret: x.secret, epoch: x.now / 1000 }),
    verify: (x, token) =>
      otplib.verifySync({ secret: x.secret, token, epoch: x.now / 1000, epochTolerance: 30 }).valid,
    decode: null,
  },
  otpauth: {
    generate: (x) => OTPAuth.TOTP.generate({ secret: x.otpauthSecret, timestamp: x.now }),
    verify: (x, token) =>
      OTPAuth.TOTP.validate({ token, secret: x.otpauthSecret, timestamp: x.now, window: 1 }) !==
      null,
    decode: (x) => OTPAuth.Secret.fromBase32(x.base32).bytes,
  },
};

// Timing is only meaningful if all three compute the same thing: check every input first.
for (const [lib, { generate, verify, decode }] of Object.entries(libraries)) {
  for (const x of inputs) {
    const agrees =
      generate(x) === x.good &&
      verify(x, x.good) === true &&
      verify(x, x.bad) === false &&
      (decode === null || Buffer.from(decode(x)).equals(x.secret));
    if (!agrees) throw new Error(`${lib} disagrees with mfa-kit on ${x.now}`);
  }
}

const only = (pick) =>
  Object.fromEntries(
    Object.entries(libraries).map(([lib, impl]) => [lib, pick(impl) && cycling(pick(impl))]),
  );
const cases = {
  'generate TOTP': only((l) => l.generate),
  'verify TOTP, wrong code, window ±1 (three steps)': only(
    (l) => l.verify && ((x) => l.verify(x, x.bad)),
  ),
  'verify TOTP, right code, window ±1': only((l) => l.verify && ((x) => l.verify(x, x.good))),
  'base32 decode, 32 characters': only((l) => l.decode),
};

function opsPerSecond(fn, ms) {
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 200; i++) fn();
    n += 200;
    elapsed = performance.now() - start;
  }
  return (n / elapsed) * 1000;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 200);

console.log(`node ${process.version}; otplib ${version('otplib')}, otpauth ${version('otpauth')}`);
console.log(
  `median of ${ROUNDS} interleaved rounds of ${ROUND_MS} ms each; ${INPUTS} different secrets\n`,
);
for (const [name, impls] of Object.entries(cases)) {
  const entries = Object.entries(impls).filter(([, fn]) => fn);
  for (const [, fn] of entries) opsPerSecond(fn, 100); // warm up the JIT
  const samples = Object.fromEntries(entries.map(([lib]) => [lib, []]));
  for (let r = 0; r < ROUNDS; r++)
    for (const [lib, fn] of entries) samples[lib].push(opsPerSecond(fn, ROUND_MS));
  const ours = median(samples['mfa-kit']);
  console.log(name);
  for (const [lib] of entries) {
    const ops = median(samples[lib]);
    const ratio = lib === 'mfa-kit' ? '' : `  mfa-kit is ${(ours / ops).toFixed(2)}x`;
    console.log(
      `  ${lib.padEnd(8)} ${Math.round(ops).toLocaleString('en').padStart(10)} ops/s${ratio}`,
    );
  }
}

// Backup codes: one scrypt derivation per attempt (default cost), whatever the number of codes
// left, so the time per attempt should not grow with the set.
console.log('\nbackup code verification, default cost (scrypt N=2^13, r=8, p=1), wrong code');
// A wrong code that names a real slot (its first two symbols), so the one derivation really runs.
const sets = [5, 10, 20].map((count) => {
  const codes = backup.generateBackupCodes({ count });
  const wrong = codes[0].slice(0, -1) + (codes[0].endsWith('Z') ? 'Y' : 'Z');
  return [count, backup.hashBackupCodes(codes), wrong];
});
const times = Object.fromEntries(sets.map(([count]) => [count, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (const [count, set, wrong] of sets) {
    const start = performance.now();
    if (backup.verifyBackupCode(set, wrong).ok) throw new Error('a wrong backup code matched');
    times[count].push(performance.now() - start);
  }
}
for (const [count] of sets)
  console.log(
    `  ${String(count).padStart(2)} codes remaining  ${median(times[count]).toFixed(1)} ms per attempt`,
  );

// Size, measured the same way for all three: the whole package entry bundled with its
// dependencies, minified and gzipped, as an app that imports it pays.
const { build } = await import('esbuild');
const { gzipSync } = await import('node:zlib');
console.log('\nbundle size (esbuild --bundle --minify, gzip -9)');
for (const [lib, contents] of [
  ['mfa-kit', "export * from './dist/totp.js';"],
  ['otplib', "export * from 'otplib';"],
  ['otpauth', "export * from 'otpauth';"],
]) {
  const result = await build({
    stdin: { contents, resolveDir: new URL('..', import.meta.url).pathname },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'error',
  });
  const code = result.outputFiles[0].contents;
  console.log(
    `  ${lib.padEnd(8)} ${code.length.toLocaleString('en').padStart(7)} B minified ${gzipSync(code, { level: 9 }).length.toLocaleString('en').padStart(7)} B gzipped`,
  );
}

// The benchmarks of scripts/bench/, in name order, one after the other in this same process.
const benchDir = new URL('./bench/', import.meta.url);
for (const file of readdirSync(benchDir)
  .filter((f) => f.endsWith('.mjs'))
  .sort()) {
  const started = performance.now();
  const { default: run } = await import(new URL(file, benchDir).href);
  if (typeof run !== 'function') throw new Error(`scripts/bench/${file} must export run()`);
  await run();
  console.log(`  (${file}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
