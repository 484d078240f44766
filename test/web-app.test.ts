import { Duration, Size, Testing } from 'cdk8s';
import { EnvValue, IngressScope, Probe, WebApp, WebAppProps } from '../src';
import { find, schemaProblems, synth, synthErrors, all } from './util';

const image = 'ghcr.io/acme/storefront:1.4.2';

function web(props: Partial<WebAppProps> = {}, id = 'storefront') {
  const chart = Testing.chart();
  const app = new WebApp(chart, id, { image, ...props });
  return { chart, app, objects: () => synth(chart) };
}

const custom: WebAppProps = {
  image: 'registry.example.com/acme/shop@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  name: 'shop',
  namespace: 'retail',
  port: 3000,
  servicePort: 8080,
  serviceType: 'NodePort',
  serviceTypeReason: 'the edge load balancer targets node ports',
  healthPath: '/ready',
  version: '2.0.0',
  partOf: 'retail-suite',
  labels: { team: 'checkout' },
  annotations: { 'example.com/owner': 'checkout' },
  podAnnotations: { 'example.com/pod': 'yes' },
  command: ['/app/server'],
  args: ['--listen', ':3000'],
  env: {
    LOG_LEVEL: EnvValue.value('info'),
    DB_PASSWORD: EnvValue.fromSecret('shop-db', 'password'),
    FEATURE_FLAGS: EnvValue.fromConfigMap('flags', 'shop', { optional: true }),
    POD_NAME: EnvValue.fromField('metadata.name'),
  },
  envFromSecrets: ['shop-api-keys'],
  envFromConfigMaps: ['shop-settings'],
  resources: { cpuRequest: '250m', omitCpuLimit: true, omitCpuLimitReason: 'p99 latency doubles under CFS throttling', memoryRequest: '256Mi', memoryLimit: '512Mi', ephemeralStorageLimit: '1Gi' },
  probes: { liveness: Probe.http('/livez', { period: Duration.seconds(20) }) },
  slowStart: Duration.minutes(2),
  security: { user: 20000, group: 20000 },
  tmpSize: Size.mebibytes(256),
  nodeSelector: { 'kubernetes.io/arch': 'arm64' },
  tolerations: [{ key: 'dedicated', value: 'shop', effect: 'NoSchedule' }],
  priorityClassName: 'business-critical',
  terminationGracePeriod: Duration.seconds(60),
  preStopDelay: Duration.seconds(10),
  autoscaling: { minReplicas: 3, maxReplicas: 12, cpuUtilization: 60, memoryUtilization: 80 },
  ingress: { host: 'shop.example.com', path: '/api', className: 'nginx', tlsSecretName: 'shop-tls', annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' } },
  metrics: { port: 9102, path: '/prom', interval: '15s' },
  configFiles: { 'app.yaml': 'mode: production\n', 'flags.json': '{"beta":false}' },
  configMountPath: '/config',
  ingressScope: IngressScope.NAMESPACE,
  allowInternetEgress: true,
};

describe('snapshots', () => {
  test('defaults', () => {
    expect(web().objects()).toMatchSnapshot();
  });

  test('fully customised', () => {
    const chart = Testing.chart();
    new WebApp(chart, 'shop', custom);
    expect(synth(chart)).toMatchSnapshot();
  });
});

describe('default output', () => {
  const objects = web().objects();
  const deployment = find(objects, 'Deployment', 'storefront');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  test('emits exactly Deployment, Service, ServiceAccount, PodDisruptionBudget and NetworkPolicy', () => {
    expect(objects.map(o => o.kind).sort()).toEqual(['Deployment', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'ServiceAccount']);
  });

  test.each([
    ['strategy', deployment.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } }],
    ['revisionHistoryLimit', deployment.spec.revisionHistoryLimit, 10],
    ['progressDeadlineSeconds', deployment.spec.progressDeadlineSeconds, 600],
    ['minReadySeconds', deployment.spec.minReadySeconds, 5],
    ['replicas', deployment.spec.replicas, 2],
    ['terminationGracePeriodSeconds', pod.terminationGracePeriodSeconds, 30],
    ['preStop', container.lifecycle.preStop.exec.command, ['sleep', '5']],
    ['imagePullPolicy', container.imagePullPolicy, 'Always'],
    ['automountServiceAccountToken (pod)', pod.automountServiceAccountToken, false],
    ['pod securityContext', pod.securityContext, { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } }],
    ['container securityContext', container.securityContext, {
      allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] },
    }],
    ['resources', container.resources, {
      requests: { 'cpu': '100m', 'memory': '128Mi', 'ephemeral-storage': '128Mi' },
      limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '512Mi' },
    }],
    ['writable /tmp', container.volumeMounts, [{ name: 'tmp', mountPath: '/tmp' }]],
    ['/tmp size limit', pod.volumes, [{ name: 'tmp', emptyDir: { medium: '', sizeLimit: '64Mi' } }]],
    ['container port', container.ports, [{ name: 'http', containerPort: 8080, protocol: 'TCP' }]],
  ])('%s', (_what, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  test('readiness and liveness probes differ: HTTP health path vs TCP connect', () => {
    expect(container.readinessProbe).toMatchObject({ httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 5, failureThreshold: 3 });
    expect(container.livenessProbe).toMatchObject({ tcpSocket: { port: 8080 }, periodSeconds: 10, failureThreshold: 6 });
    expect(container.readinessProbe).not.toEqual(container.livenessProbe);
    expect(container.startupProbe).toBeUndefined();
  });

  test('labels: the recommended set, instance equals metadata.name, selectors without version', () => {
    for (const o of objects) {
      expect(o.metadata.labels).toEqual({
        'app.kubernetes.io/name': 'storefront',
        'app.kubernetes.io/instance': o.metadata.name,
        'app.kubernetes.io/version': '1.4.2',
        'app.kubernetes.io/component': 'web',
        'app.kubernetes.io/part-of': 'test',
        'app.kubernetes.io/managed-by': 'cdk8s-patterns',
      });
    }
    const selector = { 'app.kubernetes.io/name': 'storefront', 'app.kubernetes.io/instance': 'storefront' };
    expect(deployment.spec.selector.matchLabels).toEqual(selector);
    expect(find(objects, 'Service', 'storefront').spec.selector).toEqual(selector);
    expect(find(objects, 'PodDisruptionBudget', 'storefront').spec.selector.matchLabels).toEqual(selector);
    expect(deployment.spec.template.metadata.labels).toMatchObject(selector);
  });

  test('an image bump changes no selector', () => {
    const bumped = web({ image: 'ghcr.io/acme/storefront:1.5.0' }).objects();
    const selectors = (os: any[]) => [
      find(os, 'Deployment', 'storefront').spec.selector,
      find(os, 'Service', 'storefront').spec.selector,
      find(os, 'PodDisruptionBudget', 'storefront').spec.selector,
      find(os, 'NetworkPolicy', 'storefront').spec.podSelector,
    ];
    expect(selectors(bumped)).toEqual(selectors(objects));
    expect(find(bumped, 'Deployment', 'storefront').metadata.labels['app.kubernetes.io/version']).toBe('1.5.0');
  });

  test('names are the construct id, without hash suffix', () => {
    expect(objects.map(o => o.metadata.name)).toEqual(objects.map(() => 'storefront'));
  });

  test('PDB allows one pod down at a time', () => {
    expect(find(objects, 'PodDisruptionBudget', 'storefront').spec).toMatchObject({ maxUnavailable: 1 });
  });

  test('spreads over zones and hosts, best effort, and prefers other hosts', () => {
    expect(pod.topologySpreadConstraints.map((c: any) => [c.topologyKey, c.whenUnsatisfiable, c.maxSkew])).toEqual([
      ['topology.kubernetes.io/zone', 'ScheduleAnyway', 1],
      ['kubernetes.io/hostname', 'ScheduleAnyway', 1],
    ]);
    expect(pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey).toBe('kubernetes.io/hostname');
  });

  test('Service targets the named port', () => {
    expect(find(objects, 'Service', 'storefront').spec).toMatchObject({
      type: 'ClusterIP', ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    });
  });

  test('ServiceAccount does not mount a token', () => {
    expect(find(objects, 'ServiceAccount', 'storefront').automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('storefront');
  });

  test('NetworkPolicy: ingress only on the app port from the cluster, egress only to DNS', () => {
    const np = find(objects, 'NetworkPolicy', 'storefront').spec;
    expect(np.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'storefront' } });
    expect(np.ingress).toEqual([{ from: [{ namespaceSelector: {} }], ports: [{ protocol: 'TCP', port: 8080 }] }]);
    expect(np.egress).toHaveLength(1);
    expect(np.egress[0].ports.map((p: any) => `${p.protocol}/${p.port}`)).toEqual(['UDP/53', 'TCP/53']);
  });

  test('preStop pause is shorter than the grace period', () => {
    expect(Number(container.lifecycle.preStop.exec.command[1])).toBeLessThan(pod.terminationGracePeriodSeconds);
  });
});

