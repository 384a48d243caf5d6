import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';

/** Injection token of the shared ioredis client (health checks, heartbeats, rate-limit counters). */
export const REDIS = Symbol('REDIS');

/**
 * Logs when the connection is lost (once, not at every retry) and when it is back. Without an error
 * listener ioredis would print each failed attempt to stderr, outside the application's log.
 */
function reportingConnectionState(client: Redis): Redis {
  const logger = new Logger('Redis');
  let connected = true;
  client.on('error', (error: Error) => {
    if (connected) logger.warn(`Redis connection failed (${error.message}); retrying in the background`);
    connected = false;
  });
  client.on('ready', () => {
    if (!connected) logger.log('Redis connection restored');
    connected = true;
  });
  return client;
}

/**
 * One Redis connection for the application's own commands. Commands fail at once while Redis is
 * unreachable (no offline queue), and the client keeps reconnecting in the background.
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        reportingConnectionState(
          new Redis(config.redisUrl, {
            enableOfflineQueue: false,
            maxRetriesPerRequest: 1,
            connectTimeout: 1000,
            retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
            lazyConnect: false,
          }),
        ),
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
