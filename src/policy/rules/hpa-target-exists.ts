import { namespaceOf } from '../context';
import { Rule, Severity } from '../rule';
import { problem } from './util';

/** A HorizontalPodAutoscaler scales a workload that exists in the same namespace. */
export const hpaTargetExists: Rule = {
  id: 'hpa-target-exists',
  severity: Severity.ERROR,
  rationale: 'An autoscaler pointing at a missing workload scales nothing, and the workload it was meant for never grows.',
  kinds: ['HorizontalPodAutoscaler'],
  check: (obj, context) => {
    const ref = obj.spec?.scaleTargetRef ?? {};
    if (context.find(namespaceOf(obj), ref.kind, ref.name)) return [];
    return [problem('spec.scaleTargetRef', { kind: ref.kind, name: ref.name }, `is not an object in namespace "${namespaceOf(obj) || '(none)'}"`,
      'point it at the Deployment, StatefulSet or Rollout it scales')];
  },
};
