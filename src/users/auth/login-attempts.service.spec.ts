import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { createHash, randomUUID } from 'node:crypto';
import { TooManyRequestsError } from '../../common/errors/too-many-requests.error.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import { LOGIN_FAILURES_KEY_PREFIX, LoginAttempts } from './login-attempts.service.js';

/** Logical database 13 is this spec's own; other test runs use 1–12 concurrently. */
const REDIS_URL = 'redis://127.0.0.1:6379/13';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const keyOf = (account: string) =>
  `${LOGIN_FAILURES_KEY_PREFIX}${createHash('sha256').update(account.toLowerCase()).digest('hex')}`;

describe('LoginAttempts', () => {
  // Accounts of this run's own instead of FLUSHDB: the throttler spec shares database 13 and Jest runs
  // both files at the same time, so flushing would wipe its keys mid-test.
  const used = new Set<string>();
  let redis: Redis;
  let attempts: LoginAttempts;
  let alice: string;

  const account = (name: string) => {
    const email = `${name}-${randomUUID()}@example.test`;
    used.add(email);
    return email;
  };
  const fail = async (who: string, times: number) => {
    for (let i = 0; i < times; i++) await attempts.recordFailure(who);
  };
  const lockOf = (who: string) =>
    attempts.assertAllowed(who).then(
      () => undefined,
      (error: unknown) => error,
    );

  beforeAll(() => {
    redis = new Redis(REDIS_URL);
    attempts = new LoginAttempts(redis);
  });
  beforeEach(() => {
    alice = account('alice');
  });
  afterAll(async () => {
    const keys = [...used].flatMap((email) => [keyOf(email), `${keyOf(email)}:locked`]);
    await redis.del(...keys);
    await redis.quit();
  });

  it('allows four failures, locks from the fifth and unlocks after the backoff', async () => {
    await fail(alice, 4);
    await expect(attempts.assertAllowed(alice)).resolves.toBeUndefined();

    await fail(alice, 1);
    const error = await lockOf(alice);
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect(error).toMatchObject({ status: 429, title: 'Too Many Requests', retryAfterSeconds: 1 });

    await sleep(1100);
    await expect(attempts.assertAllowed(alice)).resolves.toBeUndefined();
  });

  it('doubles the lock with each further failure', async () => {
    await fail(alice, 5);
    await sleep(1100);
    await fail(alice, 1);
    expect(await lockOf(alice)).toMatchObject({ retryAfterSeconds: 2 });
    expect(await redis.pttl(`${keyOf(alice)}:locked`)).toBeGreaterThan(1500);

    await fail(alice, 1);
    expect(await lockOf(alice)).toMatchObject({ retryAfterSeconds: 4 });
  });

  it('caps the lock at 15 minutes', async () => {
    await fail(alice, 30);
    expect(await lockOf(alice)).toMatchObject({ retryAfterSeconds: 900 });
  });

  it('forgets failures an hour after the last one', async () => {
    await fail(alice, 2);
    const ttl = await redis.pttl(keyOf(alice));
    expect(ttl).toBeGreaterThan(3_590_000);
    expect(ttl).toBeLessThanOrEqual(3_600_000);
  });

  it('starts over after a success', async () => {
    await fail(alice, 4);
    await attempts.recordSuccess(alice);
    await fail(alice, 4);
    await expect(attempts.assertAllowed(alice)).resolves.toBeUndefined();
  });

  it('keeps accounts independent', async () => {
    const bob = account('bob');
    await fail(alice, 5);
    await expect(attempts.assertAllowed(bob)).resolves.toBeUndefined();
    await fail(bob, 4);
    await expect(attempts.assertAllowed(bob)).resolves.toBeUndefined();
  });

  it('treats the account case-insensitively and ignores surrounding spaces', async () => {
    const upper = alice.replace('alice', 'Alice');
    await fail(upper, 3);
    await fail(alice, 2);
    expect(await lockOf(alice)).toBeInstanceOf(TooManyRequestsError);
    expect(await lockOf(upper.toUpperCase())).toBeInstanceOf(TooManyRequestsError);
    expect(await lockOf(` ${alice} `)).toBeInstanceOf(TooManyRequestsError);
  });

  it('never writes the account name into Redis keys', async () => {
    await fail(alice, 5);
    const keys = await redis.keys(`${LOGIN_FAILURES_KEY_PREFIX}*`);
    expect(keys).toEqual(expect.arrayContaining([keyOf(alice), `${keyOf(alice)}:locked`]));
    expect(keys.filter((k) => k.toLowerCase().includes('alice'))).toEqual([]);
  });

  it('counts lockouts in metrics', async () => {
    const metrics = new MetricsService();
    const counted = new LoginAttempts(redis, metrics);
    for (let i = 0; i < 6; i++) await counted.recordFailure(alice);
    const lockouts = await metrics.registry.getSingleMetricAsString('whiskey_auth_login_lockouts_total');
    expect(lockouts).toContain('whiskey_auth_login_lockouts_total 2');
  });

  it('lets logins through when Redis is unreachable, warning once', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const down = new Redis('redis://127.0.0.1:1', {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    try {
      const offline = new LoginAttempts(down);
      for (let i = 0; i < 6; i++) await offline.recordFailure(alice);
      await expect(offline.assertAllowed(alice)).resolves.toBeUndefined();
      await expect(offline.recordSuccess(alice)).resolves.toBeUndefined();
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      down.disconnect();
      warn.mockRestore();
    }
  });
});
