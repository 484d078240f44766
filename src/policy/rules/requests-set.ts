import { POD_KINDS } from '../context';
import { Rule, Severity } from '../rule';
import { forContainers, problem } from './util';

/** Every container requests CPU and memory. */
export const requestsSet: Rule = {
  id: 'requests-set',
  severity: Severity.ERROR,
  rationale: 'Without requests the scheduler packs pods blindly and they are the first evicted under pressure.',
  kinds: POD_KINDS,
  check: obj => forContainers(obj, 'main', ({ container, where }) => ['cpu', 'memory']
    .filter(r => isUnset(container.resources?.requests?.[r]))
    .map(r => problem(`${where}.resources.requests.${r}`, undefined, 'is not set',
      `reserve what the container needs at steady state, such as ${r === 'cpu' ? '"100m"' : '"128Mi"'}`))),
};

/** True when a quantity is missing or empty. */
export function isUnset(q: unknown): boolean {
  return q === undefined || q === null || q === '';
}
