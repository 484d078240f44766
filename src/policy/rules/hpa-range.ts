import { Rule, Severity } from '../rule';
import { problem } from './util';

/** A HorizontalPodAutoscaler's minReplicas is at least 1 and at most maxReplicas. */
export const hpaRange: Rule = {
  id: 'hpa-range',
  severity: Severity.ERROR,
  rationale: 'minReplicas above maxReplicas is rejected or pins the count; below 1 scales the app to nothing.',
  kinds: ['HorizontalPodAutoscaler'],
  check: obj => {
    const min = obj.spec?.minReplicas ?? 1;
    const max = obj.spec?.maxReplicas;
    const out: string[] = [];
    if (typeof min !== 'number' || min < 1) out.push(problem('spec.minReplicas', min, 'is below 1', 'use 1 or more (2 or more to survive a node loss)'));
    if (typeof max !== 'number' || max < min) out.push(problem('spec.maxReplicas', max, `is below minReplicas ${min}`, `set it to ${min} or more`));
    return out;
  },
};
