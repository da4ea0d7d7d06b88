/**
 * A small strict CBOR decoder (RFC 8949) for what WebAuthn sends: attestation objects, COSE keys
 * and extension maps. It reads only definite lengths, integers within the safe range, byte and
 * text strings, arrays, maps with integer or text keys (no duplicates), and true/false/null.
 * Everything else — tags, floats, indefinite lengths, trailing bytes where none are allowed — is
 * refused with a {@link CborError}, because a lenient parser in front of a signature check lets
 * two parties read one message two ways.
 */

/** A decoded CBOR value. Maps keep insertion order and their integer or text keys. */
export type CborValue =
  | number
  | string
  | boolean
  | null
  | Uint8Array
  | CborValue[]
  | Map<number | string, CborValue>;

/**
 * Why a CBOR input was refused. `reason` is a fixed word, `offset` the byte where it was noticed;
 * the input itself never appears in the message.
 *
 * @example
 * ```ts
 * const value = decodeCbor(bytes); // a tag or a float throws CborError, reason 'unsupported'
 * ```
 */
export class CborError extends Error {
  readonly code = 'ERR_MFA_CBOR' as const;
  constructor(
    readonly reason: 'truncated' | 'unsupported' | 'too_deep' | 'too_long' | 'invalid' | 'trailing',
    readonly offset: number,
  ) {
    super(`CBOR input refused: ${reason} at byte ${offset}`);
    this.name = 'CborError';
  }
}

/** Limits that keep a hostile input from costing more than its own size. */
export interface CborLimits {
  /** Deepest nesting of arrays and maps (default 8; a COSE key is depth 1, attestation 3). */
  maxDepth?: number;
  /** Most items in one array or map (default 256). */
  maxItems?: number;
}

interface Reader {
  bytes: Uint8Array;
  pos: number;
  maxDepth: number;
  maxItems: number;
}

const utf8 = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes one CBOR item that fills `bytes` exactly.
 *
 * @example
 * ```ts
 * const value = decodeCbor(new Uint8Array([0xa1, 0x01, 0x02])); // Map { 1 => 2 }
 * ```
 */
export function decodeCbor(bytes: Uint8Array, limits?: CborLimits): CborValue {
  const { value, end } = decodeCborPrefix(bytes, 0, limits);
  if (end !== bytes.length) throw new CborError('trailing', end);
  return value;
}

/**
 * Decodes the CBOR item that starts at `offset` and says where it ends — for authenticator data,
 * where a COSE key is followed by more bytes and has no length of its own.
 *
 * @example
 * ```ts
 * const { value, end } = decodeCborPrefix(new Uint8Array([0x01, 0x02]), 0); // value 1, end 1
 * ```
 */
export function decodeCborPrefix(
  bytes: Uint8Array,
  offset: number,
  limits?: CborLimits,
): { value: CborValue; end: number } {
  const reader: Reader = {
    bytes,
    pos: offset,
    maxDepth: limits?.maxDepth ?? 8,
    maxItems: limits?.maxItems ?? 256,
  };
  const value = readItem(reader, 0);
  return { value, end: reader.pos };
}

function readByte(r: Reader): number {
  const b = r.bytes[r.pos];
  if (b === undefined) throw new CborError('truncated', r.pos);
  r.pos++;
  return b;
}

/** The argument that follows the initial byte: a length, a count or an integer value. */
function readArgument(r: Reader, info: number, start: number): number {
  if (info < 24) return info;
  let size: number;
  if (info === 24) size = 1;
  else if (info === 25) size = 2;
  else if (info === 26) size = 4;
  else if (info === 27) size = 8;
  else throw new CborError('unsupported', start); // 28–30 reserved, 31 indefinite length
  if (r.pos + size > r.bytes.length) throw new CborError('truncated', r.pos);
  let value = 0;
  for (let i = 0; i < size; i++) value = value * 256 + r.bytes[r.pos + i]!;
  r.pos += size;
  if (!Number.isSafeInteger(value)) throw new CborError('too_long', start);
  // Deterministic encoding only: the shortest form, so one value has one byte string.
  const minimum = size === 1 ? 24 : size === 2 ? 0x100 : size === 4 ? 0x10000 : 0x100000000;
  if (value < minimum) throw new CborError('invalid', start);
  return value;
}

function readItem(r: Reader, depth: number): CborValue {
  const start = r.pos;
  const initial = readByte(r);
  const major = initial >> 5;
  const info = initial & 0x1f;
  if (major === 7) {
    if (info === 20) return false;
    if (info === 21) return true;
    if (info === 22) return null;
    throw new CborError('unsupported', start); // floats, undefined, simple values, break
  }
  if (major === 6) throw new CborError('unsupported', start); // tags: WebAuthn uses none
  const arg = readArgument(r, info, start);
  switch (major) {
    case 0:
      return arg;
    case 1:
      if (arg === Number.MAX_SAFE_INTEGER) throw new CborError('too_long', start);
      return -1 - arg;
    case 2:
    case 3: {
      if (arg > r.bytes.length - r.pos) throw new CborError('truncated', r.pos);
      const slice = r.bytes.slice(r.pos, r.pos + arg);
      r.pos += arg;
      if (major === 2) return slice;
      try {
        return utf8.decode(slice);
      } catch {
        throw new CborError('invalid', start);
      }
    }
    case 4: {
      if (depth >= r.maxDepth) throw new CborError('too_deep', start);
      if (arg > r.maxItems) throw new CborError('too_long', start);
      const out: CborValue[] = [];
      for (let i = 0; i < arg; i++) out.push(readItem(r, depth + 1));
      return out;
    }
    default: {
      // major 5: a map
      if (depth >= r.maxDepth) throw new CborError('too_deep', start);
      if (arg > r.maxItems) throw new CborError('too_long', start);
      const out = new Map<number | string, CborValue>();
      for (let i = 0; i < arg; i++) {
        const keyAt = r.pos;
        const key = readItem(r, depth + 1);
        if (typeof key !== 'number' && typeof key !== 'string') {
          throw new CborError('unsupported', keyAt);
        }
        if (out.has(key)) throw new CborError('invalid', keyAt);
        out.set(key, readItem(r, depth + 1));
      }
      return out;
    }
  }
}
