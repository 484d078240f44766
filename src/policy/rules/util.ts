import { containersOf, ContainerRef, podTemplateOf, PodTemplate } from '../context';

/** `<field> <value> <problem>: <fix>`, the error contract's shape. */
export function problem(field: string, value: unknown, what: string, fix: string): string {
  return value === undefined ? `${field} ${what}: ${fix}` : `${field} ${show(value)} ${what}: ${fix}`;
}

/** A value as it appears in a message. */
export function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/**
 * Runs `each` on every container of a pod-bearing object and collects the
 * messages; `containers` "all" includes init containers.
 */
export function forContainers(
  obj: any,
  which: 'all' | 'main',
  each: (c: ContainerRef, pod: PodTemplate) => string | string[] | undefined,
): string[] {
  const pod = podTemplateOf(obj);
  if (!pod) return [];
  const out: string[] = [];
  for (const ref of containersOf(pod.spec)) {
    if (which === 'main' && ref.init) continue;
    const r = each(ref, pod);
    if (Array.isArray(r)) out.push(...r);
    else if (r) out.push(r);
  }
  return out;
}
