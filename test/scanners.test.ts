import { App, Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import {
  EnvVar, HealthProbe, HostPathType, Migration, NodeAgent, NodeAgentProps, PermissionScope, ScheduledTask, SmokeTest,
  MigrationProps, ScheduledTaskProps, StatefulStore, StatefulStoreProps, Task, WebApp, WebAppProps, Worker, WorkerProps,
} from '../src';
import { buildApp } from '../src/main';
import { podTemplateOf } from '../src/policy/context';
import { RULES } from '../src/policy/rules';
import { SCANNER_CHECKS, exemptionAnnotations } from '../src/policy/scanners';
import { podSecurityNeeds } from '../src/private/pod-security';
import { renderReport } from '../src/synth/synth';

// kube-score and checkov as yardsticks. Neither can run here (kube-score is a Go binary, checkov a PyPI
// package), so the checks that apply to what this library emits are re-stated below from their upstream
// definitions, one small function per check id, and run over the default output of every archetype and
// over randomly generated valid configurations (a seeded generator: the same configurations every run).
// A failing check passes only when the object carries that scanner's exemption annotation
// (`kube-score/ignore`, `checkov.io/skip<N>: <id>=<reason>`) with a reason. Polaris has its own yardstick
// (test/polaris.test.ts); Pod Security `restricted` is checked with the admission rules of
// src/private/pod-security.ts.

type Check = (obj: any, all: any[]) => boolean;

const POD_CONTROLLERS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Rollout'];
const containersOf = (obj: any): any[] => {
  const spec = podTemplateOf(obj)?.spec;
  return spec ? [...spec.initContainers ?? [], ...spec.containers ?? []] : [];
};
const mainContainers = (obj: any): any[] => podTemplateOf(obj)?.spec?.containers ?? [];
const podSpec = (obj: any): any => podTemplateOf(obj)?.spec ?? {};
const isJob = (obj: any) => obj.kind === 'Job' || obj.kind === 'CronJob';
const matches = (selector: any, labels: any) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
const sameNamespace = (a: any, b: any) => (a.metadata?.namespace ?? '') === (b.metadata?.namespace ?? '');

/** kube-score's IntOrString.IntValue(): a named port reads as 0. */
const intValue = (port: unknown) => typeof port === 'number' ? port : Number.isInteger(Number(port)) ? Number(port) : 0;

// ---- kube-score (v1.18) default checks that can fail as critical on our kinds -------------------------
const KUBE_SCORE: { [id: string]: { kinds: string[]; fails: Check } } = {
  // score/container: imagePullPolicy must be Always
  'container-image-pull-policy': { kinds: POD_CONTROLLERS, fails: o => containersOf(o).some(c => c.imagePullPolicy !== 'Always') },
  // score/container: no tag or "latest"
  'container-image-tag': { kinds: POD_CONTROLLERS, fails: o => containersOf(o).some(c => !/[:@]/.test(c.image.split('/').pop()) || c.image.endsWith(':latest')) },
  // score/container: cpu and memory requests and limits on every container
  'container-resources': {
    kinds: POD_CONTROLLERS,
    fails: o => containersOf(o).some(c => !c.resources?.limits?.cpu || !c.resources?.limits?.memory
      || !c.resources?.requests?.cpu || !c.resources?.requests?.memory),
  },
  // score/ephemeralstorage
  'container-ephemeral-storage-request-and-limit': {
    kinds: POD_CONTROLLERS,
    fails: o => containersOf(o).some(c => !c.resources?.limits?.['ephemeral-storage'] || !c.resources?.requests?.['ephemeral-storage']),
  },
  // score/probes (pod-probes-identical): the same HTTP path and port, the same TCP port, or the same command
  'pod-probes-identical': {
    kinds: POD_CONTROLLERS,
    fails: o => !isJob(o) && containersOf(o).some(c => {
      const r = c.readinessProbe;
      const l = c.livenessProbe;
      if (!r || !l) return false;
      if (r.httpGet && l.httpGet) return r.httpGet.path === l.httpGet.path && intValue(r.httpGet.port) === intValue(l.httpGet.port);
      if (r.tcpSocket && l.tcpSocket) return String(r.tcpSocket.port) === String(l.tcpSocket.port);
      if (r.exec && l.exec) return JSON.stringify(r.exec.command) === JSON.stringify(l.exec.command);
      return false;
    }),
  },
  // score/probes (pod-probes): a pod targeted by a Service, or with a serviceAccountName, needs a readiness probe
  'pod-probes': {
    kinds: POD_CONTROLLERS,
    fails: (o, all) => {
      if (isJob(o)) return false;
      const template = podTemplateOf(o)!;
      const targeted = !!template.spec?.serviceAccountName
        || all.some(s => s.kind === 'Service' && sameNamespace(s, o) && s.spec?.selector && matches(s.spec.selector, template.metadata?.labels));
      return targeted && !containersOf(o).some(c => c.readinessProbe);
    },
  },
  // score/security: uid and gid >= 10000 (container over pod)
  'container-security-context-user-group-id': {
    kinds: POD_CONTROLLERS,
    fails: o => containersOf(o).some(c => {
      const user = c.securityContext?.runAsUser ?? podSpec(o).securityContext?.runAsUser;
      const group = c.securityContext?.runAsGroup ?? podSpec(o).securityContext?.runAsGroup;
      return user === undefined || user < 10000 || group === undefined || group < 10000;
    }),
  },
  'container-security-context-privileged': { kinds: POD_CONTROLLERS, fails: o => containersOf(o).some(c => c.securityContext?.privileged === true) },
  'container-security-context-readonlyrootfilesystem': { kinds: POD_CONTROLLERS, fails: o => containersOf(o).some(c => c.securityContext?.readOnlyRootFilesystem !== true) },
  // score/disruptionbudget: a Deployment or StatefulSet that may run 2+ pods (replicas unset: an HPA) has a matching PDB with a policy
  'deployment-has-poddisruptionbudget': { kinds: ['Deployment'], fails: (o, all) => needsPdb(o) && !hasPdb(o, all) },
  'statefulset-has-poddisruptionbudget': { kinds: ['StatefulSet'], fails: (o, all) => needsPdb(o) && !hasPdb(o, all) },
  'poddisruptionbudget-has-policy': { kinds: ['PodDisruptionBudget'], fails: o => o.spec?.minAvailable === undefined && o.spec?.maxUnavailable === undefined },
  // score/networkpolicy: a policy selecting the pod with both Ingress and Egress; every policy selects a pod
  'pod-networkpolicy': {
    kinds: POD_CONTROLLERS,
    fails: (o, all) => {
      const labels = podTemplateOf(o)?.metadata?.labels ?? {};
      const policies = all.filter(n => n.kind === 'NetworkPolicy' && sameNamespace(n, o) && matches(n.spec?.podSelector?.matchLabels, labels));
      return !(policies.some(n => n.spec.policyTypes?.includes('Ingress')) && policies.some(n => n.spec.policyTypes?.includes('Egress')));
    },
  },
  'networkpolicy-targets-pod': {
    kinds: ['NetworkPolicy'],
    fails: (o, all) => !all.some(p => POD_CONTROLLERS.includes(p.kind) && sameNamespace(p, o)
      && matches(o.spec?.podSelector?.matchLabels, podTemplateOf(p)?.metadata?.labels)),
  },
  'service-targets-pod': {
    kinds: ['Service'],
    fails: (o, all) => !!o.spec?.selector && !all.some(p => POD_CONTROLLERS.includes(p.kind) && sameNamespace(p, o)
      && matches(o.spec.selector, podTemplateOf(p)?.metadata?.labels)),
  },
  'deployment-targeted-by-hpa-does-not-have-replicas-configured': {
    kinds: ['Deployment', 'Rollout'],
    fails: (o, all) => o.spec?.replicas !== undefined && all.some(h => h.kind === 'HorizontalPodAutoscaler' && sameNamespace(h, o) && h.spec.scaleTargetRef.name === o.metadata.name),
  },
  'horizontalpodautoscaler-has-target': {
    kinds: ['HorizontalPodAutoscaler'],
    fails: (o, all) => !all.some(t => t.kind === o.spec.scaleTargetRef.kind && t.metadata.name === o.spec.scaleTargetRef.name && sameNamespace(t, o)),
  },
  'statefulset-has-servicename': {
    kinds: ['StatefulSet'],
    fails: (o, all) => !all.some(s => s.kind === 'Service' && s.metadata.name === o.spec.serviceName && s.spec.clusterIP === 'None' && sameNamespace(s, o)
      && matches(s.spec.selector, podTemplateOf(o)?.metadata?.labels)),
  },
  // score/service: a NodePort Service (a warning)
  'service-type': { kinds: ['Service'], fails: o => o.spec?.type === 'NodePort' },
  'cronjob-has-deadline': { kinds: ['CronJob'], fails: o => o.spec?.startingDeadlineSeconds === undefined },
  'cronjob-restartpolicy': { kinds: ['CronJob'], fails: o => !['Never', 'OnFailure'].includes(podSpec(o).restartPolicy) },
  'deployment-pod-selector-labels-match-template-metadata-labels': {
    kinds: ['Deployment', 'StatefulSet', 'DaemonSet'],
    fails: o => !matches(o.spec.selector.matchLabels, podTemplateOf(o)?.metadata?.labels),
  },
  'environment-variable-key-duplication': {
    kinds: POD_CONTROLLERS,
    fails: o => containersOf(o).some(c => new Set((c.env ?? []).map((e: any) => e.name)).size !== (c.env ?? []).length),
  },
};

function needsPdb(o: any): boolean {
  return o.spec?.replicas === undefined || o.spec.replicas >= 2;
}
function hasPdb(o: any, all: any[]): boolean {
  return all.some(p => p.kind === 'PodDisruptionBudget' && sameNamespace(p, o) && matches(p.spec?.selector?.matchLabels, podTemplateOf(o)?.metadata?.labels));
}

// ---- checkov Kubernetes checks (CKV_K8S_*) that apply to the kinds we emit ----------------------------
const CONTAINER = (fails: (c: any, o: any) => boolean, skipJobs = false) => ({
  kinds: POD_CONTROLLERS,
  fails: (o: any) => !(skipJobs && isJob(o)) && (skipJobs ? mainContainers(o) : containersOf(o)).some(c => fails(c, o)),
});
const RBAC_KINDS = ['Role', 'ClusterRole'];
const rulesOf = (o: any): any[] => o.rules ?? [];
const CHECKOV: { [id: string]: { kinds: string[]; fails: Check } } = {
  CKV_K8S_8: CONTAINER(c => !c.livenessProbe, true), // liveness probe (not for Job/CronJob containers)
  CKV_K8S_9: CONTAINER(c => !c.readinessProbe, true), // readiness probe (not for Job/CronJob containers)
  CKV_K8S_10: CONTAINER(c => !c.resources?.requests?.cpu), // CPU requests
  CKV_K8S_11: CONTAINER(c => !c.resources?.limits?.cpu), // CPU limits
  CKV_K8S_12: CONTAINER(c => !c.resources?.requests?.memory), // memory requests
  CKV_K8S_13: CONTAINER(c => !c.resources?.limits?.memory), // memory limits
  CKV_K8S_14: CONTAINER(c => !/[:@]/.test(c.image.split('/').pop()) || c.image.endsWith(':latest')), // image tag fixed
  CKV_K8S_15: CONTAINER(c => c.imagePullPolicy !== 'Always'), // image pull policy Always
  CKV_K8S_16: CONTAINER(c => c.securityContext?.privileged === true), // not privileged
  CKV_K8S_17: { kinds: POD_CONTROLLERS, fails: o => podSpec(o).hostPID === true }, // host PID
  CKV_K8S_18: { kinds: POD_CONTROLLERS, fails: o => podSpec(o).hostIPC === true }, // host IPC
  CKV_K8S_19: { kinds: POD_CONTROLLERS, fails: o => podSpec(o).hostNetwork === true }, // host network
  CKV_K8S_20: CONTAINER(c => c.securityContext?.allowPrivilegeEscalation !== false), // no privilege escalation
  CKV_K8S_21: { kinds: [...POD_CONTROLLERS, 'Service', 'ConfigMap', 'Role', 'RoleBinding', 'ServiceAccount'], fails: o => !o.metadata?.namespace || o.metadata.namespace === 'default' }, // not the default namespace
  CKV_K8S_22: CONTAINER(c => c.securityContext?.readOnlyRootFilesystem !== true), // read-only root file system
  // root containers: runAsNonRoot true on the pod (unless a container sets false without a uid > 0), or a uid > 0
  CKV_K8S_23: {
    kinds: POD_CONTROLLERS,
    fails: o => {
      const pod = podSpec(o).securityContext ?? {};
      return mainContainers(o).some(c => {
        const nonRoot = c.securityContext?.runAsNonRoot ?? pod.runAsNonRoot;
        const user = c.securityContext?.runAsUser ?? pod.runAsUser;
        return !(nonRoot === true || (user !== undefined && user > 0));
      });
    },
  },
  CKV_K8S_25: CONTAINER(c => (c.securityContext?.capabilities?.add ?? []).length > 0), // added capabilities
  CKV_K8S_26: CONTAINER(c => (c.ports ?? []).some((p: any) => p.hostPort)), // hostPort
  CKV_K8S_27: { kinds: POD_CONTROLLERS, fails: o => (podSpec(o).volumes ?? []).some((v: any) => v.hostPath?.path === '/var/run/docker.sock') }, // docker socket
  CKV_K8S_28: CONTAINER(c => !(c.securityContext?.capabilities?.drop ?? []).some((d: string) => d === 'ALL' || d === 'NET_RAW')), // NET_RAW dropped
  CKV_K8S_29: { kinds: POD_CONTROLLERS, fails: o => !podSpec(o).securityContext }, // pod security context
  CKV_K8S_30: CONTAINER(c => !c.securityContext), // container security context
  CKV_K8S_31: CONTAINER((c, o) => !['RuntimeDefault', 'Localhost'].includes(c.securityContext?.seccompProfile?.type ?? podSpec(o).securityContext?.seccompProfile?.type)), // seccomp
  CKV_K8S_35: CONTAINER(c => (c.env ?? []).some((e: any) => e.valueFrom?.secretKeyRef) || (c.envFrom ?? []).some((e: any) => e.secretRef)), // secrets as files
  CKV_K8S_37: CONTAINER(c => !(c.securityContext?.capabilities?.drop ?? []).some((d: string) => /all/i.test(d))), // drop ALL
  CKV_K8S_38: { kinds: POD_CONTROLLERS, fails: o => podSpec(o).automountServiceAccountToken !== false }, // token mounted only where needed
  CKV_K8S_39: CONTAINER(c => (c.securityContext?.capabilities?.add ?? []).includes('SYS_ADMIN')), // SYS_ADMIN
  // high uid: runAsUser >= 10000 on the pod or every container
  CKV_K8S_40: {
    kinds: POD_CONTROLLERS,
    fails: o => mainContainers(o).some(c => !((c.securityContext?.runAsUser ?? podSpec(o).securityContext?.runAsUser) >= 10000)),
  },
  CKV_K8S_43: CONTAINER(c => !c.image.includes('@')), // image by digest
  CKV_K8S_49: { kinds: RBAC_KINDS, fails: o => rulesOf(o).some(r => [...r.apiGroups ?? [], ...r.resources ?? [], ...r.verbs ?? []].includes('*')) }, // wildcards
  CKV_K8S_157: { kinds: RBAC_KINDS, fails: o => rulesOf(o).some(r => (r.verbs ?? []).some((v: string) => v === 'bind' || v === '*')) }, // bind
  CKV_K8S_158: { kinds: RBAC_KINDS, fails: o => rulesOf(o).some(r => (r.verbs ?? []).some((v: string) => v === 'escalate' || v === '*')) }, // escalate
  // graph check: no role reads every Secret
  CKV2_K8S_5: {
    kinds: RBAC_KINDS,
    fails: o => rulesOf(o).some(r => (r.apiGroups ?? []).some((g: string) => g === '' || g === '*') && (r.resources ?? []).some((x: string) => x === 'secrets' || x === '*')
      && !r.resourceNames && (r.verbs ?? []).some((v: string) => ['get', 'list', 'watch', '*'].includes(v))),
  },
};

/** Every finding of the re-stated checks that no exemption annotation (with a reason) answers. */
function unexempted(objects: any[]): string[] {
  const out: string[] = [];
  for (const o of objects) {
    const annotations = o.metadata?.annotations ?? {};
    const ignored = new Set(String(annotations['kube-score/ignore'] ?? '').split(',').map(s => s.trim()));
    const skipped = new Set(Object.entries<string>(annotations).filter(([k, v]) => /^checkov\.io\/skip\d+$/.test(k) && /^[A-Z0-9_]+=\S/.test(v)).map(([, v]) => v.split('=')[0]));
    const name = `${o.kind} ${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
    for (const [id, check] of Object.entries(KUBE_SCORE)) {
      if (check.kinds.includes(o.kind) && check.fails(o, objects) && !ignored.has(id)) out.push(`kube-score ${id}: ${name}`);
    }
    for (const [id, check] of Object.entries(CHECKOV)) {
      if (check.kinds.includes(o.kind) && check.fails(o, objects) && !skipped.has(id)) out.push(`checkov ${id}: ${name}`);
    }
  }
  return out;
}

/** Pod Security needs beyond `restricted`: none, except a NodeAgent's hostPaths and the opt-ins it recorded with a reason. */
function podSecurityGaps(objects: any[]): string[] {
  return objects.filter(o => POD_CONTROLLERS.includes(o.kind)).flatMap(o => {
    const annotations = o.metadata?.annotations ?? {};
    const reasoned = (rule: string) => !!annotations[`cdk8s-patterns.io/suppress.${rule}`];
    const agent = o.kind === 'DaemonSet';
    return podSecurityNeeds(podSpec(o)).filter(n => !(agent && (
      n.reason.startsWith('hostPath volume')
      || (n.reason === 'hostNetwork' && reasoned('no-host-network'))
      || (n.reason === 'hostPID' && reasoned('no-host-pid'))
      || (/adds capability/.test(n.reason) && reasoned('no-dangerous-capabilities'))
      || (/root|uid 0/.test(n.reason) && reasoned('run-as-non-root'))
    ))).map(n => `${o.kind} ${o.metadata.name}: ${n.reason}`);
  });
}

function objectsOf(build: (chart: Chart) => void): any[] {
  const app = new App();
  build(new Chart(app, 'prod', { namespace: 'shop' }));
  return renderReport(app).files.flatMap(f => f.objects);
}

const image = 'ghcr.io/acme/web:1.4.2';
const storage = { size: Size.gibibytes(10) };

describe('the exemption table', () => {
  test('every decision that names a rule names one of ours; every id is written as its scanner expects', () => {
    const ruleIds = new Set(RULES.map(r => r.id));
    for (const [id, checks] of Object.entries(SCANNER_CHECKS)) {
      if (checks.rule) expect({ id, rule: ruleIds.has(checks.rule) }).toEqual({ id, rule: true });
      for (const c of checks.checkov) expect(c).toMatch(/^CKV2?_K8S_\d+$/);
      for (const c of checks.kubeScore) expect(KUBE_SCORE[c] ?? c).toBeTruthy();
    }
  });

  test('one reason becomes our suppression and every scanner\'s exemption, each checkov check once', () => {
    expect(exemptionAnnotations([
      { id: 'run-as-root', reason: 'reads root-only logs' },
      { id: 'no-probes', reason: 'serves no port' },
    ])).toEqual({
      'cdk8s-patterns.io/suppress.probes-set': 'serves no port',
      'cdk8s-patterns.io/suppress.run-as-non-root': 'reads root-only logs',
      'checkov.io/skip1': 'CKV_K8S_23=reads root-only logs',
      'checkov.io/skip2': 'CKV_K8S_40=reads root-only logs',
      'checkov.io/skip3': 'CKV_K8S_8=serves no port',
      'checkov.io/skip4': 'CKV_K8S_9=serves no port',
      'kube-score/ignore': 'container-security-context-user-group-id,pod-probes',
      'polaris.fairwinds.com/livenessProbeMissing-exempt': 'true',
      'polaris.fairwinds.com/readinessProbeMissing-exempt': 'true',
      'polaris.fairwinds.com/runAsRootAllowed-exempt': 'true',
    });
  });

  test('a second writer keeps what the object records: skip numbers stay, a reason is added once, ignores are merged', () => {
    const first = exemptionAnnotations([{ id: 'image-pull-always', reason: 'air-gapped nodes' }]);
    const second = exemptionAnnotations([
      { id: 'image-pull-always', reason: 'air-gapped nodes' },
      { id: 'image-pull-always', reason: 'the registry is rate-limited' },
      { id: 'writable-root-fs', reason: 'the image writes its cache under /var/lib/app' },
    ], { ...first, 'app.kubernetes.io/name': 'web' });
    expect(second).toEqual({
      'cdk8s-patterns.io/suppress.image-pull-always': 'air-gapped nodes; the registry is rate-limited',
      'cdk8s-patterns.io/suppress.read-only-root-fs': 'the image writes its cache under /var/lib/app',
      'checkov.io/skip1': 'CKV_K8S_15=air-gapped nodes; the registry is rate-limited',
      'checkov.io/skip2': 'CKV_K8S_22=the image writes its cache under /var/lib/app',
      'kube-score/ignore': 'container-image-pull-policy,container-security-context-readonlyrootfilesystem',
      'polaris.fairwinds.com/notReadOnlyRootFilesystem-exempt': 'true',
      'polaris.fairwinds.com/pullPolicyNotAlways-exempt': 'true',
    });
    // writing the same decisions again changes nothing
    expect(exemptionAnnotations([{ id: 'writable-root-fs', reason: 'the image writes its cache under /var/lib/app' }], second)).toEqual(second);
  });

  test('a reason that is part of another one is still recorded', () => {
    const written = exemptionAnnotations([
      { id: 'no-liveness-probe', reason: 'the agent has no health endpoint yet' },
      { id: 'sidecar-no-liveness', reason: 'no health endpoint' },
    ]);
    expect(written['checkov.io/skip1']).toBe('CKV_K8S_8=the agent has no health endpoint yet; no health endpoint');
    // and written again over itself, each reason stays once
    expect(exemptionAnnotations([{ id: 'sidecar-no-liveness', reason: 'no health endpoint' }], written)).toEqual(written);
  });

  test('checkov\'s comment has no "=": checkov splits "<id>=<comment>" on every "="', () => {
    const written = exemptionAnnotations([{ id: 'secret-env', reason: 'the image reads\nPGPASSWORD=<secret> only' }]);
    expect(written['checkov.io/skip1']).toBe('CKV_K8S_35=the image reads PGPASSWORD:<secret> only');
    expect(written['checkov.io/skip1'].split('=')).toHaveLength(2);
    // our own annotation keeps the reason as written
    expect(written['cdk8s-patterns.io/suppress.secrets-as-files']).toBe('the image reads\nPGPASSWORD=<secret> only');
  });
});

describe('the defaults of every archetype pass kube-score and checkov, apart from written exemptions', () => {
  test.each([
    ['WebApp', (c: Chart) => new WebApp(c, 'web', { image })],
    ['WebApp autoscaled from one pod', (c: Chart) => new WebApp(c, 'web', { image, autoscaling: { minReplicas: 1, maxReplicas: 9 } })],
    ['StatefulStore', (c: Chart) => new StatefulStore(c, 'db', { image: 'postgres:16.4', port: 5432, storage })],
    ['StatefulStore of two', (c: Chart) => new StatefulStore(c, 'db', { image: 'postgres:16.4', port: 5432, storage, replicas: 2 })],
    ['NodeAgent', (c: Chart) => new NodeAgent(c, 'agent', { image: 'fluent/fluent-bit:3.1.9' })],
    ['NodeAgent with a metrics port', (c: Chart) => new NodeAgent(c, 'agent', { image: 'fluent/fluent-bit:3.1.9', metrics: { port: 2020 } })],
    ['SmokeTest', (c: Chart) => new SmokeTest(c, 'smoke', { target: new WebApp(c, 'web', { image }) })],
    ['Worker', (c: Chart) => new Worker(c, 'worker', { image })],
    ['Task', (c: Chart) => new Task(c, 'task', { image, command: ['./run'] })],
    ['ScheduledTask', (c: Chart) => new ScheduledTask(c, 'nightly', { image, schedule: '0 4 * * *', command: ['./run'] })],
    ['Migration', (c: Chart) => new Migration(c, 'migrate', { before: new WebApp(c, 'web', { image }), image, command: ['./migrate'] })],
  ])('%s', (_, build) => {
    const objects = objectsOf(build);
    expect(unexempted(objects)).toEqual([]);
    expect(podSecurityGaps(objects)).toEqual([]);
  });

  test('the reference app: no finding without a written exemption', () => {
    const objects = renderReport(buildApp()).files.flatMap(f => f.objects);
    expect(unexempted(objects)).toEqual([]);
    expect(podSecurityGaps(objects)).toEqual([]);
    // the Secrets read into the environment are exempted with the reason written at EnvVar.fromSecret
    const backup = objects.find(o => o.kind === 'CronJob' && o.metadata.name === 'orders-db-backup');
    expect(Object.values(backup.metadata.annotations)).toContain(
      'CKV_K8S_35=pg_dump reads the password from PGPASSWORD or a .pgpass file, and the Secret holds the bare password');
  });

  test('the yardstick fails what it should: the old defaults (IfNotPresent, identical TCP probes) are caught', () => {
    const objects = objectsOf(c => new StatefulStore(c, 'db', { image: 'postgres:16.4', port: 5432, storage }));
    const sts = objects.find(o => o.kind === 'StatefulSet');
    const container = sts.spec.template.spec.containers[0];
    container.imagePullPolicy = 'IfNotPresent';
    container.livenessProbe = { ...container.readinessProbe, periodSeconds: 30, failureThreshold: 10 };
    expect(unexempted(objects)).toEqual(expect.arrayContaining([
      'kube-score container-image-pull-policy: StatefulSet shop/db', 'kube-score pod-probes-identical: StatefulSet shop/db', 'checkov CKV_K8S_15: StatefulSet shop/db',
    ]));
  });
});

test('an opt-in\'s reason reaches every scanner, and the check of that fails when one annotation is missing', () => {
  const objects = objectsOf(c => new WebApp(c, 'web', {
    image,
    security: { readOnlyRootFilesystem: false, readOnlyRootFilesystemReason: REASONS['writable-root-fs'] },
    resources: { omitCpuLimit: true, omitCpuLimitReason: REASONS['no-cpu-limit'] },
  }));
  expect(reasonsMissing(objects)).toEqual([]);
  const deployment = objects.find(o => o.kind === 'Deployment');
  expect(deployment.metadata.annotations).toMatchObject({
    'cdk8s-patterns.io/suppress.read-only-root-fs': REASONS['writable-root-fs'],
    'cdk8s-patterns.io/suppress.cpu-limit-set': REASONS['no-cpu-limit'],
    'kube-score/ignore': 'container-resources,container-security-context-readonlyrootfilesystem',
    'polaris.fairwinds.com/notReadOnlyRootFilesystem-exempt': 'true',
    'polaris.fairwinds.com/cpuLimitsMissing-exempt': 'true',
  });
  expect(Object.values(deployment.metadata.annotations)).toEqual(expect.arrayContaining([
    `CKV_K8S_22=${REASONS['writable-root-fs']}`, `CKV_K8S_11=${REASONS['no-cpu-limit']}`,
  ]));
  delete deployment.metadata.annotations['polaris.fairwinds.com/notReadOnlyRootFilesystem-exempt'];
  deployment.metadata.annotations['kube-score/ignore'] = 'container-resources';
  expect(reasonsMissing(objects)).toEqual([
    'Deployment web writable-root-fs: kube-score container-security-context-readonlyrootfilesystem',
    'Deployment web writable-root-fs: Polaris notReadOnlyRootFilesystem',
  ]);
});

test('an opt-in without its reason is a prop error that names the reason prop', () => {
  const chart = new Chart(new App(), 'prod', { namespace: 'shop' });
  new WebApp(chart, 'web', {
    image,
    security: { useImageUser: true, readOnlyRootFilesystem: false },
    resources: { omitCpuLimit: true },
    mountServiceAccountToken: true,
  });
  const messages = renderReport(App.of(chart) as App).findings.filter(f => f.rule === 'props').map(f => f.message);
  expect(messages).toEqual([
    expect.stringMatching(/^mountServiceAccountTokenReason "" is empty while mountServiceAccountToken is true: write why/),
    expect.stringMatching(/^security\.useImageUserReason "" is empty while security\.useImageUser is true: write why/),
    expect.stringMatching(/^resources\.omitCpuLimitReason "" is empty while omitCpuLimit is true: write why/),
    expect.stringMatching(/^security\.readOnlyRootFilesystemReason "" is empty while security\.readOnlyRootFilesystem is false: write why/),
  ]);
});

test('a Secret read into env without a reason stays a finding; with one, checkov\'s skip carries it', () => {
  const read = (reason?: string) => objectsOf(c => new WebApp(c, 'web', { image, env: { API_KEY: EnvVar.fromSecret('vendor', 'key', { reason }) } }));
  expect(unexempted(read())).toEqual(['checkov CKV_K8S_35: Deployment shop/web']);
  const deployment = read('the vendor SDK reads API_KEY only').find(o => o.kind === 'Deployment');
  expect(Object.values(deployment.metadata.annotations)).toContain('CKV_K8S_35=the vendor SDK reads API_KEY only');
});

test('read-only node paths: Polaris\' hostPathSet is exempted only when every one of them says why', () => {
  const exempt = (hostPaths: any[]) => objectsOf(c => new NodeAgent(c, 'agent', { image: 'fluent/fluent-bit:3.1.9', hostPaths }))
    .find(o => o.kind === 'DaemonSet').metadata.annotations['polaris.fairwinds.com/hostPathSet-exempt'];
  expect(exempt([{ path: '/var/log', reason: 'ships node logs' }, { path: '/etc/machine-id' }])).toBeUndefined();
  expect(exempt([{ path: '/var/log', reason: 'ships node logs' }, { path: '/etc/machine-id', reason: 'labels logs with the node id' }])).toBe('true');
});

// ---- randomly generated valid configurations --------------------------------------------------------------

/** Park–Miller: a small seeded generator, so the configurations are the same every run. */
function random(seed: number): () => number {
  const m = 2147483647;
  let a = (seed * 16807) % m;
  return () => {
    a = (a * 48271) % m;
    return a / m;
  };
}

function generator(seed: number) {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const maybe = (p = 0.5) => next() < p;
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const cached = () => maybe(0.25) ? { imagePullPolicy: 'IfNotPresent', imagePullPolicyReason: REASONS['image-pull-always'] } : {};
  const env = () => maybe() ? {
    env: {
      LOG_LEVEL: EnvVar.value(pick(['info', 'debug'])),
      ...(maybe(0.4) ? { API_KEY: EnvVar.fromSecret('vendor-api', 'key', { reason: REASONS['secret-env'] }) } : {}),
    },
  } : {};
  // every opt-in of the restricted pod, each with its written reason
  const optIns = () => ({
    ...(maybe(0.2) ? { security: { useImageUser: true, useImageUserReason: REASONS['image-user'] } } : {}),
    ...(maybe(0.2) ? { security: { readOnlyRootFilesystem: false, readOnlyRootFilesystemReason: REASONS['writable-root-fs'] } } : {}),
    ...(maybe(0.2) ? { resources: { omitCpuLimit: true, omitCpuLimitReason: REASONS['no-cpu-limit'] } } : {}),
    ...(maybe(0.2) ? { mountServiceAccountToken: true, mountServiceAccountTokenReason: REASONS['service-account-token'] } : {}),
    ...(maybe(0.2) ? { envFromSecrets: ['vendor-settings'], envFromSecretsReason: REASONS['secret-env'] } : {}),
    ...(maybe(0.2) ? { secretFiles: [{ secretName: 'app-tls', mountPath: '/etc/app-tls' }], env: { TLS_SECRET_PATH: EnvVar.value('/etc/app-tls/tls.key') } } : {}),
  });

  const webApp = (): WebAppProps => {
    const port = pick([8080, 3000, 9000]);
    const autoscaled = maybe(0.4);
    const min = int(1, 3);
    return {
      image: pick(['ghcr.io/acme/web:1.4.2', 'ghcr.io/acme/web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef']),
      port,
      ...(autoscaled ? { autoscaling: { minReplicas: min, maxReplicas: int(min, 10) } } : { replicas: int(1, 5) }),
      ...(maybe(0.3) ? { metrics: { port: maybe() ? port : 9090, serviceMonitor: false } } : {}),
      ...(maybe(0.3) ? { ingress: { host: 'shop.example.com' } } : {}),
      ...(maybe(0.3) ? { configFiles: { 'app.yaml': 'mode: production\n' } } : {}),
      ...(maybe(0.2) ? { allowInternetEgress: true } : {}),
      ...(maybe(0.2) ? { serviceType: 'NodePort', serviceTypeReason: REASONS['node-port'] } : {}),
      ...(maybe(0.3) ? { probes: { readiness: HealthProbe.http('/ready'), liveness: pick([HealthProbe.tcp(), HealthProbe.http('/live'), HealthProbe.exec(['/bin/alive'])]) } } : {}),
      ...(maybe(0.15) ? { probes: { liveness: HealthProbe.none(REASONS['no-liveness-probe']) } } : {}),
      ...(maybe(0.3) ? {
        sidecars: [pick([
          // serves no port: nothing to probe
          { name: 'log-forwarder', image: 'fluent/fluent-bit:3.1.9' },
          { name: 'proxy', image: 'ghcr.io/acme/proxy:1.0.0', ports: [15001], readiness: HealthProbe.http('/ready'), liveness: HealthProbe.none(REASONS['sidecar-no-liveness']) },
        ])],
      } : {}),
      ...cached(),
      ...withEnv(optIns(), env()),
    } as WebAppProps;
  };

  const store = (): StatefulStoreProps => {
    const replicas = int(1, 5);
    // a quorum of two cannot survive a disruption: refused
    const quorum = maybe(0.7) && replicas !== 2;
    return {
      image: pick(['postgres:16.4', 'redis:7.4.1']),
      port: pick([5432, 6379]),
      storage: { size: Size.gibibytes(int(1, 50)) },
      replicas,
      quorum,
      ...(maybe(0.3) ? { slowStart: Duration.minutes(int(1, 10)) } : {}),
      ...(maybe(0.3) ? { probes: { liveness: HealthProbe.exec(['pgrep', 'postgres']) } } : {}),
      ...(maybe(0.3) ? {
        backup: {
          image: 'ghcr.io/acme/backup:1.0.0',
          schedule: '0 3 * * *',
          command: ['backup'],
          claimName: 'backups',
          ...(maybe() ? { env: { PGPASSWORD: EnvVar.fromSecret('db-auth', 'password', { reason: REASONS['secret-env'] }) } } : {}),
          ...(maybe() ? { envFromSecrets: ['bucket'], envFromSecretsReason: REASONS['secret-env'] } : {}),
        },
      } : {}),
      ...cached(),
      ...withEnv(optIns(), env()),
    } as StatefulStoreProps;
  };

  const worker = (): WorkerProps => ({
    image: 'ghcr.io/acme/worker:2.0.0',
    ...(maybe(0.3) ? ((min: number) => ({
      autoscaling: {
        minReplicas: min,
        maxReplicas: int(min, 12),
        queueLength: { name: 'rabbitmq_queue_messages_ready', selector: { queue: 'orders' }, messagesPerPod: 30 },
      },
    }))(int(1, 3)) : { replicas: int(1, 4) }),
    ...(maybe(0.4) ? { metrics: {} } : {}),
    ...(maybe(0.5) ? {
      probes: {
        ...(maybe() ? { readiness: HealthProbe.exec(['/app/check', '--connected']) } : {}),
        ...(maybe() ? { liveness: HealthProbe.exec(['/app/check', '--progress']) } : {}),
      },
    } : {}),
    ...cached(),
    ...withEnv(optIns(), env()),
  } as WorkerProps);

  const agent = (): NodeAgentProps => {
    const port = maybe(0.4) ? 2020 : undefined;
    return {
      image: 'fluent/fluent-bit:3.1.9',
      ...(port ? { port } : {}),
      ...(maybe(0.4) ? { metrics: { port: port ?? 9100, serviceMonitor: false } } : {}),
      hostPaths: [
        ...(maybe(0.6) ? [{ path: '/var/log' }] : []),
        ...(maybe(0.3) ? [{ path: '/var/lib/fluent-bit', writable: true, reason: 'keeps read positions across restarts' }] : []),
        ...(maybe(0.2) ? [{ path: '/var/run/docker.sock', type: HostPathType.SOCKET, reason: 'labels logs with container names' }] : []),
      ],
      ...(maybe(0.5) ? (scope => ({
        permissions: [
          // namespaces are cluster-scoped: a Role cannot grant them
          { resources: scope === PermissionScope.CLUSTER ? ['pods', 'namespaces'] : ['pods'], verbs: ['get', 'list', 'watch'] },
          ...(maybe(0.3) ? [{ resources: ['secrets'], verbs: ['get'], reason: 'reads its own output credentials' }] : []),
        ],
        permissionScope: scope,
      }))(pick([PermissionScope.CLUSTER, PermissionScope.NAMESPACE])) : {}),
      ...(maybe(0.3) ? { runAsRoot: { reason: 'container log files are readable by root only' } } : {}),
      ...(maybe(0.2) ? { hostNetwork: { reason: 'reports node interface counters' } } : {}),
      ...(maybe(0.2) ? { hostPid: { reason: 'maps log files to processes' } } : {}),
      ...(maybe(0.2) ? { capabilities: { add: ['SYS_PTRACE'], reason: 'reads /proc of other processes' } } : {}),
      ...cached(),
    } as NodeAgentProps;
  };
  // run-to-completion pods: no probes, the same opt-ins
  const job = () => ({ image: 'ghcr.io/acme/jobs:3.1.0', command: ['./run'], ...cached(), ...withEnv(optIns(), env()) });

  /** One app's configuration, drawn in a fixed order. */
  const draw = () => {
    const web = webApp();
    const db = store();
    return {
      web,
      db,
      agent: agent(),
      worker: worker(),
      smoke: maybe(0.3),
      restore: !!db.backup && maybe(),
      nightly: maybe(0.5) ? { ...job(), schedule: '0 4 * * *' } as ScheduledTaskProps : undefined,
      migration: maybe(0.5) ? job() as MigrationProps : undefined,
    };
  };
  return { draw };
}

/** `optIns` and `env` together: their `env` maps merged. */
function withEnv(optIns: any, env: any): any {
  return { ...optIns, ...env, ...(optIns.env || env.env ? { env: { ...optIns.env, ...env.env } } : {}) };
}

/** One fixed reason per decision, so a test can find each in the annotations. */
const REASONS: { [decision: string]: string } = {
  'image-pull-always': 'air-gapped nodes pre-load this image',
  'image-user': 'the image files belong to its own uid 999',
  'writable-root-fs': 'the vendor image unpacks plugins under /opt/app at start',
  'no-cpu-limit': 'p99 latency doubles under CFS throttling',
  'service-account-token': 'reads its ConfigMaps through the API',
  'secret-env': 'the vendor client reads its credentials from the environment only',
  'node-port': 'the edge load balancer targets node ports',
  'no-liveness-probe': 'the vendor server stalls under a liveness check',
  'sidecar-no-liveness': 'the proxy restarts itself when stuck',
};

/**
 * Every weaker setting an object's pod shows (re-stated here, apart from the library), paired with the reason the
 * generator wrote for it; each must be in every scanner's annotation for the checks it trips.
 */
function reasonsMissing(objects: any[]): string[] {
  const out: string[] = [];
  for (const o of objects.filter(x => POD_CONTROLLERS.includes(x.kind) || x.kind === 'Service')) {
    const pod = podSpec(o);
    const containers = containersOf(o);
    const shows: string[] = o.kind === 'Service' ? (o.spec.type === 'NodePort' ? ['node-port'] : []) : [
      ...(containers.some(c => c.imagePullPolicy !== 'Always') ? ['image-pull-always'] : []),
      ...(pod.securityContext?.runAsUser === undefined ? ['image-user'] : []),
      ...(containers.some(c => c.securityContext?.readOnlyRootFilesystem !== true) ? ['writable-root-fs'] : []),
      ...(containers.some(c => !c.resources?.limits?.cpu) ? ['no-cpu-limit'] : []),
      // the NodeAgent's token is explained by its permissions
      ...(pod.automountServiceAccountToken === true && o.kind !== 'DaemonSet' ? ['service-account-token'] : []),
      ...(containers.some(c => (c.env ?? []).some((e: any) => e.valueFrom?.secretKeyRef) || (c.envFrom ?? []).some((e: any) => e.secretRef)) ? ['secret-env'] : []),
      ...(mainContainers(o).slice(1).some(c => c.ports?.length && !c.livenessProbe) ? ['sidecar-no-liveness'] : []),
      // a WebApp's liveness probe is only ever removed with HealthProbe.none(reason)
      ...(o.metadata.labels?.['app.kubernetes.io/component'] === 'web' && !mainContainers(o)[0].livenessProbe ? ['no-liveness-probe'] : []),
    ];
    const annotations = o.metadata.annotations ?? {};
    const skips = Object.entries<string>(annotations).filter(([k]) => k.startsWith('checkov.io/skip')).map(([, v]) => v);
    for (const decision of shows) {
      const reason = REASONS[decision];
      const checks = SCANNER_CHECKS[decision];
      const where = `${o.kind} ${o.metadata.name} ${decision}`;
      if (checks.rule && !String(annotations[`cdk8s-patterns.io/suppress.${checks.rule}`]).includes(reason)) out.push(`${where}: our suppression`);
      for (const id of checks.checkov) if (!skips.some(v => v.startsWith(`${id}=`) && v.includes(reason))) out.push(`${where}: checkov ${id}`);
      // Polaris and kube-score take no reason: ours keeps it
      if (!checks.rule && !checks.checkov.length && !String(annotations[`cdk8s-patterns.io/exemption.${decision}`]).includes(reason)) out.push(`${where}: kept reason`);
      const ignored = String(annotations['kube-score/ignore'] ?? '').split(',');
      for (const id of checks.kubeScore) if (!ignored.includes(id)) out.push(`${where}: kube-score ${id}`);
      for (const id of checks.polaris) if (annotations[`polaris.fairwinds.com/${id}-exempt`] !== 'true') out.push(`${where}: Polaris ${id}`);
    }
  }
  return out;
}

describe('randomly generated valid configurations pass kube-score and checkov, apart from written exemptions', () => {
  test.each(Array.from({ length: 40 }, (_, i) => i + 1))('seed %d', seed => {
    const config = generator(seed).draw();
    const report = (() => {
      const app = new App();
      const chart = new Chart(app, 'prod', { namespace: 'shop' });
      const web = new WebApp(chart, 'web', config.web);
      const db = new StatefulStore(chart, 'db', config.db);
      web.connectsTo(db);
      new NodeAgent(chart, 'agent', config.agent);
      new Worker(chart, 'worker', config.worker).connectsTo(db);
      if (config.smoke) new SmokeTest(chart, 'smoke', { target: web });
      if (config.restore) db.restore('drill', { backup: 'db-backup', backupId: 'db-2026-12-01.dump', command: ['restore'] });
      if (config.nightly) new ScheduledTask(chart, 'nightly', config.nightly);
      if (config.migration) new Migration(chart, 'migrate', { ...config.migration, before: web });
      return renderReport(app);
    })();
    // valid: no prop error
    expect(report.findings.filter(f => f.rule === 'props').map(f => f.message)).toEqual([]);
    const objects = report.files.flatMap(f => f.objects);
    expect(unexempted(objects)).toEqual([]);
    expect(podSecurityGaps(objects)).toEqual([]);
    // each opt-in's own reason is in every scanner's annotation for the checks it trips
    expect(reasonsMissing(objects)).toEqual([]);
  });
});

test('the generated configurations cover every opt-in and option the generator knows', () => {
  const drawn = Array.from({ length: 40 }, (_, i) => generator(i + 1).draw());
  const agents = drawn.map(d => d.agent as any);
  const webs = drawn.map(d => d.web as any);
  const stores = drawn.map(d => d.db as any);
  const pods = [...webs, ...stores, ...drawn.flatMap(d => [d.worker, d.nightly, d.migration] as any[]).filter(x => x)];
  const some = (xs: any[], f: (x: any) => boolean) => xs.some(f);
  const covered = {
    runAsRoot: some(agents, a => a.runAsRoot),
    hostNetwork: some(agents, a => a.hostNetwork),
    hostPid: some(agents, a => a.hostPid),
    capabilities: some(agents, a => a.capabilities),
    writable: some(agents, a => a.hostPaths.some((h: any) => h.writable)),
    socket: some(agents, a => a.hostPaths.some((h: any) => h.path.endsWith('.sock'))),
    secrets: some(agents, a => (a.permissions ?? []).length > 1),
    namespaced: some(agents, a => a.permissionScope === PermissionScope.NAMESPACE),
    metricsOnly: some(agents, a => a.metrics && !a.port),
    autoscaled: some(webs, w => w.autoscaling),
    cached: some(webs, w => w.imagePullPolicy === 'IfNotPresent'),
    ownProbes: some(webs, w => w.probes),
    replicatedStore: some(stores, s => s.replicas > 2),
    pairStore: some(stores, s => s.replicas === 2),
    backup: some(stores, s => s.backup),
    backupSecretEnv: some(stores, s => s.backup?.env),
    backupEnvFrom: drawn.some(d => (d.db as any).backup?.envFromSecrets && d.restore),
    restore: drawn.some(d => d.restore),
    imageUser: some(pods, p => p.security?.useImageUser),
    writableRoot: some(pods, p => p.security?.readOnlyRootFilesystem === false),
    noCpuLimit: some(pods, p => p.resources?.omitCpuLimit),
    token: some(pods, p => p.mountServiceAccountToken),
    secretEnv: some(pods, p => p.env?.API_KEY),
    envFromSecrets: some(pods, p => p.envFromSecrets),
    secretFiles: some(pods, p => p.secretFiles),
    nodePort: some(webs, w => w.serviceType === 'NodePort'),
    noLiveness: some(webs, w => w.probes && !w.probes.readiness),
    portlessSidecar: some(webs, w => w.sidecars?.[0].name === 'log-forwarder'),
    sidecarWithoutLiveness: some(webs, w => w.sidecars?.[0].name === 'proxy'),
    scheduledTaskWithOptIns: drawn.some(d => d.nightly && Object.keys(d.nightly).some(k => k.endsWith('Reason') || k === 'security')),
    migrationWithOptIns: drawn.some(d => d.migration && Object.keys(d.migration).some(k => k.endsWith('Reason') || k === 'security')),
    autoscaledWorker: drawn.some(d => (d.worker as any).autoscaling),
    workerWithoutProbes: drawn.some(d => !(d.worker as any).probes),
    workerOneProbe: drawn.some(d => Object.keys((d.worker as any).probes ?? {}).length === 1),
  };
  expect(Object.entries(covered).filter(([, v]) => !v).map(([k]) => k)).toEqual([]);
});

test('a pod controller gets the same exemptions whether cdk8s resolves it or its props are read (JSON patches, tokens)', () => {
  const annotationsOf = (patch: boolean) => {
    const app = new App();
    const chart = new Chart(app, 'c', { namespace: 'shop' });
    const web = new WebApp(chart, 'web', {
      image: 'ghcr.io/acme/shop:1.4.2', imagePullPolicy: 'IfNotPresent', imagePullPolicyReason: 'nodes pull through a mirror that is down at night',
    });
    if (patch) web.deployment!.addJsonPatch(JsonPatch.add('/spec/minReadySeconds', 5));
    return Testing.synth(chart).find(o => o.kind === 'Deployment').metadata.annotations;
  };
  const plain = annotationsOf(false);
  expect(plain['kube-score/ignore']).toContain('container-image-pull-policy');
  expect(annotationsOf(true)).toEqual(plain);
});
