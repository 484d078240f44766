import { namespaceOf, selectorIsEmpty } from '../context';
import { Rule, Severity } from '../rule';
import { problem } from './util';

/** A NetworkPolicy with a pod selector selects the pods of some workload in the same namespace. */
export const networkPolicySelectsPods: Rule = {
  id: 'network-policy-selects-pods',
  severity: Severity.ERROR,
  rationale: 'A policy that selects no pods isolates nothing: the workload it was meant for stays open, silently.',
  kinds: ['NetworkPolicy'],
  check: (obj, context) => {
    const selector = obj.spec?.podSelector;
    // an empty selector is a namespace-wide policy (default deny): valid with or without pods
    if (selectorIsEmpty(selector)) return [];
    if (context.podsSelectedBy(namespaceOf(obj), selector).length > 0) return [];
    return [problem('spec.podSelector', selector, `selects no pod template in namespace "${namespaceOf(obj) || '(none)'}"`,
      'use the labels of the pods it isolates, or {} for a namespace-wide policy')];
  },
};
