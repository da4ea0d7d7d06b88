/**
 * Running a Lua script on whichever Redis client the host has. ioredis and node-redis (v4+)
 * spell EVAL differently; the flavour is recognized once, by shape, and every store operation is
 * then a script over exactly one key, which is what makes it atomic and Redis Cluster safe.
 */
import { hashMessage } from '../../crypto/hash-core.js';
import { sha1 } from '../../crypto/sha1.js';
import { InvalidArgumentError } from '../../errors.js';

/** An ioredis `Redis` or `Cluster`: `evalsha(sha, numKeys, ...keys, ...args)`. */
export interface IoRedisLike {
  evalsha(sha: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
}

/** A node-redis v4+ client or cluster (`createClient`, `createCluster`): `evalSha(sha, { keys, arguments })`. */
export interface NodeRedisLike {
  evalSha(sha: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** Anything the Redis store and rate limiter accept. */
export type RedisClient = IoRedisLike | NodeRedisLike;

/** A script and its SHA-1, so it is sent once per server and then called by hash. */
export interface Script {
  source: string;
  sha: string;
}

export function script(source: string): Script {
  const words = hashMessage(sha1(), new TextEncoder().encode(source));
  const sha = Array.from(words, (w) => (w >>> 0).toString(16).padStart(8, '0')).join('');
  return { source, sha };
}

/** Runs a script over one key. */
export type RunScript = (s: Script, key: string, args: string[]) => Promise<unknown>;

const isNoScript = (err: unknown) =>
  /^NOSCRIPT/.test(String((err as { message?: unknown } | null)?.message ?? ''));

export function scriptRunner(client: unknown, argument: string): RunScript {
  const c = client as Partial<IoRedisLike & NodeRedisLike> | null;
  if (typeof c === 'object' && c !== null && typeof c.eval === 'function') {
    // node-redis names it evalSha; ioredis evalsha (and has no evalSha).
    if (typeof c.evalSha === 'function') {
      const r = c as NodeRedisLike;
      return async (s, key, args) => {
        const options = { keys: [key], arguments: args };
        try {
          return await r.evalSha(s.sha, options);
        } catch (err) {
          // First use on this server (or after SCRIPT FLUSH or a failover): EVAL caches it.
          if (!isNoScript(err)) throw err;
          return r.eval(s.source, options);
        }
      };
    }
    if (typeof c.evalsha === 'function') {
      const r = c as IoRedisLike;
      return async (s, key, args) => {
        try {
          return await r.evalsha(s.sha, 1, key, ...args);
        } catch (err) {
          if (!isNoScript(err)) throw err;
          return r.eval(s.source, 1, key, ...args);
        }
      };
    }
  }
  throw new InvalidArgumentError(
    argument,
    'an ioredis Redis or Cluster, or a node-redis (v4+) client or cluster',
  );
}

/** A key prefix: any string up to 256 characters (keys are binary-safe, so no escaping). */
export function checkPrefix(prefix: unknown, fallback: string): string {
  if (prefix === undefined) return fallback;
  if (typeof prefix !== 'string' || prefix.length > 256) {
    throw new InvalidArgumentError('opts.prefix', 'a string of at most 256 characters');
  }
  return prefix;
}
