/**
 * What the service keeps of WebAuthn eagerly, small on purpose: the settings given to
 * `createMfa`, and the WebAuthn challenge of a sign-in (derived from the challenge id, so
 * `challenge.start` still writes nothing). The ceremonies and the verification code load through
 * `import()` on first use (`webauthn-flows.ts`), so apps that do not configure `webauthn` never
 * load them.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { Keyring } from '../crypto/seal.js';
import type { ConfigIssue } from '../errors.js';
import type { UserVerification } from '../webauthn/json.js';

/** `createMfa({ webauthn })`: where passkeys and security keys may be used. */
export interface WebauthnOptions {
  /** The relying-party id: your registrable domain, e.g. `example.com` (no scheme, no port). */
  rpId: string;
  /** The name browsers and authenticators show, e.g. `Acme`. */
  rpName: string;
  /** Every origin whose pages run the ceremonies, e.g. `['https://example.com']`. */
  origins: string[];
  /**
   * `'required'` refuses authenticators that did not check a PIN or biometric; `'preferred'`
   * (default) asks for it; `'discouraged'` asks for a touch only.
   */
  userVerification?: UserVerification;
}

export type ResolvedWebauthnOptions = Required<WebauthnOptions>;

const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/;
const DOMAIN = /^(?=.{1,253}$)[a-z0-9-]+(\.[a-z0-9-]+)*$/;

/**
 * Checks `createMfa`'s `webauthn` option, adding every problem to `issues`.
 *
 * @example
 * ```ts
 * const issues: { path: string; message: string }[] = [];
 * const w = resolveWebauthnOptions({ rpId: 'example.com', rpName: 'Acme', origins: ['https://example.com'] }, issues);
 * ```
 */
export function resolveWebauthnOptions(
  w: unknown,
  issues: ConfigIssue[],
): ResolvedWebauthnOptions | undefined {
  if (w === null || typeof w !== 'object') {
    issues.push({ path: 'webauthn', message: 'an object { rpId, rpName, origins }' });
    return undefined;
  }
  const o = w as Partial<WebauthnOptions>;
  const before = issues.length;
  if (typeof o.rpId !== 'string' || !DOMAIN.test(o.rpId))
    issues.push({ path: 'webauthn.rpId', message: 'a lower-case domain such as example.com' });
  if (typeof o.rpName !== 'string' || o.rpName.trim() === '' || o.rpName.length > 64)
    issues.push({ path: 'webauthn.rpName', message: 'a name of 1 to 64 characters' });
  if (!Array.isArray(o.origins) || o.origins.length === 0 || o.origins.length > 32) {
    issues.push({ path: 'webauthn.origins', message: 'a non-empty array of origins' });
  } else {
    o.origins.forEach((origin, i) => {
      const ok = typeof origin === 'string' && ORIGIN.test(origin);
      const host = ok ? new URL(origin).hostname : '';
      // The browser refuses an rpId that is not the origin's host or a parent of it.
      const covered =
        typeof o.rpId === 'string' && (host === o.rpId || host.endsWith(`.${o.rpId}`));
      if (!ok || !covered)
        issues.push({
          path: `webauthn.origins[${i}]`,
          message: 'an origin such as https://example.com on the rpId domain',
        });
    });
  }
  const uv = o.userVerification ?? 'preferred';
  if (!['required', 'preferred', 'discouraged'].includes(uv))
    issues.push({
      path: 'webauthn.userVerification',
      message: "'required', 'preferred' or 'discouraged'",
    });
  if (issues.length > before) return undefined;
  return {
    rpId: o.rpId!,
    rpName: o.rpName!.trim(),
    origins: [...o.origins!],
    userVerification: uv,
  };
}

const keys = new WeakMap<Keyring, Uint8Array>();
const encoder = new TextEncoder();

/**
 * The WebAuthn challenge of a sign-in challenge: HMAC-SHA256 of the challenge id under a key
 * derived from the keyring. Unpredictable without the key, different for every challenge id, and
 * recomputed by `verify` from the id it is given, so nothing needs storing. A signed assertion
 * answers exactly one challenge id, which dies with the first success.
 *
 * @example
 * ```ts
 * const challenge = signInChallenge(keyring, challengeId); // 32 bytes, the same for the same id
 * ```
 */
export function signInChallenge(keyring: Keyring, challengeId: string): Uint8Array {
  let key = keys.get(keyring);
  if (key === undefined) {
    key = hkdf(
      sha256,
      keyring.keys[keyring.current]!,
      undefined,
      encoder.encode('mfa-kit/webauthn-challenge/v1'),
      32,
    );
    keys.set(keyring, key);
  }
  return hmac(sha256, key, encoder.encode(challengeId));
}
