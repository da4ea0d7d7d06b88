/**
 * The documents this process last read or wrote, per user (the most recent users only), as
 * checked objects keyed by their exact stored text. Loading that very text again (a sign-in's
 * `verify` after its `start`, the next sign-in) then costs a copy of the object instead of a
 * `JSON.parse` and the document check: about a quarter of the time. Any other text, written by
 * another process or by whoever holds the database, is parsed and checked in full.
 *
 * Entries are never handed out: every load gets its own copy, which the flow may change freely.
 */
import type { MfaDocument } from './document.js';

const CAPACITY = 1000;

/** A deep copy of JSON data, equal to `JSON.parse(JSON.stringify(value))`. */
export function copyJson<T>(value: T): T {
  if (typeof value === 'number') return (Number.isFinite(value) ? value + 0 : null) as T; // -0 → 0
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out[i] = item === undefined || typeof item === 'function' ? null : copyJson(item);
    }
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item: unknown = (value as Record<string, unknown>)[key];
    if (item === undefined || typeof item === 'function') continue;
    // JSON.parse makes "__proto__" an own property; plain assignment would set the prototype.
    if (key === '__proto__')
      Object.defineProperty(out, key, {
        value: copyJson(item),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[key] = copyJson(item);
  }
  return out as T;
}

export class DocumentCache {
  private readonly entries = new Map<string, { text: string; doc: MfaDocument }>();

  /** A fresh copy of the document stored as `text`, if that is the text remembered for the user. */
  copyOf(userId: string, text: string): MfaDocument | undefined {
    const entry = this.entries.get(userId);
    return entry !== undefined && entry.text === text ? copyJson(entry.doc) : undefined;
  }

  /** Remembers `doc` (copied, so later changes to it do not reach the cache) as stored in `text`. */
  remember(userId: string, text: string, doc: MfaDocument): void {
    this.entries.delete(userId); // re-inserted last: the Map's order is the recency
    this.entries.set(userId, { text, doc: copyJson(doc) });
    if (this.entries.size > CAPACITY)
      this.entries.delete(this.entries.keys().next().value as string);
  }

  forget(userId: string): void {
    this.entries.delete(userId);
  }
}
