/**
 * The authenticator-app factor (TOTP, RFC 6238): enrolled by showing a key as a QR code and
 * confirming the first code; at sign-in a code is checked against the named app, or against each
 * of the user's apps, and accepted once (its time step is recorded).
 */
import { openParts, resealNeeded, sealParts } from '../../crypto/seal.js';
import { base32Encode } from '../../encoding/base32.js';
import { InvalidArgumentError, SealedSecretError } from '../../errors.js';
import { assertOptions, assertString } from '../../lib/assert.js';
import { generateSecret } from '../../otp/secret.js';
import { verifyTotp, verifyTotpTrusted } from '../../otp/totp.js';
import { buildOtpauthUri } from '../../otp/uri.js';
import { LIMITS, sealContext } from '../document.js';
import {
  activate,
  allowed,
  assertLabel,
  backupCodeMaker,
  type ReauthOptions,
} from '../enrollment.js';
import {
  assertUserId,
  type Decision,
  fail,
  normalizeTypedCode,
  type PendingEvent,
  type Result,
  type Runtime,
} from '../runtime.js';
import { int, str } from './fields.js';
import type { FactorBase, FactorKind, PendingBase, SignInAttempt } from './kind.js';

export interface TotpFactor extends FactorBase {
  type: 'totp';
  /** The key, sealed with context `[userId, id]` (`v2`), or `${userId}/${id}` (`v1`, re-sealed on use). */
  sealed: string;
  /** The time step of the last accepted code: that code and older ones are refused. */
  lastStep: number;
}

export interface PendingTotp extends PendingBase {
  type: 'totp';
  sealed: string;
}

function api(rt: Runtime) {
  return {
    /** Starts adding an authenticator app: the key to show as a QR code and as text. */
    async begin(userId: string, opts: ReauthOptions & { accountName: string; label?: string }) {
      assertUserId(userId);
      const o = assertOptions(opts, 'opts');
      const accountName = assertString(o.accountName, 'opts.accountName', 256);
      if (accountName === '')
        throw new InvalidArgumentError('opts.accountName', 'a non-empty string');
      const label = assertLabel(o.label, 'Authenticator app');
      const policy = await allowed(rt, userId, o as ReauthOptions, 'totp');
      if ('ok' in policy) return policy;
      const secret = generateSecret(rt.o.randomBytes ? { randomBytes: rt.o.randomBytes } : {});
      const factorId = rt.newId('f');
      const sealed = sealParts(
        rt.o.keyring,
        sealContext(userId, factorId),
        secret,
        rt.o.randomBytes,
      );
      const uri = buildOtpauthUri({ secret, issuer: rt.o.issuer, account: accountName });
      return rt.transact(
        userId,
        (
          doc,
          now,
        ): Decision<
          Result<{ factorId: string; secret: string; uri: string; expiresAt: number }>
        > => {
          if (doc.factors.length >= LIMITS.factors)
            return { result: fail('not_allowed'), write: false };
          const expiresAt = now + rt.o.ttl.enrollmentMs;
          const pending: PendingTotp = {
            id: factorId,
            type: 'totp',
            label,
            sealed,
            createdAt: now,
            expiresAt,
          };
          doc.pending = [...doc.pending, pending].slice(-LIMITS.pending);
          return {
            result: { ok: true, factorId, secret: base32Encode(secret), uri, expiresAt },
            write: true,
          };
        },
      );
    },

    /** Confirms the app with its first code; returns backup codes with the user's first factor. */
    async confirm(userId: string, factorId: string, code: string) {
      assertUserId(userId);
      const makeBackupCodes = backupCodeMaker(rt);
      return rt.transact(
        userId,
        async (
          doc,
          now,
        ): Promise<Decision<Result<{ factorId: string; backupCodes?: string[] }>>> => {
          const pending = doc.pending.find(
            (p): p is PendingTotp => p.id === factorId && p.type === 'totp',
          );
          if (!pending) return { result: fail('expired'), write: false };
          const secret = openParts(rt.o.keyring, sealContext(userId, factorId), pending.sealed);
          const match = verifyTotp(secret, normalizeTypedCode(code), { now });
          secret.fill(0);
          if (!match.ok) return { result: fail('invalid_code'), write: false };
          const events: PendingEvent[] = [];
          const { id, label, sealed } = pending;
          // The confirming code's step is recorded, so that code cannot also sign in.
          const backupCodes = await activate(
            doc,
            { id, type: 'totp', label, sealed, lastStep: match.step, createdAt: now },
            makeBackupCodes,
            events,
          );
          return {
            result: backupCodes ? { ok: true, factorId, backupCodes } : { ok: true, factorId },
            write: true,
            events,
          };
        },
      );
    },
  };
}

/** One named authenticator app, or each of the user's apps (phone and tablet). */
function signIn(
  rt: Runtime,
  claims: { userId: string },
  _id: string,
  answer: Record<string, unknown>,
): SignInAttempt {
  const { userId } = claims;
  const code = normalizeTypedCode(answer.code);
  // Each key is opened once per call, however often the save is retried.
  const opened = new Map<string, Uint8Array | null>();
  const open = (factor: TotpFactor): Uint8Array | null => {
    let key = opened.get(factor.sealed);
    if (key === undefined) {
      try {
        key = openParts(rt.o.keyring, sealContext(userId, factor.id), factor.sealed);
      } catch (err) {
        // A key that will not open (damaged, or sealed under a retired key) matches nothing.
        if (!(err instanceof SealedSecretError)) throw err;
        key = null;
      }
      opened.set(factor.sealed, key);
    }
    return key;
  };
  return {
    check(doc, now, named) {
      // A code compared with k apps is k guesses, and the lockout is charged k.
      const candidates = named
        ? [named as TotpFactor]
        : doc.factors.filter((f): f is TotpFactor => f.type === 'totp');
      let accepted = false;
      for (const factor of candidates) {
        const secret = open(factor);
        if (secret === null) continue;
        const match = verifyTotpTrusted(secret, code, now, factor.lastStep);
        if (match.ok && !accepted) {
          accepted = true;
          factor.lastStep = match.step; // this code, and every earlier one, is now spent
          factor.lastUsedAt = now;
          // Key rotation and the v2 seal format: an older seal moves on when used.
          if (resealNeeded(rt.o.keyring, factor.sealed)) {
            const parts = sealContext(userId, factor.id);
            factor.sealed = sealParts(rt.o.keyring, parts, secret, rt.o.randomBytes);
          }
        }
      }
      return { accepted, cost: Math.max(1, candidates.length), amr: ['otp', 'mfa'], events: [] };
    },
    end() {
      for (const key of opened.values()) key?.fill(0);
    },
  };
}

export const totpKind = {
  type: 'totp',
  configured: () => true,
  checkFactor(f, field) {
    str(f.sealed, `${field}.sealed`, 8192);
    int(f.lastStep, `${field}.lastStep`, 9e15, -1);
  },
  checkPending(p, field) {
    str(p.sealed, `${field}.sealed`, 8192);
  },
  summary: () => ({}),
  // A code that names no factor is for the authenticator apps.
  answers: (answer, named) => 'code' in answer && (named === undefined || named.type === 'totp'),
  signIn,
  api,
} satisfies FactorKind<TotpFactor>;
