/**
 * The parsed-document cache: a copy is exactly what JSON.parse of the stored text gives, no load
 * ever shares an object with another, and only the very text remembered is served from memory.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyDocument, type MfaDocument } from '../../src/service/document.js';
import { copyJson, DocumentCache } from '../../src/service/document-cache.js';
import { enrollTotp, harness } from './harness.js';

describe('copyJson', () => {
  it('equals JSON.parse(JSON.stringify(value)) for any JSON-like value', () => {
    fc.assert(
      fc.property(
        fc.anything({ withObjectString: true, withNullPrototype: false, withSparseArray: true }),
        (value) => {
          const text = JSON.stringify(value);
          if (text === undefined) return; // undefined, functions, symbols: not documents
          expect(JSON.stringify(copyJson(value))).toBe(text);
          expect(copyJson(value)).toEqual(JSON.parse(text));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps "__proto__" an own property, as JSON.parse does, never a prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"lastStep": 99}, "id": "f"}');
    const copy = copyJson(parsed);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect((copy as { lastStep?: unknown }).lastStep).toBeUndefined();
    expect(JSON.stringify(copy)).toBe(JSON.stringify(parsed));
  });

  it('drops undefined fields and turns non-finite numbers into null, like JSON', () => {
    expect(copyJson({ a: undefined, b: [undefined, Number.NaN, 1], c: Infinity })).toEqual({
      b: [null, null, 1],
      c: null,
    });
  });
});

describe('DocumentCache', () => {
  const doc = (): MfaDocument => ({ ...emptyDocument(), epoch: 3 });

  it('serves only the exact text remembered, each time as an object of its own', () => {
    const cache = new DocumentCache();
    const original = doc();
    cache.remember('u', '{"a":1}', original);
    original.epoch = 9; // a flow changing its working copy after the save
    const first = cache.copyOf('u', '{"a":1}');
    expect(first?.epoch).toBe(3);
    first!.factors.push({} as never);
    expect(cache.copyOf('u', '{"a":1}')?.factors).toEqual([]);
    expect(cache.copyOf('u', '{"a": 1}')).toBeUndefined(); // another text: parsed in full
    expect(cache.copyOf('v', '{"a":1}')).toBeUndefined(); // another user
    cache.forget('u');
    expect(cache.copyOf('u', '{"a":1}')).toBeUndefined();
  });

  it('keeps the 1,000 most recently used users', () => {
    const cache = new DocumentCache();
    for (let i = 0; i < 1001; i++) cache.remember(`u${i}`, 't', doc());
    expect(cache.copyOf('u0', 't')).toBeUndefined();
    expect(cache.copyOf('u1', 't')).toBeDefined();
    expect(cache.copyOf('u1000', 't')).toBeDefined();
  });
});

describe('through the service', () => {
  it('a flow that changes its document and then fails to save leaves no trace in later loads', async () => {
    const h = harness();
    const { secret } = await enrollTotp(h, 'u');
    const before = h.inner.dump().get('u')!.doc;
    // The first verify loads the document, counts nothing yet; its save is refused once.
    let refuse = true;
    const save = h.inner.save.bind(h.inner);
    h.inner.save = async (userId, text, version) => {
      if (refuse) {
        refuse = false;
        return false;
      }
      return save(userId, text, version);
    };
    const c = await h.mfa.challenge.start('u');
    if (!c.ok || !c.required) throw new Error('expected a challenge');
    expect(await h.mfa.challenge.verify(c.challengeId, { code: '000000' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_code' },
    });
    // One failure counted, not two: the refused attempt's change never reached the cache.
    expect(JSON.parse(h.inner.dump().get('u')!.doc).lockout.failures).toBe(1);
    expect(h.inner.dump().get('u')!.doc).not.toBe(before);
    expect(await h.mfa.challenge.verify(c.challengeId, { code: h.code(secret) })).toMatchObject({
      ok: true,
    });
  });
});
