import { POD_KINDS } from '../context';
import { Rule, Severity } from '../rule';
import { forContainers, problem } from './util';

/** No privileged container. */
export const noPrivileged: Rule = {
  id: 'no-privileged',
  severity: Severity.ERROR,
  rationale: 'A privileged container is root on the node: every device, every kernel capability, no isolation.',
  kinds: POD_KINDS,
  check: obj => forContainers(obj, 'all', ({ container, where }) => container.securityContext?.privileged === true
    ? problem(`${where}.securityContext.privileged`, true, 'runs the container as root on the node',
      'set it to false and add only the capability needed, or suppress this rule with the reason the agent needs the host')
    : undefined),
};
