// Phone numbers as the demo shows them: "+1 ••• ••• 0123". mfa-kit's own masked form keeps two
// digits (what it puts in texts and events); a page the account owner is signed in to can show
// four, which is what people recognise their number by.
import { parsePhone } from 'mfa-kit/sms';

export const PHONE_RULES = { defaultCountry: 'US', allowedCountries: ['US'], mobileOnly: true };

export function showPhone(e164) {
  const parsed = parsePhone(String(e164 ?? ''), PHONE_RULES);
  if (!parsed.ok) return '';
  const last = parsed.e164.slice(-4).split('');
  const chars = [...parsed.masked];
  for (let i = chars.length - 1; i >= 0 && last.length > 0; i--) {
    if (/[\d•]/.test(chars[i])) chars[i] = last.pop();
  }
  return chars.join('');
}

/** The E.164 form of what the user typed, or '' when it isn't a number we can text. */
export const normalizePhone = (input) => {
  const parsed = parsePhone(String(input ?? ''), PHONE_RULES);
  return parsed.ok ? parsed.e164 : '';
};

/** Each SMS factor's number as the demo shows it, from the numbers kept on the account. */
export const phonesOf = (account) =>
  Object.fromEntries(
    Object.entries(account?.phones ?? {}).map(([factorId, e164]) => [factorId, showPhone(e164)]),
  );
