/**
 * The one error family mfa-kit throws. Expected failures (a wrong code, a locked account) are
 * returned as values; an `MfaError` means the caller misused the API or handed over data that
 * cannot be what it claims to be. Messages name the argument, never its value, so an error can be
 * logged without leaking a secret, a code or a hash.
 *
 * @example
 * ```ts
 * try {
 *   base32Decode(userInput);
 * } catch (err) {
 *   if (err instanceof MfaError && err.code === 'ERR_MFA_INVALID_BASE32') showFieldError('key');
 *   else throw err;
 * }
 * ```
 */

/** Every literal `code` an {@link MfaError} can carry, for an exhaustive `switch`. */
export type MfaErrorCode =
  | 'ERR_MFA_INVALID_ARGUMENT'
  | 'ERR_MFA_INVALID_BASE32'
  | 'ERR_MFA_INVALID_OTPAUTH_URI'
  | 'ERR_MFA_SEALED_SECRET'
  | 'ERR_MFA_INVALID_CONFIG'
  | 'ERR_MFA_INVALID_DOCUMENT';

/**
 * Base class of every error mfa-kit throws. Switch on `code`, not on the message.
 *
 * @example
 * ```ts
 * if (err instanceof MfaError) console.error(err.code, err.message);
 * ```
 */
export abstract class MfaError extends Error {
  abstract readonly code: MfaErrorCode;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * An argument has the wrong type or is out of range (a 3-byte secret, `digits: 4`, a NaN time).
 * `argument` names it, as a path such as `opts.digits`.
 *
 * @example
 * ```ts
 * generateTotp(secret, { digits: 4 }); // throws InvalidArgumentError, argument 'opts.digits'
 * ```
 */
export class InvalidArgumentError extends MfaError {
  readonly code = 'ERR_MFA_INVALID_ARGUMENT' as const;
  constructor(
    readonly argument: string,
    requirement: string,
  ) {
    super(`${argument} must be ${requirement}`);
  }
}

/**
 * Text that is not base32 even when read leniently. The message gives the position of the first
 * offending character but never the text itself, which is usually a secret.
 *
 * @example
 * ```ts
 * base32Decode('JBSW Y3DP 1!'); // throws InvalidBase32Error
 * ```
 */
export class InvalidBase32Error extends MfaError {
  readonly code = 'ERR_MFA_INVALID_BASE32' as const;
}

/**
 * An `otpauth://` URI that cannot be used. `field` names the part at fault (`scheme`, `type`,
 * `label`, `secret`, `algorithm`, `digits`, `period`, `counter`, `issuer`).
 *
 * @example
 * ```ts
 * parseOtpauthUri('otpauth://hotp/Acme:alice?secret=JBSWY3DPEHPK3PXP'); // field 'counter'
 * ```
 */
export class InvalidOtpauthUriError extends MfaError {
  readonly code = 'ERR_MFA_INVALID_OTPAUTH_URI' as const;
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`otpauth URI: ${field} ${problem}`);
  }
}

/**
 * A sealed secret that does not open: tampered, sealed for another context, under an unknown key
 * id, or not a sealed value at all. Deliberately one error with one message, so a caller (or an
 * attacker probing an endpoint) learns nothing about which.
 *
 * @example
 * ```ts
 * openSecret(sealed, { keyring, context: 'user-2/factor-1' }); // sealed for user-1: throws
 * ```
 */
export class SealedSecretError extends MfaError {
  readonly code = 'ERR_MFA_SEALED_SECRET' as const;
  constructor() {
    super('sealed secret cannot be opened');
  }
}

/** One problem in a configuration object: where (`path`) and what is required there. */
export interface ConfigIssue {
  path: string;
  message: string;
}

/**
 * A configuration object with one or more bad fields. `issues` lists every problem at once, so a
 * single run tells the developer everything to fix.
 *
 * @example
 * ```ts
 * lockoutPolicy({ threshold: 0, baseLockMs: -1 });
 * // throws InvalidConfigError with two issues: 'threshold' and 'baseLockMs'
 * ```
 */
export class InvalidConfigError extends MfaError {
  readonly code = 'ERR_MFA_INVALID_CONFIG' as const;
  constructor(
    readonly issues: readonly ConfigIssue[],
    what = 'options',
  ) {
    super(`invalid ${what}: ${issues.map((i) => `${i.path} must be ${i.message}`).join('; ')}`);
  }
}

/**
 * A stored MFA document that mfa-kit did not write or that was damaged: not JSON, a future
 * schema, or an entry of the wrong shape. `field` names the part at fault (`factors[2].sealed`),
 * never its value. Thrown rather than guessed around, so a tampered store cannot steer a flow.
 *
 * @example
 * ```ts
 * try {
 *   await mfa.status(userId);
 * } catch (err) {
 *   if (err instanceof MfaError && err.code === 'ERR_MFA_INVALID_DOCUMENT') alertOperator(err.message);
 * }
 * ```
 */
export class InvalidDocumentError extends MfaError {
  readonly code = 'ERR_MFA_INVALID_DOCUMENT' as const;
  constructor(
    readonly field: string,
    requirement: string,
  ) {
    super(`stored document: ${field} must be ${requirement}`);
  }
}
