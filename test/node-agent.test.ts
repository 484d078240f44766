import { App, Chart, Duration, JsonPatch, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { EnvValue, HostPathType, IngressScope, NodeAgent, NodeAgentProps, PermissionScope, PodSecurityLevel, Probe, TeamNamespace, render as renderApp } from '../src';
import { all, find, schemaProblems, synth, synthErrors } from './util';
import { NODE_AGENT } from '../src/private/defaults';

const image = 'fluent/fluent-bit:3.1.9';

/** The example: what a user writes. */
const example: NodeAgentProps = {
  image,
  hostPaths: [{ path: '/var/log', mountPath: '/var/log' }],
  permissions: [{ resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] }],
};

function chartIn(namespace: string | undefined): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}

function agent(props: Partial<NodeAgentProps> = {}, id = 'log-shipper') {
  const chart = chartIn('logging');
  const construct = new NodeAgent(chart, id, { ...example, ...props });
  return { chart, agent: construct, objects: () => synth(chart) };
}

const custom: NodeAgentProps = {
  image: 'registry.example.com/obs/node-exporter@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  name: 'node-exporter',
  namespace: 'monitoring',
  version: '1.8.2',
  partOf: 'observability',
  labels: { team: 'platform' },
  annotations: { 'example.com/owner': 'platform' },
  podAnnotations: { 'example.com/pod': 'yes' },
  args: ['--path.rootfs=/host/root', '--web.listen-address=:9100'],
  env: { NODE_NAME: EnvValue.fromField('spec.nodeName') },
  port: 9100,
  healthPath: '/',
  metrics: { path: '/metrics', interval: '15s' },
  hostPaths: [
    { path: '/', mountPath: '/host/root' },
    { path: '/proc', mountPath: '/host/proc' },
    { path: '/sys', mountPath: '/host/sys' },
    { path: '/var/lib/node-exporter', writable: true, reason: 'keeps textfile metrics across restarts' },
    { path: '/run/containerd/containerd.sock', type: HostPathType.SOCKET, reason: 'labels metrics with container names' },
  ],
  permissions: [
    { resources: ['nodes', 'nodes/metrics'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'update'], resourceNames: ['node-exporter'] },
  ],
  apiServerCidrs: ['10.0.0.1/32'],
  maxUnavailable: '20%',
  runAsRoot: { reason: 'reads /proc of every process' },
  hostNetwork: { reason: 'reports the node\'s own network interfaces' },
  hostPid: { reason: 'sees every process of the node' },
  capabilities: { add: ['SYS_PTRACE', 'DAC_READ_SEARCH'], reason: 'reads process stats owned by other users' },
  configFiles: { 'web.yml': 'tls_server_config: {}\n' },
  configMountPath: '/etc/exporter',
  tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }],
  nodeSelector: { 'node-role.kubernetes.io/worker': 'true' },
  priorityClassName: 'observability-critical',
  resources: { cpuRequest: '20m', memoryLimit: '96Mi' },
  terminationGracePeriod: Duration.seconds(10),
  ingressScope: IngressScope.NAMESPACE,
};

describe('snapshots', () => {
  test('defaults (the issue\'s example)', () => {
    expect(agent().objects()).toMatchSnapshot();
  });

  test('fully customised', () => {
    const chart = chartIn(undefined);
    new NodeAgent(chart, 'exporter', custom);
    expect(synth(chart)).toMatchSnapshot();
  });
});

