import { ApiObject, Chart, Testing } from 'cdk8s';
import { PodSecurityLevel, TeamNamespace, WebApp, Worker } from '../src';
import { find, schemaProblems, synth, synthErrors } from './util';

const image = 'ghcr.io/acme/storefront:1.4.2';

function landingZone(props: ConstructorParameters<typeof TeamNamespace>[2] = {}) {
  const app = Testing.app();
  const chart = new Chart(app, 'platform');
  const ns = new TeamNamespace(chart, 'shop', props);
  const apps = new Chart(app, 'apps', { namespace: 'shop' });
  return { chart, ns, apps, objects: () => [...synth(chart)] };
}

test('defaults snapshot', () => {
  const { objects } = landingZone();
  expect(objects()).toMatchSnapshot();
});

describe('defaults', () => {
  const { objects: all } = landingZone();
  const objects = all();

  test('Namespace enforces, warns and audits restricted, pinned to the 1.28 rules', () => {
    expect(find(objects, 'Namespace', 'shop').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.28',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
    });
  });

  test('default-deny for ingress and egress, DNS egress only', () => {
    const np = find(objects, 'NetworkPolicy', 'default-deny').spec;
    expect(np.podSelector).toEqual({});
    expect(np.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.ingress).toBeUndefined();
    expect(np.egress).toHaveLength(1);
    expect(np.egress[0].ports.map((p: any) => p.port)).toEqual([53, 53]);
  });

  test('LimitRange gives containers defaults', () => {
    expect(find(objects, 'LimitRange', 'shop').spec.limits[0]).toEqual({
      type: 'Container',
      defaultRequest: { 'cpu': '100m', 'memory': '128Mi', 'ephemeral-storage': '128Mi' },
      default: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '512Mi' },
    });
  });

  test('deployer Role: exactly the kinds the library emits, no wildcards, no secrets', () => {
    const role = find(objects, 'Role', 'shop-deployer');
    const text = JSON.stringify(role.rules);
    expect(text).not.toContain('*');
    // ExternalSecrets are allowed (the store's own policy decides what they may read); Secrets are not
    expect(role.rules.flatMap((r: any) => r.resources)).not.toContain('secrets');
    expect(role.rules.flatMap((r: any) => r.resources)).toEqual(expect.arrayContaining(['deployments', 'statefulsets', 'services', 'networkpolicies', 'poddisruptionbudgets', 'horizontalpodautoscalers']));
    expect(find(objects, 'RoleBinding', 'shop-deployer').subjects).toEqual([{ kind: 'ServiceAccount', name: 'shop-deployer', namespace: 'shop' }]);
  });

  test('empty namespace gets the floor quota', () => {
    expect(find(objects, 'ResourceQuota', 'shop').spec.hard).toEqual({
      'requests.cpu': '2000m',
      'limits.cpu': '4000m',
      'requests.memory': '4096Mi',
      'limits.memory': '4096Mi',
      'requests.ephemeral-storage': '10Gi',
      'limits.ephemeral-storage': '40960Mi',
      'pods': 20,
      'persistentvolumeclaims': 5,
      'requests.storage': '50Gi',
    });
  });

  test('everything validates against the strict 1.28 schema', () => {
    expect(schemaProblems(objects)).toEqual({});
  });
});

test('quota is sized from the workloads declared in the namespace, at their maximum scale', () => {
  const { chart, apps } = landingZone();
  // 10 pods at most (HPA max) × 100m cpu = 1000m; 10 × 128Mi = 1280Mi; ×1.5 headroom
  new WebApp(apps, 'storefront', { image, autoscaling: { minReplicas: 2, maxReplicas: 10 }, resources: { cpuRequest: '300m', memoryRequest: '512Mi', memoryLimit: '512Mi' } });
  new WebApp(apps, 'elsewhere', { image, namespace: 'other' });
  const hard = find(synth(chart), 'ResourceQuota', 'shop').spec.hard;
  expect(hard['requests.cpu']).toBe('4500m');
  expect(hard['requests.memory']).toBe('7680Mi');
  expect(hard.pods).toBe(20);
});

