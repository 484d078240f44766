import { namespaceOf } from '../context';
import { Rule, Severity } from '../rule';
import { problem } from './util';

/** A PodDisruptionBudget selects the pods of some workload in the same namespace. */
export const pdbSelectsPods: Rule = {
  id: 'pdb-selects-pods',
  severity: Severity.ERROR,
  rationale: 'A budget that selects no pods protects nothing: drains evict the workload it was written for all at once.',
  kinds: ['PodDisruptionBudget'],
  check: (obj, context) => {
    const selector = obj.spec?.selector ?? {};
    if (context.podsSelectedBy(namespaceOf(obj), selector).length > 0) return [];
    return [problem('spec.selector', selector, `selects no pod template in namespace "${namespaceOf(obj) || '(none)'}"`,
      'use the selector labels of the workload it protects')];
  },
};
