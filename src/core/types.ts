// Prop types and enums more than one archetype or the platform layer share.
// Below every construct: this module imports no file of src/ but core/probe, core/env and private/shape (and core/notifications' types).
import { Duration } from 'cdk8s';
import { EnvVar } from './env';
import type { NotificationSubscription } from './notifications';
import { HealthProbe } from './probe';
import { Expect, Shape, required } from '../private/shape';

/** Requests and limits of the main container, as Kubernetes quantities ("250m", "512Mi"). */
export interface ResourceProps {
  /**
   * CPU the scheduler reserves.
   * @default archetype default (WebApp "100m", StatefulStore "250m", NodeAgent "50m")
   */
  readonly cpuRequest?: string;
  /**
   * CPU ceiling; throttled above it.
   * @default archetype default (WebApp "500m", StatefulStore "1", NodeAgent "200m")
   */
  readonly cpuLimit?: string;
  /**
   * Leave the CPU limit out, for latency-sensitive apps that must never be throttled; needs `omitCpuLimitReason`.
   * @default false
   */
  readonly omitCpuLimit?: boolean;
  /**
   * Why the CPU limit is left out (required when `omitCpuLimit` is true). Written as the exemption annotation of every
   * scanner (ours cpu-limit-set, Polaris cpuLimitsMissing, kube-score container-resources, checkov CKV_K8S_11).
   * @default none
   */
  readonly omitCpuLimitReason?: string;
  /**
   * Memory the scheduler reserves.
   * @default archetype default (WebApp "128Mi", StatefulStore "512Mi", NodeAgent "64Mi")
   */
  readonly memoryRequest?: string;
  /**
   * Memory ceiling; the container is OOM-killed above it.
   * @default archetype default (WebApp "256Mi", StatefulStore "1Gi", NodeAgent "128Mi")
   */
  readonly memoryLimit?: string;
  /**
   * Ephemeral storage (logs, emptyDir, writable layers) the scheduler reserves.
   * @default archetype default ("128Mi"; NodeAgent "64Mi")
   */
  readonly ephemeralStorageRequest?: string;
  /**
   * Ephemeral storage ceiling; the pod is evicted above it.
   * @default archetype default ("512Mi"; NodeAgent "256Mi")
   */
  readonly ephemeralStorageLimit?: string;
}

/** Probes of the main container. */
export interface ProbeProps {
  /**
   * Gates traffic: the pod gets requests only while this passes.
   * @default archetype default (WebApp: HTTP GET `healthPath`)
   */
  readonly readiness?: HealthProbe;
  /**
   * Restarts the container when this fails; must differ from readiness.
   * @default archetype default (a TCP connect to the port: the process is alive and accepting)
   */
  readonly liveness?: HealthProbe;
  /**
   * Holds off the other probes until the app has started.
   * @default none, or an HTTP/TCP probe derived from `slowStart` when that is set
   */
  readonly startup?: HealthProbe;
}

/** Security context overrides. The defaults meet the Pod Security Standard "restricted". */
export interface SecurityProps {
  /**
   * uid the containers run as.
   * @default 10001
   */
  readonly user?: number;
  /**
   * gid the containers run as.
   * @default 10001
   */
  readonly group?: number;
  /**
   * Leave runAsUser/runAsGroup out so the image's USER applies (runAsNonRoot still refuses root); needs `useImageUserReason`.
   * @default false
   */
  readonly useImageUser?: boolean;
  /**
   * Why the image's own USER must apply (required when `useImageUser` is true). Written as the exemption annotation
   * of kube-score (container-security-context-user-group-id) and checkov (CKV_K8S_40).
   * @default none
   */
  readonly useImageUserReason?: string;
  /**
   * Mount the root file system read-only (a writable /tmp is always mounted); false needs `readOnlyRootFilesystemReason`.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Why the root file system is writable (required when `readOnlyRootFilesystem` is false). Written as the exemption
   * annotation of every scanner (ours read-only-root-fs, Polaris notReadOnlyRootFilesystem, kube-score
   * container-security-context-readonlyrootfilesystem, checkov CKV_K8S_22).
   * @default none
   */
  readonly readOnlyRootFilesystemReason?: string;
}

