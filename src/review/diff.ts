import { ChangeClass, rankOf } from './classes';
import { FieldChange, fieldChanges, leafChanges } from './fields';
import { Environment, ManifestObject, identityOf, labelOf } from './load';
import { parseQuantity } from '../private/facts/quantity';

// `cdk8s-patterns diff OLD NEW`: objects matched by identity (API group, kind,
// namespace, name), every changed field classified by what it does on apply.

/** One change and what it does. */
export interface Change {
  /** Consequence class. */
  readonly class: ChangeClass;
  /** Environment, or "" for a flat folder. */
  readonly env: string;
  /** The object, as "Kind namespace/name". */
  readonly object: string;
  /** The field, or "(object)" for an added or removed object. */
  readonly path: string;
  /** Old value, when a field changed. */
  readonly before?: unknown;
  /** New value, when a field changed. */
  readonly after?: unknown;
  /** What happens on apply, in one line. */
  readonly consequence: string;
}

const TEMPLATE_AT: { [kind: string]: string } = {
  Deployment: 'spec.template',
  StatefulSet: 'spec.template',
  DaemonSet: 'spec.template',
  ReplicaSet: 'spec.template',
  Rollout: 'spec.template',
};

const SELECTOR_IMMUTABLE = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'];
const PSA_LEVELS = ['privileged', 'baseline', 'restricted'];
const PSA_ENFORCE = 'metadata.labels["pod-security.kubernetes.io/enforce"]';

/** Every change between two versions, most severe first. */
export function diffEnvironments(oldEnvs: Environment[], newEnvs: Environment[]): Change[] {
  const pairs = pairEnvironments(oldEnvs, newEnvs);
  const changes = pairs.flatMap(([env, a, b]) => diffObjects(env, a, b));
  return changes.sort((x, y) => rankOf(x.class) - rankOf(y.class) || x.env.localeCompare(y.env)
    || x.object.localeCompare(y.object) || x.path.localeCompare(y.path));
}

/** Environments matched by name; a flat folder is compared with each environment of the other side. */
function pairEnvironments(oldEnvs: Environment[], newEnvs: Environment[]): Array<[string, ManifestObject[], ManifestObject[]]> {
  const flatOld = oldEnvs.length === 1 && oldEnvs[0].name === '';
  const flatNew = newEnvs.length === 1 && newEnvs[0].name === '';
  if (flatOld && !flatNew) return newEnvs.map(e => [e.name, oldEnvs[0].objects, e.objects]);
  if (flatNew && !flatOld) return oldEnvs.map(e => [e.name, e.objects, newEnvs[0].objects]);
  const names = [...new Set([...oldEnvs, ...newEnvs].map(e => e.name))].sort();
  return names.map(n => [n, oldEnvs.find(e => e.name === n)?.objects ?? [], newEnvs.find(e => e.name === n)?.objects ?? []]);
}

function diffObjects(env: string, before: ManifestObject[], after: ManifestObject[]): Change[] {
  const a = byIdentity(before);
  const b = byIdentity(after);
  const out: Change[] = [];
  for (const [id, o] of a) if (!b.has(id)) out.push(removed(env, o));
  for (const [id, o] of b) if (!a.has(id)) out.push(added(env, o));
  for (const [id, o] of a) {
    const n = b.get(id);
    if (n) out.push(...changed(env, o, n));
  }
  return out;
}

function byIdentity(objects: ManifestObject[]): Map<string, any> {
  const m = new Map<string, any>();
  for (const o of objects) m.set(identityOf(o.obj), o.obj);
  return m;
}

function removed(env: string, obj: any): Change {
  const object = labelOf(obj);
  const base = { env, object, path: '(object)' };
  switch (obj.kind) {
    case 'PersistentVolumeClaim':
      return { ...base, class: 'data-at-risk', consequence: 'deleted on prune: the volume and its data go with it unless the PV reclaim policy is Retain' };
    case 'PersistentVolume':
      return { ...base, class: 'data-at-risk', consequence: `deleted on prune: its data goes when the reclaim policy is ${obj.spec?.persistentVolumeReclaimPolicy ?? 'Delete'}` };
    case 'Namespace':
      return { ...base, class: 'data-at-risk', consequence: 'deleted on prune: every object in it goes, volumes included' };
    case 'StatefulSet':
      return { ...base, class: 'data-at-risk', consequence: `deleted on prune: its ${obj.spec?.replicas ?? 1} ${(obj.spec?.replicas ?? 1) === 1 ? 'pod stops' : 'pods stop'}; claims follow when persistentVolumeClaimRetentionPolicy.whenDeleted is Delete` };
    case 'NetworkPolicy':
      return { ...base, class: 'access-widened', consequence: 'deleted on prune: the pods it selected lose its rules (open, unless another policy selects them)' };
    default:
      return { ...base, class: 'added-removed', consequence: 'removed: Argo CD prunes it on sync (when prune is on); kubectl apply leaves it running' };
  }
}

