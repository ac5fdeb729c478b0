import { describe, expect, it } from 'vitest';
import { bicepQueries, queryProblems, workbookQueries, type Query } from './checks/telemetryQueries';
import { readJson, readRepoFile } from './infraFiles';

const ALERTS = 'infra/modules/alerts.bicep';
const WORKBOOK = 'infra/workbook/autopilot.workbook.json';

function allQueries(): Query[] {
  return [...bicepQueries(readRepoFile(ALERTS)), ...workbookQueries(WORKBOOK, readJson(WORKBOOK))];
}

describe('the alerts and the workbook query only telemetry the app emits', () => {
  it('finds the four alert queries and the workbook charts', () => {
    expect(bicepQueries(readRepoFile(ALERTS))).toHaveLength(4);
    expect(workbookQueries(WORKBOOK, readJson(WORKBOOK)).length).toBeGreaterThanOrEqual(4);
  });

  it('every table, event or metric name and customDimensions key is one shared/domain/telemetry/names.ts registers', () => {
    expect(allQueries().flatMap(queryProblems)).toEqual([]);
  });

  it('the alerts cover failed or degraded builds, a paused image, high findings and ARM throttling', () => {
    const alerts = bicepQueries(readRepoFile(ALERTS)).map((q) => q.kql);
    for (const needle of ["'Build.Failed'", "'Build.Degraded'", "'Image.Paused'", "'Policy.Scanned'", "'autopilot.arm.throttles'"]) {
      expect(alerts.some((kql) => kql.includes(needle)), needle).toBe(true);
    }
  });

  it('the workbook charts builds over time, step durations, replication latency per region and the findings trend', () => {
    const charts = workbookQueries(WORKBOOK, readJson(WORKBOOK)).map((q) => q.kql);
    for (const needle of ["'Build.Failed'", "'autopilot.build.step.duration'", "'autopilot.replication.latency'", 'customDimensions.region', "'Policy.Scanned'"]) {
      expect(charts.some((kql) => kql.includes(needle)), needle).toBe(true);
    }
  });

  it.each([
    ['an event the app never sends', "customEvents\n| where name == 'Build.Exploded'", /Build.Exploded is not a event the app emits/],
    ['a metric the app never records', "customMetrics\n| where name in ('autopilot.arm.requests', 'autopilot.build.time')", /autopilot.build.time is not a metric/],
    ['an event name queried as a metric', "customMetrics\n| where name == 'Build.Failed'", /Build.Failed is not a metric/],
    ['a dimension the app never writes', "customEvents\n| where name == 'Image.Paused'\n| extend who = tostring(customDimensions.operator)", /customDimensions.operator is not a field/],
    ['a bracketed dimension', "customEvents\n| where name == 'Image.Paused'\n| extend who = tostring(customDimensions['imageName'])", /customDimensions.imageName is not a field/],
    ['a table without the app\'s telemetry', "requests\n| where name == 'GET /api/images'", /table requests holds none/],
    ['a joined table without the app\'s telemetry', "customEvents\n| where name == 'Build.Failed'\n| join kind=inner (dependencies | where name == 'x') on operation_Id", /table dependencies holds none/],
    ['a query filtering on no name', 'customEvents\n| summarize count()', /filters on no event or metric name/],
  ])('catches %s', (_case, kql, expected) => {
    const problems = queryProblems({ where: 'planted', kql });
    expect(problems.some((p) => expected.test(p)), problems.join('\n')).toBe(true);
  });
});
