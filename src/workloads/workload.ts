import { ApiObject, Chart, Duration, Size } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { EnvVar } from '../core/env';
import { PodCompositionProps } from '../core/pod';
import { HealthProbe } from '../core/probe';
import { CpuArchitecture, NodeAffinityProps, NodePool } from '../core/scheduling';
import {
  ALERTS_SHAPE, AlertsProps, INGRESS_SCOPE, IngressScope, MetricsExporter, PROBES_SHAPE, ProbeProps, RESOURCE_SHAPE, ResourceProps, RestartPolicy,
  SECURITY_SHAPE, SecurityProps, TOLERATION_SHAPE, Toleration, UpdateStrategy,
} from '../core/types';
import { SyncWave } from '../platform/gitops';
import { Platform } from '../platform/platform';
import { WorkloadAlerts } from '../platform/workload-alerts';
import { podTemplateOf, podTemplatePath } from '../policy/context';
import { Exemption, exemptionAnnotations } from '../policy/scanners';
import { constructArgs } from '../private/construct-args';
import { ALERTS, ARCHETYPES, MANAGED_BY, METRICS_EXPORTER, PROBES, RESOURCES, TASK, WORKLOAD } from '../private/defaults';
import { podExemptions, podReasons } from '../private/exemptions';
import { credentialInArgs } from '../private/facts/credentials';
import { INT32_MAX } from '../private/facts/int32';
import { suggestName } from '../private/facts/names';
import { sameProbe } from '../private/facts/probes';
import * as k8s from '../private/k8s';
import { dnsEgress, internetEgress } from '../private/network';
import { definedOnly, sortedOrUndefined } from '../private/objects';
import { withPlatformDefaults } from '../private/platform-defaults';
import { composePod } from '../private/pod-composition';
import { nodePlacement } from '../private/scheduling';
import { Expect, Shape, ShapeProblem, checkShape, required, shapeProblems } from '../private/shape';
import {
  Problems, checkAnnotations, checkEnv, checkImage, checkLabelValue, checkLabels, checkName, checkPort, checkReference, checkResources, imageVersion,
} from '../private/validate';

/** Props every workload archetype takes. */
export interface WorkloadProps extends PodCompositionProps {
  /** Container image, pinned to a tag or digest ("ghcr.io/acme/shop:1.4.2"). */
  readonly image: string;
  /**
   * Image pull policy: "Always", or "IfNotPresent" / "Never" with `imagePullPolicyReason`.
   * @default "Always" (the registry checks the pod's pull secret on every start), or the organisation default
   */
  readonly imagePullPolicy?: string;
  /**
   * Why the pods keep a cached image (required when `imagePullPolicy` is not "Always"). Written as the
   * exemption annotation of every scanner (ours, Polaris, kube-score, checkov) on the workload's controllers.
   * @default none
   */
  readonly imagePullPolicyReason?: string;
  /**
   * Name of every object, and the `app.kubernetes.io/name` and `instance` labels. A DNS-1123 label.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace of every object.
   * @default the chart's namespace
   */
  readonly namespace?: string;
  /**
   * `app.kubernetes.io/version`.
   * @default the image tag (or the first 12 digest characters)
   */
  readonly version?: string;
  /**
   * `app.kubernetes.io/part-of`.
   * @default the chart's id
   */
  readonly partOf?: string;
  /**
   * Extra labels on every object and pod (never in selectors).
   * @default none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Extra annotations on every object.
   * @default none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Extra annotations on the pods.
   * @default none
   */
  readonly podAnnotations?: { [key: string]: string };
  /**
   * Entrypoint override.
   * @default the image's ENTRYPOINT
   */
  readonly command?: string[];
  /**
   * Arguments.
   * @default the image's CMD
   */
  readonly args?: string[];
  /**
   * Environment variables.
   * @default none
   */
  readonly env?: { [name: string]: EnvVar };
  /**
   * Existing Secrets whose keys all become environment variables. Prefer `secretFiles` (checkov CKV_K8S_35):
   * without `envFromSecretsReason` the scanners report these.
   * @default none
   */
  readonly envFromSecrets?: string[];
  /**
   * Why `envFromSecrets` are read into the environment rather than mounted as files (`secretFiles`), such as
   * "the vendor image reads its settings from the environment only". Written as checkov's exemption of CKV_K8S_35.
   * @default none: the scanners report the Secrets read into the environment
   */
  readonly envFromSecretsReason?: string;
  /**
   * Existing ConfigMaps whose keys all become environment variables.
   * @default none
   */
  readonly envFromConfigMaps?: string[];
  /**
   * Requests and limits.
   * @default archetype defaults, see ResourceProps
   */
  readonly resources?: ResourceProps;
  /**
   * A resource class defined by the organisation defaults (`Platform.configure`); `resources` still wins.
   * @default none
   */
  readonly resourceClass?: string;
  /**
   * Probes.
   * @default archetype defaults, see ProbeProps
   */
  readonly probes?: ProbeProps;
  /**
   * Add a startup probe that allows the app this long to start before liveness applies.
   * @default no startup probe (StatefulStore: 5 minutes, so crash recovery is not killed by liveness)
   */
  readonly slowStart?: Duration;
  /**
   * Security context overrides.
   * @default restricted: non-root uid/gid 10001, read-only root file system, no privilege escalation, all capabilities dropped, seccomp RuntimeDefault
   */
  readonly security?: SecurityProps;
  /**
   * Size limit of the writable /tmp emptyDir.
   * @default 64 MiB
   */
  readonly tmpSize?: Size;
  /**
   * Node labels the pods must run on.
   * @default none
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Node affinity: terms nodes must match (`required`) or are preferred for (`preferred`), with typed operators.
   * The archetype's spread and anti-affinity stay.
   * @default none
   */
  readonly nodeAffinity?: NodeAffinityProps;
  /**
   * CPU architecture of the nodes, as the nodeSelector `kubernetes.io/arch` (the image must be built for it).
   * @default any architecture
   */
  readonly architecture?: CpuArchitecture;
  /**
   * Node pool of the pods, as a nodeSelector of the pool's label (`NodePool.gke("gpu")`, `NodePool.instanceType("m7g.large")`).
   * @default any pool
   */
  readonly pool?: NodePool;
  /**
   * Taints the pods tolerate.
   * @default none
   */
  readonly tolerations?: Toleration[];
  /**
   * PriorityClass of the pods.
   * @default none (the cluster default)
   */
  readonly priorityClassName?: string;
  /**
   * Time from SIGTERM to SIGKILL.
   * @default 30s (StatefulStore 120s)
   */
  readonly terminationGracePeriod?: Duration;
  /**
   * Sleep in a preStop hook so endpoints drain before SIGTERM; needs `sleep` in the image. Duration.seconds(0) removes the hook.
   * @default 5s
   */
  readonly preStopDelay?: Duration;
  /**
   * Mount a service account token (only for apps that call the Kubernetes API); needs `mountServiceAccountTokenReason`.
   * @default false
   */
  readonly mountServiceAccountToken?: boolean;
  /**
   * Why the pods call the Kubernetes API (required when `mountServiceAccountToken` is true). Written as the
   * exemption annotation of every scanner (Polaris automountServiceAccountToken, checkov CKV_K8S_38).
   * @default none
   */
  readonly mountServiceAccountTokenReason?: string;
  /**
   * Who may connect to the workload's port.
   * @default IngressScope.CLUSTER (StatefulStore: IngressScope.PEERS)
   */
  readonly ingressScope?: IngressScope;
  /**
   * Allow egress to public internet addresses (private ranges stay closed).
   * @default false: DNS and declared peers only
   */
  readonly allowInternetEgress?: boolean;
  /**
   * Emit a PrometheusRule with alerts derived from the workload's settings (`{}` for the defaults; `false` turns
   * off an organisation default). Needs the Prometheus Operator and kube-state-metrics.
   * @default the organisation default (`Platform.configure`), else no alerts
   */
  readonly alerts?: AlertsProps | false;
}

