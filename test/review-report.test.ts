import * as path from 'path';
import { copyDist, DIST, obj, review, tmpDir } from './review-util';
import { parseQuantity } from '../src/private/facts/quantity';
import { podResources, rolloutPeak, surgeOf } from '../src/review/report';

// `cdk8s-patterns report`: totals for the reference app match numbers worked
// out by hand from dist/, and the Kubernetes rules behind them hold on their own.

const tmp = tmpDir();
const Mi = 2 ** 20;
const Gi = 2 ** 30;

describe('the reference app', () => {
  const r = review(['report', DIST, '--format', 'json']);
  const report = JSON.parse(r.stdout);
  const line = (ns: string, resource: string) => report.namespaces
    .find((n: any) => n.namespace === ns).lines
    .find((l: any) => l.resource === resource);
  const workload = (name: string) => report.workloads.find((w: any) => w.name === name);

  test('per workload: replicas, HPA range and rollout peaks', () => {
    // storefront: HPA 3-10, maxSurge 25%: ceil(0.75) = 1 extra at 3, ceil(2.5) = 3 extra at 10
    expect(workload('storefront')).toMatchObject({ minReplicas: 3, maxReplicas: 10, peakAtMin: 4, peakAtMax: 13 });
    // both colours of the blue-green checkout run, each with its own HPA
    expect(workload('checkout-blue')).toMatchObject({ minReplicas: 3, maxReplicas: 10, peakAtMax: 13 });
    expect(workload('checkout-green')).toMatchObject({ minReplicas: 3, maxReplicas: 10, peakAtMax: 13 });
    expect(workload('checkout-green').note).toMatch(/blue-green "checkout": both colours counted/);
    // StatefulSet: no surge; 3 replicas x 20Gi claims
    expect(workload('orders-db')).toMatchObject({ peakAtMin: 3, peakAtMax: 3, storage: 60 * Gi, claims: 3 });
    // DaemonSet: one per node on the default 3 nodes, maxSurge 0
    expect(workload('log-shipper')).toMatchObject({ minReplicas: 3, peakAtMax: 3 });
    expect(workload('orders-db-backup')).toMatchObject({ peakAtMax: 1, note: 'one run at a time' });
  });

  test('shop namespace totals, worked out by hand', () => {
    // requests.cpu at the HPA maximum: orders-db 3 x (250m + 50m exporter) + backup 100m + restore drill 100m
    // + 13 x 100m x 3 web deployments + smoke 10m + migration 100m + order-events 8 x (100m + 50m sidecar)
    // (HPA 2-6, +2 surge at 6) + nightly report 100m
    expect(line('shop', 'requests.cpu').peakAtMax).toBeCloseTo(0.9 + 0.1 + 0.1 + 3.9 + 0.01 + 0.1 + 1.2 + 0.1);
    // a rollout from the minimum: 3 x 300m + 100m + 100m + 4 x 100m x 3 + 10m + 100m + 3 x 150m + 100m
    expect(line('shop', 'requests.cpu').peak).toBeCloseTo(2.96);
    // limits.cpu: 3 x 1.2 + 1 + 1 (drill, the store's default) + 13 x 500m x 3 + 100m + 250m (migration)
    // + 8 x (500m + 200m sidecar) + 250m (report) = 31.3
    // (at min: 3.6 + 2 + 4 x 0.5 x 3 + 0.1 + 0.25 + 3 x 0.7 + 0.25 = 14.3)
    expect(line('shop', 'limits.cpu').peakAtMax).toBeCloseTo(31.3);
    expect(line('shop', 'limits.cpu').peak).toBeCloseTo(14.3);
    // requests.memory: 3 x (512Mi + 32Mi) + 256Mi + 256Mi + 39 x 128Mi + 16Mi + 128Mi + 8 x 192Mi + 128Mi
    expect(line('shop', 'requests.memory').peakAtMax).toBe((1632 + 256 + 256 + 4992 + 16 + 128 + 1536 + 128) * Mi);
    // limits.memory: 3 x (1Gi + 128Mi) + 1Gi + 1Gi (restore drill) + 39 x 256Mi + 64Mi + 256Mi + 8 x 384Mi + 256Mi
    expect(line('shop', 'limits.memory').peakAtMax).toBe((3456 + 1024 + 1024 + 9984 + 64 + 256 + 3072 + 256) * Mi);
    // ephemeral-storage requests: 3 x (128Mi + 16Mi) + 128Mi + 128Mi + 39 x 128Mi + 16Mi + 128Mi + 8 x 192Mi + 128Mi
    expect(line('shop', 'requests.ephemeral-storage').peakAtMax).toBe((432 + 128 + 128 + 4992 + 16 + 128 + 1536 + 128) * Mi);
    // the quota counts pods at the HPA maximum without surge: (3 + 1 + 1 + 30 + 1 + 1 + 6 + 1) x 1.5 = 66
    expect(line('shop', 'pods')).toMatchObject({ peak: 3 + 1 + 1 + 12 + 1 + 1 + 3 + 1, peakAtMax: 3 + 1 + 1 + 39 + 1 + 1 + 8 + 1, hard: 66, status: 'ok' });
    // 3 x 20Gi claims of the store + the restore drill's fresh 20Gi claim
    expect(line('shop', 'requests.storage')).toMatchObject({ peak: 80 * Gi, hard: 120 * Gi, status: 'ok' });
    expect(line('shop', 'persistentvolumeclaims')).toMatchObject({ peak: 4, hard: 6 });
  });

  test('the derived limits fit the HPA maximum too: every line ok, exit 0', () => {
    // limits.cpu hard, from the TeamNamespace's sum of limits at the most pods (no surge) x 1.5:
    // (3 x 1.2 + 1 + 1 + 30 x 0.5 + 0.1 + 0.25 + 6 x 0.7 + 0.25) x 1.5 = 25.4 x 1.5 = 38.1
    expect(line('shop', 'limits.cpu')).toMatchObject({ hard: 38.1, status: 'ok' });
    // limits.memory: (3456 + 1024 + 1024 + 30 x 256 + 64 + 256 + 6 x 384 + 256)Mi x 1.5 = 16064Mi x 1.5
    expect(line('shop', 'limits.memory')).toMatchObject({ hard: 24096 * Mi, status: 'ok' });
    expect(report.namespaces.flatMap((n: any) => n.lines).filter((l: any) => l.status !== 'ok')).toEqual([]);
    expect(r.code).toBe(0);
  });

  test('the table shows each workload and each quota line', () => {
    const text = review(['report', DIST]).stdout;
    expect(text).toMatch(/^shop\s+Deployment storefront\s+3-10\s+4 \/ 13\s+100m \/ 500m\s+128Mi \/ 256Mi\s+128Mi \/ 512Mi\s+HPA 3-10; maxSurge 25%: \+3$/m);
    expect(text).toMatch(/^shop\s+Deployment order-events\s+2-6\s+3 \/ 8\s+150m \/ 700m\s+192Mi \/ 384Mi\s+192Mi \/ 768Mi\s+HPA 2-6; maxSurge 25%: \+2$/m);
    expect(text).toMatch(/^shop\s+limits\.cpu\s+14300m \(38%\)\s+31300m\s+38100m\s+ok$/m);
    expect(text).toMatch(/^node-agents\s+requests\.cpu\s+150m \(8%\)\s+150m\s+2\s+ok$/m);
    expect(text).toContain('every rollout peak fits its quota; DaemonSets counted on 3 nodes');
  });
});