describe('limits.cpu and limits.memory: sized from the workloads\' limits, not from the requests', () => {
  // api: at most 4 pods (HPA) × limits 1 CPU, 1Gi = 4000m, 4096Mi
  // consumer: 2 replicas × (no CPU limit: the LimitRange default 500m; the worker default 256Mi) = 1000m, 512Mi
  // sum 5000m, 4608Mi; × 1.5 headroom = 7500m, 6912Mi (requests: 4 × 100m + 2 × 100m = 600m × 1.5 = 900m, under the 2000m floor)
  const declare = (apps: Chart) => {
    new WebApp(apps, 'api', { image, autoscaling: { minReplicas: 2, maxReplicas: 4 }, resources: { cpuRequest: '100m', cpuLimit: '1', memoryLimit: '1Gi' } });
    new Worker(apps, 'consumer', { image, replicas: 2, resources: { omitCpuLimit: true, omitCpuLimitReason: 'latency-bound: throttling stalls the queue' } });
  };

  test('a derived quota', () => {
    const { chart, apps } = landingZone();
    declare(apps);
    const hard = find(synth(chart), 'ResourceQuota', 'shop').spec.hard;
    expect([hard['requests.cpu'], hard['limits.cpu'], hard['limits.memory']]).toEqual(['2000m', '7500m', '6912Mi']);
  });

  test('a given quota without limits gets the derived limits', () => {
    const { chart, apps } = landingZone({ quota: { cpu: '3', memory: '8Gi' } });
    declare(apps);
    const hard = find(synth(chart), 'ResourceQuota', 'shop').spec.hard;
    expect([hard['requests.cpu'], hard['requests.memory'], hard['limits.cpu'], hard['limits.memory']]).toEqual(['3', '8Gi', '7500m', '6912Mi']);
  });

  test('given limits are written as given', () => {
    const { chart, apps } = landingZone({ quota: { cpu: '3', memory: '8Gi', cpuLimit: '12', memoryLimit: '16Gi' } });
    declare(apps);
    const hard = find(synth(chart), 'ResourceQuota', 'shop').spec.hard;
    expect([hard['limits.cpu'], hard['limits.memory']]).toEqual(['12', '16Gi']);
  });

  test.each<[string, object, string]>([
    ['CPU limits', { cpuLimit: '4' },
      '[platform/shop] quota.cpuLimit "4" is smaller than the workloads declared in namespace "shop" need (5000m of CPU limits): raise it, or leave quota.cpuLimit out to size it from the workloads'],
    ['memory limits', { memoryLimit: '4Gi' },
      '[platform/shop] quota.memoryLimit "4Gi" is smaller than the workloads declared in namespace "shop" need (4608Mi of memory limits): raise it, or leave quota.memoryLimit out'],
    ['not a CPU quantity', { cpuLimit: 'lots' }, '[platform/shop] quota.cpuLimit "lots" is not a CPU quantity: give cores or millicores, such as "8" or "8000m"'],
    ['not a memory quantity', { memoryLimit: '16GB' }, '[platform/shop] quota.memoryLimit "16GB" is not a memory quantity: give bytes with a suffix, such as "16Gi"'],
  ])('given %s that the workloads do not fit is an error', (_what, limits, message) => {
    const { chart, apps } = landingZone({ quota: { cpu: '3', memory: '8Gi', ...limits } });
    declare(apps);
    expect(synthErrors(chart)).toContain(message);
  });
});

describe('bad input', () => {
  test('invalid namespace name', () => {
    const { chart } = landingZone({ name: 'Shop_NS' });
    expect(synthErrors(chart)).toContain('[platform/shop] name "Shop_NS" is not a valid DNS-1123 label');
  });

  test.each(['kube-system', 'kube-public', 'kube-node-lease', 'default'])('reserved namespace %s is refused (default-deny and restricted there break the cluster)', name => {
    const chart = new Chart(Testing.app(), 'platform');
    new TeamNamespace(chart, name);
    expect(synthErrors(chart)).toContain(`[platform/${name}] id (the default name) "${name}" is a namespace Kubernetes reserves for itself: give the team its own namespace`);
    const named = new Chart(Testing.app(), 'platform');
    new TeamNamespace(named, 'system', { name });
    expect(synthErrors(named)).toContain(`[platform/system] name "${name}" is a namespace Kubernetes reserves for itself`);
  });

  test('explicit quota smaller than the declared workloads', () => {
    const { chart, apps } = landingZone({ quota: { cpu: '500m', memory: '8Gi' } });
    new WebApp(apps, 'storefront', { image, replicas: 4, resources: { cpuRequest: '200m' } });
    expect(synthErrors(chart)).toContain(
      '[platform/shop] quota.cpu "500m" is smaller than the workloads declared in namespace "shop" need (800m of CPU requests): raise it, or leave quota out',
    );
  });

  test('a pod needing more than the enforced Pod Security level', () => {
    const { chart, apps } = landingZone({ podSecurity: PodSecurityLevel.BASELINE });
    new ApiObject(apps, 'node-exporter', {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'node-exporter' },
      spec: { template: { spec: { hostNetwork: true, containers: [{ name: 'x', image }] } } },
    });
    expect(synthErrors(chart)).toContain(
      '[apps/node-exporter] DaemonSet "node-exporter" needs Pod Security level "privileged" (hostNetwork) but namespace "shop" enforces "baseline"',
    );
  });

  test('WebApp defaults fit a restricted namespace', () => {
    const { chart, apps } = landingZone();
    new WebApp(apps, 'storefront', { image });
    expect(() => synth(chart)).not.toThrow();
  });
});
