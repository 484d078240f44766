import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { SecretSource } from './secret-source';
import type { ExternalSecret as GeneratedExternalSecret, ExternalSecretSpecSecretStoreRefKind } from '../../imports/external-secret-external-secrets.io';
import { constructArgs } from '../private/construct-args';
import { argoDuration, externalSecrets } from '../private/crds';
import { EXTERNAL_SECRET, MANAGED_BY } from '../private/defaults';
import { Shape, ShapeProblem, required, shapeProblems } from '../private/shape';
import { checkName, checkReference } from '../private/validate';

/** The known props of an ExternalSecret (src/private/shape.ts). @internal */
export const EXTERNAL_SECRET_SHAPE: Shape = {
  store: { object: { name: 'string', kind: 'string' } },
  keys: { map: { object: { key: required('string'), property: 'string', version: 'string' } } },
  refreshInterval: { instance: Duration, example: 'a Duration such as Duration.hours(1)' },
  name: 'string',
  namespace: 'string',
  labels: 'stringMap',
};

/** Which kind of store an ExternalSecret reads from. */
export enum SecretStoreKind {
  /** A `SecretStore` in the ExternalSecret's namespace. */
  SECRET_STORE = 'SecretStore',
  /** A cluster-wide `ClusterSecretStore`. */
  CLUSTER_SECRET_STORE = 'ClusterSecretStore',
}

/** The store an ExternalSecret reads from (installed by the platform team). */
export interface SecretStoreRef {
  /** Name of the store. */
  readonly name: string;
  /**
   * Kind of the store.
   * @default SecretStoreKind.SECRET_STORE
   */
  readonly kind?: SecretStoreKind;
}

/** Where one key of the Secret comes from in the store. */
export interface RemoteKey {
  /** Key (path) of the secret in the store ("shop/orders-db"). */
  readonly key: string;
  /**
   * Property of a structured (JSON) secret ("password").
   * @default the whole value
   */
  readonly property?: string;
  /**
   * Version of the secret, for stores that keep versions; changing it rolls the pods that read the key.
   * @default the latest version
   */
  readonly version?: string;
}

/** Props of an `ExternalSecret`. */
export interface ExternalSecretProps {
  /** The store to read from. */
  readonly store: SecretStoreRef;
  /** The Secret's keys, each with where it comes from in the store. */
  readonly keys: { [secretKey: string]: RemoteKey };
  /**
   * How often the operator re-reads the store; Duration.seconds(0) reads once.
   * @default Duration.hours(1)
   */
  readonly refreshInterval?: Duration;
  /**
   * Name of the ExternalSecret and of the Secret it creates.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace.
   * @default the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Labels.
   * @default app.kubernetes.io/managed-by only
   */
  readonly labels?: { [key: string]: string };
}

/**
 * An external-secrets.io/v1 `ExternalSecret`: the External Secrets Operator
 * creates (and refreshes) a Secret from a secret store, with exactly the
 * declared keys. `envVar(key)` and `volume(name)` read declared keys only;
 * pods reading the Secret carry a checksum of this spec, so changing where a
 * key comes from (or its pinned `version`) rolls them.
 */
export class ExternalSecret extends SecretSource {
  /** The generated API object. */
  public readonly apiObject: GeneratedExternalSecret;

  constructor(scope: Construct, id: string, given: ExternalSecretProps) {
    [scope, id] = constructArgs(scope, id, 'ExternalSecret');
    const { value: props, problems } = shapeProblems(given, EXTERNAL_SECRET_SHAPE, '') as { value: ExternalSecretProps; problems: ShapeProblem[] };
    super(scope, id, props.name ?? id, props.namespace, Object.keys(props.keys ?? {}));
    const p = this.problems;
    p.addAll(problems);
    checkName(p, props.name ? 'name' : 'id (the default name)', this.secretName);
    if (props.namespace !== undefined) checkName(p, 'namespace', props.namespace);
    const kind = props.store?.kind ?? EXTERNAL_SECRET.storeKind;
    if (!props.store?.name) {
      p.add('store.name', props.store?.name, 'is not set', 'name the SecretStore or ClusterSecretStore to read from, such as store: { name: \'vault\' }');
    } else {
      checkReference(p, 'store.name', props.store.name);
    }
    if (!(Object.values(SecretStoreKind) as string[]).includes(kind)) {
      p.add('store.kind', kind, 'is not a secret store kind', 'use SecretStoreKind.SECRET_STORE or SecretStoreKind.CLUSTER_SECRET_STORE');
    }
    if (Object.keys(props.keys ?? {}).length === 0) {
      p.add('keys', props.keys, 'is empty', 'declare the Secret\'s keys, such as { password: { key: \'shop/orders-db\', property: \'password\' } }');
    }
    for (const [secretKey, remote] of Object.entries(props.keys ?? {})) {
      if (!remote?.key) p.add(`keys.${secretKey}.key`, remote?.key, 'is empty', 'give the key of the secret in the store, such as "shop/orders-db"');
    }
    const refresh = props.refreshInterval?.toSeconds({ integral: false }) ?? EXTERNAL_SECRET.refreshIntervalSeconds;
    const refreshOk = Number.isInteger(refresh) && refresh >= 0;
    if (!refreshOk) p.add('refreshInterval', `${refresh}s`, 'is not a whole number of seconds >= 0', 'use a duration such as Duration.hours(1)');

    this.apiObject = new (externalSecrets().ExternalSecret)(this, 'Resource', {
      metadata: { name: this.secretName, namespace: props.namespace, labels: { ...props.labels, 'app.kubernetes.io/managed-by': MANAGED_BY } },
      spec: {
        secretStoreRef: { name: props.store?.name, kind: kind as ExternalSecretSpecSecretStoreRefKind },
        refreshInterval: refresh === 0 ? '0' : argoDuration(Duration.seconds(refreshOk ? refresh : EXTERNAL_SECRET.refreshIntervalSeconds)),
        target: { name: this.secretName },
        data: Object.keys(props.keys ?? {}).sort().map(secretKey => {
          const r = props.keys[secretKey] ?? {};
          return { secretKey, remoteRef: { key: r.key, property: r.property, version: r.version } };
        }),
      },
    });
    this.node.defaultChild = this.apiObject;
  }

  protected checksumInput(): unknown {
    return this.apiObject.toJson().spec;
  }
}
