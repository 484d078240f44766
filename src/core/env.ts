import { k8s } from 'cdk8s-plus-28';
import { Expect, ShapeProblem, checkValue } from '../private/shape';

/** The value of one environment variable. */
export class EnvVar {
  /** A literal. Never put credentials here: use `fromSecret`. */
  public static value(value: string): EnvVar {
    const [checked, problems] = check([['value', value, 'string']]);
    return new EnvVar({ value: checked[0] as string ?? '' }, problems);
  }

  /** A key of an existing Secret; the value never appears in the manifests. */
  public static fromSecret(secretName: string, key: string, options: EnvVarOptions = {}): EnvVar {
    const [[name, k, optional], problems] = check([
      ['secretName', secretName, 'string'], ['key', key, 'string'], ['optional', options?.optional, 'boolean'],
    ]);
    const ref = { name: name as string, key: k as string, optional: optional as boolean | undefined };
    return new EnvVar({ valueFrom: { secretKeyRef: ref } }, problems);
  }

  /** A key of an existing ConfigMap. */
  public static fromConfigMap(configMapName: string, key: string, options: EnvVarOptions = {}): EnvVar {
    const [[name, k, optional], problems] = check([
      ['configMapName', configMapName, 'string'], ['key', key, 'string'], ['optional', options?.optional, 'boolean'],
    ]);
    const ref = { name: name as string, key: k as string, optional: optional as boolean | undefined };
    return new EnvVar({ valueFrom: { configMapKeyRef: ref } }, problems);
  }

  /** A field of the pod, such as `metadata.name` or `status.podIP`. */
  public static fromField(fieldPath: string): EnvVar {
    const [[path], problems] = check([['fieldPath', fieldPath, 'string']]);
    return new EnvVar({ valueFrom: { fieldRef: { fieldPath: path as string } } }, problems);
  }

  private constructor(private readonly source: Omit<k8s.EnvVar, 'name'>, private readonly problems: ShapeProblem[]) {}

  /** @internal */
  public _render(name: string): k8s.EnvVar {
    return { name, ...this.source };
  }

  /** What was wrong with the arguments (JavaScript callers). @internal */
  public _problems(): readonly ShapeProblem[] {
    return this.problems;
  }
}

/** Options for values read from a Secret or ConfigMap. */
export interface EnvVarOptions {
  /**
   * Start the pod even when the key is missing.
   * @default false
   */
  readonly optional?: boolean;
}

/** Checks positional arguments: the values that fit (undefined for the others) and a problem per misfit. */
function check(args: [string, unknown, Expect][]): [unknown[], ShapeProblem[]] {
  const problems: ShapeProblem[] = [];
  const values = args.map(([prop, value, expect]) => value === undefined && expect === 'boolean'
    ? undefined
    : checkValue(value, expect, prop, (p, v, problem, fix) => problems.push({ prop: p, value: v, problem, fix })));
  return [values, problems];
}
