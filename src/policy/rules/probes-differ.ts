import { POD_KINDS } from '../context';
import { Rule, Severity } from '../rule';
import { forContainers, problem } from './util';

/** Readiness and liveness differ in check or timings. */
export const probesDiffer: Rule = {
  id: 'probes-differ',
  severity: Severity.ERROR,
  rationale: 'Identical probes restart a pod that is merely busy or waiting on a dependency, turning slowness into an outage.',
  kinds: POD_KINDS,
  check: obj => forContainers(obj, 'main', ({ container, where }) => {
    const { readinessProbe: r, livenessProbe: l } = container;
    if (!r || !l || steady(r) !== steady(l)) return undefined;
    return problem(`${where}.livenessProbe`, undefined, 'is identical to the readiness probe',
      'make liveness more tolerant (a longer period or higher failureThreshold) or a cheaper check such as a TCP connect');
  }),
};

/** A probe without its initial delay, keys sorted: both fire together when these are equal. */
function steady(probe: any): string {
  const { initialDelaySeconds: _, ...rest } = probe;
  return JSON.stringify(sortKeys(rest));
}

function sortKeys(v: any): any {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(Object.keys(v).sort().map(k => [k, sortKeys(v[k])]));
}
