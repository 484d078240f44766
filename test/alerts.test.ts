import { parser } from '@prometheus-io/lezer-promql';
import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import { Platform, SmokeTest, StatefulStore, WebApp, WorkloadAlerts, WorkloadAlertsProps } from '../src';
import { find, synthErrors } from './util';
import { validateSchema } from '../src/policy/schema';
import { longestCronGapSeconds } from '../src/private/cron';
import { renderReport } from '../src/synth/synth';

/** Problems the real PromQL grammar (Prometheus's own Lezer parser) finds in `expr`: error nodes, by position. */
function promqlErrors(expr: string): number[] {
  const at: number[] = [];
  parser.parse(expr).iterate({ enter: n => { if (n.type.isError) at.push(n.from); } });
  return at;
}

function shop(alerts: Partial<WorkloadAlertsProps> = {}) {
  const app = new App();
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const web = new WebApp(chart, 'storefront', { image: 'ghcr.io/acme/storefront:1.4.2', autoscaling: { minReplicas: 2, maxReplicas: 7 } });
  const db = new StatefulStore(chart, 'orders-db', {
    image: 'postgres:16.4',
    port: 5432,
    storage: { size: Size.gibibytes(20) },
    backup: { schedule: '0 3 * * *', image: 'postgres:16.4', command: ['pg_dump'], claimName: 'orders-db-backups' },
  });
  new WorkloadAlerts(web, 'Alerts', { workload: web, name: 'storefront-alerts', ...alerts });
  new WorkloadAlerts(db, 'Alerts', { workload: db, name: 'orders-db-alerts', team: 'payments', volumeUsagePercent: 85, ...alerts });
  return { app, chart };
}

const rulesOf = (rule: any) => rule.spec.groups.flatMap((g: any) => g.rules);

