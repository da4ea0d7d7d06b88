/**
 * The passkey and security-key factor (WebAuthn): enrolled by a registration ceremony, checked at
 * sign-in by an assertion over a challenge derived from the challenge id. What every flow needs
 * eagerly lives here (stored entries, summaries, the request options of a challenge); the
 * ceremonies and the verification code load on first use (`../webauthn-flows.ts`).
 */
import { base64urlDecode, base64urlEncode } from '../../encoding/base64url.js';
import { InvalidArgumentError, InvalidDocumentError } from '../../errors.js';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialDescriptorJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '../../webauthn/json.js';
import type { MfaDocument } from '../document.js';
import type { ReauthOptions } from '../enrollment.js';
import type { Result, Runtime } from '../runtime.js';
import { type ResolvedWebauthnOptions, signInChallenge } from '../webauthn.js';
import { bool, int, list, str } from './fields.js';
import type { FactorBase, FactorKind, PendingBase } from './kind.js';

export interface WebauthnFactor extends FactorBase {
  type: 'webauthn';
  /** The credential id, base64url. */
  credentialId: string;
  /** The COSE public key, base64url. */
  publicKey: string;
  /** The last signature counter (0 for authenticators that do not count). */
  signCount: number;
  transports: string[];
  /** A synced passkey (`swk`) rather than a key bound to one device (`hwk`). */
  backupEligible: boolean;
  /** The WebAuthn user handle the credential was made for, base64url. */
  userHandle: string;
}

export interface PendingWebauthn extends PendingBase {
  type: 'webauthn';
  /** The registration challenge, base64url. */
  challenge: string;
  userHandle: string;
  /** Whether the label was chosen by the user (else it is named after the authenticator). */
  labelled: boolean;
}

export const CHALLENGE_BYTES = 32;
export const HANDLE_BYTES = 32;
const MAX_CREDENTIAL_ID = 1366;

export function settings(rt: Runtime): ResolvedWebauthnOptions {
  const w = rt.o.webauthn;
  if (!w)
    throw new InvalidArgumentError(
      'webauthn',
      'configured in createMfa before passkeys can be used',
    );
  return w;
}

export const credentials = (doc: MfaDocument): WebauthnFactor[] =>
  doc.factors.filter((f): f is WebauthnFactor => f.type === 'webauthn');

export const descriptor = (f: WebauthnFactor): PublicKeyCredentialDescriptorJSON =>
  f.transports.length > 0
    ? { type: 'public-key', id: f.credentialId, transports: [...f.transports] }
    : { type: 'public-key', id: f.credentialId };

/**
 * Request options for a sign-in: the user's credentials and the challenge derived from the id.
 *
 * @example
 * ```ts
 * const options = requestOptions(rt, doc, challengeId); // undefined without passkeys
 * ```
 */
export function requestOptions(
  rt: Runtime,
  doc: MfaDocument,
  challengeId: string,
): PublicKeyCredentialRequestOptionsJSON | undefined {
  const w = rt.o.webauthn;
  const mine = credentials(doc);
  if (!w || mine.length === 0) return undefined;
  return {
    challenge: base64urlEncode(signInChallenge(rt.o.keyring, challengeId)),
    timeout: rt.o.ttl.challengeMs,
    rpId: w.rpId,
    allowCredentials: mine.map(descriptor),
    userVerification: w.userVerification,
  };
}

/** The ceremonies load on first use, together with the verification code. */
const loadFlows = () => import('../webauthn-flows.js');

/** What `mfa.webauthn.begin` returns. */
export type WebauthnBeginResult = Result<{
  factorId: string;
  /** For `PublicKeyCredential.parseCreationOptionsFromJSON` in the browser. */
  options: PublicKeyCredentialCreationOptionsJSON;
  expiresAt: number;
}>;

/** What `mfa.webauthn.confirm` returns: backup codes come with the user's first factor. */
export type WebauthnConfirmResult = Result<{ factorId: string; backupCodes?: string[] }>;

function api(rt: Runtime) {
  return {
    /**
     * Starts adding a passkey or security key (after a recent password check): the creation
     * options to hand to `PublicKeyCredential.parseCreationOptionsFromJSON` in the browser.
     */
    async begin(
      userId: string,
      opts: ReauthOptions & { accountName: string; label?: string },
    ): Promise<WebauthnBeginResult> {
      return (await loadFlows()).begin(rt, userId, opts);
    },

    /**
     * Checks the browser's `credential.toJSON()` and adds the credential; the user's first factor
     * also returns backup codes. A credential the user already has is `already_enrolled`.
     */
    async confirm(
      userId: string,
      factorId: string,
      response: unknown,
      opts?: { label?: string },
    ): Promise<WebauthnConfirmResult> {
      return (await loadFlows()).confirm(rt, userId, factorId, response, opts);
    },
  };
}

export const webauthnKind = {
  type: 'webauthn',
  configured: (o) => o.webauthn !== undefined,
  checkFactor(f, field) {
    str(f.credentialId, `${field}.credentialId`, MAX_CREDENTIAL_ID);
    str(f.publicKey, `${field}.publicKey`, 2048);
    int(f.signCount, `${field}.signCount`, 0xffffffff);
    list(f.transports, `${field}.transports`, 8).forEach((t, i) => {
      str(t, `${field}.transports[${i}]`, 32);
    });
    bool(f.backupEligible, `${field}.backupEligible`);
    str(f.userHandle, `${field}.userHandle`, 86);
    if (base64urlDecode(f.publicKey as string) === undefined)
      throw new InvalidDocumentError(`${field}.publicKey`, 'base64url');
  },
  checkPending(p, field) {
    str(p.challenge, `${field}.challenge`, 86);
    str(p.userHandle, `${field}.userHandle`, 86);
    bool(p.labelled, `${field}.labelled`);
    if (base64urlDecode(p.challenge as string)?.length !== CHALLENGE_BYTES)
      throw new InvalidDocumentError(`${field}.challenge`, `${CHALLENGE_BYTES} bytes of base64url`);
  },
  summary: () => ({}),
  answers: (answer) => 'webauthn' in answer,
  signIn: async (rt, _claims, challengeId, answer) =>
    (await loadFlows()).signIn(rt, challengeId, answer),
  offer: (rt, doc, challengeId) => {
    const webauthn = requestOptions(rt, doc, challengeId);
    return webauthn === undefined ? undefined : { webauthn };
  },
  api,
} satisfies FactorKind<WebauthnFactor>;
