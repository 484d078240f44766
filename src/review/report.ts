import { Environment } from './load';
import { podTemplateOf } from '../policy/context';
import { TEAM_NAMESPACE } from '../private/defaults';
import { parseQuantity } from '../private/facts/quantity';

// `cdk8s-patterns report DIR`: what each workload asks for per pod, how many
// pods it runs (HPA range) and at the peak of a rollout, and whether each
// namespace's ResourceQuota admits that peak.

/** The resources a quota counts. */
export const RESOURCES = ['cpu', 'memory', 'ephemeral-storage'] as const;
type Resource = typeof RESOURCES[number];
/** Amounts per resource, in cores or bytes; Infinity when a container sets no limit. */
export type Amounts = { [r in Resource]: number };

/** One workload's line of the report. */
export interface WorkloadReport {
  readonly env: string;
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
  /** Effective requests of one pod (init containers and sidecars per Kubernetes' rule, plus overhead). */
  readonly podRequests: Amounts;
  /** Effective limits of one pod. */
  readonly podLimits: Amounts;
  /** Pods when quiet: spec.replicas, the HPA minimum, or one per node for a DaemonSet. */
  readonly minReplicas: number;
  /** Pods at most: the HPA maximum, else as minReplicas. */
  readonly maxReplicas: number;
  /** Pods during a rollout from minReplicas. */
  readonly peakAtMin: number;
  /** Pods during a rollout at maxReplicas. */
  readonly peakAtMax: number;
  /** Bytes of volume claims (templates x replicas at most). */
  readonly storage: number;
  /** Volume claims (templates x replicas at most). */
  readonly claims: number;
  /** How the peak was counted. */
  readonly note: string;
}

/** One quota line of a namespace: what a rollout needs against the hard limit. */
export interface QuotaLine {
  /** ResourceQuota key, such as "requests.cpu". */
  readonly resource: string;
  /** Sum over workloads of a rollout peak from their minimum replicas. */
  readonly peak: number;
  /** Sum over workloads of a rollout peak at their HPA maximum. */
  readonly peakAtMax: number;
  /** The quota's hard limit; undefined when the namespace has no quota for it. */
  readonly hard?: number;
  /** fail: a rollout now would exceed the quota; warn: only when scaled to the HPA maximum. */
  readonly status: 'ok' | 'warn' | 'fail' | 'no quota';
}

/** One namespace's totals. */
export interface NamespaceReport {
  readonly env: string;
  readonly namespace: string;
  readonly lines: QuotaLine[];
}

/** The whole report. */
export interface CapacityReport {
  readonly workloads: WorkloadReport[];
  readonly namespaces: NamespaceReport[];
  /** Nodes a DaemonSet is counted on. */
  readonly nodes: number;
}

/** Kubernetes' default maxSurge for Deployments, DaemonSets (0) and Argo Rollouts canaries. */
const DEFAULT_MAX_SURGE = '25%';

/** Builds the report; `nodes` sizes DaemonSets. */
export function capacityReport(envs: Environment[], nodes: number = TEAM_NAMESPACE.expectedNodes): CapacityReport {
  const workloads: WorkloadReport[] = [];
  const namespaces: NamespaceReport[] = [];
  for (const env of envs) {
    const objects = env.objects.map(o => o.obj);
    const rows = objects.flatMap(o => workloadOf(env.name, o, objects, nodes));
    markBlueGreen(rows, objects);
    workloads.push(...rows);
    const names = [...new Set(rows.map(r => r.namespace).concat(objects.filter(o => o.kind === 'ResourceQuota').map(o => o.metadata.namespace ?? '')))].sort();
    for (const ns of names) namespaces.push({ env: env.name, namespace: ns, lines: quotaLines(rows.filter(r => r.namespace === ns), objects.filter(o => o.kind === 'ResourceQuota' && (o.metadata.namespace ?? '') === ns)) });
  }
  return { workloads, namespaces, nodes };
}

