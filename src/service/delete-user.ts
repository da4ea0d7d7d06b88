/** Account deletion: the user's whole MFA document goes, through the store's optional `delete`. */
import { InvalidArgumentError } from '../errors.js';
import { assertUserId, type Result, type Runtime } from './runtime.js';

export function deleteUserFlow(rt: Runtime) {
  /** Deletes everything mfa-kit holds for the user (factors, codes, devices, lockout). */
  return async function deleteUser(userId: string): Promise<Result> {
    assertUserId(userId);
    const store = rt.o.store;
    if (typeof store.delete !== 'function')
      throw new InvalidArgumentError(
        'store.delete',
        'implemented by the store for deleteUser (every ready store and memoryStore have it)',
      );
    await store.delete(userId);
    rt.forget(userId);
    await rt.emit(userId, rt.now(), [{ type: 'user.deleted' }]);
    return { ok: true };
  };
}