describe('options', () => {
  test('one replica: no PDB, no anti-affinity, so node drains never block', () => {
    const objects = web({ replicas: 1 }).objects();
    expect(all(objects, 'PodDisruptionBudget')).toHaveLength(0);
    expect(find(objects, 'Deployment', 'storefront').spec.template.spec.affinity).toBeUndefined();
  });

  test('autoscaling: HPA v2 owns replicas, PDB follows the HPA minimum', () => {
    const objects = web({ autoscaling: { minReplicas: 3, maxReplicas: 10 } }).objects();
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'storefront');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'storefront' },
      minReplicas: 3,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
    expect(find(objects, 'Deployment', 'storefront').spec.replicas).toBeUndefined();
    expect(find(objects, 'PodDisruptionBudget', 'storefront').spec.maxUnavailable).toBe(1);
  });

  test('autoscaling from one replica to more has a PDB that never blocks a drain (maxUnavailable 1)', () => {
    const objects = web({ autoscaling: { minReplicas: 1, maxReplicas: 9 } }).objects();
    expect(find(objects, 'PodDisruptionBudget', 'storefront').spec).toEqual({
      maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'storefront', 'app.kubernetes.io/instance': 'storefront' } },
    });
    // an HPA owns the count even at a maximum of one: scanners see no replicas and expect a budget
    expect(all(web({ autoscaling: { minReplicas: 1, maxReplicas: 1 } }).objects(), 'PodDisruptionBudget')).toHaveLength(1);
    expect(all(web({ replicas: 1 }).objects(), 'PodDisruptionBudget')).toHaveLength(0);
  });

  test('config files: a ConfigMap, mounted read-only, and a checksum that changes with the content', () => {
    const a = web({ configFiles: { 'app.yaml': 'a: 1' } }).objects();
    const b = web({ configFiles: { 'app.yaml': 'a: 2' } }).objects();
    expect(find(a, 'ConfigMap', 'storefront-config').data).toEqual({ 'app.yaml': 'a: 1' });
    const podA = find(a, 'Deployment', 'storefront').spec.template;
    const podB = find(b, 'Deployment', 'storefront').spec.template;
    expect(podA.spec.containers[0].volumeMounts).toContainEqual({ name: 'config', mountPath: '/etc/storefront', readOnly: true });
    const key = 'cdk8s-patterns.io/config-checksum';
    expect(podA.metadata.annotations[key]).toMatch(/^[0-9a-f]{64}$/);
    expect(podA.metadata.annotations[key]).not.toEqual(podB.metadata.annotations[key]);
  });

  test('metrics: a ServiceMonitor on a separate metrics port', () => {
    const objects = web({ metrics: { port: 9090 } }).objects();
    expect(find(objects, 'ServiceMonitor', 'storefront').spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'storefront', 'app.kubernetes.io/instance': 'storefront' } },
      endpoints: [{ port: 'metrics', path: '/metrics', interval: '30s' }],
    });
    expect(find(objects, 'Service', 'storefront').spec.ports.map((p: any) => p.name)).toEqual(['http', 'metrics']);
    expect(find(objects, 'NetworkPolicy', 'storefront').spec.ingress[0].ports.map((p: any) => p.port)).toEqual([8080, 9090]);
  });

  test('metrics without the operator: scrape annotations instead of a ServiceMonitor', () => {
    const objects = web({ metrics: { serviceMonitor: false } }).objects();
    expect(all(objects, 'ServiceMonitor')).toHaveLength(0);
    expect(find(objects, 'Deployment', 'storefront').spec.template.metadata.annotations).toEqual({
      'prometheus.io/path': '/metrics', 'prometheus.io/port': '8080', 'prometheus.io/scrape': 'true',
    });
  });

  test('ingress with TLS and class', () => {
    const objects = web({ ingress: { host: 'shop.example.com', className: 'nginx', tlsSecretName: 'tls' } }).objects();
    expect(find(objects, 'Ingress', 'storefront').spec).toEqual({
      ingressClassName: 'nginx',
      tls: [{ hosts: ['shop.example.com'], secretName: 'tls' }],
      rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'storefront', port: { name: 'http' } } } }] } }],
    });
  });

  test('CPU limit can be left out; image user can replace the fixed uid', () => {
    const objects = web({
      resources: { omitCpuLimit: true, omitCpuLimitReason: 'p99 latency doubles under CFS throttling' },
      security: { useImageUser: true, useImageUserReason: 'the image\'s files belong to its own uid 999' },
    }).objects();
    const pod = find(objects, 'Deployment', 'storefront').spec.template.spec;
    expect(pod.containers[0].resources.limits.cpu).toBeUndefined();
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  });

  test('probes can be removed and a startup probe added for slow starters', () => {
    const objects = web({ probes: { readiness: Probe.none(), liveness: Probe.none() } }).objects();
    const c = find(objects, 'Deployment', 'storefront').spec.template.spec.containers[0];
    expect(c.readinessProbe).toBeUndefined();
    expect(c.livenessProbe).toBeUndefined();
    expect(c.startupProbe).toBeUndefined();
    const slow = find(web({ slowStart: Duration.seconds(60) }).objects(), 'Deployment', 'storefront').spec.template.spec.containers[0];
    expect(slow.startupProbe).toMatchObject({ tcpSocket: { port: 8080 }, periodSeconds: 5, failureThreshold: 12 });
  });

  test('preStop hook can be removed', () => {
    const c = find(web({ preStopDelay: Duration.seconds(0) }).objects(), 'Deployment', 'storefront').spec.template.spec.containers[0];
    expect(c.lifecycle).toBeUndefined();
  });

  test('internet egress excludes private, CGNAT, loopback and link-local ranges (the cloud metadata service)', () => {
    const np = find(web({ allowInternetEgress: true }).objects(), 'NetworkPolicy', 'storefront').spec;
    expect(np.egress[1]).toEqual({
      to: [
        { ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16'] } },
        { ipBlock: { cidr: '::/0', except: ['::1/128', 'fc00::/7', 'fe80::/10'] } },
      ],
    });
  });
});

