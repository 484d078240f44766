import { POD_KINDS } from '../context';
import { Rule, Severity } from '../rule';
import { forContainers, problem } from './util';

/** Every container runs with runAsNonRoot: true and, where a uid is given, a non-zero one. */
export const runAsNonRoot: Rule = {
  id: 'run-as-non-root',
  severity: Severity.ERROR,
  rationale: 'Root in a container is root on the node after any escape; runAsNonRoot makes the kubelet refuse a root image.',
  kinds: POD_KINDS,
  check: obj => forContainers(obj, 'all', ({ container, where }, pod) => {
    const podContext = pod.spec?.securityContext ?? {};
    const own = container.securityContext ?? {};
    const out: string[] = [];
    const nonRoot = own.runAsNonRoot ?? podContext.runAsNonRoot;
    if (nonRoot !== true) {
      out.push(problem(own.runAsNonRoot === undefined ? `spec.securityContext.runAsNonRoot (for ${where})` : `${where}.securityContext.runAsNonRoot`,
        nonRoot, nonRoot === undefined ? 'is not set' : 'allows root', 'set runAsNonRoot: true in the pod securityContext'));
    }
    const uid = own.runAsUser ?? podContext.runAsUser;
    if (uid === 0) {
      out.push(problem(own.runAsUser === undefined ? `spec.securityContext.runAsUser (for ${where})` : `${where}.securityContext.runAsUser`,
        0, 'is root', 'use a non-zero uid, by convention >= 10000'));
    }
    return out;
  }),
};
