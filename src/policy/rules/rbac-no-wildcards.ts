import { Rule, Severity } from '../rule';
import { problem } from './util';

/** Roles and ClusterRoles name their verbs, resources and API groups: no "*". */
export const rbacNoWildcards: Rule = {
  id: 'rbac-no-wildcards',
  severity: Severity.ERROR,
  rationale: 'A "*" grants every verb or resource, including ones added by future CRDs and releases: least privilege cannot be reviewed.',
  kinds: ['Role', 'ClusterRole'],
  check: obj => (Array.isArray(obj.rules) ? obj.rules : []).flatMap((rule: any, i: number) => ['apiGroups', 'resources', 'verbs']
    .filter(field => Array.isArray(rule?.[field]) && rule[field].includes('*'))
    .map(field => problem(`rules[${i}].${field}`, rule[field], 'contains "*"', `list the ${field} the workload needs, or suppress "rbac-no-wildcards" with the reason`))),
};
