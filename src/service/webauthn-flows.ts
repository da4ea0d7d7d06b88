/**
 * The passkey ceremonies of the service — registration (`mfa.webauthn.begin/confirm`) and the
 * check of a sign-in assertion — loaded with the WebAuthn verification code on first use only:
 * `factors/webauthn.ts` reaches this module through `import()`, so a service without passkeys
 * neither loads nor bundles it eagerly.
 */
import { base64urlDecode, base64urlEncode } from '../encoding/base64url.js';
import { InvalidArgumentError } from '../errors.js';
import { assertOptions, assertString } from '../lib/assert.js';
import { verifyAuthentication, verifyRegistration } from '../webauthn/index.js';
import type { PublicKeyCredentialCreationOptionsJSON } from '../webauthn/json.js';
import type { AmrValue } from './challenge.js';
import { LIMITS } from './document.js';
import {
  activate,
  allowed,
  assertLabel,
  backupCodeMaker,
  type ReauthOptions,
} from './enrollment.js';
import type { SignInAttempt } from './factors/kind.js';
import {
  CHALLENGE_BYTES,
  credentials,
  descriptor,
  HANDLE_BYTES,
  type PendingWebauthn,
  settings,
  type WebauthnBeginResult,
  type WebauthnConfirmResult,
  type WebauthnFactor,
} from './factors/webauthn.js';
import {
  assertUserId,
  type Decision,
  fail,
  type PendingEvent,
  type Result,
  type Runtime,
} from './runtime.js';
import { signInChallenge } from './webauthn.js';

/**
 * Starts adding a passkey or security key: the creation options to hand to
 * `PublicKeyCredential.parseCreationOptionsFromJSON` in the browser.
 */
export async function begin(
  rt: Runtime,
  userId: string,
  opts: ReauthOptions & { accountName: string; label?: string },
): Promise<WebauthnBeginResult> {
  assertUserId(userId);
  const w = settings(rt);
  const o = assertOptions(opts, 'opts');
  const accountName = assertString(o.accountName, 'opts.accountName', 256);
  if (accountName === '') throw new InvalidArgumentError('opts.accountName', 'a non-empty string');
  const chosen = o.label === undefined ? undefined : assertLabel(o.label, '');
  const policy = await allowed(rt, userId, o as ReauthOptions, 'webauthn');
  if ('ok' in policy) return policy;
  const factorId = rt.newId('f');
  const challenge = base64urlEncode(rt.random(CHALLENGE_BYTES));
  const freshHandle = base64urlEncode(rt.random(HANDLE_BYTES));
  type Begun = Result<{
    factorId: string;
    options: PublicKeyCredentialCreationOptionsJSON;
    expiresAt: number;
  }>;
  return rt.transact(userId, (doc, now): Decision<Begun> => {
    if (doc.factors.length >= LIMITS.factors) return { result: fail('not_allowed'), write: false };
    const mine = credentials(doc);
    // One user handle per user, so an authenticator files all of a user's credentials together.
    const userHandle = mine[0]?.userHandle ?? freshHandle;
    const expiresAt = now + rt.o.ttl.enrollmentMs;
    const pending: PendingWebauthn = {
      id: factorId,
      type: 'webauthn',
      label: chosen ?? 'Passkey',
      labelled: chosen !== undefined,
      challenge,
      userHandle,
      createdAt: now,
      expiresAt,
    };
    doc.pending = [...doc.pending, pending].slice(-LIMITS.pending);
    const options: PublicKeyCredentialCreationOptionsJSON = {
      rp: { id: w.rpId, name: w.rpName },
      user: { id: userHandle, name: accountName, displayName: accountName },
      challenge,
      // EdDSA, ES256, RS256: what every authenticator in use makes, strongest first.
      pubKeyCredParams: [-8, -7, -257].map((alg) => ({ type: 'public-key' as const, alg })),
      timeout: rt.o.ttl.enrollmentMs,
      excludeCredentials: mine.map(descriptor),
      authenticatorSelection: {
        // A second factor follows the password: no need to fill a security key's few
        // resident slots, but synced passkeys (always discoverable) are welcome too.
        residentKey: 'discouraged',
        requireResidentKey: false,
        userVerification: w.userVerification,
      },
      attestation: 'none',
    };
    return { result: { ok: true as const, factorId, options, expiresAt }, write: true };
  });
}

