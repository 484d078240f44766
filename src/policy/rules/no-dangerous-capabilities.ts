import { isBaselineCapability } from '../../private/facts/capabilities';
import { POD_KINDS } from '../context';
import { Rule, Severity } from '../rule';
import { forContainers, problem } from './util';

/** No container adds a capability beyond the Pod Security Standard baseline. */
export const noDangerousCapabilities: Rule = {
  id: 'no-dangerous-capabilities',
  severity: Severity.ERROR,
  rationale: 'Capabilities such as SYS_ADMIN, NET_ADMIN or ALL are most of root; an escape from such a container owns the node.',
  kinds: POD_KINDS,
  check: obj => forContainers(obj, 'all', ({ container, where }) => {
    const added: unknown[] = container.securityContext?.capabilities?.add ?? [];
    const dangerous = added.filter(c => !isBaselineCapability(c));
    return dangerous.length === 0 ? undefined : problem(`${where}.securityContext.capabilities.add`, dangerous, 'grants more than the Pod Security Standard baseline',
      'drop them, or suppress this rule with the reason the workload needs each one');
  }),
};
