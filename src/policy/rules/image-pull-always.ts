import { POD_KINDS } from '../context';
import { Rule, Severity } from '../rule';
import { forContainers, problem } from './util';

/** Every container pulls its image on every start (`imagePullPolicy: Always`). */
export const imagePullAlways: Rule = {
  id: 'image-pull-always',
  severity: Severity.WARNING,
  rationale: 'A cached image skips the registry\'s pull-secret check, so any pod on the node can run a private image it was never granted (CIS AlwaysPullImages).',
  kinds: POD_KINDS,
  check: obj => forContainers(obj, 'all', ({ container, where }) => container.imagePullPolicy === 'Always' ? undefined
    : problem(`${where}.imagePullPolicy`, container.imagePullPolicy, 'is not "Always"',
      'set it to "Always", or keep "IfNotPresent" with a written reason (imagePullPolicyReason)')),
};
