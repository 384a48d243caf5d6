import {
  BigValueGraphMode,
  BigValueTextMode,
  GraphThresholdsStyleConfigBuilder,
  GraphThresholdsStyleMode,
  LegendDisplayMode,
  LegendPlacement,
  ReduceDataOptionsBuilder,
  SortOrder,
  TooltipDisplayMode,
  VizLegendOptionsBuilder,
  VizTooltipOptionsBuilder,
  type DataSourceRef,
} from '@grafana/grafana-foundation-sdk/common';
import {
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
  DatasourceVariableBuilder,
  RowBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  type Dashboard,
  type Threshold,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as GaugePanelBuilder } from '@grafana/grafana-foundation-sdk/gauge';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';

/** Name of the template variable every panel takes its data source from. */
const DATASOURCE_VARIABLE = 'datasource';

/**
 * Uid the datasource variable selects by default: the one grafana/provisioning/datasources gives the
 * provisioned Prometheus, so the dashboards work without touching the variable.
 */
const DEFAULT_DATASOURCE_UID = 'prometheus';

/** The only data source reference the dashboards contain: the variable, never a fixed uid. */
const DATASOURCE: DataSourceRef = { type: 'prometheus', uid: `\${${DATASOURCE_VARIABLE}}` };

/** Tag shared by the dashboards; their header links list every dashboard with it. */
const TAG = 'whiskey-tracker';

/** The 26 hours after which the newest good backup of a daily policy counts as missing (the alert's threshold for one). */
export const BACKUP_MAX_AGE_SECONDS = 26 * 3600;

/** Windows {@link eventsWithin} counts over, in seconds. */
const WINDOW_SECONDS = { '1h': 3600, '1d': 86_400 } as const;

/**
 * PromQL for the events a counter counted within `window`, summed by `by`. `increase()` alone misses
 * the first event of a labelled counter (its series appears at 1, so no rise is seen), and for rare
 * events such as a failed verification that is the one that matters. A series wholly inside the window
 * (its process started within it, or it appeared within it) therefore counts by its value; the same
 * rule as the recording rules in prometheus/rules/events.yml.
 */
export function eventsWithin(selector: string, by: string[], window: keyof typeof WINDOW_SECONDS): string {
  const processStartedWithin = `time() - whiskey_process_start_time_seconds < ${WINDOW_SECONDS[window]}`;
  const branches = [
    `(${selector} and on (job, instance) (${processStartedWithin}))`,
    `(${selector} unless ${selector} offset ${window})`,
    `increase(${selector}[${window}])`,
  ];
  return `sum by (${by.join(', ')}) (${branches.join(' or ')})`;
}

/** A PromQL query and the legend of the series it returns. */
export interface Query {
  expr: string;
  /** Grafana legend template, e.g. `{{route}}`; omitted: the series' labels. */
  legend?: string;
}

/** What every panel states; the description is the help text an operator sees on hover. */
export interface PanelSpec {
  title: string;
  description: string;
  /** A Grafana unit id (`s`, `bytes`, `percentunit`, `reqps`, `short`, …). */
  unit: string;
  queries: Query[];
  /** Grid columns out of 24 (default 12). */
  width?: number;
  /** Grid rows (default 8). */
  height?: number;
  /** Colours from each step's value upwards; the first step has `value: null` (from minus infinity). */
  thresholds?: Threshold[];
  min?: number;
  max?: number;
}

const DEFAULT_WIDTH = 12;
const DEFAULT_HEIGHT = 8;

/** Green below `value`, red from it: the usual "bad from here" threshold. */
export function redFrom(value: number): Threshold[] {
  return [
    { value: null, color: 'green' },
    { value, color: 'red' },
  ];
}

/** Red below `value`, green from it: for ratios that must stay high (SLOs). */
export function greenFrom(value: number): Threshold[] {
  return [
    { value: null, color: 'red' },
    { value, color: 'green' },
  ];
}

function targets(queries: Query[]): DataqueryBuilder[] {
  return queries.map((query, index) => {
    const target = new DataqueryBuilder()
      .datasource(DATASOURCE)
      .refId(String.fromCharCode(65 + index))
      .expr(query.expr);
    return query.legend === undefined ? target : target.legendFormat(query.legend);
  });
}

