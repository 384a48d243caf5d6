import { Injectable } from '@nestjs/common';
import { withTimeout } from '../../common/with-timeout.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import { sharedRead } from '../../metrics/shared-read.js';
import { CollectionMetricsService, type CollectionSnapshot } from './collection-metrics.service.js';

/** A scrape must not hang when Redis does; a slow read leaves the collection metrics out of it. */
const READ_TIMEOUT_MS = 500;

/**
 * Exposes the collection totals of the whole instance (no household label: that would grow with the
 * households) from the snapshot the periodic job stores in Redis, with one GET per scrape:
 *
 * - `whiskey_collection_bottles{status}` and `whiskey_collection_value{kind="paid|estimated",currency}`
 *   are gauges: bottles change status and value goes up and down.
 * - `whiskey_collection_pours_total` and `whiskey_tasting_sessions_total{status}` are counters, because
 *   their agreed names end in `_total`, which `promtool check metrics` accepts only on counters. They
 *   are counts of rows, not of events: the pours mostly grow but an undone pour or a deleted bottle
 *   lowers them, and sessions move from status to status. Panels should show the value or its change
 *   over a window (`x - x offset 1d`), not `rate()`/`increase()`, which read any drop as a reset.
 *
 * Until the job has run once (at the worker's start, then every 5 minutes) the labelled families are
 * absent and the unlabelled pours counter reads 0 (prom-client always exposes an unlabelled series).
 */
@Injectable()
export class CollectionMetricsCollector {
  constructor(metrics: MetricsService, collection: CollectionMetricsService) {
    // One read serves the four families, whose collect functions prom-client runs at once.
    const snapshot = sharedRead(() =>
      withTimeout(collection.latest(), READ_TIMEOUT_MS, 'collection snapshot').catch(() => undefined),
    );
    const withSnapshot = async (fill: (latest: CollectionSnapshot) => void) => {
      const latest = await snapshot();
      if (latest) fill(latest);
    };

    const bottles = metrics.gauge({
      name: 'whiskey_collection_bottles',
      help: 'Bottles on the instance per status (sealed, open, finished, gifted, sold), computed every 5 minutes.',
      labelNames: ['status'] as const,
      collect: async () => {
        bottles.reset();
        await withSnapshot((latest) => {
          for (const [status, count] of Object.entries(latest.bottles)) bottles.set({ status }, count);
        });
      },
    });
    const value = metrics.gauge({
      name: 'whiskey_collection_value',
      help: 'Sum of purchase prices (kind="paid") and estimated values (kind="estimated") of the bottles on hand, per currency.',
      labelNames: ['kind', 'currency'] as const,
      collect: async () => {
        value.reset();
        await withSnapshot((latest) => {
          for (const { currency, paid, estimated } of latest.value) {
            value.set({ kind: 'paid', currency }, paid);
            value.set({ kind: 'estimated', currency }, estimated);
          }
        });
      },
    });
    const pours = metrics.counter({
      name: 'whiskey_collection_pours_total',
      help: 'Pours in the ledger of the instance, computed every 5 minutes (falls when a pour is undone).',
      collect: async () => {
        pours.reset();
        await withSnapshot((latest) => pours.inc(latest.pours));
      },
    });
    const sessions = metrics.counter({
      name: 'whiskey_tasting_sessions_total',
      help: 'Tasting sessions on the instance per status (planned, live, finished, cancelled), computed every 5 minutes.',
      labelNames: ['status'] as const,
      collect: async () => {
        sessions.reset();
        await withSnapshot((latest) => {
          for (const [status, count] of Object.entries(latest.sessions)) sessions.inc({ status }, count);
        });
      },
    });
  }
}
