import * as k8s from '../private/k8s';
import { Expect, ShapeProblem, checkValue } from '../private/shape';

/** The value of one environment variable. */
export class EnvVar {
  /** A literal. Never put credentials here: use `fromSecret`. */
  public static value(value: string): EnvVar {
    const [checked, problems] = check([['value', value, 'text']]);
    return new EnvVar({ value: checked[0] as string ?? '' }, problems);
  }

  /**
   * A key of an existing Secret; the value never appears in the manifests. Prefer a file (`secretFiles`): an
   * environment leaks into child processes and crash dumps, and checkov (CKV_K8S_35) reports it unless
   * `options.reason` says why the app reads it from the environment.
   */
  public static fromSecret(secretName: string, key: string, options: SecretEnvVarOptions = {}): EnvVar {
    const [[name, k, optional, reason], problems] = check([
      ['secretName', secretName, 'string'], ['key', key, 'string'], ['optional', optionOf(options, 'optional'), 'boolean'], ['reason', optionOf(options, 'reason'), 'string'],
    ]);
    if (typeof reason === 'string' && !reason.trim()) {
      problems.push({ prop: 'reason', value: reason, problem: 'is empty', fix: 'write why the app reads this Secret from the environment, or leave reason out' });
    }
    const ref = { name: name as string, key: k as string, optional: optional as boolean | undefined };
    return new EnvVar({ valueFrom: { secretKeyRef: ref } }, problems, (reason as string | undefined)?.trim() || undefined);
  }

  /** A key of an existing ConfigMap. */
  public static fromConfigMap(configMapName: string, key: string, options: EnvVarOptions = {}): EnvVar {
    const [[name, k, optional], problems] = check([['configMapName', configMapName, 'string'], ['key', key, 'string'], ['optional', optionOf(options, 'optional'), 'boolean']]);
    const ref = { name: name as string, key: k as string, optional: optional as boolean | undefined };
    return new EnvVar({ valueFrom: { configMapKeyRef: ref } }, problems);
  }

  /** A field of the pod, such as `metadata.name` or `status.podIP`. */
  public static fromField(fieldPath: string): EnvVar {
    const [[path], problems] = check([['fieldPath', fieldPath, 'string']]);
    return new EnvVar({ valueFrom: { fieldRef: { fieldPath: path as string } } }, problems);
  }

  private constructor(private readonly source: Omit<k8s.EnvVar, 'name'>, private readonly problems: ShapeProblem[], private readonly reason?: string) {}

  /** @internal */
  public _render(name: string): k8s.EnvVar {
    return { name, ...this.source };
  }

  /** Why a Secret is read into the environment (`fromSecret` with `reason`). @internal */
  public _reason(): string | undefined {
    return this.reason;
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

/** Options for a value read from a Secret. */
export interface SecretEnvVarOptions extends EnvVarOptions {
  /**
   * Why the app reads this Secret from its environment rather than from a file (`secretFiles`), such as
   * "pg_dump reads the password from PGPASSWORD; the Secret holds the bare password, not a .pgpass file".
   * Written as checkov's exemption of CKV_K8S_35 on the objects whose pods read it.
   * @default none: checkov reports the Secret read into the environment
   */
  readonly reason?: string;
}

/** String arguments that may be left out. */
const OPTIONAL_STRINGS = new Set(['reason']);

/** Checks positional arguments: the values that fit (undefined for the others) and a problem per misfit. */
function check(args: [string, unknown, Expect][]): [unknown[], ShapeProblem[]] {
  const problems: ShapeProblem[] = [];
  const values = args.map(([prop, value, expect]) => value === undefined && (expect === 'boolean' || OPTIONAL_STRINGS.has(prop))
    ? undefined
    : checkValue(value, expect, prop, (p, v, problem, fix, fallback) => problems.push({ prop: p, value: v, problem, fix, fallback })));
  return [values, problems];
}

/** `options[key]`, or a value that says why it could not be read (a JavaScript caller's options may throw when read). */
function optionOf(options: SecretEnvVarOptions | undefined, key: 'optional' | 'reason'): unknown {
  if (options === undefined || options === null) return undefined;
  try {
    return typeof options === 'object' ? options[key] : options;
  } catch {
    return '(options that cannot be read)';
  }
}