function added(env: string, obj: any): Change {
  const base = { env, object: labelOf(obj), path: '(object)' };
  if (obj.kind === 'RoleBinding' || obj.kind === 'ClusterRoleBinding') {
    return { ...base, class: 'access-widened', consequence: `added: grants ${obj.roleRef?.kind} ${obj.roleRef?.name} to ${subjectsOf(obj)}` };
  }
  return { ...base, class: 'added-removed', consequence: 'added: created on sync' };
}

function subjectsOf(binding: any): string {
  return (binding.subjects ?? []).map((s: any) => `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`).join(', ') || 'no subjects';
}

function changed(env: string, before: any, after: any): Change[] {
  const object = labelOf(after);
  const out: Change[] = [];
  const restarts: FieldChange[] = [];
  const template = TEMPLATE_AT[after.kind];
  for (const f of fieldChanges(before, after)) {
    const verdicts = classify(after.kind, f, before, after);
    for (const v of verdicts) {
      if (v.class === 'pods-restart' && template) restarts.push(f);
      else out.push({ env, object, path: f.path, before: f.before, after: f.after, class: v.class, consequence: v.consequence });
    }
  }
  if (restarts.length) out.push(podsRestart(env, object, after, restarts));
  return out;
}

/** How the workload's controller replaces its pods. */
function rolloutOf(obj: any): string {
  const strategy = obj.kind === 'Deployment' ? obj.spec?.strategy : obj.spec?.updateStrategy;
  if (strategy?.type === 'OnDelete') return 'OnDelete: only as pods are deleted by hand';
  if (obj.kind === 'Deployment' && strategy?.type === 'Recreate') return 'Recreate: all at once, with downtime';
  if (obj.kind === 'StatefulSet') {
    const partition = strategy?.rollingUpdate?.partition ?? 0;
    return `one at a time, highest ordinal first${partition > 0 ? `, only ordinals >= ${partition} (partition)` : ''}`;
  }
  return obj.kind === 'DaemonSet' ? 'node by node' : 'by a rolling update';
}

/** One entry per workload for all its pod template changes: the reader needs "which workloads restart". */
function podsRestart(env: string, object: string, obj: any, fields: FieldChange[]): Change {
  const checksum = fields.find(f => /annotations\[".*checksum.*"\]/.test(f.path));
  const first = checksum ?? fields[0];
  const more = fields.length > 1 ? ` (+${fields.length - 1} more field${fields.length > 2 ? 's' : ''})` : '';
  const pods = obj.kind === 'DaemonSet' ? 'one pod per node, ' : obj.spec?.replicas !== undefined ? `${obj.spec.replicas} pod${obj.spec.replicas === 1 ? '' : 's'}, ` : '';
  const how = rolloutOf(obj);
  const why = checksum ? 'config checksum changed: ' : '';
  return {
    env,
    object,
    path: `${first.path}${more}`,
    before: first.before,
    after: first.after,
    class: 'pods-restart',
    consequence: `${why}${/partition|OnDelete/.test(how) ? 'pods restart' : 'every pod restarts'} (${pods}${how})`,
  };
}

interface Verdict { readonly class: ChangeClass; readonly consequence: string }

/** The classes of one field change; a pod template change can also widen access. */
function classify(kind: string, f: FieldChange, before: any, after: any): Verdict[] {
  const p = f.path;
  const template = TEMPLATE_AT[kind] ?? (kind === 'CronJob' ? 'spec.jobTemplate.spec.template' : undefined);

  const data = dataAtRisk(kind, f);
  if (data) return [{ class: 'data-at-risk', consequence: data }];
  const immutable = failsToApply(kind, f, before);
  if (immutable) return [{ class: 'fails-to-apply', consequence: immutable }];

  const out: Verdict[] = [];
  if (template && under(p, template)) {
    const widened = securityWidened(f);
    if (widened) out.push({ class: 'access-widened', consequence: widened });
    out.push(kind === 'CronJob'
      ? { class: 'other', consequence: 'the next scheduled run uses the new pod template; running jobs are untouched' }
      : { class: 'pods-restart', consequence: 'every pod restarts' });
    return out;
  }
  if (kind === 'Pod' && under(p, 'spec')) {
    const widened = securityWidened(f);
    if (widened) out.push({ class: 'access-widened', consequence: widened });
    out.push({ class: 'pods-restart', consequence: 'the container restarts with the new image' });
    return out;
  }
  const traffic = trafficMoves(kind, f);
  if (traffic) return [{ class: 'traffic-moves', consequence: traffic }];
  const access = accessWidened(kind, f, before, after);
  if (access) return [{ class: 'access-widened', consequence: access }];
  return [{ class: 'other', consequence: plainConsequence(kind, f) }];
}

