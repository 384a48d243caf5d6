/**
 * `npm run dashboards`: writes every dashboard built in grafana/src to grafana/dashboards/<uid>.json
 * (the folder Grafana provisions) and removes JSON files of dashboards that no longer exist.
 * test/ops/dashboards.spec.ts fails when the committed files differ from what this writes.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { buildDashboards, DASHBOARDS_DIR, dashboardPath, renderDashboard } from './index.js';

mkdirSync(DASHBOARDS_DIR, { recursive: true });
const written = new Set<string>();
for (const dashboard of buildDashboards()) {
  const path = dashboardPath(dashboard);
  writeFileSync(path, await renderDashboard(dashboard));
  written.add(basename(path));
}
for (const name of readdirSync(DASHBOARDS_DIR)) {
  if (name.endsWith('.json') && !written.has(name)) rmSync(join(DASHBOARDS_DIR, name));
}
process.stderr.write(`Wrote ${[...written].sort().join(', ')} to grafana/dashboards.\n`);
