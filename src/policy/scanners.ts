// One reason, every scanner. A reasoned exception to a secure default is
// written once, as our suppression annotation, and as the per-object
// exemption of each scanner platform teams run in CI, so Polaris, kube-score
// and checkov report the same decision with the same sentence:
//
//   cdk8s-patterns.io/suppress.<rule-id>: <reason>
//   polaris.fairwinds.com/<check>-exempt: "true"
//   kube-score/ignore: <check>,<check>
//   checkov.io/skip<N>: <CKV_ID>=<reason>
//   cdk8s-patterns.io/exemption.<decision>: <reason>   (when neither our rule nor checkov carries the reason)

import { ANNOTATION_PREFIX, SUPPRESS_ANNOTATION_PREFIX as SUPPRESS_PREFIX, suppressionAnnotation } from './annotations';

/** Where the reason of a decision that only Polaris or kube-score answer is kept: `cdk8s-patterns.io/exemption.<decision>`. */
export const EXEMPTION_ANNOTATION_PREFIX = `${ANNOTATION_PREFIX}exemption.`;

/** An exception to a secure default, and why it is kept. */
export interface Exemption {
  /** The decision: a key of `SCANNER_CHECKS`. */
  readonly id: string;
  /** Why it is kept, written by whoever made the decision. */
  readonly reason: string;
}

/** The checks that ask the question one decision answers: our rule's and each scanner's. */
export interface ScannerChecks {
  /** Our rule (suppressed by `cdk8s-patterns.io/suppress.<rule>`), when one asks it. */
  readonly rule?: string;
  /** Polaris check ids (exempted by `polaris.fairwinds.com/<id>-exempt`). */
  readonly polaris: readonly string[];
  /** kube-score check ids (listed in `kube-score/ignore`). */
  readonly kubeScore: readonly string[];
  /** checkov check ids (each a `checkov.io/skip<N>: <id>=<reason>` annotation). */
  readonly checkov: readonly string[];
}

/**
 * Every reasoned exception the library writes, and the checks it answers: our rule id
 * and each scanner's check ids. One reason goes to all of them.
 */
export const SCANNER_CHECKS: { readonly [decision: string]: ScannerChecks } = {
  'image-pull-always': { rule: 'image-pull-always', polaris: ['pullPolicyNotAlways'], kubeScore: ['container-image-pull-policy'], checkov: ['CKV_K8S_15'] },
  // a pinned tag passes image-pinned; checkov alone wants a digest
  'image-digest': { polaris: [], kubeScore: [], checkov: ['CKV_K8S_43'] },
  'no-liveness-probe': { rule: 'probes-set', polaris: ['livenessProbeMissing'], kubeScore: [], checkov: ['CKV_K8S_8'] },
  'no-readiness-probe': { rule: 'probes-set', polaris: ['readinessProbeMissing'], kubeScore: ['pod-probes'], checkov: ['CKV_K8S_9'] },
  // a sidecar without a probe: our probes-set and kube-score's pod-probes judge the main container (any readiness) only
  'sidecar-no-readiness': { polaris: ['readinessProbeMissing'], kubeScore: [], checkov: ['CKV_K8S_9'] },
  'sidecar-no-liveness': { polaris: ['livenessProbeMissing'], kubeScore: [], checkov: ['CKV_K8S_8'] },
  'no-probes': { rule: 'probes-set', polaris: ['livenessProbeMissing', 'readinessProbeMissing'], kubeScore: ['pod-probes'], checkov: ['CKV_K8S_8', 'CKV_K8S_9'] },
  // the image's USER: runAsNonRoot still refuses root, so Polaris and Pod Security pass; the uid is not known to be >= 10000
  'image-user': { polaris: [], kubeScore: ['container-security-context-user-group-id'], checkov: ['CKV_K8S_40'] },
  'writable-root-fs': {
    rule: 'read-only-root-fs', polaris: ['notReadOnlyRootFilesystem'], kubeScore: ['container-security-context-readonlyrootfilesystem'], checkov: ['CKV_K8S_22'],
  },
  'no-cpu-limit': { rule: 'cpu-limit-set', polaris: ['cpuLimitsMissing'], kubeScore: ['container-resources'], checkov: ['CKV_K8S_11'] },
  // a Secret read into the environment (EnvVar.fromSecret, envFromSecrets): checkov and our warning ask for files
  'secret-env': { rule: 'secrets-as-files', polaris: [], kubeScore: [], checkov: ['CKV_K8S_35'] },
  // a variable named like a credential whose value is the path of a Secret mounted as a file
  'secret-file-path': { polaris: ['sensitiveContainerEnvVar'], kubeScore: [], checkov: [] },
  // a Service of type NodePort: kube-score's service-type warning (LoadBalancer trips none of the three)
  'node-port': { polaris: [], kubeScore: ['service-type'], checkov: [] },
  'service-account-token': { polaris: ['automountServiceAccountToken'], kubeScore: [], checkov: ['CKV_K8S_38'] },
  'run-as-root': { rule: 'run-as-non-root', polaris: ['runAsRootAllowed'], kubeScore: ['container-security-context-user-group-id'], checkov: ['CKV_K8S_23', 'CKV_K8S_40'] },
  'host-network': { rule: 'no-host-network', polaris: ['hostNetworkSet'], kubeScore: [], checkov: ['CKV_K8S_19'] },
  'host-pid': { rule: 'no-host-pid', polaris: ['hostPIDSet'], kubeScore: [], checkov: ['CKV_K8S_17'] },
  'capabilities': { rule: 'no-dangerous-capabilities', polaris: ['dangerousCapabilities', 'insecureCapabilities'], kubeScore: [], checkov: ['CKV_K8S_25', 'CKV_K8S_39'] },
  'host-path': { polaris: ['hostPathSet'], kubeScore: [], checkov: [] },
  'writable-host-path': { polaris: ['hostPathSet'], kubeScore: [], checkov: [] },
  'runtime-socket': { polaris: ['hostPathSet'], kubeScore: [], checkov: ['CKV_K8S_27'] },
  'rbac-wildcards': { rule: 'rbac-no-wildcards', polaris: [], kubeScore: [], checkov: ['CKV_K8S_49'] },
  // root-equivalent grants, each with the checks that flag it (impersonate, nodes/proxy, port-forward and tokens: none of the three)
  'rbac-read-secrets': { polaris: [], kubeScore: [], checkov: ['CKV2_K8S_5'] },
  'rbac-bind': { polaris: [], kubeScore: [], checkov: ['CKV_K8S_157'] },
  'rbac-escalate': { polaris: [], kubeScore: [], checkov: ['CKV_K8S_158'] },
  'rbac-pod-exec': { polaris: ['clusterrolePodExecAttach', 'rolePodExecAttach'], kubeScore: [], checkov: [] },
  'rbac-root-equivalent': { polaris: [], kubeScore: [], checkov: [] },
};