describe('default output', () => {
  const { objects: render, agent: construct } = agent();
  const objects = render();
  const ds = find(objects, 'DaemonSet', 'log-shipper');
  const pod = ds.spec.template.spec;
  const container = pod.containers[0];

  test('emits exactly DaemonSet, ServiceAccount, NetworkPolicy, ClusterRole and ClusterRoleBinding', () => {
    expect(objects.map(o => o.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'DaemonSet', 'NetworkPolicy', 'ServiceAccount']);
  });

  test.each([
    ['updateStrategy', ds.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }],
    ['revisionHistoryLimit', ds.spec.revisionHistoryLimit, 10],
    ['minReadySeconds', ds.spec.minReadySeconds, 5],
    ['tolerates every taint', pod.tolerations, [{ operator: 'Exists' }]],
    ['linux nodes only', pod.nodeSelector, { 'kubernetes.io/os': 'linux' }],
    ['priorityClassName', pod.priorityClassName, 'system-node-critical'],
    ['terminationGracePeriodSeconds', pod.terminationGracePeriodSeconds, 30],
    ['no preStop hook (nothing to drain, distroless images have no sleep)', container.lifecycle, undefined],
    ['imagePullPolicy', container.imagePullPolicy, 'Always'],
    ['token mounted on the pod (permissions declared)', pod.automountServiceAccountToken, true],
    ['token mounted on the ServiceAccount (permissions declared)', find(objects, 'ServiceAccount', 'log-shipper').automountServiceAccountToken, true],
    ['pod securityContext', pod.securityContext, { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } }],
    ['container securityContext', container.securityContext, {
      allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] },
    }],
    ['small agent resources', container.resources, {
      requests: { 'cpu': '50m', 'memory': '64Mi', 'ephemeral-storage': '64Mi' },
      limits: { 'cpu': '200m', 'memory': '128Mi', 'ephemeral-storage': '256Mi' },
    }],
    ['hostPath mounted read-only', container.volumeMounts, [{ name: 'tmp', mountPath: '/tmp' }, { name: 'host-var-log', mountPath: '/var/log', readOnly: true }]],
    ['hostPath with an explicit type', pod.volumes[1], { name: 'host-var-log', hostPath: { path: '/var/log', type: 'Directory' } }],
    ['no ports', container.ports, undefined],
    ['no probes without a port', [container.readinessProbe, container.livenessProbe, container.startupProbe], [undefined, undefined, undefined]],
    ['no host namespaces', [pod.hostNetwork, pod.hostPID, pod.dnsPolicy], [undefined, undefined, undefined]],
    ['Pod Security level recorded on the DaemonSet', ds.metadata.annotations, expect.objectContaining({ 'cdk8s-patterns.io/pod-security-level': 'privileged', 'argocd.argoproj.io/sync-wave': '1' })],
    // no port, no probes: the reason reaches our rule and every scanner
    ['no probes, with a reason for every scanner', ds.metadata.annotations, expect.objectContaining({
      'cdk8s-patterns.io/suppress.probes-set': NODE_AGENT.noProbesReason,
      'checkov.io/skip1': `CKV_K8S_8=${NODE_AGENT.noProbesReason}`,
      'checkov.io/skip2': `CKV_K8S_9=${NODE_AGENT.noProbesReason}`,
      'checkov.io/skip3': `CKV_K8S_38=${NODE_AGENT.tokenReason}`,
      'kube-score/ignore': 'pod-probes',
      'polaris.fairwinds.com/readinessProbeMissing-exempt': 'true',
      'polaris.fairwinds.com/livenessProbeMissing-exempt': 'true',
    })],
  ])('%s', (_what, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  test('ClusterRole has exactly the declared rules, core group by default', () => {
    expect(find(objects, 'ClusterRole', 'log-shipper').rules).toEqual([
      { apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] },
    ]);
  });

  test('ClusterRoleBinding grants the ClusterRole to the agent\'s ServiceAccount in its namespace', () => {
    const binding = find(objects, 'ClusterRoleBinding', 'log-shipper');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'log-shipper' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'log-shipper', namespace: 'logging' }]);
    expect(pod.serviceAccountName).toBe('log-shipper');
  });

  test('cluster-scoped objects carry no namespace, namespaced ones the chart\'s', () => {
    expect(find(objects, 'ClusterRole', 'log-shipper').metadata.namespace).toBeUndefined();
    expect(find(objects, 'ClusterRoleBinding', 'log-shipper').metadata.namespace).toBeUndefined();
    expect(ds.metadata.namespace).toBe('logging');
    expect(find(objects, 'ServiceAccount', 'log-shipper').metadata.namespace).toBe('logging');
  });

  test('labels: the recommended set with component "agent"; selector without version', () => {
    for (const o of objects) {
      expect(o.metadata.labels).toEqual({
        'app.kubernetes.io/name': 'log-shipper',
        'app.kubernetes.io/instance': 'log-shipper',
        'app.kubernetes.io/version': '3.1.9',
        'app.kubernetes.io/component': 'agent',
        'app.kubernetes.io/part-of': 'test',
        'app.kubernetes.io/managed-by': 'cdk8s-patterns',
      });
    }
    expect(ds.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'log-shipper', 'app.kubernetes.io/instance': 'log-shipper' });
  });

  test('NetworkPolicy: no ingress, egress to DNS and to the API server ports', () => {
    const np = find(objects, 'NetworkPolicy', 'log-shipper').spec;
    expect(np.ingress).toEqual([]);
    expect(np.egress).toHaveLength(2);
    // the API server's address is not known at synth; it is private in most clusters, never the metadata service
    expect(np.egress[1]).toEqual({
      to: [{ ipBlock: { cidr: '10.0.0.0/8' } }, { ipBlock: { cidr: '172.16.0.0/12' } }, { ipBlock: { cidr: '192.168.0.0/16' } }],
      ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 6443 }],
    });
  });

  test('podSecurityLevel is exposed for namespace checks', () => {
    expect(construct.podSecurityLevel).toBe(PodSecurityLevel.PRIVILEGED);
  });

  test('default DaemonSet is the construct\'s default child', () => {
    expect(construct.node.defaultChild).toBe(construct.daemonSet);
  });
});

