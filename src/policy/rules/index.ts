import { Rule } from '../rule';
import { apiVersionDeprecated } from './api-version-deprecated';
import { apiVersionRemoved } from './api-version-removed';
import { cpuLimitSet } from './cpu-limit-set';
import { dropAllCapabilities } from './drop-all-capabilities';
import { noHostIpc, noHostNetwork, noHostPid } from './host-namespaces';
import { hpaOwnsReplicas } from './hpa-owns-replicas';
import { hpaRange } from './hpa-range';
import { hpaTargetExists } from './hpa-target-exists';
import { imagePinned } from './image-pinned';
import { imagePullAlways } from './image-pull-always';
import { memoryLimitSet } from './memory-limit-set';
import { networkPolicySelectsPods } from './network-policy-selects-pods';
import { noCredentialsInAnnotations } from './no-credentials-in-annotations';
import { noCredentialsInConfigMap } from './no-credentials-in-configmap';
import { noCredentialsInEnv } from './no-credentials-in-env';
import { noDangerousCapabilities } from './no-dangerous-capabilities';
import { noPrivilegeEscalation } from './no-privilege-escalation';
import { noPrivileged } from './no-privileged';
import { pdbAllowsDisruption } from './pdb-allows-disruption';
import { pdbSelectsPods } from './pdb-selects-pods';
import { probesDiffer } from './probes-differ';
import { probesSet } from './probes-set';
import { rbacNoWildcards } from './rbac-no-wildcards';
import { readOnlyRootFs } from './read-only-root-fs';
import { requestsSet } from './requests-set';
import { runAsNonRoot } from './run-as-non-root';
import { secretReferences } from './secret-references';
import { secretsAsFiles } from './secrets-as-files';
import { selectorMatchesTemplate } from './selector-matches-template';
import { serviceSelectsPods } from './service-selects-pods';

/** The rule pack, in report order: one file per rule in this folder, named by its id (the host namespace rules share one). */
export const RULES: readonly Rule[] = [
  // containers
  imagePinned,
  imagePullAlways,
  requestsSet,
  memoryLimitSet,
  cpuLimitSet,
  probesSet,
  probesDiffer,
  // security
  noPrivileged,
  noPrivilegeEscalation,
  noHostNetwork,
  noHostPid,
  noHostIpc,
  noDangerousCapabilities,
  dropAllCapabilities,
  runAsNonRoot,
  readOnlyRootFs,
  secretsAsFiles,
  noCredentialsInEnv,
  noCredentialsInConfigMap,
  noCredentialsInAnnotations,
  rbacNoWildcards,
  // references between objects
  selectorMatchesTemplate,
  serviceSelectsPods,
  pdbSelectsPods,
  pdbAllowsDisruption,
  networkPolicySelectsPods,
  hpaTargetExists,
  hpaRange,
  hpaOwnsReplicas,
  secretReferences,
  // API versions
  apiVersionRemoved,
  apiVersionDeprecated,
];
