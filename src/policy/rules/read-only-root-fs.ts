import { POD_KINDS } from '../context';
import { Rule, Severity } from '../rule';
import { forContainers, problem } from './util';

/** Every container mounts its root file system read-only. */
export const readOnlyRootFs: Rule = {
  id: 'read-only-root-fs',
  severity: Severity.WARNING,
  rationale: 'A writable root lets an attacker drop tools and persist; scratch space belongs in an emptyDir such as /tmp.',
  kinds: POD_KINDS,
  check: obj => forContainers(obj, 'all', ({ container, where }) => container.securityContext?.readOnlyRootFilesystem === true ? undefined
    : problem(`${where}.securityContext.readOnlyRootFilesystem`, container.securityContext?.readOnlyRootFilesystem,
      'is not true', 'set it to true and mount an emptyDir where the app writes (such as /tmp)')),
};
