/**
 * Events the service emits after each change is stored: for notification e-mails and audit logs.
 * They carry ids, types and times, never a secret, a code, a hash or a token.
 */
import type { FactorType } from './document.js';

/** How a sign-in challenge was answered. */
export type SignInMethod = FactorType | 'backup_code';

/** Every event `onEvent` receives; switch on `type`. */
export type MfaEvent =
  | {
      type: 'factor.enrolled';
      userId: string;
      at: number;
      factorId: string;
      factorType: FactorType;
      firstFactor: boolean;
    }
  | {
      type: 'factor.removed';
      userId: string;
      at: number;
      factorId: string;
      factorType: FactorType;
      lastFactor: boolean;
    }
  | {
      /** One number took another's place (`sms.begin` with `replaces`, then confirmed). */
      type: 'factor.replaced';
      userId: string;
      at: number;
      factorId: string;
      factorType: FactorType;
      replacedFactorId: string;
    }
  | {
      type: 'backup_codes.generated';
      userId: string;
      at: number;
      count: number;
      /** With the first factor (one e-mail says both), or a regeneration by the user. */
      reason: 'first_factor' | 'regenerated';
    }
  | { type: 'backup_codes.used'; userId: string; at: number; remaining: number }
  | { type: 'device.trusted'; userId: string; at: number; deviceId: string }
  | {
      type: 'device.revoked';
      userId: string;
      at: number;
      deviceId: string | 'all';
      reason: 'user' | 'password_changed';
    }
  | {
      type: 'lockout.started';
      userId: string;
      at: number;
      retryAfterMs: number;
      permanent: boolean;
    }
  | { type: 'lockout.cleared'; userId: string; at: number }
  | { type: 'signin.verified'; userId: string; at: number; method: SignInMethod }
  | { type: 'signin.failed'; userId: string; at: number; method: SignInMethod }
  | { type: 'enrollment.skipped'; userId: string; at: number }
  | { type: 'user.deleted'; userId: string; at: number }
  | {
      /** A security key's signature counter went backwards: two devices answer for one key. */
      type: 'factor.possible_clone';
      userId: string;
      at: number;
      factorId: string;
      factorType: FactorType;
    };

/** The type names, for an exhaustive `switch`. */
export type MfaEventType = MfaEvent['type'];
