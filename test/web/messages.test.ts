import { describe, expect, it } from 'vitest';
import {
  englishMessages,
  type FailureMessages,
  failureMessage,
  formatWait,
} from '../../src/web.js';

describe('formatWait', () => {
  it.each([
    [0, '1 second'],
    [1, '1 second'],
    [1000, '1 second'],
    [1001, '2 seconds'],
    [45_000, '45 seconds'],
    [59_999, '60 seconds'],
    [60_000, '1 minute'],
    [61_000, '2 minutes'],
    [240_000, '4 minutes'],
    [119 * 60_000, '119 minutes'],
    [120 * 60_000, '2 hours'],
    [47 * 3_600_000, '47 hours'],
    [48 * 3_600_000, '2 days'],
    [400 * 86_400_000, '400 days'],
  ])('%d ms → %s (rounded up, never understating the wait)', (ms, words) => {
    expect(formatWait(ms)).toBe(words);
  });

  it('in other languages through Intl, and English for a tag it cannot use', () => {
    expect(formatWait(90_000, 'de')).toBe('2 Minuten');
    expect(formatWait(3_000, 'fr')).toMatch(/^3\s+secondes$/); // a no-break space
    expect(formatWait(60_000, 'not a tag!')).toBe('1 minute');
    expect(formatWait(60_000, '')).toBe('1 minute');
  });

  it('refuses a wait that is not one', () => {
    for (const bad of [Number.NaN, -1, Number.POSITIVE_INFINITY, '60000', undefined])
      expect(() => formatWait(bad as number)).toThrow(/^ms must be a finite number/);
  });
});

describe('failureMessage', () => {
  it('a plain sentence for every code, never the code itself', () => {
    for (const [key, sentence] of Object.entries(englishMessages)) {
      if (key === 'locale') continue;
      expect(sentence).toMatch(/^[A-Z].*[.]$/);
      expect(sentence).not.toContain('_');
    }
    expect(failureMessage({ code: 'invalid_code' })).toBe(
      "That code didn't work. Check it and try again.",
    );
  });

  it('says how long to wait, or that only support can unlock', () => {
    expect(failureMessage({ code: 'locked', retryAfterMs: 16 * 60_000 })).toBe(
      'Too many wrong codes. Try again in 16 minutes.',
    );
    expect(failureMessage({ code: 'locked' })).toBe(englishMessages.locked_no_wait);
    expect(failureMessage({ code: 'rate_limited', retryAfterMs: 25_000 })).toBe(
      'Too many attempts. Please wait 25 seconds and try again.',
    );
    expect(failureMessage({ code: 'rate_limited', retryAfterMs: Number.NaN })).toBe(
      englishMessages.rate_limited_no_wait,
    );
  });

  it('unknown and inherited codes get the generic sentence', () => {
    for (const code of ['future_code', '__proto__', 'toString', 'locale', ''])
      expect(failureMessage({ code })).toBe(englishMessages.unknown);
  });

  it('hosts reword some sentences or translate all, waits included', () => {
    const ours: FailureMessages = { ...englishMessages, invalid_code: 'Nope.' };
    expect(failureMessage({ code: 'invalid_code' }, ours)).toBe('Nope.');
    const german: FailureMessages = {
      ...englishMessages,
      locale: 'de',
      locked: 'Zu viele falsche Codes. Versuchen Sie es in {wait} erneut.',
    };
    expect(failureMessage({ code: 'locked', retryAfterMs: 90_000 }, german)).toBe(
      'Zu viele falsche Codes. Versuchen Sie es in 2 Minuten erneut.',
    );
  });

  it('a partial table (from JavaScript) falls back to English per sentence', () => {
    const partial = { locale: 'en', invalid_code: 'Nope.' } as unknown as FailureMessages;
    expect(failureMessage({ code: 'expired' }, partial)).toBe(englishMessages.expired);
    const broken = { ...englishMessages, expired: 42 } as unknown as FailureMessages;
    expect(failureMessage({ code: 'expired' }, broken)).toBe(englishMessages.expired);
  });

  it('replacement patterns in a translation are text, not instructions', () => {
    const odd: FailureMessages = { ...englishMessages, locked: "$& $' {wait} {wait}" };
    expect(failureMessage({ code: 'locked', retryAfterMs: 1000 }, odd)).toBe(
      "$& $' 1 second 1 second",
    );
  });

  it('misuse throws naming the argument', () => {
    expect(() => failureMessage(null as never)).toThrow(/^error must be/);
    expect(() => failureMessage({ code: 'x' }, 'fr' as never)).toThrow(/^messages must be/);
  });
});

describe('failureMessage and formatWait: properties', () => {
  it('any failure-shaped value gets a non-empty sentence without braces left over', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...Object.keys(englishMessages)), fc.string()),
        fc.option(fc.oneof(fc.double(), fc.integer(), fc.constant(Number.MAX_VALUE)), {
          nil: undefined,
        }),
        (code, retryAfterMs) => {
          const sentence = failureMessage({ code, retryAfterMs });
          expect(sentence.length).toBeGreaterThan(0);
          expect(sentence).not.toContain('{wait}');
        },
      ),
    );
  });

  it('a longer wait never reads as a shorter one in the same unit', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (ms) => {
        const [text, unit] = formatWait(ms).split(' ');
        const count = Number(text!.replace(/,/g, '')); // "12,727 days"
        const size = { second: 1e3, minute: 6e4, hour: 3.6e6, day: 8.64e7 }[
          unit!.replace(/s$/, '') as 'second'
        ];
        expect(count * size).toBeGreaterThanOrEqual(ms); // rounded up, never less
        expect(count * size - ms).toBeLessThanOrEqual(size); // by at most one unit (0 ms: "1 second")
      }),
    );
  });
});
