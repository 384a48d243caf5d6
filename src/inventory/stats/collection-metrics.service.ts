import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../../redis/redis.module.js';
import type { SessionStatus } from '../../sessions/tasting-session.entity.js';
import type { BottleStatus } from '../bottles/bottle.entity.js';
import {
  bottlesByStatus,
  pourCount,
  sessionsByStatus,
  valueByCurrency,
  type CurrencyValue,
} from './collection-metrics.queries.js';

/** Redis key of the latest {@link CollectionSnapshot}, as JSON. */
export const COLLECTION_SNAPSHOT_KEY = 'whiskey:metrics:collection';

/** The collection of the whole instance in numbers, as the periodic job last computed it. */
export interface CollectionSnapshot {
  /** ISO 8601 time the figures were read. */
  computedAt: string;
  bottles: Record<BottleStatus, number>;
  /** Paid and estimated value of the bottles on hand, per currency. */
  value: CurrencyValue[];
  pours: number;
  sessions: Record<SessionStatus, number>;
}

/**
 * Computes the instance's collection totals for the metrics and shares them through Redis. The
 * aggregates scan whole tables, so they run in the worker's periodic `system` job rather than at every
 * scrape of every process; each process's /metrics then reads the one stored snapshot.
 */
@Injectable()
export class CollectionMetricsService {
  constructor(
    private readonly em: EntityManager,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /**
   * Computes the snapshot and stores it. The four queries run one after the other outside a
   * transaction: the figures are separate metrics, so one snapshot across them buys nothing, and a
   * transaction cut off by the server (the database dropped in a test) kept its pooled connection
   * checked out in MikroORM 7.2.1, after which closing the pool hung at shutdown.
   */
  async refresh(): Promise<CollectionSnapshot> {
    const em = this.em.fork();
    const snapshot: CollectionSnapshot = {
      computedAt: new Date().toISOString(),
      bottles: await bottlesByStatus(em, 'instance'),
      value: await valueByCurrency(em, 'instance'),
      pours: await pourCount(em, 'instance'),
      sessions: await sessionsByStatus(em, 'instance'),
    };
    await this.redis.set(COLLECTION_SNAPSHOT_KEY, JSON.stringify(snapshot));
    return snapshot;
  }

  /** The stored snapshot; undefined when none was computed yet (or Redis lost it). */
  async latest(): Promise<CollectionSnapshot | undefined> {
    const json = await this.redis.get(COLLECTION_SNAPSHOT_KEY);
    return json === null ? undefined : (JSON.parse(json) as CollectionSnapshot);
  }
}
