// What rules need to know about the other objects of a run, indexed once so
// every cross-object rule is a lookup, not a scan: a check of 10,000 apps stays
// linear. Also the helpers every pod rule shares (where the pod template of
// each kind lives, which containers it runs).

/** Kinds whose objects carry a pod template, and where it is. */
const POD_TEMPLATE_PATH: { [kind: string]: string[] } = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  Rollout: ['spec', 'template'],
};

/** Every kind that runs pods: these are what pod rules look at. */
export const POD_KINDS = ['Pod', ...Object.keys(POD_TEMPLATE_PATH)];

/** Kinds that keep a replica count an HPA may own. */
export const SCALABLE_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet', 'Rollout'];

/** A pod template: labels, annotations and spec. */
export interface PodTemplate {
  /**
   * Labels and annotations of the pods.
   * @default none
   */
  readonly metadata?: any;
  /**
   * The pod spec.
   * @default none
   */
  readonly spec?: any;
}

/** Where the pod template of `kind` sits in the object ([] for a Pod, which is its own template), or undefined for a kind without pods. */
export function podTemplatePath(kind: string): string[] | undefined {
  return kind === 'Pod' ? [] : POD_TEMPLATE_PATH[kind];
}

/** The pod template of a pod-bearing object (for a Pod, the Pod itself), or undefined. */
export function podTemplateOf(obj: any): PodTemplate | undefined {
  if (!obj || typeof obj !== 'object') return undefined;
  if (obj.kind === 'Pod') return { metadata: obj.metadata, spec: obj.spec };
  const at = POD_TEMPLATE_PATH[obj.kind];
  if (!at) return undefined;
  // an Argo Rollout may reference a Deployment's template instead (workloadRef)
  if (obj.kind === 'Rollout' && !isArgo(obj)) return undefined;
  let node = obj;
  for (const key of at) node = node?.[key];
  return node && typeof node === 'object' ? node : undefined;
}

function isArgo(obj: any): boolean {
  return typeof obj.apiVersion === 'string' && obj.apiVersion.startsWith('argoproj.io/');
}

/** A container with where it sits, for messages: `containers[main]`, `initContainers[setup]`. */
export interface ContainerRef {
  readonly container: any;
  readonly where: string;
  readonly init: boolean;
}

/** Every container (init containers first) of a pod spec. */
export function containersOf(spec: any): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const field of ['initContainers', 'containers'] as const) {
    const list = spec?.[field];
    if (!Array.isArray(list)) continue;
    list.forEach((c: any, i: number) => out.push({ container: c ?? {}, where: `${field}[${c?.name ?? i}]`, init: field === 'initContainers' }));
  }
  return out;
}

/** A run-to-completion pod (Job, CronJob, or a Pod that does not restart): no probes, no disruption budget. */
export function runsToCompletion(obj: any): boolean {
  if (obj.kind === 'Job' || obj.kind === 'CronJob') return true;
  return obj.kind === 'Pod' && (obj.spec?.restartPolicy ?? 'Always') !== 'Always';
}

/** Namespace of an object as written ('' when the manifest leaves it to `kubectl -n`). */
export function namespaceOf(obj: any): string {
  return obj?.metadata?.namespace ?? '';
}

/** "Deployment shop/storefront" or "ClusterRole agent". */
export function describeObject(obj: any): string {
  const ns = namespaceOf(obj);
  const name = obj?.metadata?.name ?? '(unnamed)';
  return `${obj?.kind ?? '(no kind)'} ${ns ? `${ns}/` : ''}${name}`;
}

/** One term of a label selector's matchExpressions. */
export interface SelectorRequirement {
  /** Label key. */
  readonly key: string;
  /** In, NotIn, Exists or DoesNotExist. */
  readonly operator: string;
  /**
   * Values for In and NotIn.
   * @default none
   */
  readonly values?: string[];
}

/** A label selector, as a Service (a plain map) or a workload/PDB/NetworkPolicy (matchLabels + matchExpressions) writes it. */
export interface Selector {
  /**
   * Labels that must all be present with these values.
   * @default none
   */
  readonly matchLabels?: { [key: string]: string };
  /**
   * Terms that must all hold.
   * @default none
   */
  readonly matchExpressions?: SelectorRequirement[];
}

