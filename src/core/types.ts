// Prop types and enums more than one archetype or the platform layer share.
// Below every construct: this module imports no file of src/ but core/probe and private/shape.
import { Duration } from 'cdk8s';
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
   * Leave the CPU limit out, for latency-sensitive apps that must never be throttled.
   * @default false
   */
  readonly omitCpuLimit?: boolean;
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
   * Leave runAsUser/runAsGroup out so the image's USER applies (runAsNonRoot still refuses root).
   * @default false
   */
  readonly useImageUser?: boolean;
  /**
   * Mount the root file system read-only (a writable /tmp is always mounted).
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
}

/** A toleration of a node taint. */
export interface Toleration {
  /** Taint key; empty with operator Exists tolerates every taint. */
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

/** Horizontal pod autoscaling (autoscaling/v2). */
export interface AutoscalingProps {
  /**
   * Fewest pods.
   * @default 2
   */
  readonly minReplicas?: number;
  /** Most pods. */
  readonly maxReplicas: number;
  /**
   * Target average CPU utilisation, percent of the request.
   * @default 70 (when no memory target is given either)
   */
  readonly cpuUtilization?: number;
  /**
   * Target average memory utilisation, percent of the request.
   * @default none
   */
  readonly memoryUtilization?: number;
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
   * IngressClass of WebApp ingresses that name none.
   * @default the cluster's default IngressClass
   */
  readonly ingressClassName?: string;
  /**
   * Alerts of every workload (`alerts` on a workload wins; `alerts: false` turns them off there).
   * @default no alerts
   */
  readonly alerts?: AlertsProps;
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
  memoryRequest: 'string',
  memoryLimit: 'string',
  ephemeralStorageRequest: 'string',
  ephemeralStorageLimit: 'string',
};
/** @internal */
export const PROBES_SHAPE: Shape = { readiness: probe, liveness: probe, startup: probe };
/** @internal */
export const SECURITY_SHAPE: Shape = { user: 'int', group: 'int', useImageUser: 'boolean', readOnlyRootFilesystem: 'boolean' };
/** @internal */
export const TOLERATION_SHAPE: Shape = {
  key: 'string',
  operator: { oneOf: ['Exists', 'Equal'] },
  value: 'string',
  effect: { oneOf: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
};
/** @internal */
export const AUTOSCALING_SHAPE: Shape = { minReplicas: 'int', maxReplicas: required('int'), cpuUtilization: 'int', memoryUtilization: 'int' };
/** @internal */
export const METRICS_SHAPE: Shape = { port: 'int', path: 'string', interval: 'string', serviceMonitor: 'boolean' };
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
};
