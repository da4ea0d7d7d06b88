/**
 * The service's contract as one readable interface: what `createMfa` returns, each method with
 * its documentation, so editors show it on hover and readers need not reconstruct it from code.
 */
import type { RegistrationResponseJSON } from '../webauthn/json.js';
import type {
  ChallengeAnswer,
  ChallengeStartResult,
  StartOptions,
  VerifyOptions,
  VerifyResult,
} from './challenge.js';
import type { DeviceSummary } from './devices.js';
import type { ReauthOptions } from './enrollment.js';
import type { WebauthnBeginResult, WebauthnConfirmResult } from './factors/webauthn.js';
import type { Failure, Result } from './runtime.js';
import type { MfaStatus } from './status.js';

/** Backup codes come with the user's first factor: show them once. */
export type ConfirmResult = Result<{ factorId: string; backupCodes?: string[] }>;

/** `mfa.totp`: adding an authenticator app (Google Authenticator, Authy, 1Password, …). */
export interface TotpEnrollment {
  /**
   * Starts adding an app: a new key to show as a QR code (`uri`) and as text (`secret`, base32).
   * Needs a recent password check (`authenticatedAt`); nothing is active until `confirm`.
   *
   * @example
   * ```ts
   * const setup = await mfa.totp.begin(userId, { accountName: 'ann@example.com', authenticatedAt });
   * if (setup.ok) showQrCode(setup.uri, setup.secret);
   * ```
   */
  begin(
    userId: string,
    opts: ReauthOptions & { accountName: string; label?: string },
  ): Promise<Result<{ factorId: string; secret: string; uri: string; expiresAt: number }>>;
  /**
   * Confirms the app with the first code it shows. The first factor also returns backup codes.
   *
   * @example
   * ```ts
   * const done = await mfa.totp.confirm(userId, factorId, '123456');
   * if (done.ok && done.backupCodes) showOnce(done.backupCodes);
   * ```
   */
  confirm(userId: string, factorId: string, code: string): Promise<ConfirmResult>;
}

/** `mfa.sms`: adding a phone number that receives codes by text message. */
export interface SmsEnrollment {
  /**
   * Checks the number against the SMS rules (countries, mobile only, quotas) and texts it a code.
   * `replaces` names a number this one replaces once confirmed.
   *
   * @example
   * ```ts
   * const sent = await mfa.sms.begin(userId, '+1 415 555 2671', { authenticatedAt });
   * if (!sent.ok) showError(sent.error.code); // e.g. 'invalid_phone', 'rate_limited'
   * ```
   */
  begin(
    userId: string,
    phone: string,
    opts: ReauthOptions & {
      defaultCountry?: string;
      label?: string;
      replaces?: string;
      ip?: string;
    },
  ): Promise<Result<{ factorId: string; masked: string; expiresAt: number }>>;
  /**
   * Texts a new code to a number being added ("send a new code").
   *
   * @example
   * ```ts
   * const again = await mfa.sms.resend(userId, factorId);
   * if (!again.ok && again.error.code === 'rate_limited') showWait(again.error.retryAfterMs);
   * ```
   */
  resend(
    userId: string,
    factorId: string,
    opts?: { ip?: string },
  ): Promise<Result<{ expiresAt: number }>>;
  /**
   * Confirms the number with the texted code; a replaced number goes only now.
   *
   * @example
   * ```ts
   * const done = await mfa.sms.confirm(userId, factorId, '123456');
   * ```
   */
  confirm(userId: string, factorId: string, code: string): Promise<ConfirmResult>;
}

/** `mfa.webauthn`: adding a passkey or a security key (needs `createMfa({ webauthn })`). */
export interface WebauthnEnrollment {
  /**
   * Starts adding a passkey or security key: creation options for
   * `PublicKeyCredential.parseCreationOptionsFromJSON` in the browser.
   *
   * @example
   * ```ts
   * const reg = await mfa.webauthn.begin(userId, { accountName: 'ann@example.com', authenticatedAt });
   * if (reg.ok) sendToBrowser(reg.options);
   * ```
   */
  begin(
    userId: string,
    opts: ReauthOptions & { accountName: string; label?: string },
  ): Promise<WebauthnBeginResult>;
  /**
   * Checks the browser's `credential.toJSON()` and adds the credential.
   *
   * @example
   * ```ts
   * const done = await mfa.webauthn.confirm(userId, factorId, credentialJson, { label: 'YubiKey' });
   * ```
   */
  confirm(
    userId: string,
    factorId: string,
    response: RegistrationResponseJSON,
    opts?: { label?: string },
  ): Promise<WebauthnConfirmResult>;
}