describe('WorkloadAlerts', () => {
  test('a WebApp gets rollout, availability, autoscaler and crash-loop alerts derived from its settings', () => {
    const objects = Testing.synth(shop().chart);
    const rules = rulesOf(find(objects, 'PrometheusRule', 'storefront-alerts'));
    expect(rules.map((r: any) => r.alert)).toEqual(['DeploymentRolloutStuck', 'DeploymentReplicasUnavailable', 'ContainerCrashLooping', 'AutoscalerAtMaximum']);
    const stuck = rules[0];
    // the Deployment's progressDeadlineSeconds (600) is the alert's `for`
    expect(find(objects, 'Deployment', 'storefront').spec.progressDeadlineSeconds).toBe(600);
    expect(stuck).toMatchObject({ for: '10m', labels: { severity: 'warning', team: 'shop' } });
    expect(stuck.expr).toBe('kube_deployment_status_replicas_updated{namespace="shop",deployment="storefront"} < kube_deployment_spec_replicas{namespace="shop",deployment="storefront"}');
    expect(rules[2].expr).toBe('max_over_time(kube_pod_container_status_waiting_reason{namespace="shop",pod=~"storefront-[a-z0-9]+-[a-z0-9]+",reason="CrashLoopBackOff"}[5m]) >= 1');
    expect(rules[3].annotations.description).toContain('maxReplicas (7)');
  });

  test('a StatefulStore gets volume, backup-age and job alerts; the backup threshold is twice its schedule', () => {
    const objects = Testing.synth(shop().chart);
    const rules = rulesOf(find(objects, 'PrometheusRule', 'orders-db-alerts'));
    const byName = (n: string) => rules.filter((r: any) => r.alert === n);
    expect(byName('PersistentVolumeClaimFillingUp')[0].expr)
      .toBe('100 * kubelet_volume_stats_used_bytes{namespace="shop",persistentvolumeclaim=~"data-orders-db-[0-9]+"} / kubelet_volume_stats_capacity_bytes{namespace="shop",persistentvolumeclaim=~"data-orders-db-[0-9]+"} > 85');
    // daily at 03:00: 24 h between runs, so 48 h without a success
    expect(byName('BackupTooOld')[0]).toMatchObject({
      expr: 'time() - kube_cronjob_status_last_successful_time{namespace="shop",cronjob="orders-db-backup"} > 172800',
      labels: { severity: 'critical', team: 'payments' },
    });
    expect(byName('CronJobRunFailed')).toHaveLength(1);
    expect(byName('StatefulSetReplicasUnavailable')[0].for).toBe('10m');
    expect(byName('ContainerCrashLooping').map((r: any) => r.expr.match(/pod=~"([^"]+)"/)![1])).toEqual(['orders-db-[0-9]+', 'orders-db-backup-[0-9]+-[a-z0-9]+']);
  });

  test('every expression parses with the PromQL grammar, and the parser does catch a broken one', () => {
    const objects = Testing.synth(shop().chart);
    const exprs = objects.filter(o => o.kind === 'PrometheusRule').flatMap(rulesOf).map((r: any) => r.expr);
    expect(exprs.length).toBeGreaterThan(8);
    for (const expr of exprs) expect({ expr, errors: promqlErrors(expr) }).toEqual({ expr, errors: [] });
    expect(promqlErrors('kube_deployment_status_replicas_unavailable{namespace="shop" > 0')).not.toEqual([]);
    expect(promqlErrors('max_over_time(up[5m) >= 1')).not.toEqual([]);
  });

  test('the PrometheusRules pass the CRD schema and every rule of the policy', () => {
    const { app, chart } = shop();
    // (a store's missing liveness probe is an exception with a written reason: suppressed, not an error)
    expect(renderReport(app).findings.filter(f => f.severity === 'error' && f.suppressed === undefined)).toEqual([]);
    const rule = find(Testing.synth(chart), 'PrometheusRule', 'storefront-alerts');
    expect(validateSchema(rule)).toEqual([]);
    // the schema is really consulted: a number where a duration string belongs is refused
    rule.spec.groups[0].rules[0].for = 600;
    expect(validateSchema(rule)).toEqual([expect.stringMatching(/^spec\.groups\[0\]\.rules\[0\]\.for: must be a string, not the number 600/)]);
    // the CRD's Go pattern ^(?i)(abort|warn)?$ is read case-insensitively, as the API server reads it
    rule.spec.groups[0].rules[0].for = '10m';
    rule.spec.groups[0].partial_response_strategy = 'WARN';
    expect(validateSchema(rule)).toEqual([]);
    rule.spec.groups[0].partial_response_strategy = 'ignore';
    expect(validateSchema(rule)).toEqual(['spec.groups[0].partial_response_strategy: must match pattern "^(?i)(abort|warn)?$"']);
  });

  test.each([
    ['0 3 * * *', 24 * 3600],
    ['@hourly', 3600],
    ['*/15 * * * *', 900],
    ['0 0 * * 1-5', 3 * 24 * 3600], // Friday to Monday
    ['0 0 1 * *', 31 * 24 * 3600],
    ['30 2 * * sun', 7 * 24 * 3600],
    ['CRON_TZ=Europe/Berlin 0 4 * * *', 24 * 3600],
    ['0 0 30 2 *', undefined],
    ['61 * * * *', undefined],
    ['every day', undefined],
  ])('the longest gap of "%s" is %s seconds', (schedule, seconds) => {
    expect(longestCronGapSeconds(schedule)).toBe(seconds);
  });

  test('thresholds come from the props', () => {
    const objects = Testing.synth(shop({ unavailableFor: Duration.minutes(3), autoscalerAtMaxFor: Duration.hours(1), labels: { page: 'oncall' } }).chart);
    const rules = rulesOf(find(objects, 'PrometheusRule', 'storefront-alerts'));
    expect(rules.find((r: any) => r.alert === 'DeploymentReplicasUnavailable').for).toBe('3m');
    expect(rules.find((r: any) => r.alert === 'AutoscalerAtMaximum')).toMatchObject({ for: '1h', labels: { page: 'oncall', severity: 'warning', team: 'shop' } });
  });

  test('thresholds out of range, a bad team or label are prop errors naming the construct', () => {
    const { chart } = shop({ unavailableFor: Duration.seconds(10), volumeUsagePercent: 120, team: 'a team', labels: { severity: 'low' } });
    const message = synthErrors(chart);
    expect(message).toContain('[shop/storefront/Alerts] unavailableFor "10s" is out of range: use a whole number of seconds from 1 minute to 24 hours');
    expect(message).toContain('[shop/orders-db/Alerts] volumeUsagePercent 120 is out of range: use a whole percentage from 1 to 99');
    expect(message).toContain('team "a team" is not a label value');
    expect(message).toContain('labels "severity" is not a label name this construct can add');
    expect(synthErrors(shop({ crashLoopingFor: Duration.millis(90500) }).chart)).toContain('crashLoopingFor "90.5s" is out of range');
  });
});

describe('the alerts prop', () => {
  const image = 'ghcr.io/acme/web:1.4.2';

  test('alerts: {} on a workload emits <name>-alerts, labelled like the workload so a ruleSelector can pick it', () => {
    const chart = new Chart(new App(), 'shop', { namespace: 'shop' });
    const web = new WebApp(chart, 'web', { image, labels: { release: 'prometheus' }, alerts: {} });
    const rule = find(Testing.synth(chart), 'PrometheusRule', 'web-alerts');
    expect(rule.metadata.labels).toMatchObject({ 'release': 'prometheus', 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/part-of': 'shop' });
    expect(rulesOf(rule).map((r: any) => r.alert)).toEqual(['DeploymentRolloutStuck', 'DeploymentReplicasUnavailable', 'ContainerCrashLooping']);
    expect(web.alerts).toBeInstanceOf(WorkloadAlerts);
  });

  test('an organisation default turns alerts on everywhere but smoke tests; alerts: false opts out', () => {
    const app = new App();
    Platform.configure(app, { defaults: { alerts: { team: 'platform' } } });
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    const web = new WebApp(chart, 'web', { image });
    new WebApp(chart, 'quiet', { image, alerts: false });
    new StatefulStore(chart, 'db', { image: 'postgres:16.4', port: 5432, storage: { size: Size.gibibytes(1) } });
    new SmokeTest(chart, 'smoke', { target: web });
    const objects = Testing.synth(chart);
    expect(objects.filter(o => o.kind === 'PrometheusRule').map(o => o.metadata.name)).toEqual(['web-alerts', 'db-alerts']);
    expect(rulesOf(find(objects, 'PrometheusRule', 'db-alerts')).every((r: any) => r.labels.team === 'platform')).toBe(true);
  });

  test('a threshold out of range on the prop names the prop', () => {
    const chart = new Chart(new App(), 'shop', { namespace: 'shop' });
    new WebApp(chart, 'web', { image, alerts: { volumeUsagePercent: 0 } });
    expect(synthErrors(chart)).toContain('[shop/web/Alerts] alerts.volumeUsagePercent 0 is out of range');
  });
});
