/** `createMfa`: the MFA service, assembled from its flows over the host's adapters. */
import { memoryRateLimiter } from '../adapters/memory-rate-limiter.js';
import { challenges } from './challenge.js';
import { deleteUserFlow } from './delete-user.js';
import { devices } from './devices.js';
import { enrollment } from './enrollment.js';
import { kindApis } from './factors/index.js';
import type { Mfa } from './mfa.js';
import { type MfaOptions, resolveOptions } from './options.js';
import { Runtime } from './runtime.js';
import { statusFlows } from './status.js';

/**
 * The MFA service. Every method is async; expected failures come back as
 * `{ ok: false, error: { code, retryAfterMs? } }`, misuse throws an `MfaError`. Options are
 * checked up front and every problem is reported in one `InvalidConfigError`.
 *
 * @example
 * ```ts
 * const mfa = createMfa({ store: memoryStore(), keyring, issuer: 'Acme' });
 * const setup = await mfa.totp.begin(userId, { accountName: email, authenticatedAt });
 * if (setup.ok) showQrCode(setup.uri); // then, with the first code from the app:
 * const confirmed = await mfa.totp.confirm(userId, factorId, codeFromApp);
 * if (confirmed.ok) showOnce(confirmed.backupCodes);
 * const challenge = await mfa.challenge.start(userId, { deviceToken: req.cookies.mfa_device });
 * ```
 */
export function createMfa(options: MfaOptions): Mfa {
  const resolved = resolveOptions(options);
  if (resolved.sms && !resolved.rateLimiter)
    resolved.rateLimiter = memoryRateLimiter({ now: resolved.now });
  const rt = new Runtime(resolved);
  const { removeFactor, regenerateBackupCodes } = enrollment(rt);
  const { start, sendSms, verify, unlock } = challenges(rt);
  const { list, revoke, revokeAll, onPasswordChanged } = devices(rt);
  const { status, skipEnrollment } = statusFlows(rt);
  return {
    status,
    skipEnrollment,
    // mfa.totp, mfa.sms, mfa.webauthn: each kind's own enrollment steps.
    ...kindApis(rt),
    removeFactor,
    backupCodes: { regenerate: regenerateBackupCodes },
    challenge: { start, sendSms, verify },
    devices: { list, revoke, revokeAll },
    onPasswordChanged,
    unlock,
    deleteUser: deleteUserFlow(rt),
  };
}

export type { Mfa } from './mfa.js';
