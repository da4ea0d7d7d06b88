/**
 * What every flow shares: the resolved options, the transaction that turns "load, decide, save"
 * into one conditional write with retries, policy and re-authentication checks, and events.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { drawRandom } from '../crypto/random.js';
import { base64urlEncode } from '../encoding/base64url.js';
import { InvalidArgumentError } from '../errors.js';
import { assertString, toMillis } from '../lib/assert.js';
import { emptyDocument, type MfaDocument, parseDocument, prune } from './document.js';
import { DocumentCache } from './document-cache.js';
import type { MfaEvent } from './events.js';
import { checkDecision, type ResolvedOptions } from './options.js';
import { deriveTokenKeys, type TokenKeys } from './tokens.js';

/** Why an operation did not happen; returned, never thrown. */
export type FailureCode =
  | 'invalid_code'
  | 'expired'
  | 'locked'
  | 'reauth_required'
  | 'not_allowed'
  | 'not_found'
  | 'already_enrolled'
  | 'rate_limited'
  | 'invalid_phone'
  | 'country_not_allowed'
  | 'not_mobile'
  | 'delivery_failed'
  | 'conflict';

/** An expected failure. `retryAfterMs` comes with `locked` and `rate_limited`. */
export type Failure = { ok: false; error: { code: FailureCode; retryAfterMs?: number } };

/** Success with data, or a {@link Failure}. */
export type Result<T extends object = object> = ({ ok: true } & T) | Failure;

export function fail(code: FailureCode, retryAfterMs?: number): Failure {
  return { ok: false, error: retryAfterMs === undefined ? { code } : { code, retryAfterMs } };
}

/** An event before the transaction stamps it with the user and the time. */
export type PendingEvent = MfaEvent extends infer E
  ? E extends MfaEvent
    ? Omit<E, 'userId' | 'at'>
    : never
  : never;

/** What a flow decides on one loaded document. */
export interface Decision<T> {
  result: T;
  /** Whether `doc` was changed and must be saved. */
  write: boolean;
  events?: PendingEvent[];
  /** Runs once, after a successful save (e.g. sending a text); may replace the result. */
  afterCommit?: () => Promise<T>;
}

/**
 * Conflicts are retried with full-jitter exponential backoff (1 ms doubling up to 64 ms): under
 * heavy contention on one user (50 concurrent sign-ins on a store with 1–5 ms round trips) the
 * writers spread out instead of colliding again, and each eventually gets its turn. The try limit
 * is far above what such a burst needs (a few seconds of waiting), so `conflict` means a store
 * that keeps refusing writes, not a busy user.
 */
const MAX_TRIES = 64;
const BACKOFF_BASE_MS = 1;
const BACKOFF_CAP_MS = 64;
const POOL_BYTES = 4096;

export class Runtime {
  readonly smsKey: Uint8Array;
  /** Keys of challenge ids and lockout sources, derived once. */
  readonly keys: TokenKeys;

  constructor(readonly o: ResolvedOptions) {
    const current = o.keyring.keys[o.keyring.current]!;
    // Codes are hashed under a key derived from the current sealing key, never stored with it.
    this.smsKey = hkdf(
      sha256,
      current,
      undefined,
      new TextEncoder().encode('mfa-kit/sms-code/v1'),
      32,
    );
    this.keys = deriveTokenKeys(current);
  }

  now(): number {
    const t = this.o.now();
    if (!Number.isFinite(t))
      throw new InvalidArgumentError('now()', 'a function returning milliseconds since the epoch');
    return t;
  }

  /**
   * Random bytes. Without an injected source they come from a pool filled 4 kB at a time from
   * the CSPRNG: one `getRandomValues` call costs microseconds, and a sign-in needs only 16 bytes.
   * Bytes handed out are wiped from the pool, so none is ever given twice.
   */
  random(length: number): Uint8Array {
    if (this.o.randomBytes !== undefined || length > POOL_BYTES)
      return drawRandom(this.o.randomBytes, length, 'randomBytes');
    if (this.poolAt + length > POOL_BYTES) {
      globalThis.crypto.getRandomValues(this.pool);
      this.poolAt = 0;
    }
    const out = this.pool.slice(this.poolAt, this.poolAt + length);
    this.pool.fill(0, this.poolAt, this.poolAt + length);
    this.poolAt += length;
    return out;
  }

