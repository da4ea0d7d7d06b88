/** Phone numbers for SMS: parsed, validated against the product's rules, and masked for display. */

import type { CountryCode } from 'libphonenumber-js/max';
import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { InvalidArgumentError } from '../errors.js';
import { assertOptions } from '../lib/assert.js';

/** Options of {@link parsePhone}. Countries are ISO 3166-1 alpha-2 codes such as `US`. */
export interface ParsePhoneOptions {
  /** The country of numbers typed without `+` and a country code. */
  defaultCountry?: string;
  /** Only numbers of these countries are accepted (e.g. `['US']`); default: any. */
  allowedCountries?: readonly string[];
  /** Refuse numbers that cannot receive SMS (fixed lines); default false. */
  mobileOnly?: boolean;
}

/** Why a phone number was refused. */
export type PhoneErrorCode = 'invalid_phone' | 'country_not_allowed' | 'not_mobile';

/** The outcome of {@link parsePhone}. */
export type ParsePhoneResult =
  | { ok: true; e164: string; country: string | undefined; national: string; masked: string }
  | { ok: false; error: { code: PhoneErrorCode } };

const MAX_INPUT = 40;
const PLAUSIBLE = /^[\d\s()+\-./\u00a0]*$/; // digits and the punctuation people type around them

export function assertCountry(country: unknown, name: string): CountryCode {
  if (typeof country !== 'string' || !isSupportedCountry(country)) {
    throw new InvalidArgumentError(name, 'an ISO 3166-1 alpha-2 country code such as US');
  }
  return country;
}

export function resolvePhoneOptions(opts: ParsePhoneOptions | undefined, name = 'opts') {
  const o = assertOptions(opts, name);
  const defaultCountry =
    o.defaultCountry === undefined
      ? undefined
      : assertCountry(o.defaultCountry, `${name}.defaultCountry`);
  let allowed: Set<string> | undefined;
  if (o.allowedCountries !== undefined) {
    if (!Array.isArray(o.allowedCountries) || o.allowedCountries.length === 0) {
      throw new InvalidArgumentError(
        `${name}.allowedCountries`,
        'a non-empty array of country codes',
      );
    }
    allowed = new Set(
      o.allowedCountries.map((c, i) => assertCountry(c, `${name}.allowedCountries[${i}]`)),
    );
  }
  if (o.mobileOnly !== undefined && typeof o.mobileOnly !== 'boolean') {
    throw new InvalidArgumentError(`${name}.mobileOnly`, 'a boolean');
  }
  return { defaultCountry, allowed, mobileOnly: o.mobileOnly === true };
}

/**
 * Parses a number as a user typed it. Junk and overlong input is refused before any parsing.
 * With `mobileOnly`, numbers that may be either fixed or mobile (as all US numbers are) count as
 * mobile. `masked` shows only the country code and the last two digits, for "code sent to …".
 *
 * @example
 * ```ts
 * parsePhone('(201) 555-0123', { defaultCountry: 'US', allowedCountries: ['US'] });
 * // { ok: true, e164: '+12015550123', country: 'US', national: '(201) 555-0123', masked: '+1 ••• ••• ••23' }
 * ```
 */
export function parsePhone(input: string, opts?: ParsePhoneOptions): ParsePhoneResult {
  const { defaultCountry, allowed, mobileOnly } = resolvePhoneOptions(opts);
  const invalid = { ok: false, error: { code: 'invalid_phone' } } as const;
  if (typeof input !== 'string' || input.length > MAX_INPUT || !PLAUSIBLE.test(input))
    return invalid;
  const phone = parsePhoneNumberFromString(
    input,
    defaultCountry === undefined ? {} : { defaultCountry },
  );
  if (phone === undefined || !phone.isValid()) return invalid;
  if (allowed !== undefined && (phone.country === undefined || !allowed.has(phone.country))) {
    return { ok: false, error: { code: 'country_not_allowed' } };
  }
  const type = phone.getType();
  if (mobileOnly && type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') {
    return { ok: false, error: { code: 'not_mobile' } };
  }
  return {
    ok: true,
    e164: phone.number,
    country: phone.country,
    national: phone.formatNational(),
    masked: maskPhone(phone.formatInternational()),
  };
}

/** `+1 201 555 0123` → `+1 ••• ••• ••23`: the country code and the last two digits stay. */
function maskPhone(international: string): string {
  const space = international.indexOf(' ');
  const prefix = space < 0 ? '' : international.slice(0, space);
  const rest = space < 0 ? international : international.slice(space);
  const digits = rest.replace(/\D/g, '').length;
  let seen = 0;
  return prefix + rest.replace(/\d/g, (d) => (++seen > digits - 2 ? d : '•'));
}