/** A toleration of a node taint. */
export interface Toleration {
  /**
   * Taint key; empty with operator Exists tolerates every taint.
   * @default none (every taint, with operator Exists)
   */
  readonly key?: string;
  /**
   * "Equal" or "Exists".
   * @default "Equal" when a value is given, else "Exists"
   */
  readonly operator?: string;
  /**
   * Taint value for operator Equal.
   * @default none
   */
  readonly value?: string;
  /**
   * NoSchedule, PreferNoSchedule or NoExecute.
   * @default all effects
   */
  readonly effect?: string;
}

/** Who may open connections to a workload's port. */
export enum IngressScope {
  /** Any pod in any namespace of the cluster (not the outside world). */
  CLUSTER = 'cluster',
  /** Pods in the same namespace only. */
  NAMESPACE = 'namespace',
  /** Only workloads that call `connectsTo` on this one (and an ingress controller, when set). */
  PEERS = 'peers',
}

/** Where an autoscaling metric comes from (autoscaling/v2 metric source types beyond CPU and memory). */
export enum MetricType {
  /** A per-pod metric of the scaled pods (custom.metrics.k8s.io), averaged over them: requests per second per pod. */
  PODS = 'Pods',
  /** A metric of one other Kubernetes object (custom.metrics.k8s.io): requests per second of an Ingress. */
  OBJECT = 'Object',
  /** A metric from outside the cluster (external.metrics.k8s.io): the length of a cloud queue. */
  EXTERNAL = 'External',
}

/** An object an `OBJECT` metric describes. */
export interface MetricObject {
  /** API version of the object ("networking.k8s.io/v1"). */
  readonly apiVersion: string;
  /** Kind of the object ("Ingress"). */
  readonly kind: string;
  /** Name of the object, in the workload's namespace. */
  readonly name: string;
}

/** A custom or external metric the HorizontalPodAutoscaler scales on. */
export interface AutoscalingMetric {
  /** Where the metric comes from. */
  readonly type: MetricType;
  /** Metric name as the metrics adapter serves it ("http_requests_per_second", "sqs_messages_visible"). */
  readonly name: string;
  /**
   * Metric labels that pick one series ({ queue: "orders" }).
   * @default every series of the metric
   */
  readonly selector?: { [key: string]: string };
  /**
   * Target per pod: the metric (a Pods metric averaged over the pods, or an Object/External total divided by
   * the replicas) is kept at this. A number or a quantity ("50", "500m"). Required for Pods.
   * @default none: `value` is the target
   */
  readonly averageValue?: string | number;
  /**
   * Target of the metric as a whole (Object and External only).
   * @default none: `averageValue` is the target
   */
  readonly value?: string | number;
  /**
   * The object an `OBJECT` metric describes (required for Object, not allowed otherwise).
   * @default none
   */
  readonly describedObject?: MetricObject;
}

/**
 * A queue's backlog as an External metric (external.metrics.k8s.io): the HPA keeps about `messagesPerPod`
 * waiting messages per pod, so a backlog of 300 at 30 per pod asks for 10 pods.
 */
export interface QueueLengthMetric {
  /** External metric name as the metrics adapter serves it ("rabbitmq_queue_messages_ready", "sqs_messages_visible"). */
  readonly name: string;
  /**
   * Metric labels that pick this queue's series ({ queue: "order-events" }).
   * @default every series of the metric
   */
  readonly selector?: { [key: string]: string };
  /** Waiting messages one pod should have, a positive number: the External metric's `averageValue` target. */
  readonly messagesPerPod: number;
}

/** Horizontal pod autoscaling (autoscaling/v2). */
export interface AutoscalingProps {
  /**
   * Fewest pods, 1 or more: a HorizontalPodAutoscaler scales to zero only with a feature gate (see the worker docs).
   * @default 2
   */
  readonly minReplicas?: number;
  /** Most pods. */
  readonly maxReplicas: number;
  /**
   * Target average CPU utilisation, percent of the request.
   * @default 70 (when no other target is given)
   */
  readonly cpuUtilization?: number;
  /**
   * Target average memory utilisation, percent of the request.
   * @default none
   */
  readonly memoryUtilization?: number;
  /**
   * Target requests per second per pod, read from the per-pod custom metric `requestsMetric` (a Pods metric).
   * @default none
   */
  readonly requestsPerSecond?: number;
  /**
   * Name of the per-pod request-rate metric the metrics adapter serves, for `requestsPerSecond`.
   * @default "http_requests_per_second"
   */
  readonly requestsMetric?: string;
  /**
   * Scale on a queue's length (an External metric, target `messagesPerPod` per pod): the usual metric of a Worker.
   * @default none
   */
  readonly queueLength?: QueueLengthMetric;
  /**
   * Further custom (Pods, Object) or external (External) metrics; the HPA follows whichever wants the most pods.
   * @default none
   */
  readonly metrics?: AutoscalingMetric[];
}

