// Two versions of an object compared field by field. Lists of named items
// (containers, ports, volume claim templates) are matched by name so an insertion
// does not shift every later item; set-like lists of strings (verbs,
// capabilities) by value. A field added or removed whole is one change, not one
// per leaf.

/** A field that differs between two versions of one object. */
export interface FieldChange {
  /** Path such as `spec.template.spec.containers[main].image` or `metadata.labels["app.kubernetes.io/name"]`. */
  readonly path: string;
  /** The old value; undefined when the field was added. */
  readonly before: unknown;
  /** The new value; undefined when the field was removed. */
  readonly after: unknown;
}

const SET_LIKE = new Set(['verbs', 'resources', 'apiGroups', 'resourceNames', 'nonResourceURLs', 'add', 'drop', 'policyTypes', 'accessModes']);
const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** The fields that differ between `before` and `after`, in path order. */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const out: FieldChange[] = [];
  walk(before, after, '', '', out);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function walk(a: unknown, b: unknown, path: string, key: string, out: FieldChange[]): void {
  if (a === undefined && b === undefined) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    const ka = keyed(a, key);
    const kb = keyed(b, key);
    for (const k of new Set([...ka.keys(), ...kb.keys()])) walk(ka.get(k), kb.get(k), `${path}[${k}]`, '', out);
    return;
  }
  if (isMap(a) && isMap(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[k], b[k], join(path, k), k, out);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, before: a, after: b });
}

/** Items by name (or metadata.name), by value for set-like string lists, else by position. */
function keyed(list: unknown[], key: string): Map<string, unknown> {
  const nameOf = (v: any) => (v && typeof v === 'object' ? (typeof v.name === 'string' ? v.name : v.metadata?.name) : undefined);
  const names = list.map(nameOf);
  const byName = names.every(n => typeof n === 'string') && new Set(names).size === list.length;
  const byValue = SET_LIKE.has(key) && list.every(v => typeof v === 'string') && new Set(list).size === list.length;
  return new Map(list.map((v, i) => [byName ? names[i] : byValue ? (v as string) : String(i), v]));
}

function isMap(v: unknown): v is { [k: string]: unknown } {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function join(prefix: string, key: string): string {
  if (!PLAIN_KEY.test(key)) return `${prefix}[${JSON.stringify(key)}]`;
  return prefix ? `${prefix}.${key}` : key;
}

/** A change of a whole map or list as one change per leaf inside it, for checks that look at single fields. */
export function leafChanges(f: FieldChange): FieldChange[] {
  const out: FieldChange[] = [];
  const expand = (v: unknown, path: string, key: string, side: 'before' | 'after') => {
    if (Array.isArray(v)) for (const [k, item] of keyed(v, key)) expand(item, `${path}[${k}]`, '', side);
    else if (isMap(v)) for (const [k, item] of Object.entries(v)) expand(item, join(path, k), k, side);
    else out.push(side === 'after' ? { path, before: undefined, after: v } : { path, before: v, after: undefined });
  };
  const key = /(?:\.|^)([\w$-]+)$/.exec(f.path)?.[1] ?? '';
  if (f.before === undefined && (isMap(f.after) || Array.isArray(f.after))) expand(f.after, f.path, key, 'after');
  else if (f.after === undefined && (isMap(f.before) || Array.isArray(f.before))) expand(f.before, f.path, key, 'before');
  else out.push(f);
  return out;
}
