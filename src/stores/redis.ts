/**
 * `mfa-kit/stores/redis`: the `MfaStore` and a shared `RateLimiter` on Redis, Valkey or a Redis
 * Cluster, over the ioredis or node-redis client the host already has (no driver imported).
 *
 * @module
 */
export type { RateLimiter } from '../adapters/types.js';
export { redisRateLimiter } from './redis/rate-limiter.js';
export type { IoRedisLike, NodeRedisLike, RedisClient } from './redis/scripts.js';
export { type RedisStore, redisStore } from './redis/store.js';
