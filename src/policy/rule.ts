import { PolicyContext } from './context';

/** How a rule's finding counts. */
export enum Severity {
  /** Fails synth and the check command. */
  ERROR = 'error',
  /** Printed in the warnings table; never fails anything. */
  WARNING = 'warning',
}

/**
 * An output rule: a small pure function over one rendered Kubernetes object
 * (plain JSON) and indexes of every other object of the same run.
 */
export interface Rule {
  /** Kebab-case id, used in reports and in `cdk8s-patterns.io/suppress.<id>` annotations. */
  readonly id: string;
  /** Whether a finding fails synth. */
  readonly severity: Severity;
  /** Why the rule exists, in one line. */
  readonly rationale: string;
  /**
   * Kinds the rule looks at (a suppression annotation is written only on these).
   * @default every kind
   */
  readonly kinds?: string[];
  /**
   * Problems of `obj`, each in the error contract's shape:
   * `<field> <value> <problem>: <fix>`. Empty when the object passes.
   */
  check(obj: any, context: PolicyContext): string[];
}

/** One problem found in one object. */
export interface Finding {
  /** Rule id, or "schema", "unknown-kind", "suppression" and "props" for the built-in checks. */
  readonly rule: string;
  /** Whether it fails synth. */
  readonly severity: Severity;
  /** Construct path at synth ("shop/storefront/Deployment"); "file.yaml#2" (document index) in the check command. */
  readonly path: string;
  /** The object, "Deployment shop/storefront" (namespace/name). */
  readonly object: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
  /**
   * The recorded reason when a suppression annotation waives this finding.
   * @default not suppressed
   */
  readonly suppressed?: string;
}