const probe: Expect = { instance: HealthProbe, example: 'a HealthProbe such as HealthProbe.http("/healthz")' };
const envMap: Expect = { map: { instance: EnvVar, example: 'an EnvVar such as EnvVar.value("info") or EnvVar.fromSecret("db", "password")' } };
const CONTAINER_SHAPE: Shape = {
  name: required('string'),
  image: required('string'),
  command: 'strings',
  args: 'strings',
  env: envMap,
  ports: { list: 'int' },
  resources: { object: RESOURCE_SHAPE },
  readiness: probe,
  liveness: probe,
  mounts: 'stringMap',
};

/** The known props of PodCompositionProps (src/private/shape.ts). @internal */
export const POD_COMPOSITION_SHAPE: Shape = {
  imagePullSecrets: 'strings',
  sidecars: { list: { object: CONTAINER_SHAPE } },
  nativeSidecars: 'boolean',
  initContainers: { list: { object: CONTAINER_SHAPE } },
  secretFiles: { list: { object: { secretName: required('string'), mountPath: required('string'), keys: 'strings', volumeName: 'string' } } },
  serviceAccountTokens: { list: { object: { audience: required('string'), mountPath: required('string'), expiration: 'seconds', volumeName: 'string' } } },
  emptyDirs: { list: { object: { name: required('string'), mountPath: required('string'), size: required('size'), memory: 'boolean' } } },
};

const NODE_TERM: Shape = {
  match: required({ list: { object: { key: required('string'), operator: required('string'), values: 'strings' } } }),
};

/** The known props of every workload and the kind of value each takes (src/private/shape.ts). @internal */
export const WORKLOAD_SHAPE: Shape = {
  ...POD_COMPOSITION_SHAPE,
  nodeAffinity: { object: { required: { list: { object: NODE_TERM } }, preferred: { list: { object: { ...NODE_TERM, weight: required('int') } } } } },
  architecture: 'string', // nodePlacement names the CpuArchitecture to use
  pool: { instance: NodePool, example: 'a NodePool such as NodePool.labelled("pool", "batch")' },
  image: required('string'),
  imagePullPolicy: 'string',
  imagePullPolicyReason: 'string',
  name: 'string',
  namespace: 'string',
  version: 'string',
  partOf: 'string',
  labels: 'stringMap',
  annotations: 'stringMap',
  podAnnotations: 'stringMap',
  command: 'strings',
  args: 'strings',
  env: envMap,
  envFromSecrets: 'strings',
  envFromSecretsReason: 'string',
  envFromConfigMaps: 'strings',
  resources: { object: RESOURCE_SHAPE },
  resourceClass: 'string',
  probes: { object: PROBES_SHAPE },
  slowStart: 'seconds',
  security: { object: SECURITY_SHAPE },
  tmpSize: 'size',
  nodeSelector: 'stringMap',
  tolerations: { list: { object: TOLERATION_SHAPE } },
  priorityClassName: 'string',
  terminationGracePeriod: 'seconds',
  preStopDelay: 'seconds',
  mountServiceAccountToken: 'boolean',
  mountServiceAccountTokenReason: 'string',
  ingressScope: INGRESS_SCOPE,
  allowInternetEgress: 'boolean',
  alerts: { either: [{ object: ALERTS_SHAPE }, 'boolean'] },
};

