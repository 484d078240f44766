import { POD_KINDS } from '../context';
import { Rule, Severity } from '../rule';
import { forContainers, problem } from './util';

/** Every container drops ALL capabilities (and adds back only what it needs). */
export const dropAllCapabilities: Rule = {
  id: 'drop-all-capabilities',
  severity: Severity.WARNING,
  rationale: 'The runtime\'s default capabilities (NET_RAW, CHOWN, ...) are more than an app needs; dropping ALL shrinks what an exploit can do.',
  kinds: POD_KINDS,
  check: obj => forContainers(obj, 'all', ({ container, where }) => {
    const drop: unknown[] = container.securityContext?.capabilities?.drop ?? [];
    return drop.some(c => String(c).toUpperCase() === 'ALL') ? undefined
      : problem(`${where}.securityContext.capabilities.drop`, drop.length ? drop : undefined, 'does not include ALL',
        'drop ["ALL"] and add back only what is needed (such as NET_BIND_SERVICE)');
  }),
};
