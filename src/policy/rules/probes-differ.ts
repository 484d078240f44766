import { sameProbe } from '../../private/facts/probes';
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
    if (!r || !l || !sameProbe(r, l)) return undefined;
    return problem(`${where}.livenessProbe`, undefined, 'is identical to the readiness probe',
      'make liveness more tolerant (a longer period or higher failureThreshold) or a cheaper check such as a TCP connect');
  }),
};