function dataAtRisk(kind: string, f: FieldChange): string | undefined {
  const p = f.path;
  const shrunk = () => sizeOf(f.after) < sizeOf(f.before);
  if (kind === 'PersistentVolumeClaim' && p === 'spec.resources.requests.storage' && shrunk()) {
    return `storage shrunk from ${f.before} to ${f.after}: Kubernetes refuses to shrink a claim; replacing it deletes the data`;
  }
  if (kind === 'StatefulSet' && /^spec\.volumeClaimTemplates\[[^\]]+\]\.spec\.resources\.requests\.storage$/.test(p) && shrunk()) {
    return `volume claim template shrunk from ${f.before} to ${f.after}: only a delete and re-create applies it, and that risks every replica's data`;
  }
  if (kind === 'StatefulSet' && /^spec\.volumeClaimTemplates\[[^\]]+\]$/.test(p) && f.after === undefined) {
    return 'volume claim template removed: new pods start without the volume that held their data';
  }
  const weakened = (from: unknown, to: unknown) => from === 'Retain' && to !== 'Retain';
  if (kind === 'PersistentVolume' && p === 'spec.persistentVolumeReclaimPolicy' && weakened(f.before, f.after ?? 'Delete')) {
    return `reclaim policy weakened from Retain to ${f.after ?? 'Delete'}: deleting the claim deletes the data`;
  }
  if (kind === 'StorageClass' && p === 'reclaimPolicy' && weakened(f.before, f.after ?? 'Delete')) {
    return `reclaim policy weakened from Retain to ${f.after ?? 'Delete'}: volumes made from now on are deleted with their claims`;
  }
  if (kind === 'StatefulSet' && /^spec\.persistentVolumeClaimRetentionPolicy\.when(Deleted|Scaled)$/.test(p) && weakened(f.before ?? 'Retain', f.after ?? 'Retain')) {
    return `claim retention weakened to ${f.after}: claims are deleted when the StatefulSet is ${p.endsWith('Deleted') ? 'deleted' : 'scaled down'}`;
  }
  return undefined;
}

function failsToApply(kind: string, f: FieldChange, before: any): string | undefined {
  const p = f.path;
  const fail = (what: string) => `${what} is immutable: the apply is rejected; delete and re-create the object (Argo CD: Replace=true) to roll it out`;
  if (SELECTOR_IMMUTABLE.includes(kind) && under(p, 'spec.selector')) return fail(`${kind} spec.selector`);
  if (kind === 'StatefulSet') {
    if (under(p, 'spec.volumeClaimTemplates')) return fail('StatefulSet volumeClaimTemplates');
    if (p === 'spec.serviceName') return fail('StatefulSet serviceName');
    if (p === 'spec.podManagementPolicy') return fail('StatefulSet podManagementPolicy');
  }
  if (kind === 'Job' && under(p, 'spec.template')) return fail('Job spec.template');
  if (kind === 'Service') {
    if (under(p, 'spec.clusterIP') || under(p, 'spec.clusterIPs')) return fail('Service spec.clusterIP');
    if (p === 'spec.type' && (f.before === 'ExternalName' || f.after === 'ExternalName')) {
      return `Service type change ${f.before ?? 'ClusterIP'} -> ${f.after ?? 'ClusterIP'} needs clusterIP ${f.after === 'ExternalName' ? 'removed' : 'allocated'}: the apply is rejected unless the Service is re-created`;
    }
  }
  if (kind === 'PersistentVolumeClaim' && under(p, 'spec') && p !== 'spec.resources.requests.storage') return fail('PersistentVolumeClaim spec (all but resources.requests.storage)');
  if ((kind === 'RoleBinding' || kind === 'ClusterRoleBinding') && under(p, 'roleRef')) return fail(`${kind} roleRef`);
  if ((kind === 'ConfigMap' || kind === 'Secret') && before.immutable === true && (under(p, 'data') || under(p, 'stringData') || under(p, 'binaryData'))) {
    return fail(`${kind} marked immutable: its data`);
  }
  if (kind === 'Pod' && under(p, 'spec') && !/^spec\.(containers|initContainers)\[[^\]]+\]\.image$/.test(p) && p !== 'spec.activeDeadlineSeconds' && !under(p, 'spec.tolerations')) {
    return fail('Pod spec (all but container images)');
  }
  return undefined;
}

