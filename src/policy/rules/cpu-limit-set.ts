import { POD_KINDS } from '../context';
import { Rule, Severity } from '../rule';
import { isUnset } from './requests-set';
import { forContainers, problem } from './util';

/** Every container has a CPU limit (a warning: leaving it out is a legitimate latency trade-off). */
export const cpuLimitSet: Rule = {
  id: 'cpu-limit-set',
  severity: Severity.WARNING,
  rationale: 'Without a CPU limit one busy pod can starve its neighbours; some latency-sensitive apps drop it on purpose.',
  kinds: POD_KINDS,
  check: obj => forContainers(obj, 'main', ({ container, where }) => isUnset(container.resources?.limits?.cpu)
    ? problem(`${where}.resources.limits.cpu`, undefined, 'is not set', 'set a ceiling such as "500m", or suppress this rule with the reason throttling is worse for this app')
    : undefined),
};
