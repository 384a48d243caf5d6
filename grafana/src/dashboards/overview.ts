import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboard, finish, gauge, greenFrom, redFrom, row, stat, timeSeries } from '../panels.js';

/** Counted requests, by any label set: the histogram's `_count` series. */
const REQUESTS = 'whiskey_http_request_duration_seconds_count';
/**
 * Requests from people, as the SLO recording rules count them (prometheus/rules/slo.yml): the
 * /metrics scrapes and health probes are left out.
 */
const USER_REQUESTS = `${REQUESTS}{route!~"/metrics|/health/.*"}`;

/**
 * Share of requests that may fail or be slow: the SLOs (seed 003) are 99.9 % of requests without a
 * 5xx status and 99.9 % answered within 2 s.
 */
const ERROR_BUDGET = 0.001;
const SLO_TARGET = 1 - ERROR_BUDGET;
/** Seconds a request may take before it counts against the latency SLO. */
const LATENCY_LIMIT_SECONDS = 2;

function latencyByRoute(quantile: number) {
  const percent = Math.round(quantile * 100);
  return timeSeries({
    title: `Latency p${percent} by route`,
    description: `${percent}th percentile of request duration per route template. The latency SLO allows at most ${ERROR_BUDGET * 100} % of requests over ${LATENCY_LIMIT_SECONDS} s (red line).`,
    unit: 's',
    width: 8,
    thresholds: redFrom(LATENCY_LIMIT_SECONDS),
    queries: [
      {
        expr: `histogram_quantile(${quantile}, sum by (le, route) (rate(whiskey_http_request_duration_seconds_bucket[$__rate_interval])))`,
        legend: '{{route}}',
      },
    ],
  });
}

function burnRate(sli: 'availability' | 'latency') {
  return ['1h', '6h'].map((window) => ({
    expr: `(1 - whiskey:slo_${sli}:ratio_rate${window}) / ${ERROR_BUDGET}`,
    legend: `${sli} ${window}`,
  }));
}

/** Health at a glance: is it up, how busy, how fast, and how the SLOs stand. */

/** A gauge of the part of an objective's 30-day error budget not yet spent. */
function budgetLeft(title: string, objective: 'availability' | 'latency') {
  return gauge({
    title: `${title} error budget left`,
    description: `Part of the 30-day ${objective} error budget not yet spent: 100 % untouched, 0 % used up (below zero: the SLO is missed).`,
    unit: 'percentunit',
    min: 0,
    max: 1,
    thresholds: [
      { value: null, color: 'red' },
      { value: 0.25, color: 'orange' },
      { value: 0.5, color: 'green' },
    ],
    queries: [{ expr: `whiskey:slo_${objective}:error_budget_remaining` }],
  });
}

export function overviewDashboard(): Dashboard {
  return finish(
    dashboard(
      'whiskey-overview',
      'Whiskey Tracker / Overview',
      'Is the instance up, how busy and fast it is, and how the availability, latency and backup SLOs stand.',
    )
      .withRow(row('Status'))
      .withPanel(
        stat({
          title: 'Processes up',
          description:
            'Whiskey Tracker processes Prometheus scraped successfully last time (`up`). 0 means the app is down or /metrics refuses the token.',
          unit: 'short',
          thresholds: greenFrom(1),
          queries: [{ expr: 'sum(up{job="whiskey-tracker"})' }],
        }),
      )
      .withPanel(
        stat({
          title: 'Version',
          description: 'Version, commit and Node.js release of the running processes (`whiskey_build_info`).',
          unit: 'none',
          showName: true,
          queries: [
            {
              expr: 'count by (version, commit, node) (whiskey_build_info)',
              legend: '{{version}} ({{commit}}, Node {{node}})',
            },
          ],
        }),
      )
      .withPanel(
        stat({
          title: 'Readiness checks',
          description:
            'The checks behind /health/ready, worst across processes: 1 passing, 0 failing. A failing database or Redis takes a process out of the load balancer.',
          unit: 'short',
          thresholds: greenFrom(1),
          queries: [{ expr: 'min by (check) (whiskey_readiness_status)', legend: '{{check}}' }],
        }),
      )
      .withPanel(
        stat({
          title: 'Uptime',
          description:
            'Time since the most recently started process started; a short uptime after none was planned means a crash or restart loop.',
          unit: 's',
          queries: [{ expr: 'time() - max(whiskey_process_start_time_seconds)' }],
        }),
      )
      .withRow(row('Traffic'))
      .withPanel(
        timeSeries({
          title: 'Request rate',
          description:
            'HTTP requests per second by status code, including the /metrics scrapes and health probes.',
          unit: 'reqps',
          queries: [{ expr: `sum by (status) (rate(${REQUESTS}[$__rate_interval]))`, legend: '{{status}}' }],
        }),
      )
      .withPanel(
        timeSeries({
          title: '5xx ratio',
          description: `Share of requests answered with a 5xx status (scrapes and health probes left out, as in the SLO). The availability SLO allows ${ERROR_BUDGET * 100} % over 30 days (red line).`,
          unit: 'percentunit',
          min: 0,
          thresholds: redFrom(ERROR_BUDGET),
          queries: [
            {
              expr: `(sum(rate(${REQUESTS}{route!~"/metrics|/health/.*",status=~"5.."}[$__rate_interval])) or vector(0)) / sum(rate(${USER_REQUESTS}[$__rate_interval]))`,
              legend: '5xx',
            },
          ],
        }),
      )
      .withPanel(latencyByRoute(0.5))
      .withPanel(latencyByRoute(0.95))
      .withPanel(latencyByRoute(0.99))
      .withRow(row('Service level objectives (30 days)'))
      .withPanel(
        gauge({
          title: 'Availability',
          description: `Share of requests without a 5xx status over 30 days; the objective is ${SLO_TARGET * 100} %.`,
          unit: 'percentunit',
          min: 0.99,
          max: 1,
          thresholds: greenFrom(SLO_TARGET),
          queries: [{ expr: 'whiskey:slo_availability:ratio_rate30d' }],
        }),
      )
      .withPanel(budgetLeft('Availability', 'availability'))
      .withPanel(
        gauge({
          title: 'Latency SLO',
          description: `Share of requests answered within ${LATENCY_LIMIT_SECONDS} s over 30 days; the objective is ${SLO_TARGET * 100} %.`,
          unit: 'percentunit',
          min: 0.99,
          max: 1,
          thresholds: greenFrom(SLO_TARGET),
          queries: [{ expr: 'whiskey:slo_latency:ratio_rate30d' }],
        }),
      )
      .withPanel(budgetLeft('Latency', 'latency'))
      .withPanel(
        timeSeries({
          title: 'Error budget burn rate',
          description:
            'How many times faster than sustainable the error budgets are being spent, over 1 h and 6 h. 1× spends exactly the budget in 30 days. The fast-burn alert pages at 14.4× over 1 h (red line: 2 % of the budget in an hour) or 6× over 6 h.',
          unit: 'suffix:×',
          width: 18,
          min: 0,
          thresholds: redFrom(14.4),
          queries: [...burnRate('availability'), ...burnRate('latency')],
        }),
      )
      .withPanel(
        gauge({
          title: 'Backup success',
          description: 'Share of finished backup runs that succeeded over 30 days; the objective is 100 %.',
          unit: 'percentunit',
          min: 0,
          max: 1,
          thresholds: greenFrom(1),
          queries: [{ expr: 'whiskey:slo_backup_success:ratio_rate30d' }],
        }),
      ),
  );
}