describe('least privilege', () => {
  test('without permissions: no ClusterRole, no binding, no token, no API egress', () => {
    const objects = agent({ permissions: undefined }).objects();
    expect(objects.map(o => o.kind).sort()).toEqual(['DaemonSet', 'NetworkPolicy', 'ServiceAccount']);
    expect(find(objects, 'DaemonSet', 'log-shipper').spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(find(objects, 'ServiceAccount', 'log-shipper').automountServiceAccountToken).toBe(false);
    expect(find(objects, 'NetworkPolicy', 'log-shipper').spec.egress).toHaveLength(1);
  });

  test('an empty permissions list counts as none', () => {
    const objects = agent({ permissions: [] }).objects();
    expect(all(objects, 'ClusterRole')).toHaveLength(0);
    expect(find(objects, 'ServiceAccount', 'log-shipper').automountServiceAccountToken).toBe(false);
  });

  test('rules keep their order, groups, resource names and every verb as declared', () => {
    const permissions = [
      { apiGroups: ['apps'], resources: ['daemonsets'], verbs: ['get'], resourceNames: ['log-shipper'] },
      { resources: ['nodes/proxy'], verbs: ['get', 'create'], reason: 'reads kubelet stats' },
    ];
    expect(find(agent({ permissions }).objects(), 'ClusterRole', 'log-shipper').rules).toEqual([
      { apiGroups: ['apps'], resources: ['daemonsets'], verbs: ['get'], resourceNames: ['log-shipper'] },
      { apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get', 'create'] },
    ]);
  });

  test('a wildcard with a reason is kept, and the reason annotates the ClusterRole', () => {
    const objects = agent({
      permissions: [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'], reason: 'counts Secrets per namespace' }],
      allowWildcards: { reason: 'inventory exporter lists every kind, CRDs included' },
    }).objects();
    const role = find(objects, 'ClusterRole', 'log-shipper');
    expect(role.rules).toEqual([{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }]);
    expect(role.metadata.annotations).toEqual({
      'cdk8s-patterns.io/suppress.rbac-no-wildcards': 'inventory exporter lists every kind, CRDs included',
      'checkov.io/skip1': 'CKV_K8S_49=inventory exporter lists every kind, CRDs included',
      // reading every Secret is root-equivalent: its own reason, for every scanner that flags it
      'checkov.io/skip2': 'CKV2_K8S_5=read secrets: counts Secrets per namespace',
      'argocd.argoproj.io/sync-wave': '-2',
    });
  });

  test('permissionScope NAMESPACE: a Role and RoleBinding in the agent\'s namespace, no cluster-wide grant', () => {
    const objects = agent({ permissionScope: PermissionScope.NAMESPACE, permissions: [{ resources: ['configmaps'], verbs: ['get', 'watch'] }] }).objects();
    expect(all(objects, 'ClusterRole')).toHaveLength(0);
    expect(all(objects, 'ClusterRoleBinding')).toHaveLength(0);
    const role = find(objects, 'Role', 'log-shipper');
    expect(role.metadata.namespace).toBe('logging');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'watch'] }]);
    expect(find(objects, 'RoleBinding', 'log-shipper')).toMatchObject({
      metadata: { namespace: 'logging' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'log-shipper' },
      subjects: [{ kind: 'ServiceAccount', name: 'log-shipper', namespace: 'logging' }],
    });
  });

  test('a reasoned writable path and runtime socket: one reason per mount, for every scanner', () => {
    const ds = find(agent({
      hostPaths: [
        { path: '/var/lib/agent', writable: true, reason: 'keeps read positions' },
        { path: '/run/containerd/containerd.sock', type: HostPathType.SOCKET, reason: 'reads container names' },
      ],
    }).objects(), 'DaemonSet', 'log-shipper');
    expect(Object.values(ds.metadata.annotations)).toEqual(expect.arrayContaining([
      'CKV_K8S_27=/run/containerd/containerd.sock: reads container names',
    ]));
    expect(ds.metadata.annotations['polaris.fairwinds.com/hostPathSet-exempt']).toBe('true');
  });

  test('API server egress can be narrowed', () => {
    const np = find(agent({ apiServerCidrs: ['10.96.0.1/32', '192.168.10.0/24'] }).objects(), 'NetworkPolicy', 'log-shipper').spec;
    expect(np.egress[1].to).toEqual([{ ipBlock: { cidr: '10.96.0.1/32' } }, { ipBlock: { cidr: '192.168.10.0/24' } }]);
  });

  test('mountServiceAccountToken overrides the permissions rule', () => {
    const objects = agent({ mountServiceAccountToken: false }).objects();
    expect(find(objects, 'DaemonSet', 'log-shipper').spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(find(objects, 'NetworkPolicy', 'log-shipper').spec.egress).toHaveLength(1);
  });
});

