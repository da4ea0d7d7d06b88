/** Text helpers for strings a host hands us that end up in files or messages. */

/** Replaces control characters and line separators with spaces, so a name cannot add lines. */
export function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ');
}
