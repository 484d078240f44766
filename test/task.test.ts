import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import {
  ConcurrencyPolicy, IngressScope, RestartPolicy, ScheduledTask, ScheduledTaskProps, StatefulStore, Task, TaskProps, renderReport,
} from '../src';
import { find, schemaProblems, synth, synthErrors } from './util';
import { podSpecOf, requiredLevel } from '../src/private/pod-security';

const image = 'ghcr.io/acme/reports:2.0.1';

function task(props: Partial<TaskProps> = {}, chart: Chart = Testing.chart()) {
  new Task(chart, 'reindex', { image, command: ['./reindex'], ...props });
  return { chart, objects: () => synth(chart) };
}

function scheduled(props: Partial<ScheduledTaskProps> = {}, chart: Chart = Testing.chart()) {
  new ScheduledTask(chart, 'nightly-report', { image, schedule: '0 2 * * *', ...props });
  return { chart, objects: () => synth(chart) };
}

describe('snapshots', () => {
  test('Task defaults', () => {
    expect(task().objects()).toMatchSnapshot();
  });

  test('Task customised', () => {
    expect(task({
      restartPolicy: RestartPolicy.ON_FAILURE,
      backoffLimit: 0,
      activeDeadline: Duration.minutes(10),
      ttlAfterFinished: Duration.days(1),
      args: ['--full'],
      allowInternetEgress: true,
      resources: { memoryLimit: '1Gi' },
    }).objects()).toMatchSnapshot();
  });

  test('ScheduledTask defaults', () => {
    expect(scheduled().objects()).toMatchSnapshot();
  });

  test('ScheduledTask customised', () => {
    expect(scheduled({
      schedule: '*/15 8-18 * * MON-FRI',
      timeZone: 'Europe/Berlin',
      concurrencyPolicy: ConcurrencyPolicy.REPLACE,
      startingDeadline: Duration.minutes(2),
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 5,
      suspend: true,
    }).objects()).toMatchSnapshot();
  });
});

describe('Task defaults', () => {
  const objects = task().objects();
  const job = find(objects, 'Job', 'reindex');
  const pod = job.spec.template.spec;
  const main = pod.containers[0];

  test('a Job, its ServiceAccount and NetworkPolicy', () => {
    expect(objects.map(o => o.kind).sort()).toEqual(['Job', 'NetworkPolicy', 'ServiceAccount']);
  });

  test.each([
    ['backoffLimit', job.spec.backoffLimit, 2],
    ['activeDeadlineSeconds', job.spec.activeDeadlineSeconds, 3600],
    ['no TTL (a GitOps tool would re-create the Job)', job.spec.ttlSecondsAfterFinished, undefined],
    ['restartPolicy', pod.restartPolicy, 'Never'],
    ['no ports, no probes, no preStop', [main.ports, main.readinessProbe, main.livenessProbe, main.lifecycle], [undefined, undefined, undefined, undefined]],
    ['restricted', [pod.securityContext.runAsNonRoot, pod.securityContext.seccompProfile.type, main.securityContext.allowPrivilegeEscalation], [true, 'RuntimeDefault', false]],
    ['no token', pod.automountServiceAccountToken, false],
    ['component', job.metadata.labels['app.kubernetes.io/component'], 'task'],
    ['requests and limits', [main.resources.requests.cpu, main.resources.limits.memory], ['100m', '256Mi']],
  ])('%s', (_, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  test('NetworkPolicy: no ingress, egress to DNS only', () => {
    const np = find(objects, 'NetworkPolicy', 'reindex');
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.ingress).toEqual([]);
    expect(np.spec.egress).toHaveLength(1);
  });

  test('egress to a declared peer, and ingress there when it narrows its scope', () => {
    const chart = Testing.chart();
    const db = new StatefulStore(chart, 'db', { image: 'postgres:16.4', port: 5432, storage: { size: Size.gibibytes(1) }, ingressScope: IngressScope.PEERS });
    new Task(chart, 'reindex', { image }).connectsTo(db);
    const objs = synth(chart);
    expect(find(objs, 'NetworkPolicy', 'reindex').spec.egress[1]).toEqual({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'db' } } }], ports: [{ protocol: 'TCP', port: 5432 }],
    });
    expect(find(objs, 'NetworkPolicy', 'db').spec.ingress.some((r: any) => r.from[0].podSelector?.matchLabels['app.kubernetes.io/name'] === 'reindex')).toBe(true);
  });
});