test('a quota the HPA maximum exceeds warns, exit 0', () => {
  const dir = copyDist(path.join(tmp, 'tight'), o => {
    obj(o, 'ResourceQuota', 'shop').spec.hard['limits.cpu'] = '20';
  });
  const r = review(['report', dir]);
  expect(r.code).toBe(0);
  // 14.3 cores at a rollout from the minimum fit 20; 31.3 at the HPA maximum do not
  expect(r.stdout).toMatch(/^shop\s+limits\.cpu\s+14300m \(72%\)\s+31300m\s+20\s+warn$/m);
  expect(r.stdout).toContain('every rollout peak fits its quota; 1 exceeded only at the HPA maximum (warn); DaemonSets counted on 3 nodes');
});

test('a rollout peak over the quota fails with exit 1', () => {
  const dir = copyDist(path.join(tmp, 'big'), o => {
    obj(o, 'HorizontalPodAutoscaler', 'storefront').spec.minReplicas = 9;
    obj(o, 'ResourceQuota', 'shop').spec.hard['limits.cpu'] = '16';
  });
  const r = review(['report', dir]);
  expect(r.code).toBe(1);
  // 3 x 1.2 + 1 + 1 + (9 + 3) x 0.5 + 4 x 0.5 x 2 + 0.1 + 0.25 + 3 x 0.7 + 0.25 = 18.3 cores of limits against 16
  expect(r.stdout).toMatch(/^shop\s+limits\.cpu\s+18300m \(114%\)\s+31300m\s+16\s+fail$/m);
  expect(r.stdout).toContain('1 quota line a rollout would exceed (fail)');
});

test('--diff shows each namespace line that changed', () => {
  const dir = copyDist(path.join(tmp, 'more'), o => {
    obj(o, 'StatefulSet', 'orders-db').spec.replicas = 4;
  });
  const r = review(['report', dir, '--diff', DIST]);
  const change = r.stdout.slice(r.stdout.indexOf('capacity change:'));
  // one more store pod: 250m for the store, 50m for its exporter
  expect(change).toMatch(/^shop\s+requests\.cpu\s+2960m -> 3260m \(\+300m\)\s+6410m -> 6710m \(\+300m\)\s+ok$/m);
  expect(change).toMatch(/^shop\s+requests\.storage\s+80Gi -> 100Gi \(\+20Gi\)/m);
  expect(change).not.toMatch(/^node-agents/m);
  expect(review(['report', DIST, '--diff', DIST]).stdout).toContain('capacity: no change');
});

