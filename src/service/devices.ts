/**
 * Trusted devices ("remember this device"): listed, revoked one by one or all at once, and the
 * password change that ends every sign-in made with the old password.
 */
import { bumpEpoch } from './document.js';
import { assertUserId, type Decision, fail, type Result, type Runtime } from './runtime.js';

/** A trusted device as settings pages show it. The token itself is never stored or listed. */
export interface DeviceSummary {
  id: string;
  name?: string;
  createdAt: number;
  expiresAt: number;
  lastUsedAt?: number;
}

export function devices(rt: Runtime) {
  async function list(userId: string): Promise<DeviceSummary[]> {
    const { doc } = await rt.read(assertUserId(userId));
    return doc.devices.map(({ id, name, createdAt, expiresAt, lastUsedAt }) => ({
      id,
      ...(name !== undefined ? { name } : {}),
      createdAt,
      expiresAt,
      ...(lastUsedAt !== undefined ? { lastUsedAt } : {}),
    }));
  }

  async function revoke(userId: string, deviceId: string): Promise<Result> {
    return rt.transact(assertUserId(userId), (doc): Decision<Result> => {
      const device = doc.devices.find((d) => d.id === deviceId);
      if (!device) return { result: fail('not_found'), write: false };
      doc.devices = doc.devices.filter((d) => d !== device);
      return {
        result: { ok: true },
        write: true,
        events: [{ type: 'device.revoked', deviceId, reason: 'user' }],
      };
    });
  }

  /**
   * Sign-out everywhere, and the password change: both end every open sign-in (the epoch moves
   * on, so every challenge id dies). The password change also clears the lockout: whoever
   * guessed with the old password cannot any more, and the owner must not stay locked out.
   */
  function revokeAllFor(reason: 'user' | 'password_changed') {
    return async (userId: string): Promise<Result<{ revoked: number }>> =>
      rt.transact(assertUserId(userId), (doc): Decision<Result<{ revoked: number }>> => {
        const revoked = doc.devices.length;
        // Without factors there is no sign-in to end: nothing to write (not even a new document).
        if (doc.factors.length === 0 && revoked === 0 && doc.lockout === undefined)
          return { result: { ok: true, revoked }, write: false };
        doc.devices = [];
        bumpEpoch(doc);
        const events: NonNullable<Decision<unknown>['events']> =
          revoked > 0 ? [{ type: 'device.revoked', deviceId: 'all', reason }] : [];
        if (reason === 'password_changed' && doc.lockout !== undefined) {
          delete doc.lockout;
          events.push({ type: 'lockout.cleared' });
        }
        return { result: { ok: true, revoked }, write: true, events };
      });
  }

  return {
    list,
    revoke,
    revokeAll: revokeAllFor('user'),
    onPasswordChanged: revokeAllFor('password_changed'),
  };
}
