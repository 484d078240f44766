import { SCALABLE_KINDS } from '../context';
import { Rule, Severity } from '../rule';
import { problem } from './util';

/** A workload an HPA scales does not set spec.replicas. */
export const hpaOwnsReplicas: Rule = {
  id: 'hpa-owns-replicas',
  severity: Severity.ERROR,
  rationale: 'With spec.replicas set, every apply or Argo CD sync resets the count the autoscaler chose, shrinking a busy app.',
  kinds: SCALABLE_KINDS,
  check: (obj, context) => {
    const hpa = context.autoscalerOf(obj);
    if (!hpa || obj.spec?.replicas === undefined) return [];
    return [problem('spec.replicas', obj.spec.replicas, `is set while HorizontalPodAutoscaler "${hpa.metadata?.name}" scales this ${obj.kind}`,
      'remove spec.replicas and set the HPA\'s minReplicas instead')];
  },
};