describe('privileged opt-ins', () => {
  test('none by default: the agent is restricted-clean apart from its hostPath', () => {
    expect(agent({ hostPaths: [] }).agent.podSecurityLevel).toBe(PodSecurityLevel.RESTRICTED);
    expect(find(agent({ hostPaths: [] }).objects(), 'DaemonSet', 'log-shipper').metadata.annotations)
      .toMatchObject({ 'cdk8s-patterns.io/pod-security-level': 'restricted', 'argocd.argoproj.io/sync-wave': '1' });
  });

  test('runAsRoot: uid and gid 0, runAsNonRoot false, reason annotated, needs baseline', () => {
    const { objects, agent: a } = agent({ hostPaths: [], runAsRoot: { reason: 'container logs are readable by root only' } });
    const ds = find(objects(), 'DaemonSet', 'log-shipper');
    const pod = ds.spec.template.spec;
    expect(pod.securityContext).toEqual({ runAsNonRoot: false, runAsUser: 0, runAsGroup: 0, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].securityContext).toMatchObject({ runAsNonRoot: false, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(ds.metadata.annotations['cdk8s-patterns.io/suppress.run-as-non-root']).toBe('container logs are readable by root only');
    expect(a.podSecurityLevel).toBe(PodSecurityLevel.BASELINE);
  });

  test('hostNetwork: host network with cluster DNS, reason annotated', () => {
    const ds = find(agent({ hostNetwork: { reason: 'exports node interface counters' } }).objects(), 'DaemonSet', 'log-shipper');
    expect(ds.spec.template.spec).toMatchObject({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' });
    expect(ds.metadata.annotations['cdk8s-patterns.io/suppress.no-host-network']).toBe('exports node interface counters');
  });

  test('hostPid: the node\'s process namespace, reason annotated', () => {
    const ds = find(agent({ hostPid: { reason: 'per-process metrics' } }).objects(), 'DaemonSet', 'log-shipper');
    expect(ds.spec.template.spec.hostPID).toBe(true);
    expect(ds.metadata.annotations['cdk8s-patterns.io/suppress.no-host-pid']).toBe('per-process metrics');
  });

  test('capabilities: added on top of drop ALL, reason annotated', () => {
    const { objects, agent: a } = agent({ hostPaths: [], capabilities: { add: ['NET_ADMIN'], reason: 'programs the node firewall' } });
    const ds = find(objects(), 'DaemonSet', 'log-shipper');
    expect(ds.spec.template.spec.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_ADMIN'] });
    expect(ds.metadata.annotations['cdk8s-patterns.io/suppress.no-dangerous-capabilities']).toBe('programs the node firewall');
    expect(a.podSecurityLevel).toBe(PodSecurityLevel.PRIVILEGED);
  });

  test('NET_BIND_SERVICE alone keeps the agent restricted', () => {
    expect(agent({ hostPaths: [], capabilities: { add: ['NET_BIND_SERVICE'], reason: 'serves on port 80' } }).agent.podSecurityLevel)
      .toBe(PodSecurityLevel.RESTRICTED);
  });

  test('runAsRoot wins over a configured uid (e.g. organisation security defaults)', () => {
    const pod = find(agent({ runAsRoot: { reason: 'r' }, security: { user: 20000, group: 20000 } }).objects(), 'DaemonSet', 'log-shipper').spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsUser: 0, runAsGroup: 0, runAsNonRoot: false });
  });
});

describe('output rules at synth', () => {
  test('the default agent and a fully reasoned one pass the rule pack: each reason waives the rule its opt-in breaks', () => {
    const app = new App();
    const chart = new Chart(app, 'agents', { namespace: 'monitoring' });
    new NodeAgent(chart, 'log-shipper', example);
    new NodeAgent(chart, 'exporter', custom);
    new NodeAgent(chart, 'inventory', {
      image, permissions: [{ resources: ['*'], verbs: ['list'], reason: 'counts every object, Secrets included' }], allowWildcards: { reason: 'lists every kind' },
    });
    expect(() => renderApp(app)).not.toThrow();
  });

  test('without the recorded reason the same DaemonSet fails the rule', () => {
    const app = new App();
    const chart = new Chart(app, 'agents', { namespace: 'monitoring' });
    const a = new NodeAgent(chart, 'exporter', { image, hostNetwork: { reason: 'node interface counters' } });
    a.daemonSet.addJsonPatch(JsonPatch.remove('/metadata/annotations/cdk8s-patterns.io~1suppress.no-host-network'));
    expect(() => renderApp(app)).toThrow(/no-host-network/);
  });
});

describe('options', () => {
  test('maxUnavailable as a percentage', () => {
    expect(find(agent({ maxUnavailable: '10%' }).objects(), 'DaemonSet', 'log-shipper').spec.updateStrategy.rollingUpdate)
      .toEqual({ maxUnavailable: '10%', maxSurge: 0 });
  });

  test('tolerations are replaced by the given list; [] tolerates nothing', () => {
    const listed = find(agent({ tolerations: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] }).objects(), 'DaemonSet', 'log-shipper');
    expect(listed.spec.template.spec.tolerations).toEqual([{ key: 'gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' }]);
    expect(find(agent({ tolerations: [] }).objects(), 'DaemonSet', 'log-shipper').spec.template.spec.tolerations).toEqual([]);
  });

  test('nodeSelector is merged over kubernetes.io/os: linux', () => {
    const pod = find(agent({ nodeSelector: { 'node.kubernetes.io/instance-type': 'm6i.large' } }).objects(), 'DaemonSet', 'log-shipper').spec.template.spec;
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'node.kubernetes.io/instance-type': 'm6i.large' });
  });

  test('priorityClassName can be replaced, or removed with ""', () => {
    expect(find(agent({ priorityClassName: 'agents' }).objects(), 'DaemonSet', 'log-shipper').spec.template.spec.priorityClassName).toBe('agents');
    expect(find(agent({ priorityClassName: '' }).objects(), 'DaemonSet', 'log-shipper').spec.template.spec.priorityClassName).toBeUndefined();
  });

  test('a writable mount: readOnly false, DirectoryOrCreate; mountPath defaults to the node path', () => {
    const pod = find(agent({ hostPaths: [{ path: '/var/lib/fluent-bit', writable: true, reason: 'keeps read positions across restarts' }] }).objects(), 'DaemonSet', 'log-shipper').spec.template.spec;
    expect(pod.volumes[1]).toEqual({ name: 'host-var-lib-fluent-bit', hostPath: { path: '/var/lib/fluent-bit', type: 'DirectoryOrCreate' } });
    expect(pod.containers[0].volumeMounts[1]).toEqual({ name: 'host-var-lib-fluent-bit', mountPath: '/var/lib/fluent-bit', readOnly: false });
  });

  test('an explicit hostPath type, and volume names stay unique', () => {
    const pod = find(agent({
      hostPaths: [
        { path: '/run/containerd/containerd.sock', type: HostPathType.SOCKET, reason: 'reads container metadata' },
        { path: '/var/log', mountPath: '/logs/a' },
        { path: '/var-log', mountPath: '/logs/b' },
      ],
    }).objects(), 'DaemonSet', 'log-shipper').spec.template.spec;
    expect(pod.volumes.slice(1)).toEqual([
      { name: 'host-run-containerd-containerd-sock', hostPath: { path: '/run/containerd/containerd.sock', type: 'Socket' } },
      { name: 'host-var-log', hostPath: { path: '/var/log', type: 'Directory' } },
      { name: 'host-var-log-2', hostPath: { path: '/var-log', type: 'Directory' } },
    ]);
  });

  test('a port: HTTP readiness on the health path, TCP liveness, ingress opened', () => {
    const objects = agent({ port: 2020, healthPath: '/api/v1/health' }).objects();
    const c = find(objects, 'DaemonSet', 'log-shipper').spec.template.spec.containers[0];
    expect(c.ports).toEqual([{ name: 'http', containerPort: 2020, protocol: 'TCP' }]);
    expect(c.readinessProbe).toMatchObject({ httpGet: { path: '/api/v1/health', port: 2020 }, periodSeconds: 5 });
    expect(c.livenessProbe).toMatchObject({ tcpSocket: { port: 2020 }, periodSeconds: 10, failureThreshold: 6 });
    expect(find(objects, 'NetworkPolicy', 'log-shipper').spec.ingress).toEqual([{ from: [{ namespaceSelector: {} }], ports: [{ protocol: 'TCP', port: 2020 }] }]);
  });

  test('a user\'s HealthProbe.none(reason) is written, not replaced by the stock reason', () => {
    const none = Probe.none('my own reason');
    for (const port of [undefined, 2020]) {
      const ds = find(agent({ port, probes: { readiness: none, liveness: none } }).objects(), 'DaemonSet', 'log-shipper');
      expect(ds.metadata.annotations).toMatchObject({
        'cdk8s-patterns.io/suppress.probes-set': 'my own reason',
        'checkov.io/skip1': 'CKV_K8S_8=my own reason',
        'checkov.io/skip2': 'CKV_K8S_9=my own reason',
      });
    }
  });

  test('probes can be replaced', () => {
    const c = find(agent({ port: 2020, probes: { readiness: Probe.exec(['/ready']) } }).objects(), 'DaemonSet', 'log-shipper').spec.template.spec.containers[0];
    expect(c.readinessProbe.exec).toEqual({ command: ['/ready'] });
  });

  test('metrics on the agent port: a headless Service and a ServiceMonitor', () => {
    const objects = agent({ port: 2020, metrics: { path: '/api/v2/metrics/prometheus' } }).objects();
    expect(find(objects, 'Service', 'log-shipper').spec).toEqual({
      clusterIP: 'None',
      selector: { 'app.kubernetes.io/name': 'log-shipper', 'app.kubernetes.io/instance': 'log-shipper' },
      ports: [{ name: 'http', port: 2020, targetPort: 'http', protocol: 'TCP' }],
    });
    expect(find(objects, 'ServiceMonitor', 'log-shipper').spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'log-shipper', 'app.kubernetes.io/instance': 'log-shipper' } },
      endpoints: [{ port: 'http', path: '/api/v2/metrics/prometheus', interval: '30s' }],
    });
  });

  test('metrics on their own port, without a ServiceMonitor: scrape annotations', () => {
    const objects = agent({ metrics: { port: 9100, serviceMonitor: false } }).objects();
    expect(all(objects, 'ServiceMonitor')).toHaveLength(0);
    const ds = find(objects, 'DaemonSet', 'log-shipper');
    const c = ds.spec.template.spec.containers[0];
    expect(c.ports).toEqual([{ name: 'metrics', containerPort: 9100, protocol: 'TCP' }]);
    // a metrics port alone gets a cheap TCP readiness check and no liveness: a TCP one would be the same check
    // (kube-score pod-probes-identical); the reason is written for every scanner
    expect(c.readinessProbe).toMatchObject({ tcpSocket: { port: 9100 }, periodSeconds: 5, failureThreshold: 3 });
    expect(c.livenessProbe).toBeUndefined();
    expect(ds.metadata.annotations).toMatchObject({ 'cdk8s-patterns.io/suppress.probes-set': NODE_AGENT.noLivenessReason, 'checkov.io/skip1': `CKV_K8S_8=${NODE_AGENT.noLivenessReason}` });
    expect(ds.spec.template.metadata.annotations).toEqual({ 'prometheus.io/path': '/metrics', 'prometheus.io/port': '9100', 'prometheus.io/scrape': 'true' });
    expect(find(objects, 'Service', 'log-shipper').spec.ports).toEqual([{ name: 'metrics', port: 9100, targetPort: 'metrics', protocol: 'TCP' }]);
  });

  test('config files: a ConfigMap mounted read-only, whose checksum rolls the pods', () => {
    const a = agent({ configFiles: { 'fluent-bit.conf': '[INPUT]\n' } }).objects();
    const b = agent({ configFiles: { 'fluent-bit.conf': '[OUTPUT]\n' } }).objects();
    expect(find(a, 'ConfigMap', 'log-shipper-config').data).toEqual({ 'fluent-bit.conf': '[INPUT]\n' });
    const template = (os: any[]) => find(os, 'DaemonSet', 'log-shipper').spec.template;
    expect(template(a).spec.containers[0].volumeMounts).toContainEqual({ name: 'config', mountPath: '/etc/log-shipper', readOnly: true });
    const key = 'cdk8s-patterns.io/config-checksum';
    expect(template(a).metadata.annotations[key]).toMatch(/^[0-9a-f]{64}$/);
    expect(template(a).metadata.annotations[key]).not.toEqual(template(b).metadata.annotations[key]);
  });
});

