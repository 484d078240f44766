import { POD_KINDS, runsToCompletion } from '../context';
import { Rule, Severity } from '../rule';
import { forContainers, problem } from './util';

/** Every long-running container that serves a port has a readiness and a liveness probe. */
export const probesSet: Rule = {
  id: 'probes-set',
  severity: Severity.ERROR,
  rationale: 'Without readiness a pod gets traffic before it can serve; without liveness a hung server is never restarted.',
  kinds: POD_KINDS,
  check: obj => runsToCompletion(obj) ? [] : forContainers(obj, 'main', ({ container, where }) => {
    // a container that declares no port (a queue worker, a node agent) has nothing to take out of traffic
    if (!Array.isArray(container.ports) || container.ports.length === 0) return undefined;
    return [
      container.readinessProbe ? undefined : problem(`${where}.readinessProbe`, undefined, 'is not set',
        'add a check that passes only when the container can serve, such as an HTTP GET on a health path'),
      container.livenessProbe ? undefined : problem(`${where}.livenessProbe`, undefined, 'is not set',
        'add a cheap, tolerant check that fails only when the process is stuck, such as a TCP connect with failureThreshold 6'),
    ].filter((m): m is string => m !== undefined);
  }),
};