/**
 * Checks the browser's `credential.toJSON()` and adds the credential; the user's first factor
 * also returns backup codes. A credential the user already has is `already_enrolled`.
 */
export async function confirm(
  rt: Runtime,
  userId: string,
  factorId: string,
  response: unknown,
  opts?: { label?: string },
): Promise<WebauthnConfirmResult> {
  assertUserId(userId);
  const w = settings(rt);
  const o = assertOptions(opts, 'opts');
  const chosen = o.label === undefined ? undefined : assertLabel(o.label, '');
  const makeBackupCodes = backupCodeMaker(rt);
  return rt.transact(
    userId,
    async (doc, now): Promise<Decision<Result<{ factorId: string; backupCodes?: string[] }>>> => {
      const pending = doc.pending.find(
        (p): p is PendingWebauthn => p.id === factorId && p.type === 'webauthn',
      );
      if (!pending) return { result: fail('expired'), write: false };
      const checked = await verifyRegistration(response, {
        challenge: base64urlDecode(pending.challenge)!,
        rpId: w.rpId,
        origins: w.origins,
        userVerification: w.userVerification,
        excludeCredentialIds: credentials(doc).map((f) => f.credentialId),
      });
      if (!checked.ok) {
        const code =
          checked.error.code === 'excluded_credential' ? 'already_enrolled' : 'invalid_code';
        return { result: fail(code), write: false };
      }
      const c = checked.credential;
      const label =
        chosen ??
        (pending.labelled ? pending.label : c.backupEligible ? 'Passkey' : 'Security key');
      const factor: WebauthnFactor = {
        id: factorId,
        type: 'webauthn',
        label,
        createdAt: now,
        credentialId: c.id,
        publicKey: base64urlEncode(c.publicKey),
        signCount: c.signCount,
        transports: c.transports.slice(0, 8),
        backupEligible: c.backupEligible,
        userHandle: pending.userHandle,
      };
      const events: PendingEvent[] = [];
      const backupCodes = await activate(doc, factor, makeBackupCodes, events);
      return {
        result: backupCodes ? { ok: true, factorId, backupCodes } : { ok: true, factorId },
        write: true,
        events,
      };
    },
  );
}

/** An assertion, checked against the user's credentials and the challenge derived from the id. */
export function signIn(
  rt: Runtime,
  challengeId: string,
  answer: Record<string, unknown>,
): SignInAttempt {
  const w = settings(rt);
  const challenge = signInChallenge(rt.o.keyring, challengeId);
  return {
    async check(doc, now) {
      const mine = credentials(doc);
      const result = await verifyAuthentication(answer.webauthn, {
        challenge,
        rpId: w.rpId,
        origins: w.origins,
        userVerification: w.userVerification,
        credentials: mine.map((f) => ({
          id: f.credentialId,
          publicKey: base64urlDecode(f.publicKey)!,
          signCount: f.signCount,
        })),
      });
      const events: PendingEvent[] = [];
      if (!result.ok) {
        if (result.error.code === 'counter_regression') {
          const factor = mine.find((f) => f.credentialId === result.credentialId);
          // Two authenticators answer for one credential: a cloned key. Refused, and reported.
          if (factor)
            events.push({
              type: 'factor.possible_clone',
              factorId: factor.id,
              factorType: 'webauthn',
            });
        }
        return { accepted: false, cost: 1, amr: [], events };
      }
      const factor = mine.find((f) => f.credentialId === result.credentialId)!;
      factor.signCount = result.signCount;
      factor.lastUsedAt = now;
      const amr: AmrValue[] = [factor.backupEligible ? 'swk' : 'hwk'];
      if (result.userVerified) amr.push('user');
      amr.push('mfa');
      return { accepted: true, cost: 1, amr, events };
    },
  };
}
