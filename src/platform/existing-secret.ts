import { Construct } from 'constructs';
import { SecretSource } from './secret-source';
import { constructArgs } from '../private/construct-args';
import { Shape, ShapeProblem, shapeProblems } from '../private/shape';
import { checkName } from '../private/validate';

/** The known props of an ExistingSecret (src/private/shape.ts). @internal */
export const EXISTING_SECRET_SHAPE: Shape = { keys: 'strings', name: 'string', namespace: 'string' };

/** Props of an `ExistingSecret`. */
export interface ExistingSecretProps {
  /** Keys the Secret holds that the app reads. */
  readonly keys: string[];
  /**
   * Name of the Secret.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the Secret.
   * @default the chart's namespace
   */
  readonly namespace?: string;
}

/**
 * Declares a Secret created outside the app (by hand, another tool, a
 * controller such as cert-manager) and the keys the app reads from it. Emits
 * nothing; pods that read it carry the declaration in their
 * `cdk8s-patterns.io/external-secrets` annotation, so the `secret-references`
 * rule accepts exactly these keys.
 */
export class ExistingSecret extends SecretSource {
  constructor(scope: Construct, id: string, given: ExistingSecretProps) {
    [scope, id] = constructArgs(scope, id, 'ExistingSecret');
    const { value: props, problems } = shapeProblems(given, EXISTING_SECRET_SHAPE, '') as { value: ExistingSecretProps; problems: ShapeProblem[] };
    super(scope, id, props.name ?? id, props.namespace, props.keys ?? []);
    this.problems.addAll(problems);
    if (!props.keys || props.keys.length === 0) {
      this.problems.add('keys', props.keys, 'is empty', 'list the keys the app reads, such as ["password"]');
    }
    checkName(this.problems, props.name ? 'name' : 'id (the default name)', this.secretName);
    if (props.namespace !== undefined) checkName(this.problems, 'namespace', props.namespace);
  }

  protected checksumInput(): unknown {
    return undefined;
  }
}