function workloadOf(env: string, obj: any, all: any[], nodes: number): WorkloadReport[] {
  const namespace = obj.metadata?.namespace ?? '';
  if (obj.kind === 'PersistentVolumeClaim') {
    const storage = parseQuantity(obj.spec?.resources?.requests?.storage ?? 0) || 0;
    return [{ env, namespace, kind: obj.kind, name: obj.metadata.name, podRequests: zero(), podLimits: zero(), minReplicas: 0, maxReplicas: 0, peakAtMin: 0, peakAtMax: 0, storage, claims: 1, note: 'claim' }];
  }
  const template = podTemplateOf(obj);
  if (!template?.spec) return [];
  const limitRange = all.find(o => o.kind === 'LimitRange' && (o.metadata?.namespace ?? '') === namespace);
  const defaults = (limitRange?.spec?.limits ?? []).find((l: any) => l.type === 'Container') ?? {};
  const { requests, limits } = podResources(template.spec, defaults);
  const hpa = all.find(o => o.kind === 'HorizontalPodAutoscaler' && (o.metadata?.namespace ?? '') === namespace
    && o.spec?.scaleTargetRef?.kind === obj.kind && o.spec?.scaleTargetRef?.name === obj.metadata.name);
  const { min, max, note: replicaNote } = replicasOf(obj, hpa, nodes);
  const peak = (n: number) => rolloutPeak(obj, n, nodes);
  const vcts = obj.kind === 'StatefulSet' ? obj.spec?.volumeClaimTemplates ?? [] : [];
  const perReplica = vcts.reduce((s: number, t: any) => s + (parseQuantity(t.spec?.resources?.requests?.storage ?? 0) || 0), 0);
  return [{
    env,
    namespace,
    kind: obj.kind,
    name: obj.metadata.name,
    podRequests: requests,
    podLimits: limits,
    minReplicas: min,
    maxReplicas: max,
    peakAtMin: peak(min).pods,
    peakAtMax: peak(max).pods,
    storage: perReplica * max,
    claims: vcts.length * max,
    note: [replicaNote, peak(max).note].filter(Boolean).join('; '),
  }];
}

/** Two Deployments whose pods share app.kubernetes.io/name are the colours of one blue-green app. */
function markBlueGreen(rows: WorkloadReport[], objects: any[]): void {
  const appOf = new Map<string, string>();
  for (const o of objects.filter(x => x.kind === 'Deployment')) {
    const app = podTemplateOf(o)?.metadata?.labels?.['app.kubernetes.io/name'];
    if (app) appOf.set(`${o.metadata?.namespace ?? ''}/${o.metadata?.name}`, `${o.metadata?.namespace ?? ''}/${app}`);
  }
  const colours = new Map<string, number>();
  for (const app of appOf.values()) colours.set(app, (colours.get(app) ?? 0) + 1);
  for (const r of rows.filter(x => x.kind === 'Deployment')) {
    const app = appOf.get(`${r.namespace}/${r.name}`);
    if (app && colours.get(app)! > 1) (r as any).note = [`blue-green "${app.split('/')[1]}": both colours counted`, r.note].filter(Boolean).join('; ');
  }
}

/**
 * A pod's effective requests or limits, as the scheduler counts them: the larger
 * of the biggest init container (plus the sidecars started before it) and the
 * sum of app containers and sidecars, plus the pod overhead. A container without
 * a value takes the namespace LimitRange default.
 */
export function podResources(spec: any, limitRangeDefaults: any = {}): { requests: Amounts; limits: Amounts } {
  const requests = zero();
  const limits = zero();
  for (const r of RESOURCES) {
    const req = (c: any) => containerValue(c, r, 'requests', limitRangeDefaults);
    const lim = (c: any) => containerValue(c, r, 'limits', limitRangeDefaults);
    requests[r] = effective(spec, req) + (parseQuantity(spec.overhead?.[r] ?? 0) || 0);
    limits[r] = effective(spec, lim) + (parseQuantity(spec.overhead?.[r] ?? 0) || 0);
  }
  return { requests, limits };
}

function effective(spec: any, value: (c: any) => number): number {
  let sidecars = 0;
  let initPeak = 0;
  for (const c of spec.initContainers ?? []) {
    if (c.restartPolicy === 'Always') sidecars += value(c);
    else initPeak = Math.max(initPeak, value(c) + sidecars);
  }
  const app = (spec.containers ?? []).reduce((s: number, c: any) => s + value(c), 0) + sidecars;
  return Math.max(initPeak, app);
}

function containerValue(c: any, r: Resource, which: 'requests' | 'limits', defaults: any): number {
  const set = c.resources?.[which]?.[r];
  if (set !== undefined) return parseQuantity(set) || 0;
  if (which === 'requests') {
    // Kubernetes copies a set limit into a missing request, then LimitRange fills what is left
    const limit = c.resources?.limits?.[r];
    if (limit !== undefined) return parseQuantity(limit) || 0;
    const d = defaults.defaultRequest?.[r] ?? defaults.default?.[r];
    return d !== undefined ? parseQuantity(d) || 0 : 0;
  }
  const d = defaults.default?.[r];
  return d !== undefined ? parseQuantity(d) || 0 : Infinity;
}

