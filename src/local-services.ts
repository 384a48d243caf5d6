import type { AppConfig } from './config/app-config.js';
import { startEmbeddedPostgres } from './database/embedded-postgres.js';
import { ensureLocalRedis } from './jobs/local-redis.js';

/** The configuration with connection URLs filled in, and how to stop what was started for it. */
export interface LocalServices {
  config: AppConfig;
  stop(): Promise<void>;
}

/**
 * Starts what a development instance needs and was not given: an embedded PostgreSQL when
 * DATABASE_URL is unset, and a local redis-server when REDIS_URL is unset. Production requires both
 * URLs (the configuration refuses to load without them), so this starts nothing there.
 */
export async function startLocalServices(
  config: AppConfig,
  log: (message: string) => void,
  needs: { redis: boolean } = { redis: true },
): Promise<LocalServices> {
  const stops: (() => Promise<void>)[] = [];
  try {
    let databaseUrl: string | undefined;
    if (!config.database.url) {
      const database = await startEmbeddedPostgres(config.dataDir, log);
      stops.push(() => database.stop());
      databaseUrl = database.url;
    }
    let redisUrl: string | undefined;
    if (needs.redis && !config.redis.url) {
      const redis = await ensureLocalRedis(config.dataDir, log);
      stops.push(() => redis.stop());
      redisUrl = redis.url;
    }
    const stop = async (): Promise<void> => {
      for (const stopOne of stops.reverse()) await stopOne();
    };
    return { config: config.withConnections({ databaseUrl, redisUrl }), stop };
  } catch (error) {
    for (const stopOne of stops.reverse()) await stopOne().catch(() => undefined);
    throw error;
  }
}
