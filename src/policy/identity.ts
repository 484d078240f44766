// Whole-app identity: the API server keys an object by group, kind, namespace
// and name, so two objects with the same four in one app are one object and
// the later apply silently overwrites the earlier.

/** An object and where it came from (the engine's Entry). */
interface Entry {
  readonly obj: any;
  readonly path: string;
}

const CLUSTER_SCOPED = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass', 'StorageClass', 'IngressClass', 'PersistentVolume',
  'CustomResourceDefinition', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'RuntimeClass', 'Node',
  'APIService', 'CSIDriver', 'VolumeSnapshotClass', 'ClusterIssuer',
]);

/** One object that has the identity of an earlier one. */
export interface Duplicate {
  /** The later object's entry. */
  readonly entry: Entry;
  /** Where the first object with the same identity came from. */
  readonly firstPath: string;
  /** "apps/Deployment shop/web". */
  readonly identity: string;
}

/** Every object whose group/kind/namespace/name an earlier object already has. */
export function duplicateObjects(entries: readonly Entry[]): Duplicate[] {
  const first = new Map<string, string>();
  const out: Duplicate[] = [];
  for (const entry of entries) {
    const obj = entry.obj;
    if (!obj || typeof obj !== 'object' || typeof obj.kind !== 'string' || typeof obj.metadata?.name !== 'string') continue;
    const group = typeof obj.apiVersion === 'string' && obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : 'core';
    const ns = CLUSTER_SCOPED.has(obj.kind) ? '' : obj.metadata.namespace ?? '';
    const identity = `${group}/${obj.kind} ${ns ? `${ns}/` : ''}${obj.metadata.name}`;
    const seen = first.get(identity);
    if (seen === undefined) first.set(identity, entry.path);
    else out.push({ entry, firstPath: seen, identity });
  }
  return out;
}