describe('connectsTo', () => {
  test('opens egress from the client and ingress on the server, nothing else', () => {
    const chart = Testing.chart();
    const front = new WebApp(chart, 'front', { image });
    const api = new WebApp(chart, 'api', { image, port: 9000, ingressScope: IngressScope.PEERS });
    new WebApp(chart, 'other', { image });
    front.connectsTo(api);
    const objects = synth(chart);
    expect(find(objects, 'NetworkPolicy', 'front').spec.egress[1]).toEqual({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } } }],
      ports: [{ protocol: 'TCP', port: 9000 }],
    });
    expect(find(objects, 'NetworkPolicy', 'api').spec.ingress).toEqual([{
      from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'front' } } }],
      ports: [{ protocol: 'TCP', port: 9000 }],
    }]);
    expect(find(objects, 'NetworkPolicy', 'other').spec.egress).toHaveLength(1);
  });

  test('across namespaces adds a namespace selector', () => {
    const chart = Testing.chart();
    const front = new WebApp(chart, 'front', { image, namespace: 'web' });
    const api = new WebApp(chart, 'api', { image, namespace: 'backend' });
    front.connectsTo(api);
    expect(find(synth(chart), 'NetworkPolicy', 'front').spec.egress[1].to[0].namespaceSelector).toEqual({
      matchLabels: { 'kubernetes.io/metadata.name': 'backend' },
    });
  });
});

