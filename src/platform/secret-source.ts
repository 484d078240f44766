import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { EnvVar, SecretEnvVarOptions } from '../core/env';
import * as k8s from '../private/k8s';
import { wireSecret } from '../private/secret-wiring';
import { Problems } from '../private/validate';

// Kubernetes Secret keys: letters, digits, "-", "_" and "."
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * A Secret the app's pods may read, with the keys it is known to hold:
 * `ExternalSecret` (synced from a secret store by this app) or
 * `ExistingSecret` (created outside the app). Reading a key that is not
 * declared is a prop error; reading a Secret that is declared nowhere fails
 * synth (rule `secret-references`).
 */
export abstract class SecretSource extends Construct {
  /** Name of the Kubernetes Secret. */
  public readonly secretName: string;
  /** Namespace of the Secret, when set on the construct or its chart. */
  public readonly namespace?: string;
  /** The keys the Secret holds. */
  public readonly keys: string[];
  /** @internal */
  protected readonly problems: Problems;

  protected constructor(scope: Construct, id: string, secretName: string, namespace: string | undefined, keys: string[]) {
    super(scope, id);
    this.problems = new Problems(this);
    this.secretName = secretName;
    this.namespace = namespace ?? Chart.of(this).namespace;
    this.keys = [...keys];
    keys.forEach((key, i) => {
      if (typeof key !== 'string' || key.length > 253 || !SECRET_KEY.test(key)) {
        this.problems.add(`keys[${i}]`, key, 'is not a Secret key', 'use letters, digits, "-", "_" and ".", such as "password" or "tls.crt"');
      } else if (keys.indexOf(key) !== i) {
        this.problems.add(`keys[${i}]`, key, 'is declared twice', 'remove the duplicate');
      }
    });
    wireSecret(this, {
      secretName,
      namespaceKey: this.namespace ?? '',
      keys: this.keys,
      checksumInput: () => this.checksumInput(),
    });
  }

  /** An environment variable read from `key`, which must be one of `keys`. */
  public envVar(key: string, options: SecretEnvVarOptions = {}): EnvVar {
    if (this.isKeyString('envVar key', key)) this.checkKey(`envVar("${key}")`, key);
    return EnvVar.fromSecret(this.secretName, key, options);
  }

  /** A pod volume named `volumeName` holding `keys` (default: all declared keys) as files named after them. */
  public volume(volumeName: string, keys: string[] = this.keys): k8s.Volume {
    const name = this.isKeyString('volume volumeName', volumeName) ? volumeName : 'invalid';
    if (!Array.isArray(keys)) {
      this.problems.add(`volume("${name}") keys`, keys, 'is not a list', `give a list of declared keys, such as ["${this.keys[0] ?? 'password'}"]`);
      keys = [];
    }
    const valid = keys.filter(key => this.isKeyString(`volume("${name}") keys`, key));
    valid.forEach(key => this.checkKey(`volume("${name}")`, key));
    return { name, secret: { secretName: this.secretName, items: valid.map(key => ({ key, path: key })) } };
  }

  /** What a change rolls the pods on: undefined when this app does not control the Secret. @internal */
  protected abstract checksumInput(): unknown;

  /** Whether `value` is a string, after recording a problem when it is not (JavaScript callers). */
  private isKeyString(use: string, value: unknown): value is string {
    if (typeof value === 'string') return true;
    this.problems.add(use, value, `is ${value === null ? 'null' : `a ${typeof value}`}, not a string`, `give a string, such as "${this.keys[0] ?? 'password'}"`);
    return false;
  }

  private checkKey(use: string, key: string): void {
    if (!this.keys.includes(key)) {
      this.problems.add(use, key, `is not a declared key of Secret "${this.secretName}"`,
        `use one of ${this.keys.map(k => `"${k}"`).join(', ') || '(none declared)'}, or declare the key in \`keys\``);
    }
  }
}
