import { raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { withTimeout } from '../../common/with-timeout.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import { HOUSEHOLD_FILTER } from '../../users/households/household-scope.js';
import { SESSION_STATUSES, TastingSession, type SessionStatus } from '../tasting-session.entity.js';

/** A scrape must not hang when the database does; a slow count leaves the gauge empty for that scrape. */
const COUNT_TIMEOUT_MS = 1000;

/**
 * Exposes `whiskey_tasting_sessions{status}`: tasting sessions per status across the instance, counted
 * at scrape time in one grouped query. It is a gauge (sessions move between statuses), so it does not
 * end in `_total`, which `promtool check metrics` reserves for counters. No household label: that
 * would grow with the number of households.
 */
@Injectable()
export class SessionMetricsCollector {
  constructor(metrics: MetricsService, em: EntityManager) {
    const gauge = metrics.gauge({
      name: 'whiskey_tasting_sessions',
      help: 'Tasting sessions per status (planned, live, finished, cancelled) across the instance.',
      labelNames: ['status'] as const,
      collect: async () => {
        gauge.reset();
        const qb = em
          .fork()
          .createQueryBuilder(TastingSession, 's')
          .select(['s.status', raw('count(*) as sessions')])
          .groupBy('s.status');
        // Across households on purpose: the household filter is turned off explicitly.
        await qb.applyFilters({ [HOUSEHOLD_FILTER]: false });
        const rows = await withTimeout(
          qb.execute<{ status: SessionStatus; sessions: string }[]>('all', false),
          COUNT_TIMEOUT_MS,
          'session count',
        ).catch(() => undefined);
        if (!rows) return;
        const counts = new Map(rows.map((row) => [row.status, Number(row.sessions)]));
        for (const status of SESSION_STATUSES) gauge.set({ status }, counts.get(status) ?? 0);
      },
    });
  }
}
