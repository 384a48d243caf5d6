import { EntityManager, type PostgreSqlConnection } from '@mikro-orm/postgresql';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { MetricsService } from './metrics.service.js';

type Pool = Awaited<ReturnType<PostgreSqlConnection['getNativeClient']>>;

/**
 * Exposes `whiskey_db_pool_connections{state}`: connections of this process's PostgreSQL pool that
 * run a query or transaction (`used`), sit idle in the pool (`free`), and requests queued for a
 * connection (`pending`, e.g. because the pool is at its maximum). Read from the `pg` Pool behind
 * MikroORM (totalCount, idleCount, waitingCount): counters in memory, no query.
 */
@Injectable()
export class DatabasePoolCollector implements OnApplicationBootstrap {
  /** MikroORM creates its pool when it connects and keeps it for the life of the ORM. */
  private pool: Pool | undefined;

  constructor(
    metrics: MetricsService,
    private readonly em: EntityManager,
  ) {
    const gauge = metrics.gauge({
      name: 'whiskey_db_pool_connections',
      help: "Connections of this process's PostgreSQL pool: used (busy), free (idle) and pending (requests waiting for one).",
      labelNames: ['state'] as const,
      // Synchronous on purpose: prom-client starts every collect of a scrape at once, and reading the
      // pool before awaiting anything counts it before this scrape's own queries (readiness, backups).
      collect: () => {
        gauge.reset();
        if (!this.pool) return;
        gauge.set({ state: 'used' }, this.pool.totalCount - this.pool.idleCount);
        gauge.set({ state: 'free' }, this.pool.idleCount);
        gauge.set({ state: 'pending' }, this.pool.waitingCount);
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.pool = await this.em.getConnection().getNativeClient();
  }
}