function replicasOf(obj: any, hpa: any, nodes: number): { min: number; max: number; note: string } {
  if (obj.kind === 'DaemonSet') return { min: nodes, max: nodes, note: `one per node on ${nodes} nodes` };
  if (obj.kind === 'Job' || obj.kind === 'CronJob') {
    const spec = obj.kind === 'CronJob' ? obj.spec?.jobTemplate?.spec : obj.spec;
    const n = spec?.parallelism ?? 1;
    const overlap = obj.kind === 'CronJob' && (obj.spec?.concurrencyPolicy ?? 'Allow') === 'Allow';
    return { min: n, max: n, note: obj.kind !== 'CronJob' ? '' : overlap ? 'runs may overlap: one run counted' : 'one run at a time' };
  }
  if (obj.kind === 'Pod') return { min: 1, max: 1, note: '' };
  if (hpa) return { min: hpa.spec.minReplicas ?? 1, max: hpa.spec.maxReplicas, note: `HPA ${hpa.spec.minReplicas ?? 1}-${hpa.spec.maxReplicas}` };
  const n = obj.spec?.replicas ?? 1;
  return { min: n, max: n, note: '' };
}

/** Pods at the peak of a rollout of `replicas` pods. */
export function rolloutPeak(obj: any, replicas: number, nodes: number): { pods: number; note: string } {
  if (obj.kind === 'Deployment') {
    if (obj.spec?.strategy?.type === 'Recreate') return { pods: replicas, note: 'Recreate: no surge' };
    const surge = surgeOf(obj.spec?.strategy?.rollingUpdate?.maxSurge ?? DEFAULT_MAX_SURGE, replicas);
    return { pods: replicas + surge, note: `maxSurge ${obj.spec?.strategy?.rollingUpdate?.maxSurge ?? DEFAULT_MAX_SURGE}: +${surge}` };
  }
  if (obj.kind === 'DaemonSet') {
    const surge = surgeOf(obj.spec?.updateStrategy?.rollingUpdate?.maxSurge ?? 0, nodes);
    return { pods: replicas + surge, note: surge ? `maxSurge: +${surge}` : '' };
  }
  if (obj.kind === 'StatefulSet') return { pods: replicas, note: 'StatefulSet: no surge' };
  if (obj.kind === 'Rollout') {
    const strategy = obj.spec?.strategy ?? {};
    if (strategy.blueGreen) {
      const preview = strategy.blueGreen.previewReplicaCount ?? replicas;
      return { pods: replicas + preview, note: `blue-green: +${preview} preview` };
    }
    if (strategy.canary?.trafficRouting) return { pods: 2 * replicas, note: 'canary with traffic routing: stable stays full until promotion' };
    const surge = surgeOf(strategy.canary?.maxSurge ?? DEFAULT_MAX_SURGE, replicas);
    return { pods: replicas + surge, note: `canary: +${surge}` };
  }
  return { pods: replicas, note: '' };
}

/** maxSurge as pods: a number, or a percentage of `replicas` rounded up as Kubernetes does. */
export function surgeOf(maxSurge: number | string, replicas: number): number {
  if (typeof maxSurge === 'number') return maxSurge;
  const pct = /^(\d+)%$/.exec(maxSurge);
  return pct ? Math.ceil((Number(pct[1]) * replicas) / 100) : Number(maxSurge) || 0;
}

const QUOTA_KEYS: Array<{ key: string; aliases: string[]; total: (w: WorkloadReport, pods: number) => number }> = [
  ...RESOURCES.flatMap(r => [
    { key: `requests.${r}`, aliases: [r], total: (w: WorkloadReport, pods: number) => w.podRequests[r] * pods },
    { key: `limits.${r}`, aliases: [], total: (w: WorkloadReport, pods: number) => (pods ? w.podLimits[r] * pods : 0) },
  ]),
  { key: 'pods', aliases: ['count/pods'], total: (_w, pods) => pods },
  { key: 'persistentvolumeclaims', aliases: [], total: w => w.claims },
  { key: 'requests.storage', aliases: [], total: w => w.storage },
];

function quotaLines(rows: WorkloadReport[], quotas: any[]): QuotaLine[] {
  return QUOTA_KEYS.map(({ key, aliases, total }) => {
    const peak = rows.reduce((s, w) => s + total(w, w.peakAtMin), 0);
    const peakAtMax = rows.reduce((s, w) => s + total(w, w.peakAtMax), 0);
    const hards = quotas.flatMap(q => [key, ...aliases].map(k => q.spec?.hard?.[k]).filter(v => v !== undefined)).map(v => parseQuantity(v));
    if (hards.length === 0) return { resource: key, peak, peakAtMax, status: 'no quota' as const };
    const hard = Math.min(...hards);
    const status = peak > hard ? 'fail' : peakAtMax > hard ? 'warn' : 'ok';
    return { resource: key, peak, peakAtMax, hard, status };
  });
}

function zero(): Amounts {
  return { 'cpu': 0, 'memory': 0, 'ephemeral-storage': 0 };
}