/** Prometheus metrics the app exposes. */
export interface MetricsProps {
  /**
   * Port serving metrics.
   * @default the app's port
   */
  readonly port?: number;
  /**
   * Path serving metrics.
   * @default "/metrics"
   */
  readonly path?: string;
  /**
   * Scrape interval.
   * @default "30s"
   */
  readonly interval?: string;
  /**
   * Emit a Prometheus Operator ServiceMonitor; false writes `prometheus.io/*` scrape annotations on the pods instead.
   * @default true
   */
  readonly serviceMonitor?: boolean;
}

/** What a run-to-completion pod does when its container fails. */
export enum RestartPolicy {
  /** A new pod for every retry: failed pods stay for `kubectl logs`. */
  NEVER = 'Never',
  /** The container restarts in the same pod (faster, but the failed run's logs go with it). */
  ON_FAILURE = 'OnFailure',
}

/** What a ScheduledTask does when a run is due while the previous one still runs. */
export enum ConcurrencyPolicy {
  /** Skip the new run. */
  FORBID = 'Forbid',
  /** Run both. */
  ALLOW = 'Allow',
  /** Stop the running one and start the new one. */
  REPLACE = 'Replace',
}

/** How a StatefulSet or DaemonSet replaces its pods when the pod template changes. */
export enum UpdateStrategy {
  /** The controller replaces pods itself, one at a time (StatefulStore: highest ordinal first; NodeAgent: `maxUnavailable` nodes at once). */
  ROLLING_UPDATE = 'RollingUpdate',
  /** A pod takes the new template only when someone deletes it: the operator decides when each replica or node moves. */
  ON_DELETE = 'OnDelete',
}

/** A Prometheus exporter running as a sidecar beside the main container (a database exporter). */
export interface MetricsExporter {
  /** Exporter image, pinned to a tag or digest ("quay.io/prometheuscommunity/postgres-exporter:v0.15.0"). */
  readonly image: string;
  /**
   * Arguments of the exporter.
   * @default the image's CMD
   */
  readonly args?: string[];
  /**
   * Environment variables (credentials with `EnvVar.fromSecret`).
   * @default none
   */
  readonly env?: { [name: string]: EnvVar };
  /**
   * Existing Secrets whose keys all become environment variables of the exporter.
   * @default none
   */
  readonly envFromSecrets?: string[];
  /**
   * Requests and limits of the exporter.
   * @default cpu 50m/200m, memory 32Mi/128Mi, ephemeral-storage 16Mi/64Mi
   */
  readonly resources?: ResourceProps;
}

/** Whether replicas of a store may share a node. */
export enum AntiAffinity {
  /** Never two replicas on one node: a pod stays Pending rather than share. */
  REQUIRED = 'required',
  /** Avoid sharing a node, but schedule anyway when there are too few nodes. */
  PREFERRED = 'preferred',
}

/** Pod Security Standard levels a namespace can enforce. */
export enum PodSecurityLevel {
  /** Hardened: non-root, no privilege escalation, seccomp, capabilities dropped. */
  RESTRICTED = 'restricted',
  /** Prevents known privilege escalations; allows root. */
  BASELINE = 'baseline',
  /** Unrestricted: hostPath, host namespaces, privileged containers (node agents). */
  PRIVILEGED = 'privileged',
}