/** `mfa.challenge`: the second step of a sign-in. */
export interface SignInChallenges {
  /**
   * After the password: whether a second factor is needed and, if so, the challenge to answer.
   * Reads the user's document once and writes nothing.
   *
   * @example
   * ```ts
   * const started = await mfa.challenge.start(userId, { deviceToken, source: deviceCookieId });
   * if (started.ok && started.required) showChallenge(started.challengeId, started.factors);
   * ```
   */
  start(userId: string, opts?: StartOptions): Promise<ChallengeStartResult | Failure>;
  /**
   * Texts a code for this challenge to one of the user's numbers.
   *
   * @example
   * ```ts
   * const sent = await mfa.challenge.sendSms(challengeId, factorId);
   * ```
   */
  sendSms(
    challengeId: string,
    factorId: string,
    opts?: { ip?: string | undefined },
  ): Promise<Result<{ phone: string; expiresAt: number }>>;
  /**
   * Answers the challenge with a code, a backup code or a passkey assertion. Wrong, expired and
   * used codes all answer `invalid_code` and count toward the lockout.
   *
   * @example
   * ```ts
   * const result = await mfa.challenge.verify(challengeId, { code: '123456' }, { rememberDevice: true });
   * if (result.ok) signIn(result.userId, result.amr, result.deviceToken);
   * ```
   */
  verify(challengeId: string, answer: ChallengeAnswer, opts?: VerifyOptions): Promise<VerifyResult>;
}

/** `mfa.devices`: remembered devices ("remember this device"). */
export interface TrustedDevices {
  /**
   * The user's remembered devices, for the settings page (never their tokens).
   *
   * @example
   * ```ts
   * const devices = await mfa.devices.list(userId);
   * ```
   */
  list(userId: string): Promise<DeviceSummary[]>;
  /**
   * Forgets one device: it is asked for a second factor again.
   *
   * @example
   * ```ts
   * await mfa.devices.revoke(userId, deviceId);
   * ```
   */
  revoke(userId: string, deviceId: string): Promise<Result>;
  /**
   * Forgets every device and ends every open sign-in ("sign out everywhere").
   *
   * @example
   * ```ts
   * const { revoked } = (await mfa.devices.revokeAll(userId)) as { revoked: number };
   * ```
   */
  revokeAll(userId: string): Promise<Result<{ revoked: number }>>;
}

/**
 * The MFA service `createMfa` returns. Every method is async; expected failures come back as
 * `{ ok: false, error: { code, retryAfterMs? } }`, misuse throws an `MfaError`.
 */
export interface Mfa {
  /**
   * The user's MFA situation: factors, whether enrollment is required now or may be skipped,
   * backup codes left, lock state.
   *
   * @example
   * ```ts
   * const s = await mfa.status(userId);
   * if (s.mustEnroll) redirect('/security/enroll');
   * ```
   */
  status(userId: string, ctx?: unknown): Promise<MfaStatus>;
  /**
   * Records a Skip on the enrollment screen; `not_allowed` when enrollment is required now.
   *
   * @example
   * ```ts
   * await mfa.skipEnrollment(userId);
   * ```
   */
  skipEnrollment(userId: string, ctx?: unknown): Promise<Result>;
  /** Adding an authenticator app. */
  totp: TotpEnrollment;
  /** Adding a phone number (needs `createMfa({ sms })`). */
  sms: SmsEnrollment;
  /** Adding a passkey or security key (needs `createMfa({ webauthn })`). */
  webauthn: WebauthnEnrollment;
  /**
   * Removes a factor after re-authentication; never the last one while MFA is required. Devices
   * remembered with it are forgotten too.
   *
   * @example
   * ```ts
   * await mfa.removeFactor(userId, factorId, { authenticatedAt });
   * ```
   */
  removeFactor(userId: string, factorId: string, opts: ReauthOptions): Promise<Result>;
  /** Backup codes. */
  backupCodes: {
    /**
     * A new set of backup codes after re-authentication; the old set stops working.
     *
     * @example
     * ```ts
     * const fresh = await mfa.backupCodes.regenerate(userId, { authenticatedAt });
     * if (fresh.ok) showOnce(fresh.codes);
     * ```
     */
    regenerate(userId: string, opts: ReauthOptions): Promise<Result<{ codes: string[] }>>;
  };
  /** The sign-in challenge. */
  challenge: SignInChallenges;
  /** Remembered devices. */
  devices: TrustedDevices;
  /**
   * Call after a password change: forgets remembered devices, ends open sign-ins, clears the lock.
   *
   * @example
   * ```ts
   * await mfa.onPasswordChanged(userId);
   * ```
   */
  onPasswordChanged(userId: string): Promise<Result<{ revoked: number }>>;
  /**
   * Lifts a lockout (an administrator, account recovery) without refilling the failure budget.
   *
   * @example
   * ```ts
   * await mfa.unlock(userId);
   * ```
   */
  unlock(userId: string): Promise<Result>;
  /**
   * Deletes the user's MFA document (account deletion); needs `store.delete`.
   *
   * @example
   * ```ts
   * await mfa.deleteUser(userId);
   * ```
   */
  deleteUser(userId: string): Promise<Result>;
}