/** The known props of `connectsTo`'s options (src/private/shape.ts). @internal */
export const CONNECT_SHAPE: Shape = { port: 'int' };

/** The known props of the run-to-completion archetypes (JobProps). @internal */
export const JOB_SHAPE: Shape = {
  ...WORKLOAD_SHAPE,
  backoffLimit: 'int',
  activeDeadline: 'seconds',
  ttlAfterFinished: 'seconds',
  restartPolicy: 'string',
};

/**
 * `props` as a JavaScript caller may pass them, checked against `shape`: the
 * props without whatever does not fit, and a problem for each misfit, for the
 * construct to record once it exists. @internal
 */
export function checkedProps<T>(props: T, shape: Shape): { props: T; problems: ShapeProblem[] } {
  const { value, problems } = shapeProblems(props, shape, '');
  return { props: value as T, problems };
}

/** Props of the run-to-completion archetypes (Task, ScheduledTask, Migration). */
export interface JobProps extends WorkloadProps {
  /**
   * Retries before the run counts as failed.
   * @default 2
   */
  readonly backoffLimit?: number;
  /**
   * A run taking longer is stopped, retries included.
   * @default 1 hour
   */
  readonly activeDeadline?: Duration;
  /**
   * Delete the finished Job (and its pods) this long after it ends.
   * @default kept: a GitOps tool would re-create a deleted Job and run it again
   */
  readonly ttlAfterFinished?: Duration;
  /**
   * What a failed container does: a new pod per retry (failed pods kept for `kubectl logs`), or a restart in place.
   * @default RestartPolicy.NEVER
   */
  readonly restartPolicy?: RestartPolicy;
}

/** An archetype's default requests and limits. @internal */
export interface ResourceDefaults {
  readonly cpuRequest: string;
  readonly cpuLimit: string;
  readonly memoryRequest: string;
  readonly memoryLimit: string;
  readonly storageRequest: string;
  readonly storageLimit: string;
}

/** What an archetype passes to `Workload.podTemplate`. @internal */
export interface PodTemplateInput {
  readonly podLabels: { [key: string]: string };
  readonly ports: k8s.ContainerPort[];
  readonly resources: ResourceDefaults;
  readonly readiness?: HealthProbe;
  readonly liveness?: HealthProbe;
  readonly terminationGracePeriodSeconds: number;
  readonly extraVolumes?: k8s.Volume[];
  readonly extraMounts?: k8s.VolumeMount[];
  readonly podAnnotations?: { [key: string]: string };
  readonly affinity?: k8s.Affinity;
  readonly topologySpreadConstraints?: k8s.TopologySpreadConstraint[];
  readonly fsGroup?: boolean;
  readonly image?: string;
  /** Containers beside the main one (an exporter), complete and restricted. */
  readonly sidecars?: k8s.Container[];
  /** Props to build this pod from instead of the workload's own (a second pod kind, such as a backup job). */
  readonly props?: WorkloadProps;
  /**
   * Privileged opt-ins (NodeAgent). An archetype sets these only after
   * recording the user's written reason; they never appear by default.
   */
  readonly hostNetwork?: boolean;
  readonly hostPid?: boolean;
  readonly runAsRoot?: boolean;
  readonly addCapabilities?: string[];
  /** A Job, CronJob or test Pod: sidecars must be native ones. */
  readonly runToCompletion?: boolean;
}

const q = (v: string) => k8s.Quantity.fromString(v);
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

/**
 * The update strategy of a StatefulSet or DaemonSet: `given`, or the archetype's `fallback`; an unknown value is a
 * prop error. @internal
 */
export function updateStrategyOf(p: Problems, given: string | undefined, fallback: string): UpdateStrategy {
  const strategy = (given ?? fallback) as UpdateStrategy;
  if (!Object.values(UpdateStrategy).includes(strategy)) {
    p.add('updateStrategy', strategy, 'is not an update strategy', 'use UpdateStrategy.ROLLING_UPDATE ("RollingUpdate") or UpdateStrategy.ON_DELETE ("OnDelete")');
  }
  return strategy;
}

