import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { median, type LoadMeasurement } from './load.js';

/** The two servers every scenario is measured on. */
export type Target = 'app' | 'baseline';

/** The rounds of one target in one scenario and their medians. */
export interface TargetSummary {
  target: Target;
  url: string;
  rounds: LoadMeasurement[];
  median: { requestsPerSecond: number; latencyP50Ms: number; latencyP99Ms: number };
  /** Socket errors, timeouts and non-2xx responses over all rounds; anything but 0 fails the bench. */
  errors: number;
}

/** One scenario's result: both targets and how the application compares to the baseline. */
export interface ScenarioResult {
  name: string;
  app: TargetSummary;
  baseline: TargetSummary;
  /** app / baseline: below 1 means the application serves fewer requests per second. */
  requestsPerSecondRatio: number;
  /** app / baseline: above 1 means the application's tail latency is longer. */
  latencyP99Ratio: number;
}

/** Summarises the rounds of one target: the median of each metric, and the error total. */
export function summarise(target: Target, rounds: LoadMeasurement[]): TargetSummary {
  const first = rounds[0];
  if (!first) throw new Error(`no rounds measured for ${target}`);
  return {
    target,
    url: first.url,
    rounds,
    median: {
      requestsPerSecond: median(rounds.map((round) => round.requestsPerSecond)),
      latencyP50Ms: median(rounds.map((round) => round.latencyP50Ms)),
      latencyP99Ms: median(rounds.map((round) => round.latencyP99Ms)),
    },
    errors: rounds.reduce((sum, round) => sum + round.errors + round.non2xx, 0),
  };
}

/** Compares the two targets of a scenario. */
export function compare(name: string, app: TargetSummary, baseline: TargetSummary): ScenarioResult {
  return {
    name,
    app,
    baseline,
    requestsPerSecondRatio: app.median.requestsPerSecond / baseline.median.requestsPerSecond,
    latencyP99Ratio: app.median.latencyP99Ms / baseline.median.latencyP99Ms,
  };
}

/** `rows` as aligned plain text: the first row is the header, the first column is left-aligned. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  const line = (row: string[]): string =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  const [header, ...body] = rows;
  if (!header) return '';
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...body.map(line)].join('\n');
}

/** The results as a plain-text table: one row per scenario and target, then the ratios. */
export function formatResults(results: readonly ScenarioResult[]): string {
  const rows = [['scenario', 'target', 'req/s', 'p50 ms', 'p99 ms', 'errors']];
  for (const result of results) {
    for (const summary of [result.app, result.baseline]) {
      rows.push([
        result.name,
        summary.target,
        summary.median.requestsPerSecond.toFixed(0),
        summary.median.latencyP50Ms.toFixed(1),
        summary.median.latencyP99Ms.toFixed(1),
        String(summary.errors),
      ]);
    }
  }
  const ratios = results.map(
    (result) =>
      `${result.name}: app/baseline req/s ${result.requestsPerSecondRatio.toFixed(2)}, ` +
      `p99 ${result.latencyP99Ratio.toFixed(2)}`,
  );
  return `${table(rows)}\n\n${ratios.join('\n')}`;
}

/** Writes `report` as `<name>-<timestamp>.json` in `directory` and returns the file's path. */
export async function writeReport(
  directory: string,
  startedAt: Date,
  report: unknown,
  name = 'http',
): Promise<string> {
  await mkdir(directory, { recursive: true });
  const stamp = startedAt
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-');
  const path = join(directory, `${name}-${stamp}.json`);
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}
