/** TOTP (RFC 6238): HOTP whose counter is the number of `period`-second steps since `t0`. */
import { counterMac, type OtpAlgorithm } from '../crypto/hmac.js';
import { InvalidArgumentError } from '../errors.js';
import { assertInteger, assertOptions, toMillis } from '../lib/assert.js';
import { counterValue, formatCode } from './hotp.js';
import { assertSecret, type OtpOptions, parseCode, resolveOtpOptions } from './options.js';

/** Options of {@link generateTotp}: the clock and the step layout. */
export interface TotpOptions extends OtpOptions {
  /** The time to compute for, as milliseconds since the epoch or a Date; default `Date.now()`. */
  now?: number | Date;
  /** Seconds per step, 1 to 120; default 30. */
  period?: number;
  /** Unix time in seconds at which step 0 begins; default 0. */
  t0?: number;
}

/** Options of {@link verifyTotp}: a window of steps around now and the last step already used. */
export interface VerifyTotpOptions extends TotpOptions {
  /** Steps of clock drift tolerated: `1` means ±1 (the default); `{ past, future }` each side. */
  window?: number | { past: number; future: number };
  /** Refuse this step and every earlier one: pass the `step` of the last accepted code. */
  afterStep?: number;
}

/** The outcome of {@link verifyTotp}: on success the step that matched and its offset from now. */
export type VerifyTotpResult = { ok: true; step: number; delta: number } | { ok: false };

const MAX_WINDOW = 100;

function resolveTotp(opts: TotpOptions | undefined) {
  const o = assertOptions(opts, 'opts');
  const now = o.now === undefined ? Date.now() : toMillis(o.now, 'opts.now');
  const period = o.period === undefined ? 30 : assertInteger(o.period, 'opts.period', 1, 120);
  const t0 = o.t0 === undefined ? 0 : assertInteger(o.t0, 'opts.t0', 0, Number.MAX_SAFE_INTEGER);
  const { algorithm, digits } = resolveOtpOptions(opts);
  return { algorithm, digits, step: Math.floor((now - t0 * 1000) / (period * 1000)) };
}

function resolveWindow(window: unknown): { past: number; future: number } {
  if (window === undefined) return { past: 1, future: 1 };
  if (typeof window === 'number') {
    const n = assertInteger(window, 'opts.window', 0, MAX_WINDOW);
    return { past: n, future: n };
  }
  if (window === null || typeof window !== 'object') {
    throw new InvalidArgumentError('opts.window', 'a number of steps or { past, future }');
  }
  const w = window as { past?: unknown; future?: unknown };
  return {
    past: assertInteger(w.past, 'opts.window.past', 0, MAX_WINDOW),
    future: assertInteger(w.future, 'opts.window.future', 0, MAX_WINDOW),
  };
}

/**
 * The TOTP code at `now` (default: the current time).
 *
 * @example
 * ```ts
 * const code = generateTotp(secret, { now: Date.now() }); // e.g. '287082'
 * ```
 */
export function generateTotp(secret: Uint8Array, opts?: TotpOptions): string {
  assertSecret(secret);
  const { algorithm, digits, step } = resolveTotp(opts);
  if (step < 0) throw new InvalidArgumentError('opts.now', 'at or after opts.t0');
  const mac = counterMac(algorithm, secret);
  try {
    return formatCode(counterValue(mac, step, digits), digits);
  } finally {
    mac.destroy();
  }
}

/**
 * Checks a TOTP code within a window of steps around `now` (default ±1 step, RFC 6238 §5.2).
 * Returns the matched `step` so the caller can pass it as `afterStep` next time, which makes
 * every code single-use; `delta` is the step offset from now (clock drift). Steps at or before
 * `afterStep` never match. A malformed code is `{ ok: false }`, not an error.
 *
 * @example
 * ```ts
 * const result = verifyTotp(secret, input, { afterStep: user.lastStep });
 * if (result.ok) user.lastStep = result.step; // the same code is now refused
 * ```
 */
export function verifyTotp(
  secret: Uint8Array,
  code: string,
  opts?: VerifyTotpOptions,
): VerifyTotpResult {
  assertSecret(secret);
  const { algorithm, digits, step } = resolveTotp(opts);
  const { past, future } = resolveWindow(opts?.window);
  const afterStep =
    opts?.afterStep === undefined
      ? -1
      : assertInteger(opts.afterStep, 'opts.afterStep', -1, Number.MAX_SAFE_INTEGER);
  return matchSteps(
    secret,
    parseCode(code, digits),
    algorithm,
    digits,
    step,
    past,
    future,
    afterStep,
  );
}

/**
 * The service's path (`verifyTotp` without re-checking arguments it already holds checked): a
 * 6-digit SHA-1 code of 30-second steps, window ±1, as every authenticator app makes. Internal:
 * not exported from any entry point.
 */
export function verifyTotpTrusted(
  secret: Uint8Array,
  code: string,
  now: number,
  afterStep: number,
): VerifyTotpResult {
  const step = Math.floor(now / 30_000);
  return matchSteps(secret, parseCode(code, 6), 'SHA1', 6, step, 1, 1, afterStep);
}

function matchSteps(
  secret: Uint8Array,
  input: number,
  algorithm: OtpAlgorithm,
  digits: number,
  step: number,
  past: number,
  future: number,
  afterStep: number,
): VerifyTotpResult {
  const mac = counterMac(algorithm, secret);
  try {
    // Nearest steps first (0, -1, +1, -2, ...) and no early exit: the cost is the same wherever
    // the code matched, and a (1 in 10^digits) collision resolves to the most likely step.
    let matched: number | undefined;
    for (let d = 0; d <= Math.max(past, future); d++) {
      for (let sign = d === 0 ? 1 : -1; sign <= 1; sign += 2) {
        const delta = sign * d;
        if (delta < -past || delta > future) continue;
        const s = step + delta;
        if (s < 0 || s <= afterStep) continue;
        const hit = counterValue(mac, s, digits) === input;
        if (hit && matched === undefined) matched = delta;
      }
    }
    return matched === undefined
      ? { ok: false }
      : { ok: true, step: step + matched, delta: matched };
  } finally {
    mac.destroy();
  }
}
