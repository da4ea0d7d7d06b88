/** Small argument guards shared by every module; each names the argument it rejects. */
import { InvalidArgumentError } from '../errors.js';

/**
 * A Uint8Array, also from another realm (iframes, vm contexts) where `instanceof` fails. The
 * cross-realm test reads the internal `[[TypedArrayName]]` through the `Symbol.toStringTag`
 * getter of %TypedArray%.prototype, which a DataView, a Uint16Array or an object whose
 * `constructor.name` says 'Uint8Array' cannot fake (`constructor` and an own toStringTag can).
 */
export function isBytes(value: unknown): value is Uint8Array {
  return (
    value instanceof Uint8Array ||
    (ArrayBuffer.isView(value) && typedArrayName.call(value) === 'Uint8Array')
  );
}

// The getter itself, not `value[Symbol.toStringTag]`, which an object may shadow. It returns
// undefined for a DataView and never throws.
const typedArrayName = /* @__PURE__ */ Object.getOwnPropertyDescriptor(
  /* @__PURE__ */ Object.getPrototypeOf(Uint8Array.prototype),
  Symbol.toStringTag,
)!.get as (this: unknown) => string | undefined;

export function assertBytes(value: unknown, name: string, min = 0, max = Infinity): Uint8Array {
  if (!isBytes(value)) throw new InvalidArgumentError(name, 'a Uint8Array');
  if (value.length < min || value.length > max) {
    const range = max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new InvalidArgumentError(name, `${range} bytes long`);
  }
  return value;
}

export function assertInteger(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(name, `an integer from ${min} to ${max}`);
  }
  return value;
}

export function assertString(value: unknown, name: string, maxLength = Infinity): string {
  if (typeof value !== 'string') throw new InvalidArgumentError(name, 'a string');
  if (value.length > maxLength) {
    throw new InvalidArgumentError(name, `a string of at most ${maxLength} characters`);
  }
  return value;
}

export function assertOneOf<T extends string>(
  value: unknown,
  name: string,
  allowed: readonly T[],
): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new InvalidArgumentError(name, `one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** Options objects may be omitted, but not replaced by something that is not an object. */
export function assertOptions<T extends object>(value: T | undefined, name: string): Partial<T> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object')
    throw new InvalidArgumentError(name, 'an object');
  return value;
}

const MAX_DATE_MS = 8.64e15; // the largest time a Date can hold

/** Time as milliseconds since the epoch, from a number or a Date; NaN and Infinity refused. */
export function toMillis(value: unknown, name: string): number {
  const ms = value instanceof Date ? value.getTime() : value;
  if (typeof ms !== 'number' || !(ms >= 0 && ms <= MAX_DATE_MS)) {
    throw new InvalidArgumentError(
      name,
      'a valid Date or a number of milliseconds since the epoch',
    );
  }
  return ms;
}
