import * as fs from 'fs';
import * as path from 'path';
import Ajv2019 from 'ajv/dist/2019';
import { App, Chart, Size } from 'cdk8s';
import { parse, parseAllDocuments } from 'yaml';
import { EnvVar, HealthProbe, NodeAgent, StatefulStore, WebApp, Worker } from '../src';
import { buildApp } from '../src/main';
import { podTemplateOf } from '../src/policy/context';
import { renderReport } from '../src/synth/synth';

// Polaris (FairwindsOps, v10.2.2) as a yardstick: its check definitions from
// test/fixtures/polaris (upstream data, Apache-2.0), evaluated the way Polaris does (JSON Schema
// draft 2019-09 against a target: the controller, its pod spec, its pod
// template or each container) over the default output of every archetype.
// No `danger` check may fail; the `warning` checks that fail are pinned below,
// each a deliberate trade-off documented in the README ("Policy").
//
// Checks whose schema is a Go template (`{{ }}`) cannot be evaluated as plain
// JSON Schema; they are listed, and the ones that apply to our output are
// re-stated by hand in TEMPLATED_BY_HAND with the same meaning.

const POLARIS = path.join(__dirname, 'fixtures', 'polaris');

type Severity = 'danger' | 'warning' | 'ignore';

interface Check {
  readonly id: string;
  readonly target: string;
  readonly schemaTarget?: string;
  readonly controllers?: { include?: string[]; exclude?: string[] };
  readonly containers?: { exclude?: string[] };
  readonly validate?: (data: unknown) => boolean;
  /** Why it is not evaluated from its schema. */
  readonly skipped?: string;
}

// Go regular expressions: `(?i)` at the start means case-insensitive
const ajv = new Ajv2019({
  strict: false,
  allErrors: false,
  validateFormats: false,
  code: {
    regExp: Object.assign((pattern: string, flags: string) => {
      const insensitive = pattern.includes('(?i)');
      return new RegExp(pattern.replace(/\(\?i\)/g, ''), insensitive ? `${flags}i` : flags);
    }, { code: 'RegExp' }),
  },
});

function loadChecks(): Check[] {
  return fs.readdirSync(path.join(POLARIS, 'checks')).filter(f => f.endsWith('.yaml')).sort().map(file => {
    const id = file.replace(/\.yaml$/, '');
    const text = fs.readFileSync(path.join(POLARIS, 'checks', file), 'utf8');
    const raw = parse(text);
    const base = { id, target: raw.target, schemaTarget: raw.schemaTarget, controllers: raw.controllers, containers: raw.containers };
    if (!raw.schema && !raw.schemaString) return { ...base, skipped: 'no schema: implemented in Go' };
    if (text.includes('{{')) return { ...base, skipped: 'Go template' };
    const schema = dropEmptyRequired(raw.schema ?? parse(raw.schemaString));
    delete schema.$schema;
    return { ...base, validate: ajv.compile(schema) };
  });
}

/** An empty `required:` (hostPortSet) is null in YAML; Go's validator ignores it. */
function dropEmptyRequired(node: any): any {
  if (Array.isArray(node)) return node.map(dropEmptyRequired);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([k, v]) => !(k === 'required' && v === null)).map(([k, v]) => [k, dropEmptyRequired(v)]));
}

/** Go decodes manifests into typed structs first: empty keys (`add:` with nothing under it) vanish. */
function dropNulls(node: any): any {
  if (Array.isArray(node)) return node.map(dropNulls);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([, v]) => v !== null).map(([k, v]) => [k, dropNulls(v)]));
}

// ...and fields a PodSecurityContext does not have (`privileged` on the pod) vanish too
const POD_SECURITY_FIELDS = Object.keys(JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'src', 'policy', 'k8s-v1.28.0-definitions.json'), 'utf8'))
  .definitions['io.k8s.api.core.v1.PodSecurityContext'].properties);

function asGoDecodes(obj: any): any {
  const o = dropNulls(obj);
  const spec = podTemplate(o)?.spec;
  if (spec?.securityContext) {
    spec.securityContext = Object.fromEntries(Object.entries(spec.securityContext).filter(([k]) => POD_SECURITY_FIELDS.includes(k)));
  }
  return o;
}

