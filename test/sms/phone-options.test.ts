import { readFileSync } from 'node:fs';
import { getCountries } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.js';
import * as fromPhone from '../../src/sms/phone.js';
import { assertCountry, parsePhone, resolvePhoneOptions } from '../../src/sms.js';

describe('phone options without libphonenumber-js', () => {
  it('does not import libphonenumber-js (createMfa checks options without loading it)', () => {
    const source = readFileSync(new URL('../../src/sms/phone-options.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/from\s+'libphonenumber/);
    expect(source).not.toMatch(/from\s+'\.\/phone\.js'/);
  });

  it('knows exactly the countries the installed parser knows', () => {
    for (const country of getCountries()) expect(assertCountry(country, 'c')).toBe(country);
    for (const bad of ['XX', 'us', 'USA', 'ZZ', '', 'U', 'UK', ' US', 'US\n', null, 1, ['US']]) {
      expect(() => assertCountry(bad, 'sms.defaultCountry'), String(bad)).toThrow(
        new InvalidArgumentError(
          'sms.defaultCountry',
          'an ISO 3166-1 alpha-2 country code such as US',
        ),
      );
    }
  });

  it('checks every field and names it', () => {
    expect(resolvePhoneOptions({ allowedCountries: ['US', 'CA'] }, 'sms')).toEqual({
      defaultCountry: undefined,
      allowed: new Set(['US', 'CA']),
      mobileOnly: false,
      allowNonGeographic: false,
    });
    expect(() => resolvePhoneOptions({ allowedCountries: [] }, 'sms')).toThrow(
      /sms\.allowedCountries/,
    );
    expect(() => resolvePhoneOptions({ allowedCountries: ['US', 'xx'] }, 'sms')).toThrow(
      /sms\.allowedCountries\[1\]/,
    );
    expect(() => resolvePhoneOptions({ mobileOnly: 'yes' as never }, 'sms')).toThrow(
      /sms\.mobileOnly/,
    );
    expect(() => resolvePhoneOptions({ allowNonGeographic: 1 as never }, 'sms')).toThrow(
      /sms\.allowNonGeographic/,
    );
    expect(() => resolvePhoneOptions(null as never, 'sms')).toThrow(/sms must be an object/);
  });

  it('stays importable from sms/phone.ts', () => {
    expect(fromPhone.resolvePhoneOptions).toBe(resolvePhoneOptions);
    expect(fromPhone.assertCountry).toBe(assertCountry);
  });
});

describe('toll fraud: numbers of no country', () => {
  // Satellite (Iridium +8816, Inmarsat +870), networks (+883, UPT +878), premium +979, freephone
  // +800, shared cost +808: each a valid number by libphonenumber-js.
  const nonGeographic = [
    '+881612345678',
    '+870773111632',
    '+878101234567890',
    '+80012345678',
    '+883510012345',
    '+979123456789',
    '+80812345678',
  ];

  it('are refused by default, even with no allowedCountries (attack: ~24,000 costly texts a day)', () => {
    for (const number of nonGeographic) {
      expect(parsePhone(number), number).toEqual({
        ok: false,
        error: { code: 'country_not_allowed' },
      });
    }
  });

  it('are accepted only when the host opts in', () => {
    for (const number of nonGeographic) {
      const result = parsePhone(number, { allowNonGeographic: true });
      expect(result.ok, number).toBe(true);
      expect(result.ok && result.country).toBeUndefined();
    }
  });

  it('geographic numbers are unaffected', () => {
    expect(parsePhone('+33 6 12 34 56 78').ok).toBe(true);
    expect(parsePhone('+1 201 555 0123', { allowedCountries: ['US'] }).ok).toBe(true);
  });
});

describe('phoneRegion', () => {
  it('names the country, or the calling code of a number of no country', async () => {
    const { phoneRegion } = await import('../../src/sms.js');
    expect(phoneRegion('+12015550123')).toBe('US');
    expect(phoneRegion('+33612345678')).toBe('FR');
    expect(phoneRegion('+881612345678')).toBe('+881');
    expect(phoneRegion('+979123456789')).toBe('+979');
    for (const bad of ['12015550123', '+1', '+999123', '', 'x'.repeat(100), null]) {
      expect(phoneRegion(bad as string), String(bad)).toBeUndefined();
    }
  });
});