  private readonly pool = new Uint8Array(POOL_BYTES);
  private poolAt = POOL_BYTES;

  newId(prefix: string): string {
    return `${prefix}_${base64urlEncode(this.random(12))}`;
  }

  /**
   * Load the user's document, let `decide` change it, and save it only if nobody else wrote in
   * between; otherwise reload and decide again. Uncontended: one load and at most one save.
   */
  async transact<T>(
    userId: string,
    decide: (doc: MfaDocument, now: number) => Decision<T> | Promise<Decision<T>>,
  ): Promise<T | Failure> {
    for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
      const loaded = await this.o.store.load(userId);
      const doc = loaded === null ? emptyDocument() : this.parse(userId, loaded.doc);
      const now = this.now();
      prune(doc, now);
      const decision = await decide(doc, now);
      if (!decision.write) return decision.result;
      const text = JSON.stringify(doc);
      if (await this.o.store.save(userId, text, loaded?.version ?? null)) {
        this.documents.remember(userId, text, doc);
        await this.emit(userId, now, decision.events ?? []);
        return decision.afterCommit ? decision.afterCommit() : decision.result;
      }
      // Someone else wrote first: wait a random, growing while and decide again on fresh data.
      const r = this.random(2);
      const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
      const wait = (((r[0]! << 8) | r[1]!) / 65536) * ceiling;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    return fail('conflict');
  }

  /** Read-only: one load, nothing written. */
  async read(userId: string): Promise<{ doc: MfaDocument; now: number }> {
    const loaded = await this.o.store.load(userId);
    const doc = loaded === null ? emptyDocument() : this.parse(userId, loaded.doc);
    const now = this.now();
    prune(doc, now);
    return { doc, now };
  }

  /** Documents this process read or wrote lately: loading the same text again skips the parse. */
  private readonly documents = new DocumentCache();

  private parse(userId: string, text: string): MfaDocument {
    const cached = this.documents.copyOf(userId, text);
    if (cached !== undefined) return cached;
    const doc = parseDocument(text);
    this.documents.remember(userId, text, doc);
    return doc;
  }

  /** Forgets what this process read or wrote for the user (the document is gone). */
  forget(userId: string): void {
    this.documents.forget(userId);
  }

  async emit(userId: string, at: number, events: PendingEvent[]): Promise<void> {
    if (!this.o.onEvent) return;
    for (const event of events) {
      try {
        await this.o.onEvent({ ...event, userId, at } as MfaEvent);
      } catch {
        // The change is stored; a failing listener must not undo it or fail the request.
      }
    }
  }

  /** A fixed policy is checked once; a policy function's answer on every call. */
  private fixedPolicy: ReturnType<typeof checkDecision> | undefined;

  async policy(userId: string, ctx: unknown) {
    const p = this.o.policy;
    if (typeof p === 'function') return checkDecision(await p(userId, ctx));
    this.fixedPolicy ??= checkDecision(p);
    return this.fixedPolicy;
  }

  /** True when the password was checked recently enough for a sensitive change. */
  recentlyAuthenticated(authenticatedAt: unknown, maxAgeMs: number, now: number): boolean {
    const t = toMillis(authenticatedAt, 'opts.authenticatedAt');
    return t <= now + 60_000 && now - t <= maxAgeMs;
  }
}

export function assertUserId(userId: unknown, name = 'userId'): string {
  const id = assertString(userId, name, 256);
  if (id.length === 0) throw new InvalidArgumentError(name, 'a non-empty string');
  return id;
}

/** What users type around codes ("123 456", "123-456"); anything odd becomes a non-code. */
export function normalizeTypedCode(code: unknown): string {
  return typeof code === 'string' && code.length <= 32 ? code.replace(/[\s-]/g, '') : '';
}

/** Runs `fn` at most once per call of a flow, however often the transaction retries. */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => {
    promise ??= fn();
    return promise;
  };
}