/**
 * Every annotation that records `exemptions` on an object: ours and each scanner's, keys sorted. Two decisions that
 * answer the same check (a missing liveness probe on the main container and on a sidecar) share its annotation, with
 * both reasons. `existing` are the object's annotations so far: what they already record is kept (a checkov skip keeps
 * its number, a reason is added once), so writers that run in any order (a workload, `Policy.suppress`) never
 * overwrite each other.
 */
export function exemptionAnnotations(exemptions: readonly Exemption[], existing: { readonly [key: string]: string } = {}): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  const ignore = new Set<string>((existing['kube-score/ignore'] ?? '').split(',').filter(Boolean));
  const skipped = new Map<string, string[]>();
  const suppressed = new Map<string, string[]>();
  const kept = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, reason: string) => {
    // an existing value may already hold several reasons joined: it keeps each one once (equal, not merely contained)
    const reasons = map.get(key) ?? [];
    for (const part of reason.split('; ')) if (!reasons.includes(part)) reasons.push(part);
    map.set(key, reasons);
  };
  const skipKeys = new Map<string, string>();
  for (const [key, value] of Object.entries(existing)) {
    const skip = /^checkov\.io\/skip\d+$/.test(key) ? /^([^=]+)=(.*)$/.exec(value) : null;
    if (skip) {
      skipKeys.set(skip[1], key);
      add(skipped, skip[1], skip[2]);
    }
    if (key.startsWith(SUPPRESS_PREFIX)) add(suppressed, key.slice(SUPPRESS_PREFIX.length), value);
    if (key.startsWith(EXEMPTION_ANNOTATION_PREFIX)) add(kept, key.slice(EXEMPTION_ANNOTATION_PREFIX.length), value);
    if (/^polaris\.fairwinds\.com\/.+-exempt$/.test(key)) out[key] = value;
  }
  for (const { id, reason } of exemptions) {
    const checks = SCANNER_CHECKS[id];
    if (!checks) throw new Error(`no scanner checks for exemption "${id}": add it to SCANNER_CHECKS`);
    if (checks.rule) add(suppressed, checks.rule, reason);
    // Polaris and kube-score take no reason: a decision neither our rule nor checkov carries keeps it in one of ours
    if (!checks.rule && checks.checkov.length === 0) add(kept, id, oneLine(reason));
    for (const check of checks.polaris) out[`polaris.fairwinds.com/${check}-exempt`] = 'true';
    for (const check of checks.kubeScore) ignore.add(check);
    for (const check of checks.checkov) add(skipped, check, checkovComment(reason));
  }
  for (const [rule, reasons] of suppressed) out[suppressionAnnotation(rule)] = reasons.join('; ');
  for (const [decision, reasons] of kept) out[`${EXEMPTION_ANNOTATION_PREFIX}${decision}`] = reasons.join('; ');
  let skip = Math.max(0, ...[...skipKeys.values()].map(key => Number(key.slice('checkov.io/skip'.length))));
  for (const [check, reasons] of skipped) out[skipKeys.get(check) ?? `checkov.io/skip${++skip}`] = `${check}=${reasons.join('; ')}`;
  if (ignore.size) out['kube-score/ignore'] = [...ignore].sort().join(',');
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A reason as checkov's comment: one line, and no "=" — checkov reads `<id>=<comment>` with Python's `split("=")`
 * into two names (checkov/kubernetes/kubernetes_utils.py, get_skipped_checks), so a second "=" would fail the parse.
 */
function checkovComment(reason: string): string {
  return oneLine(reason).replace(/=/g, ':');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
