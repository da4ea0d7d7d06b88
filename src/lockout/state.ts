/**
 * The stored lockout state: its shape, and the check that turns whatever a document holds into a
 * state the rules can trust. Version 0.1 stored one bucket (`failures`, `locks`, `lockedUntil`,
 * `budgetAt`); those fields are now the unfamiliar bucket, and `familiar` was added beside them,
 * so an old state *is* a new state without familiar sources: it migrates by being read.
 */
import { InvalidArgumentError } from '../errors.js';
import { assertInteger } from '../lib/assert.js';

/** One set of counters: the consecutive failures and their lock, and a failure budget. */
export interface LockoutBucket {
  /** Wrong codes since the bucket's last success (or unlock). */
  failures: number;
  /** Locks imposed since then (drives their growing length). */
  locks: number;
  /** End of the current consecutive-failure lock (ms since the epoch; 0 for none). */
  lockedUntil: number;
  /** When the failure budget is full again: its "theoretical arrival time" (GCRA). */
  budgetAt: number;
}

/** A source that completed a sign-in, with its own bucket. */
export interface FamiliarSource extends LockoutBucket {
  /** The opaque key the caller passed as `source` (the service passes an HMAC of it). */
  source: string;
  /** Its last successful sign-in (the list is kept oldest first; the oldest clean entry goes first). */
  seenAt: number;
}

/**
 * Per-account lockout state: plain JSON, `undefined` before the first failure. The top-level
 * counters are the bucket shared by every source the account does not know (and by calls without
 * a `source`).
 */
export interface LockoutState extends LockoutBucket {
  /** Sources that completed a sign-in, oldest first. Absent in states written by 0.1. */
  familiar?: FamiliarSource[];
}

/** Longest `source` key accepted: the service passes a 43-character HMAC. */
export const MAX_SOURCE_LENGTH = 256;
/** More familiar entries than any policy keeps (`familiar.max` ≤ 100): a tampered state. */
const MAX_ENTRIES = 100;
/** A little beyond the last time a Date can hold, so that arithmetic on it stays exact. */
const MAX = 9e15;

export const emptyBucket = (): LockoutBucket => ({
  failures: 0,
  locks: 0,
  lockedUntil: 0,
  budgetAt: 0,
});

/** A usable `source` key: a non-empty string of bounded length. */
export const isSourceKey = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_SOURCE_LENGTH;

const SOURCE_REQUIREMENT = `a string of 1 to ${MAX_SOURCE_LENGTH} characters`;

/** Every field at most 9e15: a tampered value cannot push the arithmetic past exact integers. */
function bucket(value: Record<string, unknown>, path: string): LockoutBucket {
  const out: Record<string, number> = {};
  for (const key of ['failures', 'locks', 'lockedUntil', 'budgetAt'])
    out[key] = assertInteger(value[key], `${path}.${key}`, 0, MAX);
  return out as unknown as LockoutBucket;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * A fresh, checked copy of a stored state (the caller's object is never changed). A damaged state
 * must not read as "never failed", so anything else throws an {@link InvalidArgumentError} naming
 * the field (`state.familiar[2].budgetAt`), never its value.
 */
export function readLockoutState(value: unknown, path = 'state'): LockoutState {
  if (value === undefined) return emptyBucket();
  if (!isRecord(value))
    throw new InvalidArgumentError(path, 'a state from recordFailure or recordSuccess');
  const state: LockoutState = bucket(value, path);
  if (value.familiar === undefined) return state;
  if (!Array.isArray(value.familiar) || value.familiar.length > MAX_ENTRIES)
    throw new InvalidArgumentError(`${path}.familiar`, `an array of ≤ ${MAX_ENTRIES} entries`);
  const seen = new Set<string>();
  state.familiar = value.familiar.map((entry: unknown, i) => {
    const at = `${path}.familiar[${i}]`;
    if (!isRecord(entry)) throw new InvalidArgumentError(at, 'an object');
    const { source } = entry;
    if (!isSourceKey(source)) throw new InvalidArgumentError(`${at}.source`, SOURCE_REQUIREMENT);
    // Two entries for one source would give it two budgets.
    if (seen.has(source)) throw new InvalidArgumentError(`${at}.source`, 'unique in the list');
    seen.add(source);
    return {
      source,
      seenAt: assertInteger(entry.seenAt, `${at}.seenAt`, 0, MAX),
      ...bucket(entry, at),
    };
  });
  return state;
}
