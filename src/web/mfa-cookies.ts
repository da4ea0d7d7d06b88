/**
 * The two cookies of a sign-in with a second factor: the remembered device's token, and the
 * pending challenge id between the password page and the code page (for apps without server
 * sessions). Both are bearer values the service already made safe to hand to a browser: the
 * device token is 256 random bits stored only as a hash, the challenge id a MAC'd token with its
 * own expiry and single use; the cookies add `HttpOnly`, `SameSite=Lax` and `__Host-` on top.
 */
import { InvalidArgumentError } from '../errors.js';
import { type Cookie, defineCookie } from './cookie.js';

/** The service's default lifetimes (`createMfa({ ttl })`), repeated so this module loads alone. */
const DEFAULT_CHALLENGE_MS = 10 * 60_000;
const DEFAULT_TRUSTED_DEVICE_MS = 30 * 24 * 3_600_000;
const MAX_MS = 400 * 24 * 3_600_000;

/** Options of {@link mfaCookies}. */
export interface MfaCookiesOptions {
  /** `Secure` and `__Host-` names. Default `true`; `false` only for plain-HTTP development. */
  secure?: boolean;
  /** The `ttl` you gave `createMfa`, for `Max-Age` when a result carries no expiry. */
  ttl?: { challengeMs?: number; trustedDeviceMs?: number };
  /** Cookie names (without `__Host-`). Default `mfa_device` and `mfa_challenge`. */
  names?: { device?: string; challenge?: string };
  /** Clock for `Max-Age`; pass the one you gave `createMfa`. Default `Date.now`. */
  now?: () => number;
}

/** What {@link MfaCookies.afterStart} needs from a `challenge.start` result. */
export type StartLike =
  | { ok?: true; required: false }
  | { ok?: true; required: true; challengeId: string; expiresAt?: number }
  | { ok: false };

/** What {@link MfaCookies.afterVerify} needs from a `challenge.verify` result. */
export type VerifyLike =
  | { ok: true; deviceToken?: string | undefined; deviceExpiresAt?: number | undefined }
  | { ok: false; error: { code: string } };

/** The cookies of {@link mfaCookies}. */
export interface MfaCookies {
  /** The remembered-device token: pass `device.read(req)` to `challenge.start` as `deviceToken`. */
  readonly device: Cookie;
  /** The pending challenge id: pass `challenge.read(req)` to `challenge.verify`. */
  readonly challenge: Cookie;
  /**
   * `Set-Cookie` values after `challenge.start`: the challenge cookie when a code is required
   * (expiring with the challenge), its deletion otherwise. Empty after a failure.
   */
  afterStart(result: StartLike): string[];
  /**
   * `Set-Cookie` values after `challenge.verify`. Success: the challenge cookie deleted (it is
   * spent), and the device cookie set when the result carries a `deviceToken`, expiring with the
   * device's trust. Failure: the challenge cookie deleted only when it is `expired`, so the user
   * can retry a mistyped code.
   */
  afterVerify(result: VerifyLike): string[];
}

function lifetime(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  // The service's own limits; browsers cap cookies at 400 days anyway.
  if (!(Number.isSafeInteger(value) && (value as number) >= 1000 && (value as number) <= MAX_MS))
    throw new InvalidArgumentError(name, `an integer from 1000 to ${MAX_MS} (milliseconds)`);
  return value as number;
}

/**
 * The device and challenge cookies, configured once with the service's lifetimes.
 *
 * @example
 * ```ts
 * import { createMfa, memoryStore } from 'mfa-kit';
 * import { mfaCookies } from 'mfa-kit/web';
 *
 * const ttl = { trustedDeviceMs: 14 * 24 * 3_600_000 };
 * const mfa = createMfa({ store: memoryStore(), keyring, issuer: 'Acme', ttl });
 * const cookies = mfaCookies({ secure: true, ttl });
 *
 * // after the password:
 * const started = await mfa.challenge.start(userId, { deviceToken: cookies.device.read(request) });
 * const setCookies = cookies.afterStart(started); // append each as a Set-Cookie header
 * // on the code page:
 * const verified = await mfa.challenge.verify(cookies.challenge.read(request) ?? '', { code });
 * const moreCookies = cookies.afterVerify(verified);
 * ```
 */
export function mfaCookies(options?: MfaCookiesOptions): MfaCookies {
  if (options !== undefined && (options === null || typeof options !== 'object'))
    throw new InvalidArgumentError('options', 'an object');
  const ttl = options?.ttl ?? {};
  if (ttl === null || typeof ttl !== 'object')
    throw new InvalidArgumentError('options.ttl', 'an object');
  const names = options?.names ?? {};
  if (names === null || typeof names !== 'object')
    throw new InvalidArgumentError('options.names', 'an object');
  const common = {
    ...(options?.secure !== undefined ? { secure: options.secure } : {}),
    ...(options?.now !== undefined ? { now: options.now } : {}),
  };
  const device = defineCookie(names.device ?? 'mfa_device', {
    ...common,
    maxAgeMs: lifetime(
      ttl.trustedDeviceMs,
      'options.ttl.trustedDeviceMs',
      DEFAULT_TRUSTED_DEVICE_MS,
    ),
  });
  const challenge = defineCookie(names.challenge ?? 'mfa_challenge', {
    ...common,
    maxAgeMs: lifetime(ttl.challengeMs, 'options.ttl.challengeMs', DEFAULT_CHALLENGE_MS),
  });
  if (device.name === challenge.name)
    throw new InvalidArgumentError('options.names', 'two different names');

  const isObject = (r: unknown): r is Record<string, unknown> =>
    r !== null && typeof r === 'object';

  return {
    device,
    challenge,
    afterStart(result) {
      if (!isObject(result)) throw new InvalidArgumentError('result', 'a challenge.start result');
      if (result.ok === false || !('required' in result)) return [];
      if (result.required !== true) return [challenge.clear()];
      const expiresAt = typeof result.expiresAt === 'number' ? result.expiresAt : undefined;
      return [challenge.set(result.challengeId as string, expiresAt)];
    },
    afterVerify(result) {
      if (!isObject(result)) throw new InvalidArgumentError('result', 'a challenge.verify result');
      if (result.ok !== true) {
        const code = isObject(result.error) ? result.error.code : undefined;
        return code === 'expired' ? [challenge.clear()] : [];
      }
      const out = [challenge.clear()];
      if (result.deviceToken !== undefined) {
        const expiresAt =
          typeof result.deviceExpiresAt === 'number' ? result.deviceExpiresAt : undefined;
        out.push(device.set(result.deviceToken as string, expiresAt));
      }
      return out;
    },
  };
}