/** What an environment profile changes. Unset fields keep the built-in defaults. */
export interface EnvironmentProfileProps {
  /** Profile name, recorded as the `cdk8s-patterns.io/profile` label. */
  readonly name: string;
  /**
   * Default replicas of a WebApp that sets neither `replicas` nor `autoscaling`.
   * @default built-in (2)
   */
  readonly webReplicas?: number;
  /**
   * Default autoscaling of a WebApp that sets neither `replicas` nor `autoscaling`.
   * @default no autoscaling
   */
  readonly webAutoscaling?: AutoscalingProps;
  /**
   * Default replicas of a StatefulStore.
   * @default built-in (1)
   */
  readonly storeReplicas?: number;
  /**
   * Multiplies every built-in request and limit (0.5 halves them).
   * @default 1
   */
  readonly resourceScale?: number;
  /**
   * Host anti-affinity of replicated stores.
   * @default built-in (AntiAffinity.REQUIRED)
   */
  readonly storeAntiAffinity?: AntiAffinity;
}

/** Defaults a platform team sets once for every workload beneath an App or Chart. */
export interface OrganizationDefaults {
  /**
   * Registry prepended to images that name none ("acme/shop:1.2" becomes "<registry>/acme/shop:1.2").
   * @default images are used as written
   */
  readonly imageRegistry?: string;
  /**
   * Labels on every workload object (a workload's own labels win).
   * @default none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations on every workload object (a workload's own annotations win).
   * @default none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Named resource sizes a workload picks with `resourceClass`.
   * @default none
   */
  readonly resourceClasses?: { [name: string]: ResourceProps };
  /**
   * Security context defaults.
   * @default built-in restricted defaults
   */
  readonly security?: SecurityProps;
  /**
   * Image pull policy of every workload that sets none: "IfNotPresent" or "Never" need `imagePullPolicyReason`.
   * @default "Always"
   */
  readonly imagePullPolicy?: string;
  /**
   * Why workloads keep a cached image, written to the scanners' exemption annotations.
   * @default none
   */
  readonly imagePullPolicyReason?: string;
  /**
   * PriorityClass of web apps and stores.
   * @default none
   */
  readonly priorityClassName?: string;
  /**
   * Pull secrets of every workload's pods (each workload's own `imagePullSecrets` are added): the organisation's
   * private registry. Each workload has its own ServiceAccount, so secrets attached to the namespace's `default`
   * account never apply.
   * @default none
   */
  readonly imagePullSecrets?: string[];
  /**
   * IngressClass of WebApp ingresses that name none.
   * @default the cluster's default IngressClass
   */
  readonly ingressClassName?: string;
  /**
   * Alerts of every workload (`alerts` on a workload wins; `alerts: false` turns them off there).
   * @default no alerts
   */
  readonly alerts?: AlertsProps;
  /**
   * Argo CD notification subscriptions of every ArgoCdApplication beneath (added to the Application's own).
   * @default none
   */
  readonly notifications?: NotificationSubscription[];
}

/** Alerting rules for a workload (Prometheus Operator PrometheusRule). */
export interface AlertsProps {
  /**
   * Value of the `team` label of every alert, for routing.
   * @default the workload's app.kubernetes.io/part-of label
   */
  readonly team?: string;
  /**
   * How long replicas may be unavailable (or not ready) before an alert fires; 1 minute to 24 hours.
   * @default Duration.minutes(10)
   */
  readonly unavailableFor?: Duration;
  /**
   * How long the autoscaler may sit at maxReplicas before an alert fires; 1 minute to 24 hours.
   * @default Duration.minutes(15)
   */
  readonly autoscalerAtMaxFor?: Duration;
  /**
   * How long a container may be in CrashLoopBackOff before an alert fires; 1 minute to 24 hours.
   * @default Duration.minutes(15)
   */
  readonly crashLoopingFor?: Duration;
  /**
   * Volume usage (percent of capacity) above which a StatefulSet's volume alerts; 1 to 99.
   * @default 80
   */
  readonly volumeUsagePercent?: number;
  /**
   * Extra labels on every alert.
   * @default none
   */
  readonly labels?: { [key: string]: string };
}

// Prop shapes (src/private/shape.ts): the known props of each type above and
// the kind of value each takes, so JavaScript callers get prop errors, not TypeErrors.

const probe: Expect = { instance: HealthProbe, example: 'a HealthProbe such as HealthProbe.http("/healthz")' };

