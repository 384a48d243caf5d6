import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboard, eventsWithin, finish, row, stat, timeSeries } from '../panels.js';

/**
 * The instance's collection in numbers. The collection metrics are totals over all households,
 * computed by a periodic job and exposed alike by every process (hence max()), so they move in steps.
 * The pours and sessions "counters" count rows, which can fall: they are shown as values or changes,
 * never through rate() or increase(), which would read a fall as a reset.
 */
export function collectionDashboard(): Dashboard {
  return finish(
    dashboard(
      'whiskey-collection',
      'Whiskey Tracker / Collection',
      'What the instance holds: bottles by status, value paid and estimated, pours and tastings. Totals over all households, refreshed by a periodic job.',
    )
      .withRow(row('Bottles'))
      .withPanel(
        stat({
          title: 'Bottles',
          description: 'Bottles by status across all households, at the last periodic count.',
          unit: 'short',
          width: 24,
          queries: [{ expr: 'max by (status) (whiskey_collection_bottles)', legend: '{{status}}' }],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Bottles by status',
          description: 'Bottles by status across all households, over time.',
          unit: 'short',
          min: 0,
          queries: [{ expr: 'max by (status) (whiskey_collection_bottles)', legend: '{{status}}' }],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Value paid vs estimated',
          description:
            'Sum of purchase prices (paid) and of current estimates (estimated), one series per currency: amounts in different currencies are not converted.',
          unit: 'short',
          min: 0,
          queries: [
            { expr: 'max by (kind, currency) (whiskey_collection_value)', legend: '{{kind}} ({{currency}})' },
          ],
        }),
      )
      .withRow(row('Drinking'))
      .withPanel(
        timeSeries({
          title: 'Pours per day',
          description:
            'Change of the number of pours in the ledger over the preceding 24 hours, across all households (undone pours subtract; empty during the first day).',
          unit: 'short',
          queries: [
            {
              expr: 'max(whiskey_collection_pours_total) - max(whiskey_collection_pours_total offset 1d)',
              legend: 'pours',
            },
          ],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Tasting sessions',
          description:
            'Tasting sessions by status (planned, live, finished, cancelled), across all households.',
          unit: 'short',
          min: 0,
          queries: [{ expr: 'max by (status) (whiskey_tasting_sessions_total)', legend: '{{status}}' }],
        }),
      )
      .withPanel(
        timeSeries({
          title: 'Tasting notes per day',
          description: 'Tasting notes written in the preceding 24 hours, by kind.',
          unit: 'short',
          width: 24,
          min: 0,
          queries: [
            { expr: eventsWithin('whiskey_tasting_notes_total', ['kind'], '1d'), legend: '{{kind}}' },
          ],
        }),
      ),
  );
}
