// first: a missing or unsupported peer dependency is one clear line, not a stack trace
import './private/peers';
// The public API, by name. Anything not listed here (src/private/, policy
// internals, helpers a construct uses) may change without notice.
import { EnvVar, EnvVarOptions } from './core/env';
import { HealthProbe, HealthProbeOptions } from './core/probe';

// shared prop types and enums
export { EnvVar, EnvVarOptions, SecretEnvVarOptions } from './core/env';
export { ContainerProps, EmptyDirProps, PodCompositionProps, SecretFileProps, ServiceAccountTokenProps } from './core/pod';
export { HealthProbe, HealthProbeOptions } from './core/probe';
export {
  AlertsProps, AntiAffinity, AutoscalingMetric, AutoscalingProps, ConcurrencyPolicy, EnvironmentProfileProps,
  IngressScope, MetricObject, MetricsExporter, MetricsProps, MetricType, OrganizationDefaults, PodSecurityLevel,
  ProbeProps, QueueLengthMetric, ResourceProps, RestartPolicy, SecurityProps, Toleration, UpdateStrategy,
} from './core/types';

export {
  CpuArchitecture, NodeAffinityProps, NodeOperator, NodePool, NodeRequirement, NodeTerm, WeightedNodeTerm,
} from './core/scheduling';

export { RestoreProps, RestoreVolume, SnapshotProps, StoreRestore, StoreSnapshot } from './core/restore';
export { NotificationChannel, NotificationSubscription, NotificationTrigger } from './core/notifications';

// workloads
export { ConnectOptions, JobProps, Workload, WorkloadProps } from './workloads/workload';
export { CONFIG_CHECKSUM_ANNOTATION } from './private/app-wiring';
export { IngressProps, WebApp, WebAppProps, WebAppRouteProps } from './workloads/web-app';
export { BackupProps, PodManagement, StatefulStore, StatefulStoreProps, StorageProps, StoreMetricsProps } from './workloads/stateful-store';
export {
  CapabilitiesOptIn, HostPathMount, HostPathType, Justification, NodeAgent, NodeAgentProps, PermissionRule, PermissionScope,
  POD_SECURITY_LEVEL_ANNOTATION,
} from './workloads/node-agent';
export { SmokeTest, SmokeTestProps } from './workloads/smoke-test';
export { Worker, WorkerProps } from './workloads/worker';
export { Task, TaskProps } from './workloads/task';
export { ScheduledTask, ScheduledTaskProps } from './workloads/scheduled-task';
export { Migration, MigrationProps } from './workloads/migration';

// traffic
export { Release } from './traffic/release';
export {
  BlueGreenOptions, CanaryAnalysisOptions, CanaryOptions, CanaryStep, Colour, ReleaseEngine, ReleaseStrategy, RollingOptions,
} from './traffic/release-options';
export { HttpRoute, HttpRouteProps, PathMatch, RouteProps, RoutePath } from './traffic/http-route';
export { GrpcMethodMatch, GrpcRoute, GrpcRouteProps } from './traffic/grpc-route';
export type { GatewayRef, RouteBackend } from './private/gateway';

// platform
export { EnvironmentProfile, Platform, PlatformProps } from './platform/platform';
export { Environment, EnvironmentProps, Environments, EnvironmentsProps } from './platform/environments';
export { QuotaProps, TeamNamespace, TeamNamespaceProps } from './platform/team-namespace';
export { ArgoCdApplication, ArgoCdApplicationProps, NOTIFICATION_SUBSCRIBE_PREFIX, SYNC_WAVE_ANNOTATION, SyncWave } from './platform/gitops';
export { SecretSource } from './platform/secret-source';
export { ExternalSecret, ExternalSecretProps, RemoteKey, SecretStoreKind, SecretStoreRef } from './platform/external-secret';
export { ExistingSecret, ExistingSecretProps } from './platform/existing-secret';
export { WorkloadAlerts, WorkloadAlertsProps } from './platform/workload-alerts';

// synth
export { ManifestFile, RenderReport, SynthError, enforcePolicy, render, renderReport, synthesize, synthesizeOrExit } from './synth/synth';
export {
  PolicyValidation, PolicyValidationContext, PolicyValidationProps, PolicyViolation, PolicyViolatingResource,
} from './synth/validation-plugin';

// policy
export {
  ANNOTATION_PREFIX, EXTERNAL_SECRETS_ANNOTATION, SECRET_CHECKSUM_ANNOTATION, SUPPRESS_ANNOTATION_PREFIX, suppressionAnnotation,
} from './policy/annotations';
export { Policy } from './policy/policy';
export { Finding, Rule, Severity } from './policy/rule';
export type { PolicyOptions } from './policy/engine';
export type { PodOwner, PodTemplate, PolicyContext, Selector, SelectorRequirement } from './policy/context';

// Old names, kept so existing code compiles. cdk8s-plus-28 exports its own `Probe`
// and `EnvValue` with other factories; a file importing both libraries had to rename one.

/** @deprecated use `HealthProbe` (cdk8s-plus-28 has a different `Probe`). */
export const Probe = HealthProbe;
/** @deprecated use `HealthProbe` (cdk8s-plus-28 has a different `Probe`). */
export type Probe = HealthProbe;
/** @deprecated use `HealthProbeOptions`. */
export type ProbeOptions = HealthProbeOptions;
/** @deprecated use `EnvVar` (cdk8s-plus-28 has a different `EnvValue`). */
export const EnvValue = EnvVar;
/** @deprecated use `EnvVar` (cdk8s-plus-28 has a different `EnvValue`). */
export type EnvValue = EnvVar;
/** @deprecated use `EnvVarOptions`. */
export type EnvValueOptions = EnvVarOptions;