/** @internal */
export const RESOURCE_SHAPE: Shape = {
  cpuRequest: 'string',
  cpuLimit: 'string',
  omitCpuLimit: 'boolean',
  omitCpuLimitReason: 'string',
  memoryRequest: 'string',
  memoryLimit: 'string',
  ephemeralStorageRequest: 'string',
  ephemeralStorageLimit: 'string',
};
/** @internal */
export const PROBES_SHAPE: Shape = { readiness: probe, liveness: probe, startup: probe };
/** @internal */
export const SECURITY_SHAPE: Shape = {
  user: 'int', group: 'int', useImageUser: 'boolean', useImageUserReason: 'string', readOnlyRootFilesystem: 'boolean', readOnlyRootFilesystemReason: 'string',
};
/** @internal */
export const TOLERATION_SHAPE: Shape = {
  key: 'string',
  operator: { oneOf: ['Exists', 'Equal'] },
  value: 'string',
  effect: { oneOf: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
};
/** @internal */
export const AUTOSCALING_METRIC_SHAPE: Shape = {
  type: required('string'), // checkAutoscalingMetrics names the MetricType to use
  name: required('string'),
  selector: 'stringMap',
  averageValue: { either: ['string', 'number'] },
  value: { either: ['string', 'number'] },
  describedObject: { object: { apiVersion: required('string'), kind: required('string'), name: required('string') } },
};
/** @internal */
export const AUTOSCALING_SHAPE: Shape = {
  minReplicas: 'int',
  maxReplicas: required('int'),
  cpuUtilization: 'int',
  memoryUtilization: 'int',
  requestsPerSecond: 'number',
  requestsMetric: 'string',
  queueLength: { object: { name: required('string'), selector: 'stringMap', messagesPerPod: required('number') } },
  metrics: { list: { object: AUTOSCALING_METRIC_SHAPE } },
};
/** @internal */
export const METRICS_SHAPE: Shape = { port: 'int', path: 'string', interval: 'string', serviceMonitor: 'boolean' };
/** @internal */
export const METRICS_EXPORTER_SHAPE: Shape = {
  image: required('string'),
  args: 'strings',
  env: { map: { instance: EnvVar, example: 'an EnvVar such as EnvVar.value("info") or EnvVar.fromSecret("db", "password")' } },
  envFromSecrets: 'strings',
  resources: { object: RESOURCE_SHAPE },
};
/** @internal */
export const UPDATE_STRATEGY: Expect = 'string'; // the archetypes name the UpdateStrategy to use
/** @internal */
export const NOTIFICATIONS_SHAPE: Expect = {
  list: {
    object: {
      // the notification checks name the trigger or channel to use
      on: required('strings'),
      channels: required({ list: 'any' }),
    },
  },
};
/** @internal */
export const INGRESS_SCOPE: Expect = { oneOf: Object.values(IngressScope) };
/** @internal */
export const PROFILE_SHAPE: Shape = {
  name: required('string'),
  webReplicas: 'int',
  webAutoscaling: { object: AUTOSCALING_SHAPE },
  storeReplicas: 'int',
  resourceScale: 'number',
  storeAntiAffinity: { oneOf: Object.values(AntiAffinity) },
};
// the alert checks say what a Duration out of their range should be
const ALERT_DURATION: Expect = { instance: Duration, example: 'a Duration such as Duration.minutes(10)' };
/** @internal */
export const ALERTS_SHAPE: Shape = {
  team: 'string', unavailableFor: ALERT_DURATION, autoscalerAtMaxFor: ALERT_DURATION, crashLoopingFor: ALERT_DURATION, volumeUsagePercent: 'number', labels: 'stringMap',
};
/** @internal */
export const ORGANIZATION_DEFAULTS_SHAPE: Shape = {
  imageRegistry: 'string',
  labels: 'stringMap',
  annotations: 'stringMap',
  resourceClasses: { map: { object: RESOURCE_SHAPE } },
  security: { object: SECURITY_SHAPE },
  priorityClassName: 'string',
  ingressClassName: 'string',
  alerts: { object: ALERTS_SHAPE },
  imagePullPolicy: 'string',
  imagePullPolicyReason: 'string',
  imagePullSecrets: 'strings',
  notifications: NOTIFICATIONS_SHAPE,
};
