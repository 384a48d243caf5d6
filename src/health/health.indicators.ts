import { MikroORM } from '@mikro-orm/core';
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { withTimeout } from '../common/with-timeout.js';
import { SchemaStatus } from '../database/schema-status.js';
import { REDIS } from '../redis/redis.module.js';
import { messageOf } from '../common/errors/message-of.js';

/** Each dependency must answer within this time for the process to be ready. */
export const DEPENDENCY_TIMEOUT_MS = 1000;

/** The dependencies whose probes feed `whiskey_readiness_status{check}`. */
export const READINESS_CHECKS = ['database', 'redis'] as const;
export type ReadinessCheck = (typeof READINESS_CHECKS)[number];

/** The outcome of a dependency's latest probe. */
interface ProbeOutcome {
  up: boolean;
  /** `Date.now()` when the probe finished. */
  at: number;
}

/** Readiness probes of the dependencies: PostgreSQL, Redis, and the schema being up to date. */
@Injectable()
export class DependencyIndicators {
  private readonly latest = new Map<ReadinessCheck, ProbeOutcome>();

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly orm: MikroORM,
    private readonly schema: SchemaStatus,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  database(): Promise<HealthIndicatorResult> {
    return this.probe('database', () => this.orm.em.getConnection().execute('select 1'), 'PostgreSQL ping');
  }

  redisServer(): Promise<HealthIndicatorResult> {
    return this.probe('redis', () => this.redis.ping(), 'Redis ping');
  }

  /**
   * Whether `check` is up: the outcome of its latest probe (by /health/ready or an earlier call) when
   * it finished less than `maxAgeMs` ago, else the outcome of a new probe.
   */
  async isUp(check: ReadinessCheck, maxAgeMs: number): Promise<boolean> {
    const latest = this.latest.get(check);
    if (latest && Date.now() - latest.at < maxAgeMs) return latest.up;
    await (check === 'database' ? this.database() : this.redisServer());
    return this.latest.get(check)?.up ?? false;
  }

  /** Up when `work` succeeds within the timeout, down with the reason otherwise; remembers which. */
  private async probe(
    key: ReadinessCheck,
    work: () => Promise<unknown>,
    what: string,
  ): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    try {
      await withTimeout(work(), DEPENDENCY_TIMEOUT_MS, what);
      this.latest.set(key, { up: true, at: Date.now() });
      return indicator.up();
    } catch (error) {
      this.latest.set(key, { up: false, at: Date.now() });
      return indicator.down({ message: messageOf(error) });
    }
  }

  async migrations(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('migrations');
    try {
      const pending = await withTimeout(this.schema.pending(), DEPENDENCY_TIMEOUT_MS, 'migration check');
      return pending.length === 0
        ? indicator.up()
        : indicator.down({ message: 'migrations pending', pending });
    } catch (error) {
      return indicator.down({ message: messageOf(error) });
    }
  }
}