test('--nodes sizes DaemonSets; --namespace keeps one namespace', () => {
  const r = JSON.parse(review(['report', DIST, '--nodes', '10', '--namespace', 'node-agents', '--format', 'json']).stdout);
  expect(r.workloads.map((w: any) => [w.name, w.peakAtMax])).toEqual([['log-shipper', 10]]);
  expect(r.namespaces.map((n: any) => n.namespace)).toEqual(['node-agents']);
  expect(review(['report', DIST, '--nodes', 'many']).stderr).toBe('cdk8s-patterns: --nodes "many" is not a whole number of nodes: use one such as --nodes 3\n');
});

describe('Kubernetes rules behind the numbers', () => {
  test('effective pod request: the larger of the biggest init container and the app containers plus sidecars', () => {
    const spec = {
      initContainers: [
        { name: 'migrate', resources: { requests: { cpu: '2', memory: '64Mi' } } },
        { name: 'proxy', restartPolicy: 'Always', resources: { requests: { cpu: '100m', memory: '32Mi' } } },
        { name: 'warm', resources: { requests: { cpu: '50m', memory: '1Gi' } } },
      ],
      containers: [
        { name: 'a', resources: { requests: { cpu: '250m', memory: '128Mi' } } },
        { name: 'b', resources: { requests: { cpu: '250m', memory: '128Mi' } } },
      ],
      overhead: { cpu: '10m' },
    };
    const { requests } = podResources(spec);
    // cpu: max(2, 0.1 + 0.05, 0.5 + 0.1) + 0.01; memory: max(64Mi, 32Mi + 1Gi, 256Mi + 32Mi)
    expect(requests.cpu).toBeCloseTo(2.01);
    expect(requests.memory).toBe((32 + 1024) * Mi);
  });

  test('a container without values takes the LimitRange defaults; a set limit stands in for a missing request', () => {
    const defaults = { default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } };
    const { requests, limits } = podResources({ containers: [{ name: 'a' }, { name: 'b', resources: { limits: { cpu: '2' } } }] }, defaults);
    expect(requests.cpu).toBeCloseTo(0.1 + 2);
    expect(limits.cpu).toBeCloseTo(0.5 + 2);
    expect(limits['ephemeral-storage']).toBe(Infinity);
  });

  test('maxSurge percentages round up; Recreate and StatefulSets do not surge; Argo blue-green doubles', () => {
    expect(surgeOf('25%', 3)).toBe(1);
    expect(surgeOf('25%', 10)).toBe(3);
    expect(surgeOf('25%', 4)).toBe(1);
    expect(surgeOf(2, 10)).toBe(2);
    expect(rolloutPeak({ kind: 'Deployment', spec: {} }, 10, 3).pods).toBe(13);
    expect(rolloutPeak({ kind: 'Deployment', spec: { strategy: { type: 'Recreate' } } }, 10, 3).pods).toBe(10);
    expect(rolloutPeak({ kind: 'StatefulSet', spec: {} }, 5, 3).pods).toBe(5);
    expect(rolloutPeak({ kind: 'DaemonSet', spec: { updateStrategy: { rollingUpdate: { maxSurge: '50%' } } } }, 4, 4).pods).toBe(6);
    expect(rolloutPeak({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', spec: { strategy: { blueGreen: {} } } }, 4, 3).pods).toBe(8);
    expect(rolloutPeak({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', spec: { strategy: { canary: { maxSurge: 1 } } } }, 4, 3).pods).toBe(5);
  });

  test('quantities: decimal and binary suffixes, exponents, millis', () => {
    expect(parseQuantity('250m')).toBe(0.25);
    expect(parseQuantity('1.5Gi')).toBe(1.5 * Gi);
    expect(parseQuantity('1G')).toBe(1e9);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('128974848')).toBe(128974848);
    expect(parseQuantity('12 apples')).toBeNaN();
  });
});

test('environments: one report line set per environment folder', () => {
  const envs = path.join(tmp, 'envs');
  copyDist(path.join(envs, 'dev'), o => { obj(o, 'HorizontalPodAutoscaler', 'storefront').spec.maxReplicas = 4; });
  copyDist(path.join(envs, 'prod'));
  const r = JSON.parse(review(['report', envs, '--format', 'json']).stdout);
  const storefront = r.workloads.filter((w: any) => w.name === 'storefront').map((w: any) => [w.env, w.peakAtMax]);
  expect(storefront).toEqual([['dev', 5], ['prod', 13]]);
  expect(review(['report', envs]).stdout).toMatch(/^dev\/shop\s+Deployment storefront\s+3-4/m);
});
