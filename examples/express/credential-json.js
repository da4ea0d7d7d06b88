// The passkey the browser posted (`credential.toJSON()` as a string field): an object with a
// string id, or undefined. mfa-kit refuses anything else by throwing (it is a programming error
// for a host to pass it), so the host checks what a browser, or anyone, posted first.
const MAX_LENGTH = 64 * 1024;

export function credentialJson(posted) {
  if (typeof posted !== 'string' || posted.length === 0 || posted.length > MAX_LENGTH)
    return undefined;
  let value;
  try {
    value = JSON.parse(posted);
  } catch {
    return undefined;
  }
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  return isObject && typeof value.id === 'string' && value.id.length > 0 ? value : undefined;
}