describe('schema', () => {
  test('default and customised output validate against the strict 1.28 schema', () => {
    const chart = Testing.chart();
    new WebApp(chart, 'a', { image });
    new WebApp(chart, 'b', custom);
    new WebApp(chart, 'c', { image, metrics: { serviceMonitor: false }, replicas: 1, ingress: { host: 'c.example.com' } });
    expect(schemaProblems(synth(chart))).toEqual({});
  });

  test('the schema check catches an unknown field', () => {
    const deployment = find(web().objects(), 'Deployment', 'storefront');
    deployment.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
    expect(schemaProblems([deployment])).toEqual({
      'Deployment/storefront': ['spec.template.spec.containers[0]: unknown field "imagePullPolicyy"'],
    });
  });
});

describe('bad input', () => {
  test.each<[string, Partial<WebAppProps>, string]>([
    ['untagged image', { image: 'nginx' }, 'image "nginx" has no tag: pin a version such as "nginx:1.2.3"'],
    ['latest tag', { image: 'nginx:latest' }, 'image "nginx:latest" uses the moving tag "latest"'],
    ['port out of range', { port: 70000 }, 'port 70000 is not a port number: use a whole number from 1 to 65535'],
    ['negative replicas', { replicas: -1 }, 'replicas -1 is not a whole number >= 1'],
    ['min above max', { autoscaling: { minReplicas: 5, maxReplicas: 3 } }, 'autoscaling.maxReplicas 3 is below minReplicas 5'],
    ['replicas with autoscaling', { replicas: 3, autoscaling: { maxReplicas: 5 } }, 'replicas 3 is set together with autoscaling: remove `replicas`'],
    ['non-DNS name', { name: 'Store_Front' }, 'name "Store_Front" is not a valid DNS-1123 label'],
    ['health path without slash', { healthPath: 'healthz' }, 'healthPath "healthz" does not start with "/": write it as "/healthz"'],
    ['probe path without slash', { probes: { readiness: Probe.http('ready') } }, 'probes.readiness path "ready" does not start with "/"'],
    ['identical readiness and liveness', {
      probes: {
        readiness: Probe.http('/healthz', { period: Duration.seconds(10), failureThreshold: 3 }),
        liveness: Probe.http('/healthz', { period: Duration.seconds(10), failureThreshold: 3, initialDelay: Duration.seconds(0), timeout: Duration.seconds(2) }),
      },
    }, 'probes.liveness "http GET /healthz on 8080" runs the same check as the readiness probe'],
    ['same check as readiness, other timings (kube-score compares handlers)', {
      probes: { liveness: Probe.http('/healthz', { period: Duration.seconds(30), failureThreshold: 10 }) },
    }, 'probes.liveness "http GET /healthz on 8080" runs the same check as the readiness probe'],
    ['a credential in args', { args: ['--db-password', 'hunter2'] }, 'args "(not shown)" argument 0 passes a literal value to the credential flag --db-password: read the credential from a Secret'],
    ['a cached image without a reason', { imagePullPolicy: 'IfNotPresent' }, 'imagePullPolicyReason "" is empty while imagePullPolicy is "IfNotPresent"'],
    ['not a pull policy', { imagePullPolicy: 'Sometimes' }, 'imagePullPolicy "Sometimes" is not an image pull policy: use one of Always, IfNotPresent, Never'],
    ['root uid', { security: { user: 0 } }, 'security.user 0 is not a non-root id'],
  ])('%s', (_what, props, message) => {
    const { chart } = web(props);
    expect(synthErrors(chart)).toContain(`[test/storefront] ${message}`);
  });

  test('every error of one synth is reported together', () => {
    const chart = Testing.chart();
    new WebApp(chart, 'one', { image: 'nginx', port: 0 });
    new WebApp(chart, 'two', { image: 'redis:latest' });
    const message = synthErrors(chart);
    expect(message).toContain('[test/one] image "nginx" has no tag');
    expect(message).toContain('[test/one] port 0 is not a port number');
    expect(message).toContain('[test/two] image "redis:latest" uses the moving tag "latest"');
  });
});

test('a credential literal in env fails at construction, as the output rule would at synth', () => {
  const { chart } = web({ env: { API_TOKEN: EnvValue.value('abc123'), LOG_LEVEL: EnvValue.value('info') } });
  const errors = synthErrors(chart);
  expect(errors).toContain('[test/storefront] env.API_TOKEN "(a literal, not shown)" would write a credential into the manifests');
  expect(errors).not.toContain('LOG_LEVEL');
  expect(errors).not.toContain('abc123');
});

