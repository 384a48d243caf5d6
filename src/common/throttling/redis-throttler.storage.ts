import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { withTimeout } from '../with-timeout.js';

/** Prefix of every throttling key: `whiskey:throttle:<throttler name>:<key>` and `…:blocked`. */
export const THROTTLE_KEY_PREFIX = 'whiskey:throttle:';

/**
 * How long one throttling check may wait for Redis. The app client fails at once while disconnected,
 * but a half-open connection (Redis frozen, a network partition) would otherwise hold requests forever.
 */
export const THROTTLE_REDIS_TIMEOUT_MS = 1000;

/** Interval between two warnings about Redis being unusable, so an outage does not flood the log. */
const WARNING_INTERVAL_MS = 60_000;

/** What {@link ThrottlerStorage.increment} answers (the type is not exported by the package's index). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * One atomic throttling step, mirroring `ThrottlerStorageService` (the built-in in-memory storage):
 * the hits of the last `ttl` ms are counted in a sliding window (a sorted set of hits scored by the
 * time they expire), a hit beyond `limit` blocks the key for `blockDuration` ms during which hits are
 * not counted, and the count starts afresh once the block ends. With `blockDuration <= 0` nothing is
 * blocked: hits beyond the limit are refused without being counted. Time is Redis's own, so every API
 * process agrees on it whatever its clock says.
 *
 * KEYS: hits (sorted set), blocked (string with PX). ARGV: ttl ms, limit, blockDuration ms, hit id.
 * Returns: totalHits, timeToExpire s, isBlocked (1/0), timeToBlockExpire s.
 */
const INCREMENT_SCRIPT = `
local hitsKey, blockedKey = KEYS[1], KEYS[2]
local ttl, limit, blockDuration = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local function secondsUntil(at)
  return math.ceil((at - now) / 1000)
end

local function oldestHitExpiry()
  local oldest = redis.call('ZRANGE', hitsKey, 0, 0, 'WITHSCORES')
  return oldest[2] and tonumber(oldest[2]) or nil
end

local function addHit()
  redis.call('ZADD', hitsKey, now + ttl, ARGV[4])
  -- The key lives as long as its newest hit, so an idle client leaves nothing behind.
  local newest = redis.call('ZRANGE', hitsKey, -1, -1, 'WITHSCORES')
  redis.call('PEXPIREAT', hitsKey, newest[2])
end

redis.call('ZREMRANGEBYSCORE', hitsKey, '-inf', now)

local isBlocked = false
local timeToBlockExpire = 0
if blockDuration > 0 then
  local blockLeft = redis.call('PTTL', blockedKey)
  isBlocked = blockLeft > 0
  if not isBlocked then
    addHit()
    if redis.call('ZCARD', hitsKey) > limit then
      redis.call('SET', blockedKey, '1', 'PX', blockDuration)
      isBlocked = true
      blockLeft = blockDuration
      -- The built-in storage forgets the hits when a block ends; hits outliving the block would
      -- otherwise block the client again on its first request after it.
      if redis.call('PTTL', hitsKey) > blockDuration then
        redis.call('PEXPIRE', hitsKey, blockDuration)
      end
    end
  end
  if isBlocked then
    timeToBlockExpire = math.ceil(blockLeft / 1000)
  end
end

local totalHits = redis.call('ZCARD', hitsKey)
if blockDuration <= 0 then
  isBlocked = totalHits >= limit
  if isBlocked then
    totalHits = totalHits + 1
  else
    addHit()
    totalHits = totalHits + 1
  end
end

local oldest = oldestHitExpiry()
local timeToExpire = oldest and secondsUntil(oldest) or math.ceil(ttl / 1000)
if isBlocked and blockDuration <= 0 then
  timeToBlockExpire = timeToExpire
end
return { totalHits, timeToExpire, isBlocked and 1 or 0, timeToBlockExpire }
`;

/** The script registered on the client by `defineCommand` (EVALSHA, falling back to EVAL). */
interface ThrottleCommand {
  whiskeyThrottleIncrement(
    hitsKey: string,
    blockedKey: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    hitId: string,
  ): Promise<[number, number, number, number]>;
}

/**
 * `@nestjs/throttler` storage in Redis, so that every API process counts against the same limits.
 * It answers like the built-in in-memory storage (`ttl` and `blockDuration` in ms, `timeToExpire` and
 * `timeToBlockExpire` in whole seconds, rounded up), except that `timeToBlockExpire` is 0 rather than
 * a meaningless negative number while not blocked, and `timeToExpire` counts until the oldest counted
 * hit leaves the window (the moment a request is freed), which is the built-in storage's window end
 * while the first window lasts.
 *
 * For a home server, being reachable matters more than being throttled: when Redis fails or does not
 * answer within {@link THROTTLE_REDIS_TIMEOUT_MS}, the request is let through as if it were the
 * first, and a warning is logged at most once a minute.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private readonly redis: Redis & ThrottleCommand;
  private lastWarningAt = Number.NEGATIVE_INFINITY;

  /** @param redis client to count on; shared with other services, it only gains one script command. */
  constructor(redis: Redis) {
    redis.defineCommand('whiskeyThrottleIncrement', { numberOfKeys: 2, lua: INCREMENT_SCRIPT });
    this.redis = redis as Redis & ThrottleCommand;
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const hitsKey = `${THROTTLE_KEY_PREFIX}${throttlerName}:${key}`;
    // Redis wants whole milliseconds for PX and expiry times; a zero ttl would count nothing at all.
    const ttlMs = Math.max(1, Math.ceil(ttl));
    const blockMs = Math.ceil(blockDuration);
    try {
      const [totalHits, timeToExpire, isBlocked, timeToBlockExpire] = await withTimeout(
        this.redis.whiskeyThrottleIncrement(
          hitsKey,
          `${hitsKey}:blocked`,
          ttlMs,
          limit,
          blockMs,
          randomUUID(),
        ),
        THROTTLE_REDIS_TIMEOUT_MS,
        'Throttling in Redis',
      );
      return { totalHits, timeToExpire, isBlocked: isBlocked === 1, timeToBlockExpire };
    } catch (error) {
      this.warn(error);
      return { totalHits: 0, timeToExpire: Math.ceil(ttlMs / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  private warn(error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarningAt < WARNING_INTERVAL_MS) return;
    this.lastWarningAt = now;
    this.logger.warn(
      { err: error },
      'Redis is unavailable for throttling; requests are let through without rate limits until it is back',
    );
  }
}