const severities: { [id: string]: Severity } = parse(fs.readFileSync(path.join(POLARIS, 'config.yaml'), 'utf8')).checks;
const checks = loadChecks();

const podTemplate = (obj: any): any => podTemplateOf(obj);

/** Results of one check over a set of objects: one per target it applies to; true = passes. */
function run(check: Check, objects: any[]): { object: string; passes: boolean }[] {
  const out: { object: string; passes: boolean }[] = [];
  const name = (o: any, extra = '') => `${o.kind}/${o.metadata?.name}${extra}`;
  for (const obj of objects) {
    if (!obj?.kind) continue;
    if (['Controller', 'PodSpec', 'PodTemplate', 'Container'].includes(check.target)) {
      const template = podTemplate(obj);
      if (!template) continue;
      if (check.controllers?.include && !check.controllers.include.includes(obj.kind)) continue;
      if (check.controllers?.exclude?.includes(obj.kind)) continue;
      const spec = template.spec ?? {};
      if (check.target === 'Controller') out.push({ object: name(obj), passes: check.validate!(obj) });
      if (check.target === 'PodSpec') out.push({ object: name(obj), passes: check.validate!(spec) });
      if (check.target === 'PodTemplate') out.push({ object: name(obj), passes: check.validate!(template) });
      if (check.target === 'Container') {
        const all = [
          ...(spec.initContainers ?? []).map((c: any) => ({ c, init: true })),
          ...(spec.containers ?? []).map((c: any) => ({ c, init: false })),
        ];
        for (const { c, init } of all) {
          if (init && check.containers?.exclude?.includes('initContainer')) continue;
          const data = check.schemaTarget === 'PodSpec' ? { ...spec, initContainers: [], containers: [c] } : c;
          out.push({ object: name(obj, `/${c?.name}`), passes: check.validate!(data) });
        }
      }
    } else {
      // by kind: upstream's own cases write a PodDisruptionBudget as apiVersion v1
      const kind = check.target.split('/')[1];
      if (obj.kind === kind) out.push({ object: name(obj), passes: check.validate!(obj) });
    }
  }
  return out;
}

/**
 * The templated checks that apply to workload output, re-stated by hand.
 * Each returns the objects that fail.
 */
const TEMPLATED_BY_HAND: { [id: string]: (objects: any[]) => string[] } = {
  // label app.kubernetes.io/instance equals metadata.name on every controller
  metadataAndInstanceMismatched: objects => objects.filter(o => podTemplate(o) && o.metadata?.labels?.['app.kubernetes.io/instance'] !== o.metadata?.name).map(o => o.metadata?.name),
  // seccomp (not Unconfined) on the pod or every container, or SELinux options, or capabilities dropped and ALL not added
  linuxHardening: objects => objects.filter(o => podTemplate(o)).filter(o => {
    const spec = podTemplate(o).spec ?? {};
    return (spec.containers ?? []).some((c: any) => {
      const seccomp = c.securityContext?.seccompProfile?.type ?? spec.securityContext?.seccompProfile?.type;
      const drops = (c.securityContext?.capabilities?.drop ?? []).length > 0 && !(c.securityContext?.capabilities?.add ?? []).some((a: string) => /^all$/i.test(a));
      return !(seccomp && seccomp !== 'Unconfined') && !c.securityContext?.seLinuxOptions && !spec.securityContext?.seLinuxOptions && !drops;
    });
  }).map(o => o.metadata?.name),
  // the pod does not mount a token, or its ServiceAccount turns automounting off
  automountServiceAccountToken: objects => objects.filter(o => podTemplate(o)).filter(o => {
    const spec = podTemplate(o).spec ?? {};
    if (spec.automountServiceAccountToken === false) return false;
    const sa = objects.find(s => s.kind === 'ServiceAccount' && s.metadata?.name === (spec.serviceAccountName ?? 'default'));
    return sa?.automountServiceAccountToken !== false;
  }).map(o => o.metadata?.name),
  // a NetworkPolicy whose podSelector matchLabels match the pod's labels, with ingress and egress rules and both policy types
  missingNetworkPolicy: objects => objects.filter(o => podTemplate(o)).filter(o => {
    const podLabels = podTemplate(o).metadata?.labels ?? {};
    return !objects.some(np => np.kind === 'NetworkPolicy'
      && Object.entries(np.spec?.podSelector?.matchLabels ?? {}).filter(([k, v]) => podLabels[k] === v).length === 1
      && (np.spec?.ingress ?? []).length > 0 && (np.spec?.egress ?? []).length > 0
      && ['Ingress', 'Egress'].every(t => (np.spec?.policyTypes ?? []).includes(t)));
  }).map(o => o.metadata?.name),
  // a Deployment has a PodDisruptionBudget whose matchLabels share a label with its pods
  missingPodDisruptionBudget: objects => objects.filter(o => o.kind === 'Deployment').filter(o => {
    const podLabels = podTemplate(o).metadata?.labels ?? {};
    return !objects.some(pdb => pdb.kind === 'PodDisruptionBudget' && Object.entries(pdb.spec?.selector?.matchLabels ?? {}).some(([k, v]) => podLabels[k] === v));
  }).map(o => o.metadata?.name),
  // maxReplicas above minReplicas
  hpaMaxAvailability: objects => objects.filter(o => o.kind === 'HorizontalPodAutoscaler' && !(o.spec.maxReplicas > (o.spec.minReplicas ?? 1))).map(o => o.metadata?.name),
  // the PDB's minAvailable does not exceed the HPA's minReplicas (implemented in Go upstream)
  pdbMinAvailableGreaterThanHPAMinReplicas: objects => objects.filter(o => o.kind === 'HorizontalPodAutoscaler').filter(hpa => objects.some(pdb =>
    pdb.kind === 'PodDisruptionBudget' && pdb.metadata?.name === hpa.spec.scaleTargetRef.name
    && typeof pdb.spec.minAvailable === 'number' && pdb.spec.minAvailable > (hpa.spec.minReplicas ?? 1))).map(o => o.metadata?.name),
};