/** Labels, annotations, references and environment of a workload's props, as the API server will check them. */
function checkWorkloadMetadata(p: Problems, props: WorkloadProps): void {
  checkLabels(p, 'labels', props.labels);
  checkLabels(p, 'nodeSelector', props.nodeSelector);
  checkAnnotations(p, 'annotations', props.annotations);
  checkAnnotations(p, 'podAnnotations', props.podAnnotations);
  checkLabelValue(p, 'version', props.version);
  checkLabelValue(p, 'partOf', props.partOf);
  checkEnv(p, 'env', props.env);
  props.envFromSecrets?.forEach((name, i) => checkReference(p, `envFromSecrets[${i}]`, name));
  props.envFromConfigMaps?.forEach((name, i) => checkReference(p, `envFromConfigMaps[${i}]`, name));
  checkReference(p, 'priorityClassName', props.priorityClassName || undefined);
  props.tolerations?.forEach((t, i) => {
    if (t.key) checkLabels(p, `tolerations[${i}]`, { [t.key]: t.value ?? '' });
    if (t.operator === 'Exists' && t.value) p.add(`tolerations[${i}].value`, t.value, 'is set with operator "Exists"', 'remove the value, or use operator "Equal"');
  });
}

/**
 * What every archetype shares: names, labels, the ServiceAccount, the
 * NetworkPolicy and `connectsTo`, and a restricted pod template.
 */
export abstract class Workload extends Construct {
  /** Name of the workload's objects. */
  public readonly name: string;
  /** Namespace, when set on the workload or its chart. */
  public readonly namespace?: string;
  /** Labels that select this workload's pods (immutable: never the version). */
  public readonly selectorLabels: { [key: string]: string };
  /** Labels on every object of the workload. */
  public readonly labels: { [key: string]: string };
  /** The ServiceAccount the pods run as. */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** The NetworkPolicy that isolates the pods. */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;
  /** Port peers connect to, if the workload serves one. */
  public abstract readonly port?: number;
  /** The PrometheusRule of `alerts`. */
  public readonly alerts?: WorkloadAlerts;
  /** The main container's image, with the organisation's registry. */
  public readonly image: string;

  /** @internal */
  protected readonly problems: Problems;
  /** @internal */
  protected readonly props: WorkloadProps;
  private readonly ingressRules: k8s.NetworkPolicyIngressRule[] = [];
  private readonly egressRules: k8s.NetworkPolicyEgressRule[];
  /** Exemptions an archetype recorded for one of its pod controllers. */
  private readonly recordedExemptions = new Map<ApiObject, Exemption[]>();
  /** The exemptions each pod template shows (`podExemptions`), by its labels (every pod kind of a workload has its own). */
  private readonly templateExemptions = new Map<string, Exemption[]>();