describe('Pod Security of the namespace', () => {
  test('a restricted TeamNamespace refuses an agent with a hostPath, naming what needs privileged', () => {
    const chart = chartIn('logging');
    new TeamNamespace(chart, 'logging', { podSecurity: PodSecurityLevel.RESTRICTED });
    new NodeAgent(chart, 'log-shipper', example);
    const message = synthErrors(chart);
    expect(message).toContain('DaemonSet "log-shipper" needs Pod Security level "privileged" (hostPath volume "host-var-log")');
    expect(message).toContain('namespace "logging" enforces "restricted"');
  });

  test('a baseline TeamNamespace refuses it too: baseline forbids hostPath', () => {
    const chart = chartIn('logging');
    new TeamNamespace(chart, 'logging', { podSecurity: PodSecurityLevel.BASELINE });
    new NodeAgent(chart, 'log-shipper', example);
    expect(synthErrors(chart)).toContain('needs Pod Security level "privileged" (hostPath volume "host-var-log")');
  });

  test('a privileged TeamNamespace admits it', () => {
    const chart = chartIn('logging');
    new TeamNamespace(chart, 'logging', { podSecurity: PodSecurityLevel.PRIVILEGED });
    new NodeAgent(chart, 'log-shipper', example);
    expect(() => synth(chart)).not.toThrow();
  });
});

