import { execFile } from 'node:child_process';
import { existsSync, globSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';

/**
 * The alerting of issue 12, checked with the tools Prometheus and Alertmanager ship: every rule file
 * passes `promtool check rules`, the unit tests of prometheus/tests pass `promtool test rules` (each
 * alert fires when it should and stays silent when it should not), and the Alertmanager configuration
 * passes `amtool check-config` and renders its mail. Then what the tools do not check: every alert
 * carries a severity, a summary, a description and a runbook that exists, and has a test that makes
 * it fire. (`promtool check config` of prometheus/prometheus.yml is in test/integration/deployment.spec.ts.)
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PROMETHEUS_DIR = join(ROOT, 'prometheus');
const ALERTMANAGER_CONFIG = join(PROMETHEUS_DIR, 'alertmanager/alertmanager.yml');
const RUNBOOKS_DIR = join(ROOT, 'docs/runbooks');
const RUNBOOK_BASE_URL = 'https://github.com/whiskey-tracker/whiskey-tracker/blob/main/docs/runbooks/';
const SEVERITIES = ['page', 'ticket'];
/** The Debian package that provides each tool. */
const PACKAGES: Record<string, string> = { promtool: 'prometheus', amtool: 'prometheus-alertmanager' };

interface AlertRule {
  alert: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleFile {
  groups: { name: string; rules: (AlertRule | { record: string })[] }[];
}
interface RuleTestFile {
  tests: { name?: string; alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[];
}
interface AlertmanagerConfig {
  inhibit_rules?: { source_matchers?: string[]; target_matchers?: string[] }[];
}
interface ComposeService {
  profiles?: string[];
  command?: string[];
  volumes?: string[];
}

const readYaml = <T>(path: string): T => parse(readFileSync(path, 'utf8')) as T;

/** Runs a tool and returns its output; a failure shows the tool's own explanation. */
async function run(tool: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(tool, args, { cwd: ROOT, timeout: 120_000 });
    return stdout;
  } catch (error) {
    const { code, stdout, stderr } = error as { code?: unknown; stdout?: string; stderr?: string };
    if (code === 'ENOENT') {
      throw new Error(`${tool} is missing: install the Debian package ${PACKAGES[tool]}`, { cause: error });
    }
    throw new Error(`${tool} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`, { cause: error });
  }
}

/** The rule files prometheus.yml loads (its globs are relative to it). */
function ruleFiles(): string[] {
  const { rule_files: globs } = readYaml<{ rule_files: string[] }>(join(PROMETHEUS_DIR, 'prometheus.yml'));
  return globs
    .flatMap((glob) => globSync(glob, { cwd: PROMETHEUS_DIR }))
    .map((file) => join(PROMETHEUS_DIR, file));
}

const testFiles = globSync('prometheus/tests/*.test.yml', { cwd: ROOT }).sort();
const alerts = ruleFiles().flatMap((file) =>
  readYaml<RuleFile>(file).groups.flatMap((group) =>
    group.rules.filter((rule): rule is AlertRule => 'alert' in rule),
  ),
);
const alertNames = alerts.map((rule) => rule.alert);

/** `WhiskeyAppDown` → `whiskey-app-down`: the runbook's file name. */
const kebab = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** `a|(b|c)d` → [`a`, `(b|c)d`]: the alternatives of a regular expression at its top level. */
function alternatives(pattern: string): string[] {
  const parts = [''];
  let depth = 0;
  for (const char of pattern) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === '|' && depth === 0) parts.push('');
    else parts[parts.length - 1] += char;
  }
  return parts;
}

describe('Prometheus rules and alerts', () => {
  it('finds the rule files prometheus.yml loads, alerts among them', () => {
    expect(ruleFiles().length).toBeGreaterThanOrEqual(2);
    expect(alertNames.length).toBeGreaterThan(0);
    expect(new Set(alertNames).size).toBe(alertNames.length);
  });

  it('passes `promtool check rules`', async () => {
    await run('promtool', ['check', 'rules', ...ruleFiles()]);
  });

  it('passes its unit tests (`promtool test rules prometheus/tests/*.test.yml`)', async () => {
    expect(testFiles.length).toBeGreaterThan(0);
    await run('promtool', ['test', 'rules', ...testFiles]);
    // Each test file replays hours of series: a busy machine needs well over the default 30 s.
  }, 120_000);

  it('has a test in which each alert fires and one in which it stays silent', () => {
    const cases = testFiles.flatMap((file) =>
      readYaml<RuleTestFile>(join(ROOT, file)).tests.flatMap((test) => test.alert_rule_test ?? []),
    );
    const untested = alertNames.flatMap((name) => {
      const own = cases.filter((test) => test.alertname === name);
      return [
        ...(own.some((test) => (test.exp_alerts ?? []).length > 0)
          ? []
          : [`${name}: no case where it fires`]),
        ...(own.some((test) => (test.exp_alerts ?? []).length === 0) ? [] : [`${name}: no silent case`]),
      ];
    });
    expect(untested).toEqual([]);
  });

  it('gives every alert a severity, a summary, a description and its runbook', () => {
    const incomplete = alerts.flatMap(({ alert, labels = {}, annotations = {} }) => {
      const runbook = `${kebab(alert)}.md`;
      return [
        ...(SEVERITIES.includes(labels.severity ?? '') ? [] : [`${alert}: severity must be page or ticket`]),
        ...(annotations.summary ? [] : [`${alert}: no summary`]),
        ...(annotations.description ? [] : [`${alert}: no description`]),
        ...(annotations.runbook_url === `${RUNBOOK_BASE_URL}${runbook}`
          ? []
          : [`${alert}: runbook_url must be ${RUNBOOK_BASE_URL}${runbook}`]),
        ...(existsSync(join(RUNBOOKS_DIR, runbook)) ? [] : [`${alert}: docs/runbooks/${runbook} is missing`]),
      ];
    });
    expect(incomplete).toEqual([]);
  });

  it('keeps no runbook without its alert, and lists every runbook in docs/runbooks/README.md', () => {
    const runbooks = readdirSync(RUNBOOKS_DIR).filter((file) => file.endsWith('.md') && file !== 'README.md');
    const index = readFileSync(join(RUNBOOKS_DIR, 'README.md'), 'utf8');
    expect(runbooks.filter((file) => !alertNames.some((name) => `${kebab(name)}.md` === file))).toEqual([]);
    expect(runbooks.filter((file) => !index.includes(`](${file})`))).toEqual([]);
  });
});

