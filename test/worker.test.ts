import { App, Chart, Duration, Testing } from 'cdk8s';
import { EnvironmentProfile, HealthProbe, IngressScope, MetricType, Platform, Worker, WorkerProps, WebApp, renderReport } from '../src';
import { all, find, schemaProblems, synth, synthErrors } from './util';
import { WORKER } from '../src/private/defaults';

const image = 'ghcr.io/acme/orders-consumer:1.2.0';

function worker(props: Partial<WorkerProps> = {}, chart: Chart = Testing.chart()) {
  const w = new Worker(chart, 'consumer', { image, ...props });
  return { chart, worker: w, objects: () => synth(chart) };
}

describe('snapshots', () => {
  test('defaults', () => {
    expect(worker().objects()).toMatchSnapshot();
  });

  test('customised: metrics, exec liveness, one replica, peers', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    const queue = new WebApp(chart, 'queue', { image: 'ghcr.io/acme/queue:3.0.0', port: 5672, ingressScope: IngressScope.PEERS });
    const w = new Worker(chart, 'consumer', {
      image,
      replicas: 1,
      metrics: { port: 9100, path: '/stats' },
      probes: { liveness: HealthProbe.exec(['/bin/healthcheck', '--max-lag=60s']) },
      resources: { cpuRequest: '250m', memoryLimit: '512Mi' },
      terminationGracePeriod: Duration.seconds(60),
    });
    w.connectsTo(queue);
    expect(synth(chart).filter(o => o.metadata.name === 'consumer')).toMatchSnapshot();
  });
});

