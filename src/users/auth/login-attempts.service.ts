import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createHash } from 'node:crypto';
import { Counter } from 'prom-client';
import { TooManyRequestsError } from '../../common/errors/too-many-requests.error.js';
import { withTimeout } from '../../common/with-timeout.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import { REDIS } from '../../redis/redis.module.js';

/** Prefix of the failure counters: `whiskey:login-failures:<sha256 of the account>` and `…:locked`. */
export const LOGIN_FAILURES_KEY_PREFIX = 'whiskey:login-failures:';

/** Consecutive failures from which an account is locked (for 1 s, then 2 s, 4 s, …). */
export const LOCK_FROM_FAILURE = 5;

/** Longest lock, however many failures: long enough to make guessing useless, short enough for the owner. */
export const MAX_LOCK_MS = 15 * 60_000;

/** Failures are forgotten this long after the last one. */
export const FAILURE_MEMORY_MS = 60 * 60_000;

/** How long one check may wait for Redis before the login goes ahead without it. */
const REDIS_TIMEOUT_MS = 1000;

/** Interval between two warnings about Redis being unusable, so an outage does not flood the log. */
const WARNING_INTERVAL_MS = 60_000;

/**
 * Counts one failure and, from the {@link LOCK_FROM_FAILURE}th on, locks the account for
 * 2^(failures − threshold) s capped at {@link MAX_LOCK_MS}, in one atomic step so that parallel
 * guesses cannot slip between counting and locking.
 *
 * KEYS: failures (counter), locked (PX = lock). ARGV: memory ms, threshold, max lock ms.
 * Returns: the number of consecutive failures and the lock in ms (0 if none).
 */
const RECORD_FAILURE_SCRIPT = `
local failures = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
local threshold, maxLock = tonumber(ARGV[2]), tonumber(ARGV[3])
if failures < threshold then
  return { failures, 0 }
end
local lock = math.min(1000 * 2 ^ (failures - threshold), maxLock)
redis.call('SET', KEYS[2], failures, 'PX', string.format('%d', lock))
return { failures, lock }
`;

/** The script registered on the client by `defineCommand` (EVALSHA, falling back to EVAL). */
interface RecordFailureCommand {
  whiskeyRecordLoginFailure(
    failuresKey: string,
    lockedKey: string,
    memoryMs: number,
    threshold: number,
    maxLockMs: number,
  ): Promise<[number, number]>;
}

/**
 * Per-account backoff against password guessing, shared by every API process through Redis. The
 * account is identified by its lowercased, trimmed name, and only its SHA-256 appears in Redis keys
 * so that the database never lists email addresses.
 *
 * When Redis fails or does not answer, logins go ahead (a home server must stay usable) and a
 * warning is logged at most once a minute; the per-IP throttling still applies where Redis works.
 */
@Injectable()
export class LoginAttempts {
  private readonly logger = new Logger(LoginAttempts.name);
  private readonly redis: Redis & RecordFailureCommand;
  private readonly lockouts?: Counter;
  private lastWarningAt = Number.NEGATIVE_INFINITY;

  constructor(@Inject(REDIS) redis: Redis, @Optional() metrics?: MetricsService) {
    redis.defineCommand('whiskeyRecordLoginFailure', { numberOfKeys: 2, lua: RECORD_FAILURE_SCRIPT });
    this.redis = redis as Redis & RecordFailureCommand;
    if (metrics) {
      this.lockouts = new Counter({
        name: 'whiskey_auth_login_lockouts_total',
        help: 'Accounts locked after repeated failed logins (each lock, including every extension).',
        registers: [metrics.registry],
      });
    }
  }

  /** Throws {@link TooManyRequestsError} while the account is locked after repeated failures. */
  async assertAllowed(account: string): Promise<void> {
    const { locked } = this.keys(account);
    const lockLeftMs = await this.safely(() => this.redis.pttl(locked), 0);
    if (lockLeftMs > 0) {
      const retryAfterSeconds = Math.ceil(lockLeftMs / 1000);
      throw new TooManyRequestsError(
        `Too many failed logins for this account; try again in ${retryAfterSeconds} s`,
        retryAfterSeconds,
      );
    }
  }

  /** Counts a failed login (wrong password or unknown account alike, so that locks reveal nothing). */
  async recordFailure(account: string): Promise<void> {
    const { failures, locked } = this.keys(account);
    const [, lockMs] = await this.safely(
      () =>
        this.redis.whiskeyRecordLoginFailure(
          failures,
          locked,
          FAILURE_MEMORY_MS,
          LOCK_FROM_FAILURE,
          MAX_LOCK_MS,
        ),
      [0, 0],
    );
    if (lockMs > 0) this.lockouts?.inc();
  }

  /** Forgets the account's failures after a successful login. */
  async recordSuccess(account: string): Promise<void> {
    const { failures, locked } = this.keys(account);
    await this.safely(() => this.redis.del(failures, locked), 0);
  }

  private keys(account: string): { failures: string; locked: string } {
    const digest = createHash('sha256').update(account.trim().toLowerCase()).digest('hex');
    const failures = `${LOGIN_FAILURES_KEY_PREFIX}${digest}`;
    return { failures, locked: `${failures}:locked` };
  }

  private async safely<T>(command: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await withTimeout(command(), REDIS_TIMEOUT_MS, 'Login backoff in Redis');
    } catch (error) {
      const now = Date.now();
      if (now - this.lastWarningAt >= WARNING_INTERVAL_MS) {
        this.lastWarningAt = now;
        this.logger.warn(
          { err: error },
          'Redis is unavailable for login backoff; failed logins are not counted until it is back',
        );
      }
      return fallback;
    }
  }
}
