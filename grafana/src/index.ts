import type { Dashboard, Panel, RowPanel } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Dataquery as PrometheusQuery } from '@grafana/grafana-foundation-sdk/prometheus';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { backupsDashboard } from './dashboards/backups.js';
import { collectionDashboard } from './dashboards/collection.js';
import { jobsDashboard } from './dashboards/jobs.js';
import { overviewDashboard } from './dashboards/overview.js';
import { runtimeDashboard } from './dashboards/runtime.js';

/** Folder of the generated dashboards, which Grafana's provisioning loads (grafana/dashboards). */
export const DASHBOARDS_DIR = fileURLToPath(new URL('../dashboards/', import.meta.url));

/** Every dashboard, built from code. Their uids are permanent: links and bookmarks use them. */
export function buildDashboards(): Dashboard[] {
  return [
    overviewDashboard(),
    jobsDashboard(),
    backupsDashboard(),
    collectionDashboard(),
    runtimeDashboard(),
  ];
}

/** Path of a dashboard's generated JSON: `grafana/dashboards/<uid>.json`. */
export function dashboardPath(dashboard: Dashboard): string {
  if (!dashboard.uid) throw new Error(`dashboard "${dashboard.title}" has no uid`);
  return join(DASHBOARDS_DIR, `${dashboard.uid}.json`);
}

/** `value` with the keys of every object sorted, so the JSON does not change when the SDK reorders fields. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, entry]) => [key, sortKeys(entry)]),
  );
}

/** The committed text of a dashboard: sorted keys, formatted by Prettier as `npm run format:check` expects. */
export async function renderDashboard(dashboard: Dashboard): Promise<string> {
  const path = dashboardPath(dashboard);
  const options = await resolveConfig(path);
  return format(JSON.stringify(sortKeys(dashboard)), { ...options, parser: 'json', filepath: path });
}

/** The panels that show data, rows left out (including panels inside collapsed rows). */
export function dataPanels(dashboard: Dashboard): Panel[] {
  return (dashboard.panels ?? []).flatMap((panel: Panel | RowPanel) =>
    panel.type === 'row' ? ((panel as RowPanel).panels ?? []) : [panel as Panel],
  );
}

/** Every PromQL expression of a dashboard's panels, with the panel title, as written (variables unexpanded). */
export function panelExpressions(dashboard: Dashboard): { panel: string; expr: string }[] {
  return dataPanels(dashboard).flatMap((panel) =>
    // Every target is a Prometheus query: panels.ts builds them all with the Prometheus query builder.
    (panel.targets ?? []).map((target) => ({
      panel: panel.title ?? '',
      expr: (target as PrometheusQuery).expr,
    })),
  );
}