function thresholds(steps: Threshold[]): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(steps);
}

/**
 * Applies what panels of every kind share: title, description, unit, data source, queries, size and
 * the optional thresholds and bounds. Typed structurally because the SDK's panel builders are
 * separate classes with the same methods.
 */
function applySpec<
  B extends {
    title(value: string): B;
    description(value: string): B;
    unit(value: string): B;
    datasource(value: DataSourceRef): B;
    targets(value: DataqueryBuilder[]): B;
    span(value: number): B;
    height(value: number): B;
    thresholds(value: ThresholdsConfigBuilder): B;
    min(value: number): B;
    max(value: number): B;
  },
>(builder: B, spec: PanelSpec): B {
  let panel = builder
    .title(spec.title)
    .description(spec.description)
    .unit(spec.unit)
    .datasource(DATASOURCE)
    .targets(targets(spec.queries))
    .span(spec.width ?? DEFAULT_WIDTH)
    .height(spec.height ?? DEFAULT_HEIGHT);
  if (spec.thresholds) panel = panel.thresholds(thresholds(spec.thresholds));
  if (spec.min !== undefined) panel = panel.min(spec.min);
  if (spec.max !== undefined) panel = panel.max(spec.max);
  return panel;
}

/**
 * A time series graph with a legend and a tooltip listing every series; thresholds, when given, are
 * drawn as dashed lines (e.g. the 26 h backup age).
 */
export function timeSeries(spec: PanelSpec): TimeseriesPanelBuilder {
  const panel = applySpec(new TimeseriesPanelBuilder(), spec)
    .legend(
      new VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(LegendDisplayMode.List)
        .placement(LegendPlacement.Bottom),
    )
    .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending));
  return spec.thresholds
    ? panel.thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed))
    : panel;
}

/**
 * A single big number (the last value of each series), coloured by its thresholds. `showName` prints
 * the series' legend instead of the value, for info metrics such as the build version.
 */
export function stat(spec: PanelSpec & { showName?: boolean }): StatPanelBuilder {
  return applySpec(new StatPanelBuilder(), { width: 6, height: 4, ...spec })
    .graphMode(BigValueGraphMode.None)
    .textMode(spec.showName ? BigValueTextMode.Name : BigValueTextMode.Auto)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']));
}

/** A dial between `min` and `max` (the last value of each series), coloured by its thresholds. */
export function gauge(spec: PanelSpec & { min: number; max: number }): GaugePanelBuilder {
  return applySpec(new GaugePanelBuilder(), { width: 6, height: 6, ...spec }).reduceOptions(
    new ReduceDataOptionsBuilder().calcs(['lastNotNull']),
  );
}

/** A full-width heading that groups the panels after it. */
export function row(title: string): RowBuilder {
  return new RowBuilder(title);
}

/**
 * A dashboard with what all of them share: the datasource variable, the common tag, links to the
 * other dashboards, a shared crosshair and read-only mode (they are provisioned from code).
 */
export function dashboard(uid: string, title: string, description: string): DashboardBuilder {
  return new DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags([TAG])
    .readonly()
    .tooltip(DashboardCursorSync.Crosshair)
    .timezone('browser')
    .time({ from: 'now-6h', to: 'now' })
    .refresh('1m')
    .withVariable(
      new DatasourceVariableBuilder(DATASOURCE_VARIABLE)
        .label('Data source')
        .type('prometheus')
        .current({ text: 'Prometheus', value: DEFAULT_DATASOURCE_UID }),
    )
    .link(
      new DashboardLinkBuilder('Whiskey Tracker')
        .type(DashboardLinkType.Dashboards)
        .tags([TAG])
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true),
    );
}

/** Builds the dashboard and numbers its panels (Grafana needs ids unique within a dashboard). */
export function finish(builder: DashboardBuilder): Dashboard {
  const built = builder.build();
  built.panels?.forEach((panel, index) => (panel.id = index + 1));
  return built;
}
