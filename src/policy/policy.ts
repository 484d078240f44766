import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { suppressionAnnotation } from './annotations';
import type { PolicyOptions } from './engine';
import { policyEngine, policyRules } from './engine-loader';
import { Finding, Rule } from './rule';
import { exemptionAnnotations, SCANNER_CHECKS } from './scanners';
import { checkScope } from '../private/construct-args';
import { SynthError } from '../private/synth-error';
import { show } from '../private/validate';

/**
 * The output policy: the rule pack that `render`, `synthesize` and the
 * `cdk8s-patterns check` command run over every object, and the way to waive
 * a rule for one construct with a written reason.
 */
export class Policy {
  /** Every rule of the pack, then the built-in checks (schema, unknown-kind, suppression), in report order. */
  public static rules(): Rule[] {
    return [...policyRules().RULES, ...policyEngine().BUILT_IN_CHECKS];
  }

  /**
   * Waives `ruleId` for every object under `scope` (its own ApiObjects and
   * those of every construct inside it, including ones added later). The
   * reason is written into the output as the annotation
   * `cdk8s-patterns.io/suppress.<rule-id>: <reason>` on each object the rule
   * looks at, so reviewers see it in the manifest diff and the check command
   * honours it too. Where Polaris, kube-score or checkov ask the rule's
   * question (`SCANNER_CHECKS`), their exemption annotations are written with
   * the same reason. An empty reason, an unknown rule id or a suppression that
   * matches no object fails synth.
   */
  public static suppress(scope: IConstruct, ruleId: string, reason: string): void {
    checkScope(scope, 'Policy.suppress(scope, ruleId, reason)', 'the construct whose objects the rule does not apply to');
    scope.node.addValidation({
      // runs at every synth, before any object is rendered
      validate: () => {
        const ids = policyEngine().suppressibleRuleIds();
        if (typeof ruleId !== 'string') {
          return [`suppression ruleId ${show(ruleId)} is not a string: use one of ${ids.join(', ')}`];
        }
        if (!ids.includes(ruleId)) {
          return [`suppression "${ruleId}" names no suppressible rule: use one of ${ids.join(', ')}`];
        }
        if (typeof reason !== 'string' || reason.trim() === '') {
          return [`suppression "${ruleId}" has no reason: write why the rule does not apply, e.g. Policy.suppress(construct, '${ruleId}', 'the agent reads every node\\'s logs')`];
        }
        const kinds = Policy.rules().find(r => r.id === ruleId)?.kinds;
        const targets = scope.node.findAll().filter(ApiObject.isApiObject).filter(o => !kinds || kinds.includes(o.kind));
        if (targets.length === 0) {
          return [`suppression "${ruleId}" matches no object: "${ruleId}" looks at ${kinds!.join(', ')} and there is none under ${scope.node.path || 'the app'}; remove the suppression`];
        }
        // the scanners' checks that ask this rule's question get the same reason (one reason, every scanner)
        const decisions = Object.keys(SCANNER_CHECKS).filter(id => SCANNER_CHECKS[id].rule === ruleId).map(id => ({ id, reason: reason.trim() }));
        for (const o of targets) {
          if (decisions.length === 0) {
            o.metadata.addAnnotation(suppressionAnnotation(ruleId), reason.trim());
            continue;
          }
          const written = exemptionAnnotations(decisions, o.metadata.toJson().annotations ?? {});
          for (const [key, value] of Object.entries(written)) o.metadata.addAnnotation(key, value);
        }
        return [];
      },
    });
  }

  /**
   * Runs the rules and the strict schema over plain objects that belong
   * together (their cross references are checked among themselves). Each
   * finding's path is the object's index, "[3]".
   */
  public static check(objects: any[], options: PolicyOptions = {}): Finding[] {
    if (!Array.isArray(objects)) {
      throw new SynthError([`Policy.check(objects): objects ${show(objects)} is not a list: pass the objects as an array, such as Policy.check([deployment, service])`]);
    }
    return policyEngine().evaluate(objects.map((obj, i) => ({ obj, path: `[${i}]` })), options);
  }
}