  protected constructor(scope: Construct, id: string, rawProps: WorkloadProps, component: string) {
    // every archetype's scope and id are checked here, once (the id names the workload below)
    [scope, id] = constructArgs(scope, id, new.target.name);
    super(scope, id);
    this.problems = new Problems(this);
    // explicit props win over organisation defaults, which win over the profile and built-in defaults
    const archetype = ARCHETYPES[component] ?? { tier: 'app' };
    const props = withPlatformDefaults(Platform.of(this), rawProps, archetype.resources, this.problems);
    this.props = props;
    this.image = props.image;
    // every pod controller under the workload gets its exemption annotations before anything is rendered
    this.node.addValidation({
      validate: () => {
        this.annotateExemptions();
        return [];
      },
    });
    SyncWave.tier(this, archetype.tier);
    this.name = props.name ?? id;
    this.namespace = props.namespace ?? Chart.of(this).namespace;
    checkName(this.problems, props.name ? 'name' : 'id (the default name)', this.name);
    if (/^[0-9]/.test(this.name)) {
      this.problems.add(props.name ? 'name' : 'id (the default name)', this.name, 'starts with a digit: a Service name is a DNS-1035 label',
        `start it with a letter, such as "${suggestName(this.name) ?? 'web'}"`);
    }
    checkImage(this.problems, 'image', props.image);
    for (const field of ['command', 'args'] as const) {
      const why = credentialInArgs(props[field]);
      if (why) this.problems.add(field, '(not shown)', why, 'read the credential from a Secret (EnvVar.fromSecret, or a file the app reads)');
    }
    if (props.namespace !== undefined) checkName(this.problems, 'namespace', props.namespace);
    checkWorkloadMetadata(this.problems, props);

    const version = props.version ?? imageVersion(props.image);
    if (props.partOf === undefined) checkLabelValue(this.problems, 'partOf (default: the chart id)', Chart.of(this).node.id);
    this.selectorLabels = {
      'app.kubernetes.io/name': this.name,
      'app.kubernetes.io/instance': this.name,
    };
    this.labels = {
      ...props.labels,
      ...this.selectorLabels,
      ...(version ? { 'app.kubernetes.io/version': version } : {}),
      'app.kubernetes.io/component': component,
      'app.kubernetes.io/part-of': props.partOf ?? Chart.of(this).node.id,
      'app.kubernetes.io/managed-by': MANAGED_BY,
    };

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: this.metadata(),
      automountServiceAccountToken: props.mountServiceAccountToken ?? false,
    });

    // a hook (a smoke test Pod) is not a running workload: the organisation default skips it
    const orgAlerts = archetype.tier === 'hook' ? undefined : Platform.of(this).defaults?.alerts;
    const alerts = props.alerts === false ? undefined : props.alerts ?? orgAlerts;
    if (alerts) {
      // rules are derived from the workload's objects when the app is validated, so it may add them after this
      this.alerts = new WorkloadAlerts(this, 'Alerts', {
        ...alerts, workload: this, name: `${this.name}${ALERTS.suffix}`, namespace: props.namespace, ruleLabels: this.labels, prefix: 'alerts.',
      });
    }

    this.egressRules = [dnsEgress()];
    if (props.allowInternetEgress) this.egressRules.push(internetEgress());
    this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: this.metadata(),
      spec: {
        // one label, so the policy selects every pod of the workload (all colours, canary and stable)
        podSelector: { matchLabels: { 'app.kubernetes.io/name': this.name } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: this.ingressRules,
        egress: this.egressRules,
      },
    });
  }

  /**
   * Opens the network between this workload (client) and `other` (server):
   * egress from these pods to the other's port, and ingress there from these pods.
   */
  public connectsTo(other: Workload, options: ConnectOptions = {}): void {
    if (!(other instanceof Workload)) {
      this.problems.add('connectsTo', String(other), 'is not a workload', 'pass a WebApp, StatefulStore, NodeAgent or another Workload of this app');
      return;
    }
    options = checkShape<ConnectOptions>(options, CONNECT_SHAPE, 'connectsTo', (...a) => this.problems.add(...a));
    const port = options.port ?? other.port;
    if (port === undefined) {
      this.problems.add('connectsTo', other.node.path, 'serves no port', 'give `port` in the options of connectsTo');
      return;
    }
    checkPort(this.problems, 'connectsTo.port', port);
    this.egressRules.push({
      to: [peerSelector(other, this)],
      ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) }],
    });
    if ((other.props.ingressScope ?? IngressScope.CLUSTER) !== IngressScope.CLUSTER) {
      other.ingressRules.push({
        from: [peerSelector(this, other)],
        ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) }],
      });
    }
  }

  /** Metadata for one of the workload's objects. @internal */
  protected metadata(name: string = this.name, extraLabels: { [key: string]: string } = {}): k8s.ObjectMeta {
    return {
      name,
      namespace: this.props.namespace,
      labels: { ...this.labels, ...extraLabels },
      annotations: this.props.annotations,
    };
  }

  /**
   * Records `exemptions` that only the archetype knows of (a missing probe it chose, a NodeAgent's opt-ins) for
   * `objects`. Every pod controller under the workload gets its annotations when the app is validated: these, and
   * those its pod shows (`podExemptions`).
   * @internal
   */
  protected writeExemptions(objects: ReadonlyArray<ApiObject | undefined>, exemptions: Exemption[]): void {
    for (const obj of objects) if (obj) this.recordedExemptions.set(obj, [...this.recordedExemptions.get(obj) ?? [], ...exemptions]);
  }

  /**
   * Writes the exemption annotations (ours and every scanner's) on every pod controller of this workload: its own,
   * and those it adds later (a backup CronJob, a restore Job, a release's Rollout). Runs when the app is validated,
   * before anything is rendered, so no pod-owning object is missed.
   */
  private annotateExemptions(): void {
    for (const obj of this.node.findAll()) {
      if (!ApiObject.isApiObject(obj) || !podTemplatePath(obj.kind) || nearestWorkload(obj) !== this) continue;
      let labels: unknown;
      try {
        labels = builtTemplateLabels(obj);
      } catch {
        continue; // a broken object reports itself when it is rendered
      }
      const recorded = this.recordedExemptions.get(obj) ?? [];
      const shown = (this.templateExemptions.get(labelsKey(labels)) ?? []).filter(e => !recorded.some(r => r.id === e.id));
      const existing = obj.metadata.toJson().annotations ?? {};
      for (const [key, value] of Object.entries(exemptionAnnotations([...recorded, ...shown], existing))) obj.metadata.addAnnotation(key, value);
    }
  }

  /** Opens an extra egress rule (e.g. a NodeAgent's calls to the API server). @internal */
  protected allowEgress(rule: k8s.NetworkPolicyEgressRule): void {
    this.egressRules.push(rule);
  }

  /** Opens an extra ingress rule, whatever the ingress scope (e.g. a StatefulStore's replicas to each other). @internal */
  protected allowIngress(rule: k8s.NetworkPolicyIngressRule): void {
    this.ingressRules.push(rule);
  }

  /**
   * Declares which ports are open to whom. Called once by the archetype
   * after it knows its ports; `connectsTo` peers are added at synth.
   * @internal
   */
  protected openIngress(ports: number[], extraFrom: k8s.NetworkPolicyPeer[] = []): void {
    // no ports is no rule: a rule with an empty port list would open every port
    if (ports.length === 0) return;
    const scope = this.props.ingressScope ?? IngressScope.CLUSTER;
    const toPorts = ports.map(p => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(p) }));
    if (scope === IngressScope.CLUSTER) {
      this.ingressRules.push({ from: [{ namespaceSelector: {} }], ports: toPorts });
    } else if (scope === IngressScope.NAMESPACE) {
      this.ingressRules.push({ from: [{ podSelector: {} }], ports: toPorts });
    } else if (extraFrom.length > 0) {
      this.ingressRules.push({ from: extraFrom, ports: toPorts });
    }
  }

  /**
   * The Job spec of a run-to-completion archetype: the restricted pod (no ports,
   * no probes), retries, deadline, TTL and restart policy, after checking them.
   * @internal
   */
  protected jobSpec(props: JobProps, backoffLimit: number, podLabels: { [key: string]: string } = {}): k8s.JobSpec {
    const p = this.problems;
    const restartPolicy = props.restartPolicy ?? TASK.restartPolicy;
    if (!Object.values(RestartPolicy).includes(restartPolicy as RestartPolicy)) {
      p.add('restartPolicy', restartPolicy, 'is not a restart policy for a run-to-completion pod', 'use RestartPolicy.NEVER ("Never") or RestartPolicy.ON_FAILURE ("OnFailure")');
    }
    const limit = props.backoffLimit ?? backoffLimit;
    if (!Number.isInteger(limit) || limit < 0) p.add('backoffLimit', limit, 'is not a whole number >= 0', 'use 0 for no retry, or a small number such as 2');
    const deadline = props.activeDeadline?.toSeconds() ?? TASK.activeDeadlineSeconds;
    if (!Number.isInteger(deadline) || deadline < 1) p.add('activeDeadline', `${deadline}s`, 'is not a whole number of seconds >= 1', 'use a duration such as Duration.minutes(30)');
    const ttl = props.ttlAfterFinished?.toSeconds();
    if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 0)) p.add('ttlAfterFinished', `${ttl}s`, 'is not a whole number of seconds >= 0', 'use a duration such as Duration.days(1)');
    const template = this.podTemplate({
      // a run-to-completion pod has no endpoints to drain: no preStop sleep unless asked
      props: { ...props, preStopDelay: props.preStopDelay ?? Duration.seconds(TASK.preStopSeconds) },
      podLabels,
      runToCompletion: true,
      ports: [],
      // sized like web pods unless told (`resources`, `resourceClass`)
      resources: RESOURCES.web,
      terminationGracePeriodSeconds: WORKLOAD.terminationGracePeriodSeconds,
    });
    return {
      backoffLimit: limit,
      activeDeadlineSeconds: deadline,
      ttlSecondsAfterFinished: ttl,
      template: { ...template, spec: { ...template.spec!, restartPolicy } },
    };
  }

  /**
   * Every opt-in that weakens the restricted pod needs a written reason (it becomes the exemption annotation of
   * every scanner): a token, the image's own user, a missing CPU limit, a writable root file system.
   */
  private checkOptInReasons(props: WorkloadProps): void {
    const security = props.security ?? {};
    const missing = (reason: string | undefined) => !(typeof reason === 'string' && reason.trim());
    const scanners = 'it is written as each scanner\'s exemption annotation';
    if (props.mountServiceAccountToken === true && missing(props.mountServiceAccountTokenReason)) {
      this.problems.add('mountServiceAccountTokenReason', props.mountServiceAccountTokenReason ?? '', 'is empty while mountServiceAccountToken is true',
        `write why the pods call the Kubernetes API, such as "reads its ConfigMaps through the API" (${scanners}), or leave the token unmounted`);
    }
    if (security.useImageUser === true && missing(security.useImageUserReason)) {
      this.problems.add('security.useImageUserReason', security.useImageUserReason ?? '', 'is empty while security.useImageUser is true',
        `write why the image's own USER must apply, such as "the image's files belong to uid 999" (${scanners}), or set security.user and security.group instead`);
    }
    const exporter = (props as { metrics?: { exporter?: MetricsExporter } }).metrics?.exporter;
    const resources: Array<[string, ResourceProps | undefined]> = [
      ['resources', props.resources],
      ...(props.sidecars ?? []).map((c, i) => [`sidecars[${i}].resources`, c?.resources] as [string, ResourceProps | undefined]),
      ...(props.initContainers ?? []).map((c, i) => [`initContainers[${i}].resources`, c?.resources] as [string, ResourceProps | undefined]),
      ['metrics.exporter.resources', exporter?.resources],
    ];
    for (const [prop, r] of resources) {
      if (r?.omitCpuLimit === true && missing(r.omitCpuLimitReason)) {
        this.problems.add(`${prop}.omitCpuLimitReason`, r.omitCpuLimitReason ?? '', 'is empty while omitCpuLimit is true',
          `write why throttling is worse than a noisy neighbour here, such as "p99 latency doubles under CFS throttling" (${scanners}), or keep a CPU limit`);
      }
    }
    if (security.readOnlyRootFilesystem === false && missing(security.readOnlyRootFilesystemReason)) {
      this.problems.add('security.readOnlyRootFilesystemReason', security.readOnlyRootFilesystemReason ?? '', 'is empty while security.readOnlyRootFilesystem is false',
        `write why the app writes outside /tmp, such as "unpacks plugins into /opt/app at start" (${scanners}), or mount an emptyDir where it writes (emptyDirs)`);
    }
  }

  /** The restricted pod template every archetype uses. @internal */
  protected podTemplate(input: PodTemplateInput): k8s.PodTemplateSpec {
    const props = input.props ?? this.props;
    const security = props.security ?? {};
    const port = input.ports[0]?.containerPort;
    const readiness = props.probes?.readiness ?? input.readiness;
    const liveness = props.probes?.liveness ?? input.liveness;
    readiness?._validate(this.problems, 'probes.readiness', port);
    liveness?._validate(this.problems, 'probes.liveness', port);
    const readinessProbe = readiness?._render(port, PROBES.readiness);
    const livenessProbe = liveness?._render(port, PROBES.liveness);
    let startup = props.probes?.startup;
    // an archetype's default HealthProbe.none(reason) is no readiness for a slow start to add a startup probe to
    if (!startup && props.slowStart && (props.probes?.readiness || readinessProbe)) {
      startup = slowStartProbe(props.slowStart, port);
    }
    startup?._validate(this.problems, 'probes.startup', port);
    if (readinessProbe && livenessProbe && sameProbe(readinessProbe, livenessProbe)) {
      this.problems.add('probes.liveness', liveness!._describe(port), 'runs the same check as the readiness probe (kube-score pod-probes-identical)',
        'use a different check (HealthProbe.tcp() when readiness is HTTP, or an exec that only checks the process is alive) or HealthProbe.none(), '
        + 'so a slow dependency takes the pod out of traffic instead of restarting it');
    }
    const pullPolicy = props.imagePullPolicy ?? WORKLOAD.imagePullPolicy;
    if (!PULL_POLICIES.includes(pullPolicy)) {
      this.problems.add('imagePullPolicy', pullPolicy, 'is not an image pull policy', `use one of ${PULL_POLICIES.join(', ')}`);
    } else if (pullPolicy !== 'Always' && !props.imagePullPolicyReason?.trim()) {
      this.problems.add('imagePullPolicyReason', props.imagePullPolicyReason ?? '', `is empty while imagePullPolicy is "${pullPolicy}"`,
        'write why the pods keep a cached image (it becomes the exemption annotation of every scanner), or use "Always"');
    }
    this.checkOptInReasons(props);
    for (const [prop, value] of [['user', security.user], ['group', security.group]] as const) {
      if (value !== undefined && (!Number.isInteger(value) || value < 1 || value > INT32_MAX)) {
        this.problems.add(`security.${prop}`, value, `is not a non-root id from 1 to ${INT32_MAX}`, 'use a whole number >= 1, by convention >= 10000');
      }
    }

    const placement = nodePlacement(this.problems, props);
    const affinity = placement.nodeAffinity ? { ...input.affinity, nodeAffinity: placement.nodeAffinity } : input.affinity;

    const res = { ...input.resources, ...definedOnly(props.resources ?? {}) } as ResourceDefaults & ResourceProps;
    checkResources(this.problems, props.resources as { [prop: string]: unknown } | undefined, {
      cpuRequest: res.cpuRequest,
      cpuLimit: props.resources?.omitCpuLimit ? undefined : res.cpuLimit,
      memoryRequest: res.memoryRequest,
      memoryLimit: res.memoryLimit,
      ephemeralStorageRequest: props.resources?.ephemeralStorageRequest ?? res.storageRequest,
      ephemeralStorageLimit: props.resources?.ephemeralStorageLimit ?? res.storageLimit,
    });
    const limits: { [key: string]: k8s.Quantity } = {
      'cpu': q(res.cpuLimit),
      'memory': q(res.memoryLimit),
      'ephemeral-storage': q(res.storageLimit),
    };
    if (props.resources?.omitCpuLimit) delete limits.cpu;
    if (props.resources?.ephemeralStorageLimit) limits['ephemeral-storage'] = q(props.resources.ephemeralStorageLimit);
    const requests = {
      'cpu': q(res.cpuRequest),
      'memory': q(res.memoryRequest),
      'ephemeral-storage': q(props.resources?.ephemeralStorageRequest ?? res.storageRequest),
    };

    const preStop = props.preStopDelay?.toSeconds() ?? WORKLOAD.preStopSeconds;
    const useImageUser = security.useImageUser ?? false;
    const tmpSizeMi = props.tmpSize ? props.tmpSize.toMebibytes() : WORKLOAD.tmpSizeMi;
    const env = Object.entries(props.env ?? {}).map(([name, value]) => value._render(name));
    const envFrom = [
      ...(props.envFromConfigMaps ?? []).map(name => ({ configMapRef: { name } })),
      ...(props.envFromSecrets ?? []).map(name => ({ secretRef: { name } })),
    ];

    const mainSecurity: k8s.SecurityContext = {
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: security.readOnlyRootFilesystem ?? true,
      runAsNonRoot: !input.runAsRoot,
      capabilities: { drop: ['ALL'], add: input.addCapabilities?.length ? [...input.addCapabilities] : undefined },
    };
    const composition = composePod(this.problems, props, Platform.of(this).defaults?.imagePullSecrets, {
      ports: input.ports.map(x => x.containerPort),
      mountPaths: (input.extraMounts ?? []).map(m => m.mountPath),
      volumeNames: [...(input.extraVolumes ?? []), ...(input.extraMounts ?? [])].map(v => v.name),
      readOnlyVolumeNames: (input.extraMounts ?? []).filter(m => m.readOnly).map(m => m.name),
      imagePullPolicy: pullPolicy,
      securityContext: mainSecurity,
      runAsRoot: input.runAsRoot ?? false,
      runToCompletion: input.runToCompletion ?? false,
    });
    const fsGroup = input.fsGroup || (composition.needsFsGroup && !input.runAsRoot);

    const container: k8s.Container = {
      name: 'main',
      image: input.image ?? props.image,
      imagePullPolicy: pullPolicy,
      command: props.command,
      args: props.args,
      ports: input.ports.length ? input.ports : undefined,
      env: env.length ? env : undefined,
      envFrom: envFrom.length ? envFrom : undefined,
      resources: { requests, limits },
      readinessProbe,
      livenessProbe,
      startupProbe: startup?._render(port, PROBES.startup),
      lifecycle: preStop > 0 ? { preStop: { exec: { command: ['sleep', String(preStop)] } } } : undefined,
      securityContext: mainSecurity,
      volumeMounts: [{ name: WORKLOAD.tmpVolumeName, mountPath: WORKLOAD.tmpPath }, ...(input.extraMounts ?? []), ...composition.mainMounts],
    };

    const template: k8s.PodTemplateSpec = {
      metadata: {
        labels: { ...this.labels, ...input.podLabels },
        annotations: sortedOrUndefined({ ...props.podAnnotations, ...input.podAnnotations }),
      },
      spec: {
        serviceAccountName: this.serviceAccount.name,
        automountServiceAccountToken: props.mountServiceAccountToken ?? false,
        securityContext: {
          runAsNonRoot: !input.runAsRoot,
          runAsUser: input.runAsRoot ? 0 : useImageUser ? undefined : security.user ?? WORKLOAD.user,
          runAsGroup: input.runAsRoot ? 0 : useImageUser ? undefined : security.group ?? WORKLOAD.group,
          fsGroup: fsGroup ? security.group ?? WORKLOAD.group : undefined,
          fsGroupChangePolicy: fsGroup ? 'OnRootMismatch' : undefined,
          seccompProfile: { type: 'RuntimeDefault' },
        },
        imagePullSecrets: composition.imagePullSecrets,
        initContainers: composition.initContainers,
        containers: [container, ...(input.sidecars ?? []), ...composition.sidecars],
        volumes: [
          { name: WORKLOAD.tmpVolumeName, emptyDir: { medium: '', sizeLimit: q(`${tmpSizeMi}Mi`) } },
          ...(input.extraVolumes ?? []),
          ...composition.volumes,
        ],
        terminationGracePeriodSeconds: props.terminationGracePeriod?.toSeconds() ?? input.terminationGracePeriodSeconds,
        hostNetwork: input.hostNetwork || undefined,
        hostPid: input.hostPid || undefined,
        // on the host network the pod still resolves cluster names only with this policy
        dnsPolicy: input.hostNetwork ? 'ClusterFirstWithHostNet' : undefined,
        nodeSelector: placement.nodeSelector,
        tolerations: props.tolerations?.map(t => ({ ...t, operator: t.operator ?? (t.value !== undefined ? 'Equal' : 'Exists') })),
        priorityClassName: props.priorityClassName,
        affinity,
        topologySpreadConstraints: input.topologySpreadConstraints,
      },
    };
    const exporter = (props as { metrics?: { exporter?: MetricsExporter } }).metrics?.exporter;
    // a user's HealthProbe.none() without a reason keeps the reason of the archetype's default none
    const reasons = podReasons(props, [
      { name: 'main', env: props.env, resources: props.resources },
      ...props.sidecars ?? [], ...props.initContainers ?? [],
      exporter && { ...exporter, name: METRICS_EXPORTER.containerName },
    ], {
      noReadiness: readiness?._noneReason() ?? input.readiness?._noneReason(),
      noLiveness: liveness?._noneReason() ?? input.liveness?._noneReason(),
    });
    this.templateExemptions.set(labelsKey(template.metadata!.labels), podExemptions(template.spec!, reasons));
    return template;
  }
}

