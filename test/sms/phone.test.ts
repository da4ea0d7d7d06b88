import { describe, expect, it } from 'vitest';
import { parsePhone } from '../../src/sms.js';

describe('parsePhone', () => {
  it('parses national and international input to E.164 with a masked form', () => {
    expect(parsePhone('(201) 555-0123', { defaultCountry: 'US' })).toEqual({
      ok: true,
      e164: '+12015550123',
      country: 'US',
      national: '(201) 555-0123',
      masked: '+1 ••• ••• ••23',
    });
    expect(parsePhone('+33 6 12 34 56 78')).toMatchObject({
      ok: true,
      e164: '+33612345678',
      country: 'FR',
      masked: '+33 • •• •• •• 78',
    });
  });

  it('shows only the last two digits in the masked form', () => {
    const result = parsePhone('+44 7911 123456');
    expect(result.ok && result.masked.replace(/\D/g, '')).toBe('4456');
  });

  it('enforces allowed countries (US-only products)', () => {
    const usOnly = { defaultCountry: 'US', allowedCountries: ['US'] };
    expect(parsePhone('201-555-0123', usOnly).ok).toBe(true);
    expect(parsePhone('+44 7911 123456', usOnly)).toEqual({
      ok: false,
      error: { code: 'country_not_allowed' },
    });
  });

  it('with mobileOnly, refuses fixed lines but counts fixed-or-mobile (US) numbers as mobile', () => {
    expect(parsePhone('+44 20 7946 0958', { mobileOnly: true })).toEqual({
      ok: false,
      error: { code: 'not_mobile' },
    });
    expect(parsePhone('+44 7911 123456', { mobileOnly: true }).ok).toBe(true);
    expect(parsePhone('+1 201 555 0123', { mobileOnly: true }).ok).toBe(true);
    expect(parsePhone('+44 20 7946 0958').ok).toBe(true);
  });

  it('refuses junk, letters, overlong and impossible numbers as invalid_phone', () => {
    for (const bad of [
      '',
      'hello',
      '555',
      '+1 201 555 0123 ext 5',
      '1'.repeat(41),
      '+999 123',
      '<script>',
      '+1 (201) 555-01234567',
      12015550123,
    ]) {
      expect(parsePhone(bad as string, { defaultCountry: 'US' }), String(bad)).toEqual({
        ok: false,
        error: { code: 'invalid_phone' },
      });
    }
  });

  it('refuses bad options with a typed error', () => {
    expect(() => parsePhone('+12015550123', { defaultCountry: 'XX' })).toThrow(
      /opts\.defaultCountry/,
    );
    expect(() => parsePhone('+12015550123', { allowedCountries: [] })).toThrow(
      /opts\.allowedCountries/,
    );
    expect(() => parsePhone('+12015550123', { allowedCountries: ['us'] })).toThrow(
      /opts\.allowedCountries\[0\]/,
    );
  });
});
