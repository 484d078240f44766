import { namespaceOf } from '../context';
import { Rule, Severity } from '../rule';
import { problem } from './util';

/** A Service's selector matches the pod template of some workload in the same namespace. */
export const serviceSelectsPods: Rule = {
  id: 'service-selects-pods',
  severity: Severity.ERROR,
  rationale: 'A selector that matches no pods is a Service without endpoints: every request fails, usually from a label typo.',
  kinds: ['Service'],
  check: (obj, context) => {
    const selector = obj.spec?.selector;
    if (obj.spec?.type === 'ExternalName' || !selector || Object.keys(selector).length === 0) return [];
    if (context.podsSelectedBy(namespaceOf(obj), { matchLabels: selector }).length > 0) return [];
    return [problem('spec.selector', selector, `selects no pod template in namespace "${namespaceOf(obj) || '(none)'}"`,
      'use the selector labels of the workload it fronts, or drop the selector if you manage its endpoints yourself')];
  },
};