function trafficMoves(kind: string, f: FieldChange): string | undefined {
  const p = f.path;
  if (kind === 'Service' && under(p, 'spec.selector')) {
    const key = /^spec\.selector(?:\.|\[")(.+?)(?:"\])?$/.exec(p)?.[1] ?? p;
    if (/colou?r/.test(key) && f.before !== undefined && f.after !== undefined) {
      return `blue-green switch: the Service now sends traffic to ${key}=${f.after} instead of ${key}=${f.before}`;
    }
    return `Service selector ${key} ${describe(f)}: traffic goes to a different set of pods`;
  }
  if (kind === 'Service' && under(p, 'spec.ports')) return `Service port ${describe(f)}: clients on the old port or target lose their connection`;
  if (kind === 'Ingress' && (under(p, 'spec.rules') || under(p, 'spec.defaultBackend'))) return `Ingress routing ${describe(f)}: requests reach a different backend`;
  if (/Route$/.test(kind) && under(p, 'spec.rules')) return `route ${p.endsWith('weight') ? 'weight' : 'backend'} ${describe(f)}: requests are split differently`;
  if (kind === 'Rollout' && (under(p, 'spec.strategy'))) return `rollout strategy ${describe(f)}: how traffic shifts to new versions changes`;
  if (kind === 'VirtualService' && under(p, 'spec.http')) return `mesh routing ${describe(f)}: requests are split differently`;
  return undefined;
}

function accessWidened(kind: string, f: FieldChange, before: any, after: any): string | undefined {
  const p = f.path;
  if ((kind === 'Role' || kind === 'ClusterRole') && (under(p, 'rules') || under(p, 'aggregationRule'))) {
    if (f.after !== undefined) return `RBAC rule ${p.replace(/^rules/, '')} ${describe(f)}: the role may do more`;
    return undefined; // narrowed: a plain change
  }
  if ((kind === 'RoleBinding' || kind === 'ClusterRoleBinding') && under(p, 'subjects') && f.after !== undefined) {
    return `binding subject ${describe(f)}: ${after.roleRef?.kind} ${after.roleRef?.name} granted to more subjects`;
  }
  if (kind === 'NetworkPolicy') return networkPolicyWidened(f, before, after);
  if (kind === 'Namespace' && p === PSA_ENFORCE) {
    const from = PSA_LEVELS.indexOf(String(f.before ?? 'privileged'));
    const to = PSA_LEVELS.indexOf(String(f.after ?? 'privileged'));
    if (to < from) return `Pod Security level lowered from ${f.before} to ${f.after ?? 'none (privileged)'}: pods with more privileges are admitted`;
  }
  if (kind === 'ServiceAccount' && p === 'automountServiceAccountToken' && f.before === false && f.after !== false) {
    return 'API token mounted into every pod of this account again';
  }
  return undefined;
}

function networkPolicyWidened(f: FieldChange, before: any, after: any): string | undefined {
  const p = f.path;
  if (p === 'spec.podSelector' || under(p, 'spec.podSelector')) return `policy selects different pods (${describe(f)}): pods it no longer selects lose its rules`;
  if (under(p, 'spec.policyTypes') && f.after === undefined) return `policy type ${describe(f)}: that direction is no longer restricted`;
  const rule = /^spec\.(ingress|egress)\[(\d+)\]/.exec(p);
  if (!rule) return undefined;
  const [, direction, index] = rule;
  const peer = direction === 'ingress' ? 'from' : 'to';
  if (f.after !== undefined) {
    const what = p === rule[0] && f.before === undefined ? `rule added: ${ruleText(f.after, peer)}` : `rule ${describe(f)}`;
    return `${direction} ${what}: more traffic ${direction === 'ingress' ? 'into' : 'out of'} the selected pods is allowed`;
  }
  // a removed peer or port narrows, unless it empties the list: an empty list allows all
  const was = before.spec?.[direction]?.[Number(index)];
  const now = after.spec?.[direction]?.[Number(index)];
  if (now === undefined) return undefined;
  for (const list of [peer, 'ports']) {
    if ((was?.[list] ?? []).length > 0 && (now[list] ?? []).length === 0) {
      return `${direction} rule ${index} has no ${list} left: it now allows ${list === 'ports' ? 'every port' : `every ${direction === 'ingress' ? 'source' : 'destination'}`}`;
    }
  }
  return undefined;
}

