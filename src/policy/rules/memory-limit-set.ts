import { POD_KINDS } from '../context';
import { Rule, Severity } from '../rule';
import { isUnset } from './requests-set';
import { forContainers, problem } from './util';

/** Every container has a memory limit. */
export const memoryLimitSet: Rule = {
  id: 'memory-limit-set',
  severity: Severity.ERROR,
  rationale: 'A leak without a memory limit is stopped by the node running out of memory, taking its neighbours down.',
  kinds: POD_KINDS,
  check: obj => forContainers(obj, 'main', ({ container, where }) => isUnset(container.resources?.limits?.memory)
    ? problem(`${where}.resources.limits.memory`, undefined, 'is not set', 'set a ceiling such as "256Mi", at or above the request')
    : undefined),
};
