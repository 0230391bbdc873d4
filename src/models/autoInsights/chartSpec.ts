/**
 * Vega-Lite v5 specs for the charts that come with auto insights: a line over the series with
 * optional layers (trend line, anomalies, change points), and ranked bars for drivers. The data
 * is inlined, so a client renders the spec as it is.
 */

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

export interface LineChartInput {
  title: string;
  /** Axis title of the values. */
  measure: string;
  dates: string[];
  values: (number | null)[];
  /** A fitted line value = intercept + slope * index (index 0 is the first date). */
  trendLine?: { intercept: number; slope: number } | null;
  /** Points to mark (anomalies). */
  marks?: { date: string; value: number }[];
  /** Dates to draw a vertical rule at (change points). */
  rules?: string[];
}

type Spec = Record<string, unknown>;

const temporalX = { field: 'date', type: 'temporal', title: null };

/** A line chart of a series with optional trend, anomaly and change-point layers. */
export function lineChart(c: LineChartInput): Spec {
  const values = c.dates.map((date, i) => ({ date, value: c.values[i] ?? null }));
  const layer: Spec[] = [
    {
      data: { values },
      mark: { type: 'line', point: values.length <= 60 },
      encoding: { x: temporalX, y: { field: 'value', type: 'quantitative', title: c.measure } },
    },
  ];
  if (c.trendLine) {
    const { intercept, slope } = c.trendLine;
    const last = c.dates.length - 1;
    layer.push({
      data: { values: [{ date: c.dates[0], value: intercept }, { date: c.dates[last], value: intercept + slope * last }] },
      mark: { type: 'line', strokeDash: [6, 4], color: '#d62728' },
      encoding: { x: temporalX, y: { field: 'value', type: 'quantitative' } },
    });
  }
  if (c.marks?.length) {
    layer.push({
      data: { values: c.marks },
      mark: { type: 'point', filled: true, size: 80, color: '#d62728' },
      encoding: { x: temporalX, y: { field: 'value', type: 'quantitative' } },
    });
  }
  if (c.rules?.length) {
    layer.push({
      data: { values: c.rules.map((date) => ({ date })) },
      mark: { type: 'rule', strokeDash: [4, 4], color: '#ff7f0e' },
      encoding: { x: temporalX },
    });
  }
  return { $schema: VEGA_LITE_SCHEMA, title: c.title, width: 'container', layer };
}

/** Horizontal bars of driver contributions, largest |contribution| on top. */
export function driverChart(title: string, drivers: { label: string; contribution: number }[]): Spec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    width: 'container',
    data: { values: drivers.map((d) => ({ value: d.label, contribution: d.contribution })) },
    mark: 'bar',
    encoding: {
      y: { field: 'value', type: 'nominal', sort: { field: 'contribution', op: 'max', order: 'descending' }, title: null },
      x: { field: 'contribution', type: 'quantitative', title: 'contribution to the change' },
      color: { condition: { test: 'datum.contribution < 0', value: '#d62728' }, value: '#2ca02c' },
    },
  };
}
