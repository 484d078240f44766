import { Rule, Severity } from '../rule';
import { problem } from './util';

// apiVersions Kubernetes 1.28 no longer serves, with what replaces them
// (https://kubernetes.io/docs/reference/using-api/deprecation-guide/).
const REMOVED: { [apiVersion: string]: { [kind: string]: string } | string } = {
  'extensions/v1beta1': {
    Deployment: 'apps/v1',
    DaemonSet: 'apps/v1',
    ReplicaSet: 'apps/v1',
    Ingress: 'networking.k8s.io/v1',
    NetworkPolicy: 'networking.k8s.io/v1',
    PodSecurityPolicy: 'Pod Security Admission (namespace labels)',
  },
  'apps/v1beta1': 'apps/v1',
  'apps/v1beta2': 'apps/v1',
  'networking.k8s.io/v1beta1': 'networking.k8s.io/v1',
  'policy/v1beta1': { PodDisruptionBudget: 'policy/v1', PodSecurityPolicy: 'Pod Security Admission (namespace labels)' },
  'batch/v1beta1': 'batch/v1',
  'batch/v2alpha1': 'batch/v1',
  'autoscaling/v2beta1': 'autoscaling/v2',
  'autoscaling/v2beta2': 'autoscaling/v2',
  'rbac.authorization.k8s.io/v1beta1': 'rbac.authorization.k8s.io/v1',
  'rbac.authorization.k8s.io/v1alpha1': 'rbac.authorization.k8s.io/v1',
  'admissionregistration.k8s.io/v1beta1': 'admissionregistration.k8s.io/v1',
  'apiextensions.k8s.io/v1beta1': 'apiextensions.k8s.io/v1',
  'apiregistration.k8s.io/v1beta1': 'apiregistration.k8s.io/v1',
  'authentication.k8s.io/v1beta1': 'authentication.k8s.io/v1',
  'authorization.k8s.io/v1beta1': 'authorization.k8s.io/v1',
  'certificates.k8s.io/v1beta1': 'certificates.k8s.io/v1',
  'coordination.k8s.io/v1beta1': 'coordination.k8s.io/v1',
  'discovery.k8s.io/v1beta1': 'discovery.k8s.io/v1',
  'events.k8s.io/v1beta1': 'events.k8s.io/v1',
  'node.k8s.io/v1beta1': 'node.k8s.io/v1',
  'scheduling.k8s.io/v1beta1': 'scheduling.k8s.io/v1',
  'scheduling.k8s.io/v1alpha1': 'scheduling.k8s.io/v1',
  'storage.k8s.io/v1beta1': 'storage.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1beta1': 'flowcontrol.apiserver.k8s.io/v1beta3',
};

/** What replaces a removed apiVersion for this kind, or undefined when 1.28 still serves it. */
export function removedApiReplacement(apiVersion: unknown, kind: unknown): string | undefined {
  const entry = REMOVED[String(apiVersion)];
  if (entry === undefined) return undefined;
  if (typeof entry === 'string') return entry;
  return entry[String(kind)] ?? Object.values(entry)[0];
}

/** No object uses an apiVersion that Kubernetes 1.28 no longer serves. */
export const apiVersionRemoved: Rule = {
  id: 'api-version-removed',
  severity: Severity.ERROR,
  rationale: 'The API server of a 1.28 cluster rejects an apiVersion it no longer serves; the apply fails halfway.',
  check: obj => {
    const replacement = removedApiReplacement(obj.apiVersion, obj.kind);
    return replacement ? [problem('apiVersion', obj.apiVersion, `is not served by Kubernetes 1.28 for ${obj.kind}`, `use ${replacement}`)] : [];
  },
};
