import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { RedisThrottlerStorage, THROTTLE_KEY_PREFIX } from './redis-throttler.storage.js';

/** Logical database 13 is this spec's own; other test runs use 1–12 concurrently. */
const REDIS_URL = 'redis://127.0.0.1:6379/13';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RedisThrottlerStorage', () => {
  // A throttler name of this run's own instead of FLUSHDB: the login-attempts spec shares database 13
  // and Jest runs both files at the same time, so flushing would wipe its keys mid-test.
  const throttler = `spec-${randomUUID()}`;
  let redis: Redis;
  let storage: RedisThrottlerStorage;
  let key: string;

  beforeAll(() => {
    redis = new Redis(REDIS_URL);
    storage = new RedisThrottlerStorage(redis);
  });
  beforeEach(() => {
    key = randomUUID();
  });
  afterAll(async () => {
    const keys = await redis.keys(`${THROTTLE_KEY_PREFIX}${throttler}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  const hit = (ttl: number, limit: number, blockDuration: number, store = storage) =>
    store.increment(key, ttl, limit, blockDuration, throttler);

  it('counts hits within the ttl and forgets them after it', async () => {
    expect(await hit(300, 10, 300)).toEqual({
      totalHits: 1,
      timeToExpire: 1,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
    expect((await hit(300, 10, 300)).totalHits).toBe(2);
    expect((await hit(300, 10, 300)).totalHits).toBe(3);

    await sleep(350);
    expect(await hit(300, 10, 300)).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('counts in a sliding window, like the built-in storage', async () => {
    await hit(1000, 10, 1000);
    await sleep(600);
    await hit(1000, 10, 1000);
    await sleep(500);
    // The first hit has left the window, the second has not.
    expect((await hit(1000, 10, 1000)).totalHits).toBe(2);
  });

  it('blocks for blockDuration once the limit is exceeded, without counting blocked hits', async () => {
    expect(await hit(10_000, 2, 1500)).toMatchObject({ totalHits: 1, isBlocked: false });
    expect(await hit(10_000, 2, 1500)).toMatchObject({ totalHits: 2, isBlocked: false });
    expect(await hit(10_000, 2, 1500)).toEqual({
      totalHits: 3,
      timeToExpire: 10,
      isBlocked: true,
      timeToBlockExpire: 2,
    });
    expect(await hit(10_000, 2, 1500)).toMatchObject({ totalHits: 3, isBlocked: true, timeToBlockExpire: 2 });
  });

  it('starts a fresh count when the block ends, even if the ttl is longer', async () => {
    for (let i = 0; i < 3; i++) await hit(10_000, 2, 300);
    expect((await hit(10_000, 2, 300)).isBlocked).toBe(true);

    await sleep(350);
    expect(await hit(10_000, 2, 300)).toMatchObject({ totalHits: 1, isBlocked: false, timeToBlockExpire: 0 });
  });

  it('without a block duration, refuses hits beyond the limit until the oldest expires', async () => {
    await hit(2000, 2, 0);
    await hit(2000, 2, 0);
    expect(await hit(2000, 2, 0)).toEqual({
      totalHits: 3,
      timeToExpire: 2,
      isBlocked: true,
      timeToBlockExpire: 2,
    });
    expect(await redis.zcard(`${THROTTLE_KEY_PREFIX}${throttler}:${key}`)).toBe(2);
    expect(await redis.exists(`${THROTTLE_KEY_PREFIX}${throttler}:${key}:blocked`)).toBe(0);
  });

  it('shares counts between processes (two storages on two connections)', async () => {
    const other = new Redis(REDIS_URL);
    try {
      const otherStorage = new RedisThrottlerStorage(other);
      await hit(10_000, 3, 10_000);
      await hit(10_000, 3, 10_000, otherStorage);
      expect((await hit(10_000, 3, 10_000)).totalHits).toBe(3);
      expect((await hit(10_000, 3, 10_000, otherStorage)).isBlocked).toBe(true);
      expect((await hit(10_000, 3, 10_000)).isBlocked).toBe(true);
    } finally {
      await other.quit();
    }
  });

  it('is atomic: concurrent hits from two connections never let more than the limit through', async () => {
    const other = new Redis(REDIS_URL);
    try {
      const otherStorage = new RedisThrottlerStorage(other);
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => hit(10_000, 10, 10_000, i % 2 ? otherStorage : storage)),
      );
      expect(results.filter((r) => !r.isBlocked)).toHaveLength(10);
    } finally {
      await other.quit();
    }
  });

  it('leaves keys that expire by themselves', async () => {
    for (let i = 0; i < 3; i++) await hit(5000, 2, 3000);
    const hits = await redis.pttl(`${THROTTLE_KEY_PREFIX}${throttler}:${key}`);
    const blocked = await redis.pttl(`${THROTTLE_KEY_PREFIX}${throttler}:${key}:blocked`);
    expect(hits).toBeGreaterThan(0);
    expect(hits).toBeLessThanOrEqual(3000);
    expect(blocked).toBeGreaterThan(0);
    expect(blocked).toBeLessThanOrEqual(3000);

    const otherKey = randomUUID();
    await storage.increment(otherKey, 5000, 2, 3000, throttler);
    const fresh = await redis.pttl(`${THROTTLE_KEY_PREFIX}${throttler}:${otherKey}`);
    expect(fresh).toBeGreaterThan(4000);
    expect(fresh).toBeLessThanOrEqual(5000);
  });

  describe('when Redis cannot be used', () => {
    let warn: jest.SpiedFunction<Logger['warn']>;
    beforeEach(() => {
      warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    });
    afterEach(() => warn.mockRestore());

    it('lets requests through when Redis is unreachable, warning once', async () => {
      const down = new Redis('redis://127.0.0.1:1', {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        lazyConnect: true,
        retryStrategy: () => null,
      });
      try {
        const offline = new RedisThrottlerStorage(down);
        for (let i = 0; i < 3; i++) {
          expect(await hit(1000, 1, 1000, offline)).toEqual({
            totalHits: 0,
            timeToExpire: 1,
            isBlocked: false,
            timeToBlockExpire: 0,
          });
        }
        expect(warn).toHaveBeenCalledTimes(1);
      } finally {
        down.disconnect();
      }
    });

    it('does not hold requests when Redis accepts the connection but never answers', async () => {
      const sockets = new Set<Socket>();
      const silent: Server = createServer((socket) => sockets.add(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as { port: number };
      // No ready check nor client info: the client must reach `ready` and then wait on a command.
      const hung = new Redis({
        port,
        host: '127.0.0.1',
        enableReadyCheck: false,
        disableClientInfo: true,
        enableOfflineQueue: false,
      });
      try {
        await new Promise((resolve) => hung.once('ready', resolve));
        const started = Date.now();
        expect(await hit(1000, 1, 1000, new RedisThrottlerStorage(hung))).toMatchObject({ isBlocked: false });
        expect(Date.now() - started).toBeLessThan(2000);
        expect(warn).toHaveBeenCalledTimes(1);
      } finally {
        hung.disconnect();
        for (const socket of sockets) socket.destroy();
        await new Promise((resolve) => silent.close(resolve));
      }
    });
  });
});