/** Options of `connectsTo`. */
export interface ConnectOptions {
  /**
   * Port to open.
   * @default the other workload's port
   */
  readonly port?: number;
}

/** Selects `target`'s pods as seen from `from`'s namespace. */
function peerSelector(target: Workload, from: Workload): k8s.NetworkPolicyPeer {
  const podSelector = { matchLabels: { 'app.kubernetes.io/name': target.name } };
  if (target.namespace === from.namespace) return { podSelector };
  return {
    podSelector,
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': target.namespace ?? 'default' } },
  };
}

function slowStartProbe(slowStart: Duration, port: number | undefined): HealthProbe {
  const period = PROBES.startup.periodSeconds;
  const failureThreshold = Math.max(1, Math.ceil(slowStart.toSeconds() / period));
  return port === undefined
    ? HealthProbe.none()
    : HealthProbe.tcp({ port, failureThreshold });
}

/** The workload a construct belongs to: the nearest one above it. */
function nearestWorkload(c: IConstruct): Workload | undefined {
  for (let s = c.node.scope; s; s = s.node.scope) if (s instanceof Workload) return s;
  return undefined;
}

/**
 * The pod template labels of a pod controller. cdk8s keeps an object's props as they were given, so for a
 * controller without JSON patches whose template labels are plain strings they are read there; resolving the whole
 * object instead (toJson) cost a quarter of a synth of 1000 WebApps. A Pod (labels may be added to its metadata
 * later), a patched object or labels holding tokens are resolved.
 */
function builtTemplateLabels(obj: ApiObject): unknown {
  const { props, patches } = obj as unknown as { props?: object; patches?: unknown[] };
  if (obj.kind !== 'Pod' && props && patches?.length === 0) {
    const labels = podTemplateOf({ ...props, apiVersion: obj.apiVersion, kind: obj.kind })?.metadata?.labels;
    if (labels && typeof labels === 'object' && Object.values(labels).every(v => typeof v === 'string')) return labels;
  }
  return podTemplateOf(obj.toJson())?.metadata?.labels;
}

/** Pod labels as one key, whatever their order. */
function labelsKey(labels: unknown): string {
  return JSON.stringify(Object.entries(labels ?? {}).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0));
}
