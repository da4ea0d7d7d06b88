/** Trusted devices ("remember this device"): listed, revoked one by one or all at once. */
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
  async function list(userIdIn: string): Promise<DeviceSummary[]> {
    const { doc } = await rt.read(assertUserId(userIdIn));
    return doc.devices.map(({ id, name, createdAt, expiresAt, lastUsedAt }) => ({
      id,
      ...(name !== undefined ? { name } : {}),
      createdAt,
      expiresAt,
      ...(lastUsedAt !== undefined ? { lastUsedAt } : {}),
    }));
  }

  async function revoke(userIdIn: string, deviceId: string): Promise<Result> {
    return rt.transact(assertUserId(userIdIn), (doc): Decision<Result> => {
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

  function revokeAllFor(reason: 'user' | 'password_changed') {
    return async (userIdIn: string): Promise<Result<{ revoked: number }>> =>
      rt.transact(assertUserId(userIdIn), (doc): Decision<Result<{ revoked: number }>> => {
        const revoked = doc.devices.length;
        // A password change also ends sign-ins in progress: they began with the old password.
        const closing = reason === 'password_changed' && doc.challenges.length > 0;
        if (revoked === 0 && !closing) return { result: { ok: true, revoked: 0 }, write: false };
        doc.devices = [];
        if (reason === 'password_changed') doc.challenges = [];
        return {
          result: { ok: true, revoked },
          write: true,
          events: revoked > 0 ? [{ type: 'device.revoked', deviceId: 'all', reason }] : [],
        };
      });
  }

  return {
    list,
    revoke,
    revokeAll: revokeAllFor('user'),
    onPasswordChanged: revokeAllFor('password_changed'),
  };
}
