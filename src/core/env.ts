import { k8s } from 'cdk8s-plus-28';

/** The value of one environment variable. */
export class EnvVar {
  /** A literal. Never put credentials here: use `fromSecret`. */
  public static value(value: string): EnvVar {
    return new EnvVar({ value });
  }

  /** A key of an existing Secret; the value never appears in the manifests. */
  public static fromSecret(secretName: string, key: string, options: EnvVarOptions = {}): EnvVar {
    return new EnvVar({ valueFrom: { secretKeyRef: { name: secretName, key, optional: options.optional } } });
  }

  /** A key of an existing ConfigMap. */
  public static fromConfigMap(configMapName: string, key: string, options: EnvVarOptions = {}): EnvVar {
    return new EnvVar({ valueFrom: { configMapKeyRef: { name: configMapName, key, optional: options.optional } } });
  }

  /** A field of the pod, such as `metadata.name` or `status.podIP`. */
  public static fromField(fieldPath: string): EnvVar {
    return new EnvVar({ valueFrom: { fieldRef: { fieldPath } } });
  }

  private constructor(private readonly source: Omit<k8s.EnvVar, 'name'>) {}

  /** @internal */
  public _render(name: string): k8s.EnvVar {
    return { name, ...this.source };
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
