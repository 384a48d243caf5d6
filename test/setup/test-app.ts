import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { pino, type DestinationStream, type Logger } from 'pino';
import { ROOT_LOGGER } from '../../src/common/logging/logging.module.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createHttpApp } from '../../src/http-app.js';
import { ContractProbeModule } from './contract-probe.module.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

/**
 * Redis logical database of this Jest worker (1–12), so parallel test files never share queues.
 * TEST_REDIS_DB_OFFSET shifts the range for a second test run on the same Redis.
 */
export function testRedisUrl(): string {
  const worker = Number(process.env.JEST_WORKER_ID ?? '1');
  const offset = Number(process.env.TEST_REDIS_DB_OFFSET ?? '0');
  const base = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  return `${base}/${((worker - 1 + offset) % 12) + 1}`;
}

/** Environment of a test instance; tests override what they exercise. */
export function testEnvironment(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
    LOG_LEVEL: 'silent',
    REDIS_URL: testRedisUrl(),
    // Tests sign in far more often than people do; the rate-limit test sets its own limit.
    AUTH_RATE_LIMIT: '10000',
    ...overrides,
  };
}

/** A running application on its own database, with a clean Redis database. */
export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  database: TestDatabase;
  close(): Promise<void>;
}

/** Empties this worker's Redis database (queues, counters) before a test file starts. */
export async function flushTestRedis(): Promise<void> {
  const redis = new Redis(testRedisUrl());
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

/**
 * Boots the real application (real PostgreSQL and Redis) on a fresh copy of the migrated template.
 * Requests go through `app.inject()` unless a test listens on a port itself. `probes` mounts the
 * contract probe routes under /api/v1/probe; `keepRedis` skips emptying Redis (a second process of
 * the same instance).
 */
export async function createTestApp(
  env: Record<string, string> = {},
  options: { probes?: boolean; keepRedis?: boolean } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'whiskey-test-'));
  if (!options.keepRedis) await flushTestRedis();
  const config = loadConfig(testEnvironment({ DATABASE_URL: database.url, DATA_DIR: dataDir, ...env }));
  const app = await createHttpApp(config, { imports: options.probes ? [ContractProbeModule] : [] });
  return {
    app,
    config,
    database,
    close: async () => {
      await app.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every line `t` logs from now on, kept instead of printed (for scans of what the log reveals). */
export function captureLogs(t: TestApp): string[] {
  const lines: string[] = [];
  const logger = t.app.get<Logger>(ROOT_LOGGER);
  const stream = (logger as unknown as Record<symbol, DestinationStream>)[pino.symbols.streamSym];
  stream.write = (line: string) => {
    lines.push(line);
  };
  return lines;
}
