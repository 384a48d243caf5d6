import { MikroORM } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { withTimeout } from '../common/with-timeout.js';
import { pendingMigrations } from '../database/migrations.js';
import { REDIS } from '../redis/redis.module.js';

/** Each dependency must answer within this time for the process to be ready. */
export const DEPENDENCY_TIMEOUT_MS = 1000;

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Readiness probes of the dependencies: PostgreSQL, Redis, and the schema being up to date. */
@Injectable()
export class DependencyIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly orm: MikroORM,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async database(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('database');
    try {
      await withTimeout(
        this.orm.em.getConnection().execute('select 1'),
        DEPENDENCY_TIMEOUT_MS,
        'PostgreSQL ping',
      );
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: reason(error) });
    }
  }

  async redisServer(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('redis');
    try {
      await withTimeout(this.redis.ping(), DEPENDENCY_TIMEOUT_MS, 'Redis ping');
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: reason(error) });
    }
  }

  async migrations(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('migrations');
    try {
      const pending = await withTimeout(
        pendingMigrations(this.orm),
        DEPENDENCY_TIMEOUT_MS,
        'migration check',
      );
      return pending.length === 0
        ? indicator.up()
        : indicator.down({ message: 'migrations pending', pending });
    } catch (error) {
      return indicator.down({ message: reason(error) });
    }
  }
}