describe('Alertmanager', () => {
  it('passes `amtool check-config`', async () => {
    await run('amtool', ['check-config', ALERTMANAGER_CONFIG]);
  });

  it('mails an alert with its summary, description, runbook and the time it resolved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'whiskey-alertmanager-'));
    const data = join(dir, 'data.json');
    const alert = alerts.find((rule) => rule.alert === 'WhiskeyAppDown')!;
    const labels = { alertname: alert.alert, ...alert.labels, job: 'whiskey-tracker', instance: 'app:3000' };
    const annotations = { ...alert.annotations, summary: 'The summary', description: 'The description.' };
    writeFileSync(
      data,
      JSON.stringify({
        receiver: 'email',
        status: 'resolved',
        alerts: [
          {
            status: 'resolved',
            labels,
            annotations,
            startsAt: '2026-11-20T03:00:00Z',
            endsAt: '2026-11-20T03:10:00Z',
          },
        ],
        groupLabels: { alertname: alert.alert },
        commonLabels: labels,
        commonAnnotations: annotations,
        externalURL: 'http://localhost:9093',
      }),
    );
    try {
      const render = (template: string) =>
        run('amtool', [
          'template',
          'render',
          `--template.glob=${join(PROMETHEUS_DIR, 'alertmanager/templates/*.tmpl')}`,
          `--template.data=${data}`,
          `--template.text={{ template "${template}" . }}`,
        ]);
      expect(await render('whiskey.email.subject')).toBe('[RESOLVED] page: The summary');
      const text = await render('whiskey.email.text');
      expect(text).toContain('The summary\nThe description.\n');
      expect(text).toContain(`Runbook: ${RUNBOOK_BASE_URL}whiskey-app-down.md`);
      expect(text).toContain('Since:   2026-11-20 03:00:00 UTC, resolved 2026-11-20 03:10:00 UTC');
      expect(text).toContain('http://localhost:9093');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('inhibits only with alert names that exist (a renamed alert would silently escape)', () => {
    const { inhibit_rules: rules = [] } = readYaml<AlertmanagerConfig>(ALERTMANAGER_CONFIG);
    const matchers = rules.flatMap((rule) => [
      ...(rule.source_matchers ?? []),
      ...(rule.target_matchers ?? []),
    ]);
    const unmatched = matchers.flatMap((matcher) => {
      const [, operator, value] = /^alertname\s*(=~|!~|=|!=)\s*"(.*)"$/.exec(matcher) ?? [];
      if (operator === undefined || value === undefined) return [];
      const patterns = operator.endsWith('~')
        ? alternatives(value)
        : [value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')];
      return patterns
        .filter((pattern) => !alertNames.some((name) => new RegExp(`^(?:${pattern})$`).test(name)))
        .map((pattern) => `${matcher}: ${pattern} names no alert`);
    });
    expect(matchers.length).toBeGreaterThan(0);
    expect(unmatched).toEqual([]);
  });

  it('is the compose service Prometheus sends its alerts to, reading this configuration', () => {
    const { alerting } = readYaml<{
      alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
    }>(join(PROMETHEUS_DIR, 'prometheus.yml'));
    const targets = alerting.alertmanagers.flatMap((manager) =>
      manager.static_configs.flatMap((c) => c.targets),
    );
    expect(targets).toEqual(['alertmanager:9093']);

    const { services } = readYaml<{ services: Record<string, ComposeService> }>(
      join(ROOT, 'docker-compose.yml'),
    );
    expect(services.alertmanager?.profiles).toEqual(services.prometheus?.profiles);
    const mount = services.alertmanager?.volumes?.find((volume) =>
      volume.startsWith('./prometheus/alertmanager:'),
    );
    const mountedAt = mount?.split(':')[1];
    expect(mountedAt).toBeDefined();
    expect(services.alertmanager?.command).toContain(`--config.file=${mountedAt}/alertmanager.yml`);
  });
});
