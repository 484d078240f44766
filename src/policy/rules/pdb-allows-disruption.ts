import { countOrPercent, wholePercent } from '../../private/facts/percent';
import { namespaceOf } from '../context';
import { Rule, Severity } from '../rule';
import { problem } from './util';

/** A PodDisruptionBudget leaves room for at least one voluntary eviction. */
export const pdbAllowsDisruption: Rule = {
  id: 'pdb-allows-disruption',
  severity: Severity.ERROR,
  rationale: 'A budget that allows no eviction (maxUnavailable 0, or minAvailable at the replica count) blocks every node drain and upgrade.',
  kinds: ['PodDisruptionBudget'],
  check: (obj, context) => {
    const spec = obj.spec ?? {};
    const { maxUnavailable, minAvailable } = spec;
    if (maxUnavailable !== undefined) {
      return countOrPercent(maxUnavailable) === 0
        ? [problem('spec.maxUnavailable', maxUnavailable, 'allows no pod to be evicted', 'use 1 (or a percentage above 0)')]
        : [];
    }
    if (minAvailable === undefined) return [];
    if (minAvailable === '100%') {
      return [problem('spec.minAvailable', minAvailable, 'allows no pod to be evicted', 'use maxUnavailable: 1 instead')];
    }
    const owners = context.podsSelectedBy(namespaceOf(obj), spec.selector ?? {});
    if (owners.length === 0 || owners.some(o => o.replicas === undefined)) return [];
    const replicas = owners.reduce((n, o) => n + (o.replicas ?? 0), 0);
    const pct = wholePercent(minAvailable);
    const needed = pct !== undefined ? Math.ceil((pct * replicas) / 100) : Number(minAvailable);
    if (needed < replicas) return [];
    return [problem('spec.minAvailable', minAvailable, `keeps all ${replicas} selected pod${replicas === 1 ? '' : 's'} up, so no eviction is ever allowed`,
      'use maxUnavailable: 1, or run more replicas than minAvailable')];
  },
};
