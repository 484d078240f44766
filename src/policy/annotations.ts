import { SynthError } from '../private/synth-error';
import { show } from '../private/validate';

// The one annotation convention for recorded exceptions. Any object may carry
// `cdk8s-patterns.io/suppress.<rule-id>: <reason>`; the rule then does not
// fail on that object and the reason stays in the manifest for review.
// `Policy.suppress` writes these annotations; archetypes that opt into
// something a rule forbids (a NodeAgent on the host network) write them too,
// with the reason the user gave. The check command honours the same
// annotations in YAML made by anything else.

/** Prefix of every annotation this library writes. */
export const ANNOTATION_PREFIX = 'cdk8s-patterns.io/';

/** Prefix of a suppression annotation: `cdk8s-patterns.io/suppress.<rule-id>: <reason>`. */
export const SUPPRESS_ANNOTATION_PREFIX = `${ANNOTATION_PREFIX}suppress.`;

/** The annotation key that records why `ruleId` does not apply to an object. */
export function suppressionAnnotation(ruleId: string): string {
  if (typeof ruleId !== 'string') {
    throw new SynthError([`suppressionAnnotation(ruleId): ruleId ${show(ruleId)} is not a string: pass a rule id such as "rbac-no-wildcards"`]);
  }
  return `${SUPPRESS_ANNOTATION_PREFIX}${ruleId}`;
}

/**
 * On a pod-bearing object: the Secrets its pods read that are created outside
 * the app, as JSON `{"<secret name>": ["<key>", ...]}`. `ExistingSecret`
 * writes it on every object whose pods reference the declared Secret; the
 * `secret-references` rule accepts exactly these names and keys.
 */
export const EXTERNAL_SECRETS_ANNOTATION = `${ANNOTATION_PREFIX}external-secrets`;

/** On a pod template: a checksum of the ExternalSecrets its pods read, so a change to one rolls the pods. */
export const SECRET_CHECKSUM_ANNOTATION = `${ANNOTATION_PREFIX}secret-checksum`;