/** Templated checks about RBAC bindings and roles: our archetypes bind only their own least-privilege roles (rule rbac-no-wildcards). */
const NOT_RESTATED = [
  'clusterrolebindingClusterAdmin', 'clusterrolebindingPodExecAttach', 'rolebindingClusterAdminClusterRole',
  'rolebindingClusterAdminRole', 'rolebindingClusterRolePodExecAttach', 'rolebindingRolePodExecAttach',
];

function outputs(): { [archetype: string]: any[] } {
  const of = (build: (c: Chart) => void) => {
    const app = new App();
    build(new Chart(app, 'prod', { namespace: 'shop' }));
    return renderReport(app).files.flatMap(f => f.objects);
  };
  return {
    'WebApp': of(c => new WebApp(c, 'web', { image: 'ghcr.io/acme/web:1.4.2' })),
    'StatefulStore': of(c => new StatefulStore(c, 'db', { image: 'postgres:16.4', port: 5432, storage: { size: Size.gibibytes(10) } })),
    'NodeAgent': of(c => new NodeAgent(c, 'agent', { image: 'fluent/fluent-bit:3.1.9' })),
    'reference app': renderReport(buildApp()).files.flatMap(f => f.objects),
    'Worker': of(c => new Worker(c, 'worker', { image: 'ghcr.io/acme/worker:2.0.0' })),
    // every opt-in of the restricted pod, each with its reason: Polaris' exemption follows it
    'WebApp with every reasoned opt-in': of(c => new WebApp(c, 'web', {
      image: 'ghcr.io/acme/web:1.4.2',
      imagePullPolicy: 'IfNotPresent',
      imagePullPolicyReason: 'air-gapped nodes pre-load this image',
      security: { useImageUser: true, useImageUserReason: 'the image files belong to uid 999', readOnlyRootFilesystem: false, readOnlyRootFilesystemReason: 'unpacks plugins at start' },
      resources: { omitCpuLimit: true, omitCpuLimitReason: 'p99 latency doubles under CFS throttling' },
      mountServiceAccountToken: true,
      mountServiceAccountTokenReason: 'reads its ConfigMaps through the API',
      probes: { liveness: HealthProbe.none('the vendor server stalls under a liveness check') },
      env: { API_KEY: EnvVar.fromSecret('vendor', 'key', { reason: 'the vendor SDK reads API_KEY only' }), TLS_SECRET_PATH: EnvVar.value('/etc/tls/tls.key') },
      secretFiles: [{ secretName: 'tls', mountPath: '/etc/tls' }],
      sidecars: [{ name: 'log-forwarder', image: 'fluent/fluent-bit:3.1.9' }],
    })),
  };
}