describe('default output', () => {
  const objects = worker().objects();
  const deployment = find(objects, 'Deployment', 'consumer');
  const pod = deployment.spec.template.spec;
  const main = pod.containers[0];

  test('a Deployment, ServiceAccount, NetworkPolicy and PDB; no Service, Ingress or HPA', () => {
    expect(objects.map(o => o.kind).sort()).toEqual(['Deployment', 'NetworkPolicy', 'PodDisruptionBudget', 'ServiceAccount']);
  });

  test.each([
    ['two replicas', deployment.spec.replicas, 2],
    ['rolling update, never below the replica count', deployment.spec.strategy.rollingUpdate, { maxSurge: '25%', maxUnavailable: 0 }],
    ['no ports', main.ports, undefined],
    ['no probes', [main.readinessProbe, main.livenessProbe, main.startupProbe], [undefined, undefined, undefined]],
    ['no preStop sleep (no endpoints to drain)', main.lifecycle, undefined],
    ['own ServiceAccount, no token', [pod.serviceAccountName, pod.automountServiceAccountToken], ['consumer', false]],
    ['restricted', [pod.securityContext.runAsNonRoot, main.securityContext.readOnlyRootFilesystem, main.securityContext.capabilities.drop], [true, true, ['ALL']]],
    ['web resources', main.resources.requests.cpu, '100m'],
    ['spread over zones and hosts', pod.topologySpreadConstraints.map((t: any) => t.topologyKey), ['topology.kubernetes.io/zone', 'kubernetes.io/hostname']],
    ['host anti-affinity', pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey, 'kubernetes.io/hostname'],
    ['component label', deployment.metadata.labels['app.kubernetes.io/component'], 'worker'],
  ])('%s', (_, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  test('network: no ingress at all, egress to DNS only', () => {
    const np = find(objects, 'NetworkPolicy', 'consumer');
    expect(np.spec.ingress).toEqual([]);
    expect(np.spec.egress).toHaveLength(1);
    expect(np.spec.egress[0].ports.map((p: any) => p.port)).toEqual([53, 53]);
  });

  test('passes the strict schema and every rule', () => {
    expect(schemaProblems(objects)).toEqual({});
    const app = new App();
    new Worker(new Chart(app, 'c', { namespace: 'work' }), 'consumer', { image });
    expect(renderReport(app).findings).toEqual([]);
  });
});

describe('metrics', () => {
  const { objects } = worker({ metrics: {} });
  const all_ = objects();
  const deployment = find(all_, 'Deployment', 'consumer');

  test('opens only the metrics port, 9090 by default, and writes scrape annotations', () => {
    expect(deployment.spec.template.spec.containers[0].ports).toEqual([{ name: 'metrics', containerPort: 9090, protocol: 'TCP' }]);
    const np = find(all_, 'NetworkPolicy', 'consumer');
    expect(np.spec.ingress).toEqual([{ from: [{ namespaceSelector: {} }], ports: [{ protocol: 'TCP', port: 9090 }] }]);
    expect(deployment.spec.template.metadata.annotations).toEqual({
      'prometheus.io/path': '/metrics', 'prometheus.io/port': '9090', 'prometheus.io/scrape': 'true',
    });
    expect(all(all_, 'Service')).toEqual([]);
  });

  test('a metrics-only port passes probes-set with its reason written down', () => {
    expect(deployment.metadata.annotations['cdk8s-patterns.io/suppress.probes-set']).toMatch(/Prometheus metrics, not traffic/);
    const app = new App();
    new Worker(new Chart(app, 'c', { namespace: 'work' }), 'consumer', { image, metrics: {} });
    const findings = renderReport(app).findings;
    expect(findings.filter(f => !f.suppressed)).toEqual([]);
    expect(findings.map(f => f.rule)).toEqual(['probes-set', 'probes-set']);
  });

  test('a user\'s HealthProbe.none(reason) is written, not replaced by the stock reason', () => {
    const none = HealthProbe.none('my own reason');
    for (const metrics of [undefined, {}]) {
      const d = find(worker({ metrics, probes: { readiness: none, liveness: none } }).objects(), 'Deployment', 'consumer');
      expect(d.metadata.annotations).toMatchObject({
        'cdk8s-patterns.io/suppress.probes-set': 'my own reason',
        'checkov.io/skip1': 'CKV_K8S_8=my own reason',
        'checkov.io/skip2': 'CKV_K8S_9=my own reason',
      });
    }
  });

  test('HealthProbe.none() without a reason keeps the stock one; slowStart adds no startup probe to the default none', () => {
    const d = find(worker({ probes: { readiness: HealthProbe.none(), liveness: HealthProbe.none() } }).objects(), 'Deployment', 'consumer');
    expect(d.metadata.annotations['cdk8s-patterns.io/suppress.probes-set']).toEqual(WORKER.noProbesReason);
    const slow = find(worker({ metrics: {}, slowStart: Duration.minutes(2) }).objects(), 'Deployment', 'consumer');
    expect(slow.spec.template.spec.containers[0].startupProbe).toBeUndefined();
  });

  test('an HTTP probe on the metrics port', () => {
    const d = find(worker({ metrics: {}, probes: { liveness: HealthProbe.http('/live') } }).objects(), 'Deployment', 'consumer');
    expect(d.spec.template.spec.containers[0].livenessProbe.httpGet).toEqual({ path: '/live', port: 9090, scheme: 'HTTP' });
  });
});

describe('replicas', () => {
  test('one replica: no PDB, no anti-affinity', () => {
    const objects = worker({ replicas: 1 }).objects();
    expect(all(objects, 'PodDisruptionBudget')).toEqual([]);
    expect(find(objects, 'Deployment', 'consumer').spec.template.spec.affinity).toBeUndefined();
  });

  test('the development profile runs one', () => {
    const app = Testing.app();
    Platform.configure(app, { profile: EnvironmentProfile.DEVELOPMENT });
    const chart = new Chart(app, 'dev');
    new Worker(chart, 'consumer', { image });
    expect(find(synth(chart), 'Deployment', 'consumer').spec.replicas).toBe(1);
  });

  test('connectsTo a worker fails: it serves no port', () => {
    const chart = Testing.chart();
    const w = new Worker(chart, 'consumer', { image });
    const web = new WebApp(chart, 'web', { image: 'ghcr.io/acme/web:1.0.0' });
    web.connectsTo(w);
    expect(synthErrors(chart)).toContain('connectsTo "test/consumer" serves no port');
  });
});

describe('autoscaling on queue length', () => {
  const queueLength = { name: 'rabbitmq_queue_messages_ready', selector: { queue: 'order-events' }, messagesPerPod: 30 };
  const { objects } = worker({ autoscaling: { minReplicas: 2, maxReplicas: 12, queueLength } });
  const all_ = objects();
  const hpa = find(all_, 'HorizontalPodAutoscaler', 'consumer');
  const deployment = find(all_, 'Deployment', 'consumer');

  test('an autoscaling/v2 HPA on the Deployment: one External metric, the backlog per pod, and no CPU target beside it', () => {
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'consumer' },
      minReplicas: 2,
      maxReplicas: 12,
      metrics: [{
        type: 'External',
        external: {
          metric: { name: 'rabbitmq_queue_messages_ready', selector: { matchLabels: { queue: 'order-events' } } },
          target: { type: 'AverageValue', averageValue: 30 },
        },
      }],
    });
    expect(hpa.spec).toMatchSnapshot();
  });

  test('the HPA owns the count: no replicas on the Deployment; a PDB and anti-affinity because the maximum is above one', () => {
    expect(deployment.spec.replicas).toBeUndefined();
    expect(find(all_, 'PodDisruptionBudget', 'consumer').spec.maxUnavailable).toBe(1);
    expect(deployment.spec.template.spec.affinity.podAntiAffinity).toBeDefined();
  });

  test('CPU and the other metric types work as on a WebApp (one implementation)', () => {
    const h = find(worker({
      autoscaling: {
        maxReplicas: 4,
        cpuUtilization: 80,
        queueLength,
        metrics: [{ type: MetricType.PODS, name: 'jobs_in_flight', averageValue: 5 }],
      },
    }).objects(), 'HorizontalPodAutoscaler', 'consumer');
    expect(h.spec.minReplicas).toBe(2);
    expect(h.spec.metrics.map((m: any) => m.type)).toEqual(['Resource', 'External', 'Pods']);
  });

  test('a maximum of one: an HPA and, as for a WebApp, a PDB of maxUnavailable 1 (it lets a drain evict the one pod)', () => {
    const o = worker({ autoscaling: { minReplicas: 1, maxReplicas: 1, queueLength } }).objects();
    expect(all(o, 'HorizontalPodAutoscaler')).toHaveLength(1);
    expect(all(o, 'PodDisruptionBudget').map(p => p.spec.maxUnavailable)).toEqual([1]);
    expect(find(o, 'Deployment', 'consumer').metadata.annotations['kube-score/ignore'] ?? '').not.toContain('deployment-has-poddisruptionbudget');
  });

  test('passes the strict schema and every rule', () => {
    expect(schemaProblems(all_)).toEqual({});
    const app = new App();
    new Worker(new Chart(app, 'c', { namespace: 'work' }), 'consumer', { image, autoscaling: { maxReplicas: 12, queueLength } });
    expect(renderReport(app).findings).toEqual([]);
  });

  test.each<[string, any, string]>([
    ['scale to zero', { minReplicas: 0, maxReplicas: 5, queueLength },
      'autoscaling.minReplicas 0 cannot scale to zero: a HorizontalPodAutoscaler accepts minReplicas 0 only with the alpha HPAScaleToZero feature gate, '
      + 'off by default on Kubernetes 1.28: use 1 or more; to scale to zero, leave out `autoscaling` and scale the workload with a KEDA ScaledObject with minReplicaCount: 0'],
    ['an unknown metric type', { maxReplicas: 5, metrics: [{ type: 'Queue', name: 'q', averageValue: 1 }] },
      'autoscaling.metrics[0].type "Queue" is not a metric type: use MetricType.PODS ("Pods"), MetricType.OBJECT ("Object") or MetricType.EXTERNAL ("External")'],
    ['an empty queue metric name', { maxReplicas: 5, queueLength: { ...queueLength, name: '' } },
      'autoscaling.queueLength.name "" is empty: give the name the metrics adapter serves, such as "rabbitmq_queue_messages_ready"'],
    ['a queue metric name that is not one', { maxReplicas: 5, queueLength: { ...queueLength, name: 'messages ready' } },
      'autoscaling.queueLength.name "messages ready" is not a metric name'],
    ['a target of zero messages', { maxReplicas: 5, queueLength: { ...queueLength, messagesPerPod: 0 } },
      'autoscaling.queueLength.messagesPerPod 0 is not a positive number: give the waiting messages one pod should have, such as 30'],
    ['a negative target', { maxReplicas: 5, queueLength: { ...queueLength, messagesPerPod: -3 } }, 'autoscaling.queueLength.messagesPerPod -3 is not a positive number'],
    ['a target of zero on a custom metric', { maxReplicas: 5, metrics: [{ type: MetricType.EXTERNAL, name: 'q', averageValue: 0 }] },
      'autoscaling.metrics[0].averageValue 0 is not a positive quantity'],
    ['a bad selector value', { maxReplicas: 5, queueLength: { ...queueLength, selector: { queue: 'order events' } } }, 'autoscaling.queueLength.selector'],
    ['replicas beside autoscaling', { maxReplicas: 5, queueLength, replicas: 3 }, 'replicas 3 is set together with autoscaling: remove `replicas`'],
    ['a maximum below the minimum', { maxReplicas: 1, queueLength }, 'autoscaling.maxReplicas 1 is below minReplicas 2: set maxReplicas to 2 or more'],
  ])('%s is a prop error', (_what, given, message) => {
    const { replicas, ...autoscaling } = given;
    const errors = synthErrors(worker({ autoscaling, replicas }).chart);
    expect(errors).toContain(`[test/consumer] ${message}`);
  });

  test('shape errors: a queueLength without its target, a misspelt prop', () => {
    const js = (x: object) => x as any;
    expect(synthErrors(worker({ autoscaling: js({ maxReplicas: 5, queueLength: { name: 'q' } }) }).chart)).toContain('autoscaling.queueLength.messagesPerPod');
    expect(synthErrors(worker({ autoscaling: js({ maxReplicas: 5, queueLenght: queueLength }) }).chart))
      .toContain('autoscaling.queueLenght {"name":"rabbitmq_queue_messages_ready","selector":{"queue":"order-events"},"messagesPerPod":30} is not a known prop: did you mean `queueLength`?');
  });
});

describe('bad input', () => {
  test.each([
    [{ replicas: 0 }, 'replicas 0 is not a whole number >= 1'],
    [{ metrics: { port: 70000 } }, 'metrics.port 70000 is not a port number'],
    [{ metrics: { port: 9090, path: 'metrics' } }, 'metrics.path "metrics" does not start with "/": write it as "/metrics"'],
    [{ probes: { liveness: HealthProbe.http('/live') } }, 'probes.liveness "http GET /live on undefined" has no port to probe'],
  ])('%j', (props, message) => {
    expect(synthErrors(worker(props as Partial<WorkerProps>).chart)).toContain(message);
  });
});

test('an unknown Worker prop is an error with the nearest known name', () => {
  const chart = Testing.chart();
  const js = (props: object) => props as any;
  new Worker(chart, 'w', js({ image: 'ghcr.io/acme/worker:1.0.0', replica: 2 }));
  const errors = synthErrors(chart);
  expect(errors).toContain('replica 2 is not a known prop: did you mean `replicas`?');
});
