import fc from 'fast-check';
import { expect, it } from 'vitest';
import { utf8Encode } from '../../src/encoding/utf8.js';

it('utf8Encode gives TextEncoder’s bytes for any string, lone surrogates included', () => {
  const encoder = new TextEncoder();
  fc.assert(
    fc.property(
      fc.oneof(fc.string({ unit: 'binary' }), fc.string(), fc.string({ unit: 'grapheme' })),
      (s) => {
        expect(utf8Encode(s)).toEqual(encoder.encode(s));
      },
    ),
    { numRuns: 1000 },
  );
  for (const s of ['', 'user-42', '\u0000\u007f', 'é', '\ud800', 'a\udfffb', '😀'])
    expect(utf8Encode(s)).toEqual(encoder.encode(s));
});
