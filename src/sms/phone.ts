/** Phone numbers for SMS: parsed, validated against the product's rules, and masked for display. */

import type { CountryCode } from 'libphonenumber-js/max';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { type ParsePhoneOptions, resolvePhoneOptions } from './phone-options.js';

// Kept importable from here for code written before the options moved to their own file.
export {
  assertCountry,
  type ParsePhoneOptions,
  type ResolvedPhoneOptions,
  resolvePhoneOptions,
} from './phone-options.js';

/** Why a phone number was refused. */
export type PhoneErrorCode = 'invalid_phone' | 'country_not_allowed' | 'not_mobile';

/** The outcome of {@link parsePhone}. */
export type ParsePhoneResult =
  | { ok: true; e164: string; country: string | undefined; national: string; masked: string }
  | { ok: false; error: { code: PhoneErrorCode } };

const MAX_INPUT = 40;
const PLAUSIBLE = /^[\d\s()+\-./\u00a0]*$/; // digits and the punctuation people type around them

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
  const { defaultCountry, allowed, mobileOnly, allowNonGeographic } = resolvePhoneOptions(opts);
  const invalid = { ok: false, error: { code: 'invalid_phone' } } as const;
  if (typeof input !== 'string' || input.length > MAX_INPUT || !PLAUSIBLE.test(input))
    return invalid;
  const phone = parsePhoneNumberFromString(
    input,
    defaultCountry === undefined ? {} : { defaultCountry: defaultCountry as CountryCode },
  );
  if (phone === undefined || !phone.isValid()) return invalid;
  // Numbers of no country (+881 satellite, +979 premium, …) cost the host the most per text.
  if (phone.country === undefined && !allowNonGeographic) {
    return { ok: false, error: { code: 'country_not_allowed' } };
  }
  if (allowed !== undefined && phone.country !== undefined && !allowed.has(phone.country)) {
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

/**
 * The destination region of an E.164 number, for per-country send budgets: its ISO country
 * (`US`), or its calling code (`+881`) when it belongs to no country; `undefined` when it is not
 * a valid number.
 *
 * @example
 * ```ts
 * import { phoneRegion } from 'mfa-kit/sms';
 * phoneRegion('+12015550123'); // 'US'
 * phoneRegion('+881612345678'); // '+881'
 * ```
 */
export function phoneRegion(e164: string): string | undefined {
  if (typeof e164 !== 'string' || !/^\+[1-9]\d{3,14}$/.test(e164)) return undefined;
  const phone = parsePhoneNumberFromString(e164);
  if (phone === undefined || !phone.isValid()) return undefined;
  return phone.country ?? `+${phone.countryCallingCode}`;
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