describe('ScheduledTask defaults', () => {
  const cron = find(scheduled().objects(), 'CronJob', 'nightly-report');

  test.each([
    ['schedule', cron.spec.schedule, '0 2 * * *'],
    ['no time zone', cron.spec.timeZone, undefined],
    ['concurrencyPolicy', cron.spec.concurrencyPolicy, 'Forbid'],
    ['startingDeadlineSeconds', cron.spec.startingDeadlineSeconds, 600],
    ['history limits', [cron.spec.successfulJobsHistoryLimit, cron.spec.failedJobsHistoryLimit], [3, 3]],
    ['suspend', cron.spec.suspend, false],
    ['backoffLimit', cron.spec.jobTemplate.spec.backoffLimit, 2],
    ['restartPolicy', cron.spec.jobTemplate.spec.template.spec.restartPolicy, 'Never'],
    ['component', cron.metadata.labels['app.kubernetes.io/component'], 'scheduled-task'],
  ])('%s', (_, actual, expected) => {
    expect(actual).toEqual(expected);
  });
});

test('Task and ScheduledTask pass the strict schema, Pod Security restricted and every rule', () => {
  const app = new App();
  const chart = new Chart(app, 'jobs', { namespace: 'jobs' });
  new Task(chart, 'reindex', { image, command: ['./reindex'] });
  new ScheduledTask(chart, 'nightly-report', { image, schedule: '@daily', timeZone: 'Etc/UTC' });
  const objects = synth(chart);
  expect(schemaProblems(objects)).toEqual({});
  const pods = objects.filter(o => podSpecOf(o));
  expect(pods.map(o => o.kind).sort()).toEqual(['CronJob', 'Job']);
  for (const o of pods) expect([o.kind, requiredLevel(podSpecOf(o))]).toEqual([o.kind, 'restricted']);
  expect(renderReport(app).findings).toEqual([]);
});

describe('bad input', () => {
  test.each([
    ['restartPolicy typo', { restartPolicy: 'Always' }, 'restartPolicy "Always" is not a restart policy for a run-to-completion pod: use RestartPolicy.NEVER'],
    ['negative backoffLimit', { backoffLimit: -1 }, 'backoffLimit -1 is not a whole number >= 0'],
    ['zero deadline', { activeDeadline: Duration.seconds(0) }, 'activeDeadline "0s" is not a whole number of seconds >= 1'],
    ['long name', { name: 'a'.repeat(64) }, `name "${'a'.repeat(64)}" is not a valid DNS-1123 label: use at most 63`],
  ])('Task: %s', (_, props, message) => {
    expect(synthErrors(task(props as Partial<TaskProps>).chart)).toContain(message);
  });

  test('Task: a 64-character name is one error (the DNS label check), not two', () => {
    expect(synthErrors(task({ name: 'a'.repeat(64) }).chart)).not.toContain('characters long');
  });

  test.each([
    ['invalid cron', { schedule: '0 25 * * *' }, 'schedule "0 25 * * *" is not a cron schedule (hour "25" is not a value from 0 to 23): use five fields'],
    ['six fields', { schedule: '0 0 2 * * *' }, 'schedule "0 0 2 * * *" is not a cron schedule (6 fields, not 5)'],
    ['TZ in the schedule', { schedule: 'CRON_TZ=UTC 0 2 * * *' }, 'is not a cron schedule Kubernetes accepts (it names a time zone): Kubernetes refuses TZ='],
    ['time zone unknown', { timeZone: 'Europe/Atlantis' }, 'timeZone "Europe/Atlantis" is not in the time zone database'],
    ['time zone misspelt', { timeZone: 'europe/berlin' }, 'timeZone "europe/berlin" is not spelled as in the time zone database: write it as "Europe/Berlin"'],
    ['concurrencyPolicy typo', { concurrencyPolicy: 'forbid' }, 'concurrencyPolicy "forbid" is not a concurrency policy: use ConcurrencyPolicy.FORBID ("Forbid")'],
    ['short starting deadline', { startingDeadline: Duration.seconds(5) }, 'startingDeadline "5s" is not a whole number of seconds >= 10'],
    ['negative history', { failedJobsHistoryLimit: -1 }, 'failedJobsHistoryLimit -1 is not a whole number >= 0'],
    ['long name', { name: 'a'.repeat(53) }, 'is 53 characters long: use at most 52'],
  ])('ScheduledTask: %s', (_, props, message) => {
    expect(synthErrors(scheduled(props as Partial<ScheduledTaskProps>).chart)).toContain(message);
  });
});

