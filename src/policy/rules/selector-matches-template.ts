import { podTemplateOf, selectorIsEmpty, selectorMatches } from '../context';
import { Rule, Severity } from '../rule';
import { problem } from './util';

/** A workload's selector labels are a subset of its pod template's labels. */
export const selectorMatchesTemplate: Rule = {
  id: 'selector-matches-template',
  severity: Severity.ERROR,
  rationale: 'A selector its own pods do not match is rejected by the API server, or orphans and adopts the wrong pods.',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Rollout'],
  check: obj => {
    const template = podTemplateOf(obj);
    if (!template) return [];
    const selector = obj.spec?.selector;
    if (selectorIsEmpty(selector)) {
      return [problem('spec.selector', selector, 'is empty', 'select the workload\'s immutable labels, such as app.kubernetes.io/name and instance')];
    }
    if (selectorMatches(selector, template.metadata?.labels)) return [];
    return [problem('spec.selector', selector, 'does not match the pod template labels',
      'use only labels the template carries, and never ones that change (such as app.kubernetes.io/version)')];
  },
};
