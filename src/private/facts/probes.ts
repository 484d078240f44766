// "Readiness equals liveness": the prop check (Workload.podTemplate) and the
// probes-differ rule ask the same question of the same rendered probes.

/**
 * True when two probes run the same check with the same timings (the initial
 * delay aside): they fire together, so a slow dependency restarts the pod.
 */
export function sameProbe(a: object, b: object): boolean {
  return steady(a) === steady(b);
}

/** A probe without its initial delay, keys sorted at every depth. */
function steady(probe: object): string {
  const { initialDelaySeconds: _, ...rest } = probe as { initialDelaySeconds?: unknown };
  return JSON.stringify(sortKeys(rest));
}

function sortKeys(v: any): any {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(Object.keys(v).sort().map(k => [k, sortKeys(v[k])]));
}