/** "from app.kubernetes.io/name=storefront on TCP 5432". */
function ruleText(rule: any, peer: string): string {
  const peers = (rule?.[peer] ?? []).map((x: any) => {
    if (x.ipBlock) return `ipBlock ${x.ipBlock.cidr}`;
    const labels = (s: any) => Object.entries(s?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || 'all';
    const ns = x.namespaceSelector ? `namespaces ${labels(x.namespaceSelector)} ` : '';
    return `${ns}pods ${x.podSelector ? labels(x.podSelector) : 'all'}`;
  });
  const ports = (rule?.ports ?? []).map((x: any) => `${x.protocol ?? 'TCP'} ${x.port ?? 'any'}`);
  return `${peer} ${peers.length ? peers.join(' | ') : 'anywhere'} on ${ports.length ? ports.join(', ') : 'every port'}`;
}

/** What in a pod template change gives the pods more privilege, joined; undefined when nothing does. */
function securityWidened(f: FieldChange): string | undefined {
  const found = leafChanges(f).map(leaf => privilegeGained(leaf.path, leaf)).filter(Boolean);
  return found.length ? found.join('; ') : undefined;
}

function privilegeGained(p: string, f: FieldChange): string | undefined {
  const on = (v: unknown) => v === true;
  if (/securityContext\.privileged$/.test(p) && on(f.after)) return 'container becomes privileged: full access to the node';
  if (/capabilities\.add\[[^\]]+\]$/.test(p) && f.after !== undefined) return `capability ${/\[([^\]]+)\]$/.exec(p)![1]} added`;
  if (/capabilities\.drop\[[^\]]+\]$/.test(p) && f.after === undefined) return `capability ${/\[([^\]]+)\]$/.exec(p)![1]} no longer dropped`;
  if (/\.spec\.host(Network|PID|IPC)$|^spec\.host(Network|PID|IPC)$/.test(p) && on(f.after)) return `${p.split('.').pop()} enabled: pods share the node's namespace`;
  if (/volumes\[[^\]]+\]\.hostPath\.path$/.test(p) && f.after !== undefined) return `hostPath volume ${f.after} mounted: pods read the node's files`;
  if (/allowPrivilegeEscalation$/.test(p) && f.before === false && f.after !== false) return 'privilege escalation allowed';
  if (/runAsNonRoot$/.test(p) && f.before === true && f.after !== true) return 'containers may run as root';
  if (/runAsUser$/.test(p) && f.after === 0) return 'containers run as root (uid 0)';
  if (/readOnlyRootFilesystem$/.test(p) && f.before === true && f.after !== true) return 'root filesystem becomes writable';
  if (/automountServiceAccountToken$/.test(p) && f.before === false && f.after !== false) return 'API token mounted into the pods';
  return undefined;
}

function plainConsequence(kind: string, f: FieldChange): string {
  const p = f.path;
  if ((kind === 'ConfigMap' || kind === 'Secret') && /^(data|stringData|binaryData)/.test(p)) {
    return 'pods see new data only after a restart, unless a config checksum annotation rolls them';
  }
  if (kind === 'HorizontalPodAutoscaler' && /Replicas$/.test(p)) return `autoscaling range ${describe(f)}`;
  if (/^spec\.replicas$/.test(p)) return `scaled ${describe(f)}`;
  if (under(p, 'metadata')) return `metadata ${describe(f)}: no effect on running pods`;
  return describe(f);
}

function describe(f: FieldChange): string {
  if (f.before === undefined) return `added (${short(f.after)})`;
  if (f.after === undefined) return `removed (was ${short(f.before)})`;
  return `${short(f.before)} -> ${short(f.after)}`;
}

function short(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function under(p: string, prefix: string): boolean {
  return p === prefix || p.startsWith(`${prefix}.`) || p.startsWith(`${prefix}[`);
}

function sizeOf(v: unknown): number {
  return parseQuantity(v as string);
}