describe('schema', () => {
  test('default, customised and optional output validate against the strict 1.28 schema', () => {
    const chart = chartIn('logging');
    new NodeAgent(chart, 'a', example);
    new NodeAgent(chart, 'b', { ...custom, namespace: undefined });
    new NodeAgent(chart, 'c', { image, port: 2020, metrics: { port: 9100, serviceMonitor: false }, maxUnavailable: '10%' });
    new NodeAgent(chart, 'd', {
      ...example,
      permissions: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'], reason: 'test' }],
      allowWildcards: { reason: 'test' },
      priorityClassName: '',
      tolerations: [],
    });
    const objects = synth(chart);
    expect(objects.length).toBeGreaterThan(15);
    expect(schemaProblems(objects)).toEqual({});
  });

  test('the schema check would catch a misspelt DaemonSet field', () => {
    const ds = find(agent().objects(), 'DaemonSet', 'log-shipper');
    ds.spec.updateStrategy.rollingUpdate.maxSurgee = 0;
    expect(schemaProblems([ds])).toEqual({ 'DaemonSet/log-shipper': ['spec.updateStrategy.rollingUpdate: unknown field "maxSurgee"'] });
  });
});

describe('bad input', () => {
  const reasonFix = 'is kept as the annotation';
  test.each<[string, Partial<NodeAgentProps>, string]>([
    ['relative host path', { hostPaths: [{ path: 'var/log' }] }, 'hostPaths[0].path "var/log" is not an absolute path: give the node path from the root, such as "/var/log"'],
    ['host path with ..', { hostPaths: [{ path: '/var/log/../../etc' }] }, 'hostPaths[0].path "/var/log/../../etc" contains ".."'],
    ['relative mount path', { hostPaths: [{ path: '/var/log', mountPath: 'logs' }] }, 'hostPaths[0].mountPath "logs" is not an absolute path'],
    ['two mounts at one path', { hostPaths: [{ path: '/var/log' }, { path: '/var/lib/docker/containers', mountPath: '/var/log/' }] },
      'hostPaths[1].mountPath "/var/log/" clashes with hostPaths[0].mountPath: mount it at another path, such as "/host/var/lib/docker/containers"'],
    ['a mount over /tmp', { hostPaths: [{ path: '/tmp' }] }, 'hostPaths[0].mountPath "/tmp" clashes with the writable /tmp: mount it at another path, such as "/host/tmp"'],
    ['a mount over the config files', { configFiles: { a: 'b' }, hostPaths: [{ path: '/etc/log-shipper' }] },
      'hostPaths[0].mountPath "/etc/log-shipper" clashes with configMountPath'],
    ['unknown hostPath type', { hostPaths: [{ path: '/var/log', type: 'Dir' as HostPathType }] }, 'hostPaths[0].type "Dir" is not a hostPath type: use one of Directory, DirectoryOrCreate'],
    ['empty verbs', { permissions: [{ resources: ['pods'], verbs: [] }] }, 'permissions[0].verbs [] is empty: list the verbs the agent needs, such as ["get", "list", "watch"]'],
    ['empty resources', { permissions: [{ resources: [], verbs: ['get'] }] }, 'permissions[0].resources [] is empty'],
    ['empty apiGroups', { permissions: [{ apiGroups: [], resources: ['pods'], verbs: ['get'] }] }, 'permissions[0].apiGroups [] is empty: leave it out for the core group'],
    ['unknown verb', { permissions: [{ resources: ['pods'], verbs: ['read'] }] }, 'permissions[0].verbs "read" is not a Kubernetes verb: use one of get, list, watch, create'],
    ['upper-case verb', { permissions: [{ resources: ['pods'], verbs: ['GET'] }] }, 'permissions[0].verbs "GET" is not a Kubernetes verb: write it in lower case: "get"'],
    ['kind instead of resource', { permissions: [{ resources: ['Pod'], verbs: ['get'] }] }, 'permissions[0].resources "Pod" is not a resource name: resources are lower-case plurals, such as "pods"'],
    ['wildcard verb without reason', { permissions: [{ resources: ['pods'], verbs: ['*'] }] },
      'permissions[0].verbs "*" grants every verb: list exactly what the agent needs (a ClusterRole applies to the whole cluster), or set allowWildcards: { reason: "..." } to keep it'],
    ['wildcard resource without reason', { permissions: [{ resources: ['*'], verbs: ['get'] }] }, 'permissions[0].resources "*" grants every resource'],
    ['wildcard subresource without reason', { permissions: [{ resources: ['pods/*'], verbs: ['get'] }] }, 'permissions[0].resources "pods/*" grants every resource'],
    ['wildcard group without reason', { permissions: [{ apiGroups: ['*'], resources: ['pods'], verbs: ['get'] }] }, 'permissions[0].apiGroups "*" grants every API group'],
    ['reading Secrets without reason', { permissions: [{ resources: ['secrets'], verbs: ['get'] }] },
      'permissions[0] "read secrets" is root-equivalent and has no reason: add reason: "..." to the rule'],
    ['impersonate without reason', { permissions: [{ resources: ['users'], verbs: ['impersonate'] }] }, 'permissions[0] "verb impersonate" is root-equivalent and has no reason'],
    ['escalate and bind without reason', { permissions: [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['escalate', 'bind'] }] },
      'permissions[0] "verb escalate, verb bind" is root-equivalent and has no reason'],
    ['pods/exec without reason', { permissions: [{ resources: ['pods/exec', 'pods/portforward'], verbs: ['create'] }] }, 'permissions[0] "pods/exec, pods/portforward" is root-equivalent'],
    ['a token for any service account without reason', { permissions: [{ resources: ['serviceaccounts/token'], verbs: ['create'] }] }, 'permissions[0] "serviceaccounts/token" is root-equivalent'],
    ['a writable node path without reason', { hostPaths: [{ path: '/var/lib/agent', writable: true }] }, 'hostPaths[0].reason "" is empty for a writable node path'],
    ['the runtime socket without reason', { hostPaths: [{ path: '/var/run/docker.sock', type: HostPathType.SOCKET }] }, 'hostPaths[0].reason "" is empty for the container runtime socket'],
    ['the runtime socket\'s folder without reason', { hostPaths: [{ path: '/run/containerd' }] }, 'hostPaths[0].reason "" is empty for the container runtime socket'],
    ['the node root, writable', { hostPaths: [{ path: '/', mountPath: '/host', writable: true, reason: 'r' }] }, 'hostPaths[0].path "/" is the node\'s root file system, writable: that is root on the node'],
    ['a mount at /', { hostPaths: [{ path: '/' }] }, 'hostPaths[0].mountPath "/" would cover the container\'s own system files with the node\'s: mount it under a path of its own, such as "/host/root"'],
    ['a mount over /etc', { hostPaths: [{ path: '/etc' }] }, 'hostPaths[0].mountPath "/etc" would cover the container\'s own system files with the node\'s: mount it under a path of its own, such as "/host/etc"'],
    ['a cluster-scoped resource in a Role', { permissionScope: PermissionScope.NAMESPACE, permissions: [{ resources: ['nodes'], verbs: ['get'] }] },
      'permissions[0].resources "nodes" is cluster-scoped, so a Role cannot grant it: use permissionScope: PermissionScope.CLUSTER'],
    ['wildcard with an empty reason', { permissions: [{ resources: ['*'], verbs: ['get'] }], allowWildcards: { reason: ' ' } }, 'allowWildcards.reason " " is empty'],
    ['runAsRoot without reason', { runAsRoot: { reason: '' } }, `runAsRoot.reason "" is empty: write why the agent needs to run as root, such as { reason: "..." }: it ${reasonFix} cdk8s-patterns.io/suppress.run-as-non-root`],
    ['hostNetwork without reason', { hostNetwork: {} as any }, 'hostNetwork.reason "" is empty: write why the agent needs the node\'s network'],
    ['hostPid without reason', { hostPid: { reason: '  ' } }, 'hostPid.reason "  " is empty'],
    ['capabilities without reason', { capabilities: { add: ['NET_ADMIN'], reason: '' } }, 'capabilities.reason "" is empty'],
    ['capability with CAP_ prefix', { capabilities: { add: ['CAP_NET_ADMIN'], reason: 'r' } }, 'capabilities.add "CAP_NET_ADMIN" is not a Linux capability name: write it as "NET_ADMIN"'],
    ['capability ALL', { capabilities: { add: ['ALL'], reason: 'r' } }, 'capabilities.add "ALL" is not a Linux capability name'],
    ['no capabilities listed', { capabilities: { add: [], reason: 'r' } }, 'capabilities.add [] is empty'],
    ['maxUnavailable 0', { maxUnavailable: 0 }, 'maxUnavailable 0 is not a whole number >= 1'],
    ['maxUnavailable 0%', { maxUnavailable: '0%' }, 'maxUnavailable "0%" is not a percentage from 1% to 100%'],
    ['maxUnavailable not a percentage', { maxUnavailable: 'half' }, 'maxUnavailable "half" is not a percentage from 1% to 100%'],
    ['metrics without a port', { metrics: {} }, 'metrics {} has no port: set `port` (the agent serves metrics there) or `metrics.port`'],
    ['port out of range', { port: 70000 }, 'port 70000 is not a port number'],
    ['health path without slash', { port: 2020, healthPath: 'health' }, 'healthPath "health" does not start with "/"'],
    ['API server address not a CIDR', { apiServerCidrs: ['10.0.0.1'] }, 'apiServerCidrs[0] "10.0.0.1" is not a CIDR'],
    ['untagged image', { image: 'fluent/fluent-bit' }, 'image "fluent/fluent-bit" has no tag'],
  ])('%s', (_what, props, message) => {
    const { chart } = agent(props);
    expect(synthErrors(chart)).toContain(`[test/log-shipper] ${message}`);
  });

  test('permissions need a namespace: the binding must name the ServiceAccount\'s', () => {
    const chart = chartIn(undefined);
    new NodeAgent(chart, 'log-shipper', example);
    expect(synthErrors(chart)).toContain('[test/log-shipper] namespace undefined is not set: set `namespace` on the agent or its chart');
  });

  test('two agents of one name in different namespaces would overwrite each other\'s ClusterRole', () => {
    const chart = chartIn('logging');
    new NodeAgent(chart, 'a', { ...example, name: 'shipper', namespace: 'one' });
    new NodeAgent(chart, 'b', { ...example, name: 'shipper', namespace: 'two' });
    const message = synthErrors(chart);
    expect(message).toContain('[test/a] name "shipper" is also the name of the ClusterRole of test/b/ClusterRole');
    expect(message).toContain('give the agent a distinct `name`');
  });

  test('every error of one synth is reported together', () => {
    const { chart } = agent({
      hostPaths: [{ path: 'var/log' }],
      permissions: [{ resources: ['pods'], verbs: ['*', 'read'] }],
      hostNetwork: { reason: '' },
    });
    const message = synthErrors(chart);
    expect(message).toContain('hostPaths[0].path "var/log" is not an absolute path');
    expect(message).toContain('permissions[0].verbs "*" grants every verb');
    expect(message).toContain('permissions[0].verbs "read" is not a Kubernetes verb');
    expect(message).toContain('hostNetwork.reason "" is empty');
  });

  test('a valid agent synthesizes without errors', () => {
    expect(() => agent().objects()).not.toThrow();
    // a second DaemonSet-free ClusterRole named differently does not clash
    const chart = chartIn('logging');
    new NodeAgent(chart, 'one', example);
    new k8s.KubeClusterRole(chart, 'other', { metadata: { name: 'other' }, rules: [] });
    expect(() => synth(chart)).not.toThrow();
  });
});
