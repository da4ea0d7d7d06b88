/** UTF-8 bytes of a string. */

const encoder = new TextEncoder();

/**
 * `new TextEncoder().encode(text)`, with ASCII (user ids, factor ids, key ids, the usual case)
 * copied in JS: on Node 20 each `TextEncoder` call crosses into C++ and costs ~0.4 µs, a few of
 * which ran on every sign-in. Anything else, lone surrogates included, goes to `TextEncoder`.
 */
export function utf8Encode(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return encoder.encode(text);
    out[i] = c;
  }
  return out;
}
