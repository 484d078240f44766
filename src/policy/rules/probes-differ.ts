import { sameProbe } from '../../private/facts/probes';
import { POD_KINDS } from '../context';
import { Rule, Severity } from '../rule';
import { forContainers, problem } from './util';

/** Readiness and liveness run different checks (kube-score's pod-probes-identical: handlers, not timings). */
export const probesDiffer: Rule = {
  id: 'probes-differ',
  severity: Severity.ERROR,
  rationale: 'Identical probes restart a pod that is merely busy or waiting on a dependency, turning slowness into an outage.',
  kinds: POD_KINDS,
  check: obj => forContainers(obj, 'main', ({ container, where }) => {
    const { readinessProbe: r, livenessProbe: l } = container;
    if (!r || !l || !sameProbe(r, l)) return undefined;
    return problem(`${where}.livenessProbe`, undefined, 'runs the same check as the readiness probe',
      'use a different check (a TCP connect when readiness is an HTTP GET, or a command that only checks the process is alive) or leave liveness out');
  }),
};
