/**
 * The `MfaStore` on Redis: one hash per user (`v` the version, `d` the document) and a Lua
 * compare-and-set, so a save is atomic on one key and works unchanged on a Redis Cluster.
 */
import type { MfaStore } from '../../adapters/types.js';
import { assertOptions } from '../../lib/assert.js';
import { checkSave, checkUserId, toVersion } from '../lib/arguments.js';
import { checkPrefix, type RedisClient, script, scriptRunner } from './scripts.js';

const LOAD = script(`return redis.call('HMGET', KEYS[1], 'v', 'd')`);

// ARGV[1] the document, ARGV[2] the expected version ('' for none: create only if absent).
const SAVE = script(`local v = redis.call('HGET', KEYS[1], 'v')
if ARGV[2] == '' then
  if v then return 0 end
  redis.call('HSET', KEYS[1], 'v', '1', 'd', ARGV[1])
  return 1
end
if v ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'v', tostring(tonumber(v) + 1), 'd', ARGV[1])
return 1`);

const DELETE = script(`return redis.call('DEL', KEYS[1])`);

/** {@link MfaStore} with `delete`, as {@link redisStore} returns it. */
export interface RedisStore extends MfaStore {
  /** Removes the user's document (account deletion); nothing happens for an unknown user. */
  delete(userId: string): Promise<void>;
  /** The key prefix; a user's document is at `prefix + userId`. */
  readonly prefix: string;
}

/**
 * The MFA store on Redis (or Valkey, or a Redis Cluster), over an ioredis or node-redis client.
 * Each document is a hash at `prefix + userId` (default prefix `mfa:doc:`), written by a Lua
 * compare-and-set on that one key. Redis must persist (AOF or RDB) for MFA state to survive a
 * restart: a lost document means lost factors and backup codes.
 *
 * @example
 * ```ts
 * import { createMfa } from 'mfa-kit';
 * import { redisRateLimiter, redisStore } from 'mfa-kit/stores/redis';
 * // redis = new Redis(process.env.REDIS_URL) (ioredis) or await createClient().connect() (node-redis)
 * const mfa = createMfa({ store: redisStore(redis), rateLimiter: redisRateLimiter(redis), keyring, issuer: 'Acme' });
 * ```
 */
export function redisStore(client: RedisClient, opts?: { prefix?: string }): RedisStore {
  const run = scriptRunner(client, 'client');
  const prefix = checkPrefix(assertOptions(opts, 'opts').prefix, 'mfa:doc:');
  return {
    prefix,
    async load(userId) {
      checkUserId(userId);
      const [v, d] = (await run(LOAD, prefix + userId, [])) as [unknown, unknown];
      if (v === null || v === undefined) return null;
      return { doc: String(d), version: toVersion(v) };
    },
    async save(userId, doc, expectedVersion) {
      checkSave(userId, doc, expectedVersion);
      const args = [doc, expectedVersion === null ? '' : String(expectedVersion)];
      return Number(await run(SAVE, prefix + userId, args)) === 1;
    },
    async delete(userId) {
      checkUserId(userId);
      await run(DELETE, prefix + userId, []);
    },
  };
}
