import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CborError, decodeCbor, decodeCborPrefix } from '../../src/webauthn/cbor.js';
import { encodeCbor } from './soft-authenticator.js';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('decodeCbor', () => {
  it('reads the types WebAuthn uses', () => {
    expect(decodeCbor(bytes(0x00))).toBe(0);
    expect(decodeCbor(bytes(0x18, 0x18))).toBe(24);
    expect(decodeCbor(bytes(0x20))).toBe(-1);
    expect(decodeCbor(bytes(0x39, 0x01, 0x00))).toBe(-257);
    expect(decodeCbor(bytes(0x43, 1, 2, 3))).toEqual(bytes(1, 2, 3));
    expect(decodeCbor(bytes(0x63, 0x66, 0x6d, 0x74))).toBe('fmt');
    expect(decodeCbor(bytes(0x82, 0x01, 0xf5))).toEqual([1, true]);
    expect(decodeCbor(bytes(0xa1, 0x01, 0xf6))).toEqual(new Map([[1, null]]));
  });

  it('round-trips what a deterministic encoder writes', () => {
    const leaf = fc.oneof(
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
      fc.string({ maxLength: 20 }),
      fc.uint8Array({ maxLength: 40 }),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node'), { maxLength: 4 }),
        tie('map'),
      ),
      map: fc
        .uniqueArray(
          fc.tuple(
            fc.oneof(fc.integer({ min: -100, max: 100 }), fc.string({ maxLength: 5 })),
            tie('node'),
          ),
          {
            maxLength: 4,
            selector: ([k]) => k,
          },
        )
        .map((entries) => new Map(entries)),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        // biome-ignore lint/suspicious/noExplicitAny: the arbitrary builds only encodable values
        expect(decodeCbor(encodeCbor(v as any))).toEqual(v);
      }),
    );
  });

  const refused: [string, Uint8Array, CborError['reason']][] = [
    ['empty input', bytes(), 'truncated'],
    ['a truncated byte string', bytes(0x45, 1, 2), 'truncated'],
    ['a length beyond the input', bytes(0x5a, 0xff, 0xff, 0xff, 0xff), 'truncated'],
    ['an indefinite-length string', bytes(0x5f, 0x41, 0x00, 0xff), 'unsupported'],
    ['a tag', bytes(0xc0, 0x00), 'unsupported'],
    ['a float', bytes(0xf9, 0x3c, 0x00), 'unsupported'],
    ['undefined', bytes(0xf7), 'unsupported'],
    ['a break byte', bytes(0xff), 'unsupported'],
    ['a reserved length', bytes(0x1c), 'unsupported'],
    ['a non-shortest integer', bytes(0x18, 0x05), 'invalid'],
    ['a non-shortest 16-bit length', bytes(0x59, 0x00, 0x01, 0x00), 'invalid'],
    [
      'a 64-bit integer beyond 2^53',
      bytes(0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
      'too_long',
    ],
    ['invalid UTF-8 in text', bytes(0x62, 0xc3, 0x28), 'invalid'],
    ['a duplicate map key', bytes(0xa2, 0x01, 0x00, 0x01, 0x00), 'invalid'],
    ['a byte-string map key', bytes(0xa1, 0x41, 0x00, 0x00), 'unsupported'],
    ['trailing bytes', bytes(0x00, 0x00), 'trailing'],
    ['a huge array count', bytes(0x9a, 0x00, 0x01, 0x00, 0x00), 'too_long'],
  ];
  it.each(refused)('refuses %s', (_, input, reason) => {
    let error: unknown;
    try {
      decodeCbor(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CborError);
    expect((error as CborError).reason).toBe(reason);
  });

  it('refuses nesting deeper than the limit', () => {
    const deep = new Uint8Array(40).fill(0x81);
    expect(() => decodeCbor(new Uint8Array([...deep, 0x00]))).toThrow(CborError);
    expect(decodeCbor(bytes(0x81, 0x81, 0x00), { maxDepth: 2 })).toEqual([[0]]);
    expect(() => decodeCbor(bytes(0x81, 0x81, 0x81, 0x00), { maxDepth: 2 })).toThrow(/too_deep/);
  });

  it('decodes a prefix and says where it ends', () => {
    expect(decodeCborPrefix(bytes(0xff, 0x82, 0x01, 0x02, 0x99), 1)).toEqual({
      value: [1, 2],
      end: 4,
    });
  });

  it('never throws anything but CborError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (input) => {
        try {
          decodeCbor(input);
        } catch (e) {
          expect(e).toBeInstanceOf(CborError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
