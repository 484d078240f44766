import { Rule, Severity } from '../rule';
import { problem } from './util';

// Still served by 1.28, removed in a release soon after.
const DEPRECATED: { [apiVersionKind: string]: string } = {
  'flowcontrol.apiserver.k8s.io/v1beta2/FlowSchema': 'flowcontrol.apiserver.k8s.io/v1beta3 (v1beta2 is removed in 1.29)',
  'flowcontrol.apiserver.k8s.io/v1beta2/PriorityLevelConfiguration': 'flowcontrol.apiserver.k8s.io/v1beta3 (v1beta2 is removed in 1.29)',
  'v1/ComponentStatus': 'the /livez and /readyz endpoints of each component (ComponentStatus is deprecated since 1.19)',
};

/** No object uses an apiVersion deprecated in Kubernetes 1.28. */
export const apiVersionDeprecated: Rule = {
  id: 'api-version-deprecated',
  severity: Severity.WARNING,
  rationale: 'A deprecated apiVersion works today and breaks the next cluster upgrade; moving early is cheap.',
  check: obj => {
    const replacement = DEPRECATED[`${obj.apiVersion}/${obj.kind}`];
    return replacement ? [problem('apiVersion', obj.apiVersion, `is deprecated in Kubernetes 1.28 for ${obj.kind}`, `use ${replacement}`)] : [];
  },
};