/** True when `labels` satisfy `selector`. An empty selector selects everything. */
export function selectorMatches(selector: Selector, labels: { [key: string]: string } | undefined): boolean {
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In': if (!has || !values.includes(l[e.key])) return false; break;
      case 'NotIn': if (has && values.includes(l[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/** True when the selector has no terms (selects every pod). */
export function selectorIsEmpty(selector: Selector | undefined): boolean {
  return !selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);
}

/** A pod-bearing object as the indexes see it. */
export interface PodOwner {
  /** The object. */
  readonly obj: any;
  /** Labels of its pods. */
  readonly labels: { [key: string]: string };
  /**
   * Pods it runs at its smallest: `spec.replicas`, the minimum of an HPA that owns the count, or 1.
   * @default undefined for a DaemonSet (one per node)
   */
  readonly replicas?: number;
}

/** Indexes over every object of one run, built once, read by the cross-object rules. */
export interface PolicyContext {
  /** Pod-bearing objects in `namespace` whose pod labels satisfy `selector`. */
  podsSelectedBy(namespace: string, selector: Selector): PodOwner[];
  /** The object of `kind` named `name` in `namespace`. */
  find(namespace: string, kind: string, name: string): any;
  /** The HorizontalPodAutoscaler whose scaleTargetRef is this object, if any. */
  autoscalerOf(obj: any): any;
  /**
   * The Secret named `name` in `namespace` as this run produces it: a Secret
   * object, or the target of an ExternalSecret. `keys` is undefined when any key
   * may exist (an ExternalSecret with `dataFrom` or a template). Undefined when
   * nothing in the run produces it.
   */
  producedSecret(namespace: string, name: string): ProducedSecret | undefined;
}

/** A Secret some object of the run produces. */
export interface ProducedSecret {
  /** "Secret shop/db" or "ExternalSecret shop/db". */
  readonly producer: string;
  /**
   * The keys it holds.
   * @default any key (not known from the manifest)
   */
  readonly keys?: string[];
}

const key = (...parts: string[]) => parts.join('\u0000');

/** Builds the indexes of one run in one pass over the objects. */
export function buildContext(objects: any[]): PolicyContext {
  const byName = new Map<string, any>();
  const hpaByTarget = new Map<string, any>();
  const secrets = new Map<string, ProducedSecret>();
  for (const o of objects) {
    if (!o || typeof o !== 'object') continue;
    const ns = namespaceOf(o);
    byName.set(key(ns, o.kind, o.metadata?.name), o);
    const produced = secretProducedBy(o);
    if (produced) secrets.set(key(ns, produced.name), produced.secret);
    if (o.kind === 'HorizontalPodAutoscaler' && o.spec?.scaleTargetRef) {
      hpaByTarget.set(key(ns, o.spec.scaleTargetRef.kind, o.spec.scaleTargetRef.name), o);
    }
  }

  const byNamespace = new Map<string, PodOwner[]>();
  const byLabel = new Map<string, PodOwner[]>();
  for (const o of objects) {
    const template = podTemplateOf(o);
    if (!template) continue;
    const ns = namespaceOf(o);
    const labels = template.metadata?.labels ?? {};
    const hpa = hpaByTarget.get(key(ns, o.kind, o.metadata?.name));
    let replicas: number | undefined = 1;
    if (o.kind === 'DaemonSet') replicas = undefined;
    else if (SCALABLE_KINDS.includes(o.kind)) replicas = typeof o.spec?.replicas === 'number' ? o.spec.replicas : hpa?.spec?.minReplicas ?? 1;
    const owner: PodOwner = { obj: o, labels, replicas };
    push(byNamespace, ns, owner);
    for (const [k, v] of Object.entries(labels)) push(byLabel, key(ns, k, String(v)), owner);
  }

  return {
    podsSelectedBy(namespace, selector) {
      // narrow to the rarest matchLabels pair, then check the whole selector
      let candidates = byNamespace.get(namespace) ?? [];
      for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
        const hits = byLabel.get(key(namespace, k, String(v))) ?? [];
        if (hits.length < candidates.length) candidates = hits;
        if (candidates.length === 0) break;
      }
      return candidates.filter(c => selectorMatches(selector, c.labels));
    },
    find(namespace, kind, name) {
      return byName.get(key(namespace, kind, name));
    },
    autoscalerOf(obj) {
      return hpaByTarget.get(key(namespaceOf(obj), obj?.kind, obj?.metadata?.name));
    },
    producedSecret(namespace, name) {
      return secrets.get(key(namespace, name));
    },
  };
}

/** The Secret an object creates: a Secret itself, or an external-secrets.io ExternalSecret's target. */
function secretProducedBy(o: any): { name: string; secret: ProducedSecret } | undefined {
  if (o.kind === 'Secret' && o.apiVersion === 'v1' && typeof o.metadata?.name === 'string') {
    const keys = [...Object.keys(o.data ?? {}), ...Object.keys(o.stringData ?? {})];
    return { name: o.metadata.name, secret: { producer: describeObject(o), keys: [...new Set(keys)] } };
  }
  if (o.kind === 'ExternalSecret' && typeof o.apiVersion === 'string' && o.apiVersion.startsWith('external-secrets.io/')) {
    const name = o.spec?.target?.name ?? o.metadata?.name;
    if (typeof name !== 'string') return undefined;
    // dataFrom and templates make keys that the manifest does not list
    const open = (Array.isArray(o.spec?.dataFrom) && o.spec.dataFrom.length > 0) || o.spec?.target?.template !== undefined;
    const keys = (o.spec?.data ?? []).map((d: any) => d?.secretKey).filter((k: unknown) => typeof k === 'string');
    return { name, secret: { producer: describeObject(o), keys: open ? undefined : keys } };
  }
  return undefined;
}

function push<T>(map: Map<string, T[]>, k: string, v: T): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}
