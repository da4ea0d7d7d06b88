/**
 * Checks of stored document fields, shared by the document and the factor kinds. A document is
 * untrusted input: a damaged or tampered entry throws an {@link InvalidDocumentError} naming the
 * field, never a `TypeError` deep inside a flow.
 */
import { InvalidDocumentError } from '../../errors.js';

export type Rec = Record<string, unknown>;

export const MAX_TIME = 9e15;
export const MAX_ID = 256;

export const isRecord = (v: unknown): v is Rec =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

export function record(v: unknown, field: string): Rec {
  if (!isRecord(v)) throw new InvalidDocumentError(field, 'an object');
  return v;
}
export function str(v: unknown, field: string, max = MAX_ID): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > max)
    throw new InvalidDocumentError(field, `a string of 1 to ${max} characters`);
  return v;
}
export function int(v: unknown, field: string, max = MAX_TIME, min = 0): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max)
    throw new InvalidDocumentError(field, `an integer from ${min} to ${max}`);
  return v;
}
export function optInt(v: unknown, field: string): void {
  if (v !== undefined) int(v, field);
}
export function bool(v: unknown, field: string): boolean {
  if (typeof v !== 'boolean') throw new InvalidDocumentError(field, 'a boolean');
  return v;
}
export function list(v: unknown, field: string, max: number): unknown[] {
  if (!Array.isArray(v) || v.length > max)
    throw new InvalidDocumentError(field, `an array of at most ${max} entries`);
  return v;
}
