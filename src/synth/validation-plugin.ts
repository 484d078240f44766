import * as path from 'path';
import { policyEngine } from '../policy/engine-loader';
import { byEnvironment, loadManifests } from '../policy/load';
import { errorsOf, suppressedOf, warningsOf } from '../policy/report';
import { Finding } from '../policy/rule';
import { shapeProblems } from '../private/shape';
import { SynthError } from '../private/synth-error';
import { show } from '../private/validate';

// The cdk8s CLI's validation plugin contract (cdk8s-cli's `Validation`),
// restated structurally so that the package needs no cdk8s-cli at run time.

/** One object that breaks a rule, as the cdk8s CLI reports it. */
export interface PolicyViolatingResource {
  /** `metadata.name`; the CLI maps it to a construct path through its construct metadata. */
  readonly resourceName: string;
  /** Where in the object, as our findings say it. */
  readonly locations: string[];
  /** The manifest file. */
  readonly manifestPath: string;
}

/** A violation, as the cdk8s CLI reports it. */
export interface PolicyViolation {
  /** The rule id, e.g. `no-privileged`. */
  readonly ruleName: string;
  /** What is wrong. */
  readonly recommendation: string;
  /** How to fix it. */
  readonly fix: string;
  /** The objects concerned. */
  readonly violatingResources: PolicyViolatingResource[];
}

/** The part of the cdk8s CLI's `ValidationContext` the plugin uses. */
export interface PolicyValidationContext {
  /** The synthesized manifests (relative to the working directory, or absolute). */
  readonly manifests: readonly string[];
  /** Where violations go. */
  readonly report: {
    /** Adds one violation to the report. */
    addViolation(violation: PolicyViolation): void;
    /** Closes the report with its status and summary counts. */
    submit(status: 'success' | 'failure', metadata?: { [key: string]: string }): void;
  };
}

/** Options of the plugin, given as `properties:` in `cdk8s.yaml`. */
export interface PolicyValidationProps {
  /**
   * Run the output rules.
   * @default true
   */
  readonly rules?: boolean;
  /**
   * Validate every object against the strict Kubernetes 1.28 schema and the known CRD schemas.
   * @default true
   */
  readonly schema?: boolean;
  /**
   * Report warnings as violations too (they never fail the synth).
   * @default false
   */
  readonly reportWarnings?: boolean;
}

/**
 * The rule pack and the strict schema as a cdk8s CLI validation plugin, for
 * any cdk8s app (cdk8s-plus or plain ApiObjects included). In `cdk8s.yaml`:
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/cdk8s-patterns
 *     class: PolicyValidation
 * ```
 *
 * `cdk8s synth` then fails on every error, each reported with its rule,
 * object, construct path (from cdk8s's construct metadata) and fix.
 */
export class PolicyValidation {
  private readonly props: PolicyValidationProps;

  constructor(props: PolicyValidationProps = {}) {
    // no app to collect into: the properties of cdk8s.yaml that do not fit fail at once, all in one error
    const { value, problems } = shapeProblems(props ?? {}, { rules: 'boolean', schema: 'boolean', reportWarnings: 'boolean' }, '');
    if (problems.length) throw new SynthError(problems.map(p => `PolicyValidation properties: ${p.prop} ${show(p.value)} ${p.problem}: ${p.fix}`));
    this.props = value;
  }

  /** Checks the synthesized manifests and submits the report. */
  public async validate(context: PolicyValidationContext): Promise<void> {
    const manifests: unknown = (context as { manifests?: unknown } | null | undefined)?.manifests;
    const report: unknown = (context as { report?: unknown } | null | undefined)?.report;
    if (!Array.isArray(manifests) || manifests.some(m => typeof m !== 'string') || typeof report !== 'object' || report === null) {
      throw new SynthError(['PolicyValidation.validate(context): context is not a cdk8s validation context: it needs `manifests` (a list of file paths) and `report`; cdk8s synth passes it']);
    }
    const cwd = process.cwd();
    const loaded = loadManifests([...context.manifests], cwd);
    // an app of several Environments writes <outdir>/<environment>/: each is checked on its own
    const groups = byEnvironment(loaded.entries, [commonFolder(context.manifests.map(m => path.resolve(cwd, m)))], cwd);
    const { evaluate } = policyEngine();
    const findings: Finding[] = [...loaded.problems, ...groups.flatMap(g => evaluate(g, { rules: this.props.rules, schema: this.props.schema }))];
    const names = new Map(loaded.entries.map(e => [e.path, e.obj?.metadata?.name]));
    const reported = [...errorsOf(findings), ...(this.props.reportWarnings ? warningsOf(findings) : [])];
    for (const f of reported) {
      const split = f.message.lastIndexOf(': ');
      context.report.addViolation({
        ruleName: `${f.rule} (${f.severity})`,
        recommendation: split === -1 ? f.message : f.message.slice(0, split),
        fix: split === -1 ? f.message : f.message.slice(split + 2),
        violatingResources: [{
          resourceName: String(names.get(f.path) ?? f.object),
          locations: [f.object],
          manifestPath: path.resolve(cwd, f.path.replace(/#.*$/, '')),
        }],
      });
    }
    const errors = errorsOf(findings).length;
    context.report.submit(errors ? 'failure' : 'success', {
      objects: String(loaded.entries.length),
      errors: String(errors),
      warnings: String(warningsOf(findings).length),
      suppressed: String(suppressedOf(findings).length),
    });
  }
}

/** The deepest folder holding every file of `files` (absolute paths). */
function commonFolder(files: string[]): string {
  if (files.length === 0) return process.cwd();
  let common = path.dirname(files[0]);
  const within = (dir: string) => dir === common || dir.startsWith(common.endsWith(path.sep) ? common : `${common}${path.sep}`);
  for (const f of files) while (!within(path.dirname(f)) && path.dirname(common) !== common) common = path.dirname(common);
  return common;
}
