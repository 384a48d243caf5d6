import { jest } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { globSync, mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { buildDashboards, panelExpressions } from '../../grafana/src/index.js';
import { bearer, login, registerUser, type SignedIn } from '../factories/users.js';
import { freePort } from '../setup/app-process.js';
import { createTestApp, type TestApp } from '../setup/test-app.js';

/**
 * The dashboards and rules against a real Prometheus (Debian's `prometheus`; Grafana does not install
 * here): it scrapes the running app with the bearer token while the test makes traffic and one backup,
 * then every PromQL expression of every dashboard panel, recording rule and alert must be accepted by
 * Prometheus, and the core panels must show data.
 */

jest.setTimeout(90_000);

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TOKEN = 'live-prometheus-metrics-token-0123456789';
/** The files prometheus/prometheus.yml loads, read when the test runs (another change may add some). */
const RULE_GLOBS = ['prometheus/rules/*.yml', 'prometheus/alerts/*.yml'];
/** What Grafana puts in for its built-in variables, close enough to check that the queries parse. */
const GRAFANA_VARIABLES: [string, string][] = [
  ['$__rate_interval', '1m'],
  ['$__interval', '15s'],
  ['$__range', '1h'],
];
/**
 * Panels an operator looks at first; after traffic and a backup, every query of each must return
 * series. Panels that need more history (30-day SLOs, changes over a day) or rare events (errors) are
 * only checked to parse.
 */
const CORE_PANELS: [dashboard: string, panel: string][] = [
  ['whiskey-overview', 'Processes up'],
  ['whiskey-overview', 'Version'],
  ['whiskey-overview', 'Readiness checks'],
  ['whiskey-overview', 'Request rate'],
  ['whiskey-overview', '5xx ratio'],
  ['whiskey-overview', 'Latency p95 by route'],
  ['whiskey-jobs', 'Jobs waiting'],
  ['whiskey-jobs', 'Jobs active'],
  ['whiskey-backups', 'Newest good backup age'],
  ['whiskey-backups', 'Backup size'],
  ['whiskey-backups', 'Backup runs'],
  ['whiskey-backups', 'Verification results'],
  ['whiskey-collection', 'Bottles by status'],
  ['whiskey-runtime', 'Event-loop lag p99'],
  ['whiskey-runtime', 'Resident memory (RSS)'],
  ['whiskey-runtime', 'Heap'],
  ['whiskey-runtime', 'Database pool'],
];

interface Expression {
  source: string;
  expr: string;
}
interface QueryResponse {
  status: 'success' | 'error';
  error?: string;
  data?: { result: unknown[] };
}
interface RuleGroup {
  name: string;
  rules?: { record?: string; alert?: string; expr: string | number }[];
}
interface RuleFile {
  groups?: RuleGroup[];
}

/** Every rule group of the repository's rule files, with the file it is in (relative to the repository). */
function ruleGroups(): { file: string; group: RuleGroup }[] {
  return RULE_GLOBS.flatMap((pattern) => globSync(pattern, { cwd: ROOT }))
    .sort()
    .flatMap((file) =>
      ((parse(readFileSync(join(ROOT, file), 'utf8')) as RuleFile | null)?.groups ?? []).map((group) => ({
        file,
        group,
      })),
    );
}

function ruleExpressions(): Expression[] {
  return ruleGroups().flatMap(({ file, group }) =>
    (group.rules ?? []).map((rule) => ({
      source: `${file} ${rule.record ?? rule.alert ?? group.name}`,
      expr: String(rule.expr),
    })),
  );
}

function dashboardExpressions(): Expression[] {
  return buildDashboards().flatMap((dashboard) =>
    panelExpressions(dashboard).map(({ panel, expr }) => ({
      source: `${dashboard.uid} "${panel}"`,
      expr: GRAFANA_VARIABLES.reduce((text, [name, value]) => text.replaceAll(name, value), expr),
    })),
  );
}

function corePanelExpressions(): Expression[] {
  const expressions = dashboardExpressions();
  return CORE_PANELS.flatMap(([dashboard, panel]) => {
    const found = expressions.filter(({ source }) => source === `${dashboard} "${panel}"`);
    if (found.length === 0) throw new Error(`no panel "${panel}" on ${dashboard}: update CORE_PANELS`);
    return found;
  });
}

describe('dashboards and rules on a live Prometheus', () => {
  let t: TestApp;
  let work: string;
  let prometheus: ChildProcess;
  let prometheusUrl: string;
  let prometheusOutput = '';

  async function api<T>(path: string): Promise<T> {
    return (await fetch(`${prometheusUrl}${path}`)).json() as Promise<T>;
  }
  function query(expr: string): Promise<QueryResponse> {
    return api<QueryResponse>(`/api/v1/query?query=${encodeURIComponent(expr)}`);
  }
  /** Polls `probe` until it returns true or `timeoutMs` passes; returns whether it did. */
  async function eventually(probe: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (await probe().catch(() => false)) return true;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return false;
  }
  async function emptyCoreExpressions(): Promise<Expression[]> {
    const empty: Expression[] = [];
    for (const expression of corePanelExpressions()) {
      if (!(await query(expression.expr)).data?.result.length) empty.push(expression);
    }
    return empty;
  }

  async function startPrometheus(appUrl: string): Promise<void> {
    const tokenFile = join(work, 'metrics-token');
    await writeFile(tokenFile, TOKEN, { mode: 0o600 });
    const config = join(work, 'prometheus.yml');
    await writeFile(
      config,
      stringify({
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        rule_files: RULE_GLOBS.map((pattern) => join(ROOT, pattern)),
        scrape_configs: [
          {
            job_name: 'whiskey-tracker',
            metrics_path: '/metrics',
            authorization: { type: 'Bearer', credentials_file: tokenFile },
            static_configs: [{ targets: [new URL(appUrl).host] }],
          },
        ],
      }),
    );
    const data = join(work, 'data');
    mkdirSync(data);
    const port = await freePort();
    prometheusUrl = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      '/usr/bin/prometheus',
      [`--config.file=${config}`, `--storage.tsdb.path=${data}`, `--web.listen-address=127.0.0.1:${port}`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stdout?.on('data', (chunk: Buffer) => (prometheusOutput += chunk.toString()));
    prometheus.stderr?.on('data', (chunk: Buffer) => (prometheusOutput += chunk.toString()));
    const ready = await eventually(async () => {
      if (prometheus.exitCode !== null) throw new Error('exited');
      return (await fetch(`${prometheusUrl}/-/ready`)).ok;
    }, 20_000);
    if (!ready) throw new Error(`prometheus did not become ready:\n${prometheusOutput}`);
  }

  /** Signs in, lists bottles and asks for a route that does not exist: 2xx and 4xx traffic. */
  async function makeTraffic(): Promise<SignedIn> {
    const admin = await registerUser(t.app);
    const signedIn = await login(t.app, admin.user.email);
    for (let i = 0; i < 5; i += 1) {
      const bottles = await t.app.inject({
        method: 'GET',
        url: '/api/v1/bottles',
        headers: bearer(signedIn.accessToken),
      });
      expect(bottles.statusCode).toBe(200);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' })).statusCode).toBe(404);
    return signedIn;
  }

  /** One small backup (no photos) of a new policy to a local folder, returned once it has ended. */
  async function runBackup(admin: SignedIn): Promise<Record<string, unknown>> {
    const send = async (method: 'GET' | 'POST', url: string, payload?: object) => {
      const res = await t.app.inject({ method, url, payload, headers: bearer(admin.accessToken) });
      if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
      return res.json<Record<string, unknown>>();
    };
    const root = join(t.config.dataDir, 'backup-target');
    mkdirSync(root);
    const provider = await send('POST', '/api/v1/storage/providers', {
      name: 'Local folder',
      settings: { type: 'local', root },
    });
    const policy = await send('POST', '/api/v1/backups/policies', {
      name: 'Live check',
      schedule: '0 3 * * *',
      timeZone: 'UTC',
      retention: { last: 1 },
      targetIds: [provider.id],
      includePhotos: false,
    });
    const { runId } = await send('POST', `/api/v1/backups/policies/${String(policy.id)}/run`);
    let run: Record<string, unknown> = {};
    await eventually(async () => {
      run = await send('GET', `/api/v1/backups/runs/${String(runId)}`);
      return run.status === 'verified' || run.status === 'failed';
    }, 30_000);
    return run;
  }

  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN: TOKEN });
    await t.app.listen(0, '127.0.0.1');
    work = await mkdtemp(join(tmpdir(), 'whiskey-prometheus-'));
    await startPrometheus(await t.app.getUrl());
    const admin = await makeTraffic();
    // A run stuck in `queued` here may mean another test shares this Redis database (TEST_REDIS_DB_OFFSET).
    expect(await runBackup(admin)).toMatchObject({ status: 'verified', error: null });
    // Scrapes after the traffic and the backup, and a rule evaluation after those (groups with an
    // interval of their own, such as the 30-day windows' minute, are not waited for).
    await eventually(async () => (await emptyCoreExpressions()).length === 0, 20_000);
    const since = Date.now();
    await eventually(async () => {
      const { data } = await api<{ data: { groups: { interval: number; lastEvaluation: string }[] } }>(
        '/api/v1/rules',
      );
      return data.groups.every((group) => group.interval > 1 || Date.parse(group.lastEvaluation) > since);
    }, 10_000);
  });

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = once(prometheus, 'exit');
      prometheus.kill('SIGTERM');
      const timer = setTimeout(() => prometheus.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await t?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('scrapes the app with the bearer token and loads every rule file of the repository', async () => {
    const targets = await api<{ data: { activeTargets: { health: string; lastError: string }[] } }>(
      '/api/v1/targets',
    );
    expect(targets.data.activeTargets).toEqual([expect.objectContaining({ health: 'up', lastError: '' })]);
    const loaded = await api<{ data: { groups: { file: string; name: string }[] } }>('/api/v1/rules');
    const expected = ruleGroups().map(({ file, group }) => `${file} ${group.name}`);
    expect(loaded.data.groups.map((group) => `${relative(ROOT, group.file)} ${group.name}`).sort()).toEqual(
      expected.sort(),
    );
  });

  it('accepts every PromQL expression of every dashboard panel, recording rule and alert', async () => {
    const expressions = [...dashboardExpressions(), ...ruleExpressions()];
    const failures: string[] = [];
    for (const { source, expr } of expressions) {
      const response = await query(expr);
      if (response.status !== 'success') failures.push(`${source}: ${expr}\n  ${response.error}`);
    }
    expect(failures).toEqual([]);
  });

  it('shows data on the core panels after traffic and a backup', async () => {
    const empty = await emptyCoreExpressions();
    expect(empty.map(({ source, expr }) => `${source}: ${expr}`)).toEqual([]);
  });
});
