import { POD_KINDS } from '../context';
import { Rule, Severity } from '../rule';
import { forContainers, problem } from './util';

/** Every container sets allowPrivilegeEscalation: false. */
export const noPrivilegeEscalation: Rule = {
  id: 'no-privilege-escalation',
  severity: Severity.ERROR,
  rationale: 'Unless set to false, setuid binaries in the image can gain more privileges than the container started with.',
  kinds: POD_KINDS,
  check: obj => forContainers(obj, 'all', ({ container, where }) => {
    const value = container.securityContext?.allowPrivilegeEscalation;
    return value === false ? undefined : problem(`${where}.securityContext.allowPrivilegeEscalation`, value,
      value === undefined ? 'is not set (it defaults to true)' : 'lets processes gain privileges',
      'set it to false, as the Pod Security Standard "restricted" requires');
  }),
};
