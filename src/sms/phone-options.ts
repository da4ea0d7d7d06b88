/**
 * Checking the phone options (countries, mobile-only, non-geographic numbers) without loading
 * libphonenumber-js, whose metadata is ~150 kB: `createMfa` validates its `sms` options at start-up,
 * and a host that never texts should not pay for the parser. `phone.ts` parses the numbers.
 */
import { InvalidArgumentError } from '../errors.js';
import { assertOptions } from '../lib/assert.js';

/** Options of `parsePhone`. Countries are ISO 3166-1 alpha-2 codes such as `US`. */
export interface ParsePhoneOptions {
  /** The country of numbers typed without `+` and a country code. */
  defaultCountry?: string;
  /** Only numbers of these countries are accepted (e.g. `['US']`); default: any country. */
  allowedCountries?: readonly string[];
  /** Refuse numbers that cannot receive SMS (fixed lines); default false. */
  mobileOnly?: boolean;
  /**
   * Accept numbers of no country (satellite +881/+870, international networks +882/+883,
   * premium +979, freephone +800 …); default false, as they are a favourite of toll fraud.
   */
  allowNonGeographic?: boolean;
}

/** The checked form of {@link ParsePhoneOptions}. */
export interface ResolvedPhoneOptions {
  defaultCountry: string | undefined;
  allowed: ReadonlySet<string> | undefined;
  mobileOnly: boolean;
  allowNonGeographic: boolean;
}

// The regions libphonenumber-js 1.13 knows (`getCountries()`); test/sms/phone-options.test.ts keeps
// this list equal to the installed library's, so a country accepted here can always be parsed.
const COUNTRIES = /* @__PURE__ */ (() =>
  new Set(
    (
      'AC AD AE AF AG AI AL AM AO AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR ' +
      'BS BT BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC ' +
      'EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GT GU GW GY HK ' +
      'HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB ' +
      'LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY ' +
      'MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PR PS PT PW PY QA RE RO RS ' +
      'RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TA TC TD TG TH TJ TK TL ' +
      'TM TN TO TR TT TV TW TZ UA UG US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW'
    ).split(' '),
  ))();

/**
 * Checks a country code against the regions the phone parser knows; throws
 * `InvalidArgumentError` naming `name` otherwise. Lower case is refused, not folded, so a typo in
 * configuration is seen at start-up.
 *
 * @example
 * ```ts
 * import { assertCountry } from 'mfa-kit/sms';
 * assertCountry('US', 'sms.defaultCountry'); // 'US'
 * ```
 */
export function assertCountry(country: unknown, name: string): string {
  if (typeof country !== 'string' || !COUNTRIES.has(country)) {
    throw new InvalidArgumentError(name, 'an ISO 3166-1 alpha-2 country code such as US');
  }
  return country;
}

/**
 * Checks {@link ParsePhoneOptions} once, naming the bad field, and returns them ready to use.
 *
 * @example
 * ```ts
 * import { resolvePhoneOptions } from 'mfa-kit/sms';
 * const phone = resolvePhoneOptions({ allowedCountries: ['US', 'CA'], mobileOnly: true }, 'sms');
 * phone.allowed?.has('CA'); // true
 * ```
 */
export function resolvePhoneOptions(
  opts: ParsePhoneOptions | undefined,
  name = 'opts',
): ResolvedPhoneOptions {
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
  for (const field of ['mobileOnly', 'allowNonGeographic'] as const) {
    if (o[field] !== undefined && typeof o[field] !== 'boolean') {
      throw new InvalidArgumentError(`${name}.${field}`, 'a boolean');
    }
  }
  return {
    defaultCountry,
    allowed,
    mobileOnly: o.mobileOnly === true,
    allowNonGeographic: o.allowNonGeographic === true,
  };
}
