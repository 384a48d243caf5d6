import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'yaml';
import {
  buildDashboards,
  DASHBOARDS_DIR,
  dashboardPath,
  dataPanels,
  panelExpressions,
  renderDashboard,
} from '../../grafana/src/index.js';

/**
 * The Grafana dashboards are code (grafana/src); the committed JSON in grafana/dashboards is what
 * Grafana provisions, so it must be exactly what the code generates, and every panel must be usable
 * on any Prometheus data source the operator picks.
 */

const STALE = 'stale: run `npm run dashboards` and commit grafana/dashboards';
const DATASOURCE_REF = { type: 'prometheus', uid: '${datasource}' };

const dashboards = buildDashboards();

function readYaml<T>(path: string): T {
  return parse(readFileSync(path, 'utf8')) as T;
}

/** Every value stored under a `datasource` key anywhere in `value`, with where it was found. */
function datasourceRefs(value: unknown, path = ''): { path: string; ref: unknown }[] {
  if (Array.isArray(value))
    return value.flatMap((entry, index) => datasourceRefs(entry, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, entry]) => [
    ...(key === 'datasource' ? [{ path: `${path}.${key}`, ref: entry }] : []),
    ...datasourceRefs(entry, `${path}.${key}`),
  ]);
}

describe('Grafana dashboards', () => {
  it('are committed in grafana/dashboards exactly as grafana/src generates them', async () => {
    const stale: string[] = [];
    for (const dashboard of dashboards) {
      const path = dashboardPath(dashboard);
      const committed = existsSync(path) ? readFileSync(path, 'utf8') : '';
      if (committed !== (await renderDashboard(dashboard))) stale.push(basename(path));
    }
    const generated = dashboards.map((dashboard) => basename(dashboardPath(dashboard)));
    const leftover = readdirSync(DASHBOARDS_DIR).filter(
      (name) => name.endsWith('.json') && !generated.includes(name),
    );
    if (stale.length > 0 || leftover.length > 0) {
      throw new Error(`${[...stale, ...leftover].join(', ')}: ${STALE}`);
    }
  });

  it('keep their uids (links and bookmarks use them)', () => {
    expect(dashboards.map((dashboard) => dashboard.uid)).toEqual([
      'whiskey-overview',
      'whiskey-jobs',
      'whiskey-backups',
      'whiskey-collection',
      'whiskey-runtime',
    ]);
  });

  it('give every panel a title, a unit, a description and at least one query', () => {
    const lacking = dashboards.flatMap((dashboard) =>
      dataPanels(dashboard).flatMap((panel) => {
        const missing = [
          !panel.title && 'title',
          !panel.fieldConfig?.defaults.unit && 'unit',
          !panel.description && 'description',
          !(panel.targets ?? []).length && 'query',
        ].filter(Boolean);
        return missing.length > 0
          ? [`${dashboard.uid} panel ${panel.id} "${panel.title}": ${missing.join(', ')}`]
          : [];
      }),
    );
    expect(lacking).toEqual([]);
    for (const dashboard of dashboards) {
      expect(panelExpressions(dashboard).filter(({ expr }) => !expr.trim())).toEqual([]);
    }
  });

  it('take every data source from the `datasource` variable, never a fixed uid', () => {
    for (const dashboard of dashboards) {
      const json: unknown = JSON.parse(readFileSync(dashboardPath(dashboard), 'utf8'));
      const refs = datasourceRefs(json);
      expect(refs.filter(({ ref }) => JSON.stringify(ref) !== JSON.stringify(DATASOURCE_REF))).toEqual([]);
      // Each data panel and each of its queries names the variable (none falls back to the default source).
      const queries = dataPanels(dashboard).reduce((sum, panel) => sum + (panel.targets ?? []).length, 0);
      expect(refs).toHaveLength(dataPanels(dashboard).length + queries);
    }
  });

  it('default the variable to the provisioned Prometheus data source', () => {
    const provisioned = readYaml<{ datasources: { type: string; uid: string }[] }>(
      'grafana/provisioning/datasources/prometheus.yml',
    ).datasources.find((source) => source.type === 'prometheus');
    expect(provisioned?.uid).toBeTruthy();
    for (const dashboard of dashboards) {
      expect(dashboard.templating.list).toEqual([
        expect.objectContaining({
          name: 'datasource',
          type: 'datasource',
          query: 'prometheus',
          current: expect.objectContaining({ value: provisioned?.uid }),
        }),
      ]);
    }
  });

  it('are provisioned from the folder docker-compose.yml mounts grafana/dashboards at', () => {
    const provider = readYaml<{ providers: { type: string; options: { path: string } }[] }>(
      'grafana/provisioning/dashboards/dashboards.yml',
    ).providers.find((entry) => entry.type === 'file');
    const compose = readYaml<{ services: Record<string, { volumes?: string[] }> }>('docker-compose.yml');
    const mounts = (compose.services.grafana?.volumes ?? []).map((volume) => volume.split(':'));
    const dashboardsMount = mounts.find(([source]) => source.replace(/\/$/, '') === './grafana/dashboards');
    expect(dashboardsMount?.[1]).toBe(provider?.options.path);
    const provisioningMount = mounts.find(
      ([source]) => source.replace(/\/$/, '') === './grafana/provisioning',
    );
    expect(provisioningMount?.[1]).toBe('/etc/grafana/provisioning');
  });
});