/** Failing checks per archetype: "checkId (severity)". Polaris' per-object exemption annotations are honoured as Polaris does. */
function failures(all: any[]): string[] {
  const failed = new Set<string>();
  for (const check of checks) {
    const severity = severities[check.id] ?? 'ignore';
    const objects = all.filter(o => o.metadata?.annotations?.[`polaris.fairwinds.com/${check.id}-exempt`] !== 'true');
    if (check.validate) {
      if (run(check, objects).some(r => !r.passes)) failed.add(`${check.id} (${severity})`);
    } else if (TEMPLATED_BY_HAND[check.id]?.(objects).length) {
      failed.add(`${check.id} (${severity})`);
    }
  }
  return [...failed].sort();
}

describe('Polaris checks on the default output of every archetype', () => {
  const out = outputs();

  test('every check is evaluated from its schema, re-stated by hand, or listed', () => {
    const templated = checks.filter(c => c.skipped).map(c => c.id);
    expect(checks).toHaveLength(44);
    expect(checks.filter(c => c.validate)).toHaveLength(31);
    expect(templated.filter(id => !TEMPLATED_BY_HAND[id]).sort()).toEqual(NOT_RESTATED.sort());
  });

  test('no danger check fails', () => {
    for (const [archetype, objects] of Object.entries(out)) {
      expect({ archetype, danger: failures(objects).filter(f => f.endsWith('(danger)')) }).toEqual({ archetype, danger: [] });
    }
  });

  test('the failing warning checks are the documented trade-offs', () => {
    // README, "Policy": priorityClassNotSet (priority classes are
    // cluster-specific: `priorityClassName` sets one), deploymentMissingReplicas
    // with autoscaling (the HPA owns the count), topologySpreadConstraint for a
    // DaemonSet (one pod per node already), missingNetworkPolicy where ingress is
    // deny-all until a peer connects (Polaris wants at least one ingress rule).
    // Missing probes (an agent without a port, a store without liveness) and the
    // agent's API token carry written reasons as Polaris exemptions.
    expect(Object.fromEntries(Object.entries(out).map(([a, objects]) => [a, failures(objects)]))).toEqual({
      'WebApp': ['priorityClassNotSet (warning)'],
      'StatefulStore': ['missingNetworkPolicy (warning)', 'priorityClassNotSet (warning)'],
      'NodeAgent': ['missingNetworkPolicy (warning)', 'topologySpreadConstraint (warning)'],
      // plus, from what the reference app declares on purpose: one-shot pods (SmokeTest, backup job) that have no
      // spread (the log shipper's read-only hostPath carries its reason, so hostPathSet is exempted)
      'reference app': [
        'deploymentMissingReplicas (warning)',
        'missingNetworkPolicy (warning)', 'priorityClassNotSet (warning)',
        'topologySpreadConstraint (warning)',
      ],
      // no port: no probes (exempted with the Worker's reason), and ingress deny-all like an agent without a port
      'Worker': ['missingNetworkPolicy (warning)', 'priorityClassNotSet (warning)'],
      'WebApp with every reasoned opt-in': ['priorityClassNotSet (warning)'],
    });
  });
});

describe('the evaluator reads checks as Polaris does (upstream test cases)', () => {
  const cases = checks.filter(c => c.validate).flatMap(check => {
    const dir = path.join(POLARIS, 'test-cases', check.id);
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir).sort().map(file => [check.id, file, check] as const);
  });

  test('there are upstream cases for most plain checks', () => {
    expect(cases.length).toBeGreaterThan(80);
  });

  test.each(cases)('%s %s', (_, file, check) => {
    const objects = parseAllDocuments(fs.readFileSync(path.join(POLARIS, 'test-cases', check.id, file), 'utf8')).map(d => d.toJS()).filter(Boolean).map(asGoDecodes);
    const results = run(check, objects);
    expect(results.length).toBeGreaterThan(0);
    const passes = results.every(r => r.passes);
    expect({ file, passes }).toEqual({ file, passes: file.startsWith('success') });
  });
});
