import { evaluate } from '../src/policy/engine';
import { RULES } from '../src/policy/rules';

// Jobs and CronJobs are pod owners for every pod rule: a pod spec that breaks
// the rules breaks the same rules as a Job's or a CronJob's template (only the
// rules about long-running pods, probes, let run-to-completion pods off).

const labels = { 'app.kubernetes.io/name': 'task' };
const badPod = {
  metadata: { labels },
  spec: {
    restartPolicy: 'Never',
    hostNetwork: true,
    containers: [{
      name: 'main',
      image: 'ghcr.io/acme/task:latest',
      ports: [{ containerPort: 8080 }],
      env: [{ name: 'DB_PASSWORD', value: 'hunter2' }],
      securityContext: { privileged: true, allowPrivilegeEscalation: true, runAsUser: 0, capabilities: { add: ['SYS_ADMIN'] } },
    }],
  },
};
const meta = { name: 'task', namespace: 'jobs', labels };
const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta, spec: { selector: { matchLabels: labels }, template: { ...badPod, spec: { ...badPod.spec, restartPolicy: 'Always' } } } };
const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: meta, spec: { template: badPod } };
const cronJob = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta, spec: { schedule: '@daily', jobTemplate: { spec: { template: badPod } } } };

const fired = (obj: any) => new Set(evaluate([{ obj, path: obj.kind }], { schema: false }).map(f => f.rule));
const LONG_RUNNING_ONLY = new Set(['probes-set', 'probes-differ']);

test('every pod rule covers Job and CronJob', () => {
  const podRules = RULES.filter(r => r.kinds?.includes('Deployment') && r.kinds.includes('Pod'));
  expect(podRules.length).toBeGreaterThan(10);
  for (const rule of podRules) expect([rule.id, rule.kinds]).toEqual([rule.id, expect.arrayContaining(['Job', 'CronJob'])]);
});

test('a bad Job and a bad CronJob fail the same pod rules as a bad Deployment', () => {
  const expected = [...fired(deployment)].filter(id => !LONG_RUNNING_ONLY.has(id)).sort();
  expect(expected).toEqual(expect.arrayContaining(['image-pinned', 'no-privileged', 'run-as-non-root', 'no-host-network', 'no-credentials-in-env']));
  expect([...fired(job)].sort()).toEqual(expected);
  expect([...fired(cronJob)].sort()).toEqual(expected);
});
