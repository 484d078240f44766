// Every production default of the library, in one place. Each value is mirrored
// by an `@default` tag on the prop that overrides it; test/defaults.test.ts reads
// this table against synthesized output.
import { AntiAffinity } from '../core/types';

/** Defaults shared by every workload archetype. */
export const WORKLOAD = {
  /** uid and gid the containers run as: non-root, above the range images use for system users. */
  user: 10001,
  group: 10001,
  /** Every start pulls, so the registry checks the pod's pull secret (CIS AlwaysPullImages; kube-score, Polaris, checkov CKV_K8S_15). */
  imagePullPolicy: 'Always',
  /** `configFiles` are mounted at `<configDir>/<name>`. */
  configDir: '/etc',
  /** Writable scratch space under a read-only root file system. */
  /** The writable scratch volume (an emptyDir) mounted at `tmpPath` in every container. */
  tmpVolumeName: 'tmp',
  tmpPath: '/tmp',
  tmpSizeMi: 64,
  /** Keeps `kubectl rollout undo` working. */
  revisionHistoryLimit: 10,
  /** A pod must stay ready this long before it counts as available. */
  minReadySeconds: 5,
  /** Sleep before SIGTERM so endpoints and load balancers drop the pod first. */
  preStopSeconds: 5,
  /** Ingress controllers and kube-proxy need a few seconds to see an endpoint change. */
  terminationGracePeriodSeconds: 30,
} as const;

/** Resource requests and limits (Kubernetes quantities). */
export const RESOURCES = {
  web: { cpuRequest: '100m', cpuLimit: '500m', memoryRequest: '128Mi', memoryLimit: '256Mi', storageRequest: '128Mi', storageLimit: '512Mi' },
  store: { cpuRequest: '250m', cpuLimit: '1', memoryRequest: '512Mi', memoryLimit: '1Gi', storageRequest: '128Mi', storageLimit: '512Mi' },
  agent: { cpuRequest: '50m', cpuLimit: '200m', memoryRequest: '64Mi', memoryLimit: '128Mi', storageRequest: '64Mi', storageLimit: '256Mi' },
} as const;

/** HealthProbe timings. Readiness is quick to react; liveness is slow to kill. */
export const PROBES = {
  readiness: { periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3, successThreshold: 1 },
  liveness: { initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 6, successThreshold: 1 },
  /** 30 × 5 s: an app has 2.5 minutes to start before the kubelet restarts it (`slowStart` sets its own threshold). */
  startup: { periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 30, successThreshold: 1 },
  healthPath: '/healthz',
} as const;

/** WebApp defaults. */
export const WEB_APP = {
  port: 8080,
  replicas: 2,
  ingressPath: '/',
  ingressPathType: 'Prefix',
  maxSurge: '25%',
  maxUnavailable: 0,
  progressDeadlineSeconds: 600,
  servicePort: 80,
  serviceType: 'ClusterIP',
  component: 'web',
  /** PDB whenever the workload can run at least this many pods, and whenever an HPA owns the count. */
  pdbMinReplicas: 2,
  pdbMaxUnavailable: 1,
  hpaCpuUtilization: 70,
  /** The per-pod request-rate metric `requestsPerSecond` reads (served by a custom metrics adapter). */
  requestsMetric: 'http_requests_per_second',
  metricsPath: '/metrics',
  metricsInterval: '30s',
} as const;

/** Topology keys for spreading replicas. */
export const TOPOLOGY = {
  zone: 'topology.kubernetes.io/zone',
  host: 'kubernetes.io/hostname',
  maxSkew: 1,
  antiAffinityWeight: 100,
} as const;

/** Egress every pod gets: cluster DNS. */
export const DNS = {
  namespace: 'kube-system',
  podLabels: { 'k8s-app': 'kube-dns' },
  port: 53,
} as const;

/** Private address ranges left out of "internet" egress. */
export const PRIVATE_CIDRS = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] as const;

/**
 * What "internet" egress leaves out besides the private ranges: link-local (169.254.0.0/16 holds the cloud
 * metadata service, i.e. the node's credentials), shared CGNAT space (100.64.0.0/10, pod and service ranges on
 * some clouds), loopback; for IPv6 link-local (fe80::/10), unique local (fc00::/7) and loopback.
 */
export const NOT_INTERNET = {
  ipv4: [...PRIVATE_CIDRS, '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16'],
  ipv6: ['::1/128', 'fc00::/7', 'fe80::/10'],
} as const;

/** Value of app.kubernetes.io/managed-by. */
export const MANAGED_BY = 'cdk8s-patterns';

/** Built-in environment profiles (see EnvironmentProfile). */
export const PROFILES = {
  development: { name: 'development', webReplicas: 1, storeReplicas: 1, resourceScale: 0.5, storeAntiAffinity: AntiAffinity.PREFERRED },
  staging: { name: 'staging', webReplicas: 2, storeReplicas: 3 },
  production: { name: 'production', webAutoscaling: { minReplicas: 3, maxReplicas: 10 }, storeReplicas: 3, storeAntiAffinity: AntiAffinity.REQUIRED },
} as const;

/** TeamNamespace defaults. */
export const TEAM_NAMESPACE = {
  /** Namespaces Kubernetes owns: default-deny and "restricted" there break the cluster. */
  reserved: ['default', 'kube-node-lease', 'kube-public', 'kube-system'],
  podSecurityVersion: 'v1.28',
  /** Derived quota = requests of every declared workload at its maximum scale × this (surge pods, jobs, hooks). */
  quotaHeadroom: 1.5,
  /**
   * A derived quota is never smaller than this, so a new namespace has room for a first deploy. limits.cpu and
   * limits.memory are derived from the workloads' limits (same headroom), never below cpuLimit and memoryLimit.
   */
  quotaFloor: {
    cpu: '2000m', memory: '4096Mi', cpuLimit: '4000m', memoryLimit: '4096Mi', ephemeralStorage: '10Gi', pods: 20, persistentVolumeClaims: 5, storage: '50Gi',
  },
  storageLimitRatio: 4,
  expectedNodes: 3,
  /** Container defaults of the LimitRange, for pods that set none. */
  containerDefaults: { cpuRequest: '100m', cpuLimit: '500m', memoryRequest: '128Mi', memoryLimit: '256Mi', storageRequest: '128Mi', storageLimit: '512Mi' },
  /** Exactly the namespaced kinds this library emits. */
  deployerRules: [
    { apiGroups: [''], resources: ['configmaps', 'persistentvolumeclaims', 'pods', 'serviceaccounts', 'services'] },
    { apiGroups: ['apps'], resources: ['daemonsets', 'deployments', 'statefulsets'] },
    { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'] },
    { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'] },
    { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'] },
    { apiGroups: ['policy'], resources: ['poddisruptionbudgets'] },
    { apiGroups: ['monitoring.coreos.com'], resources: ['prometheusrules', 'servicemonitors'] },
    { apiGroups: ['argoproj.io'], resources: ['analysistemplates', 'rollouts'] },
    { apiGroups: ['external-secrets.io'], resources: ['externalsecrets'] },
    { apiGroups: ['gateway.networking.k8s.io'], resources: ['grpcroutes', 'httproutes'] },
    { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshots'] },
  ],
  deployerVerbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
} as const;

/** Argo CD sync waves: namespace and RBAC first, then config, then stores, then apps, then hooks. */
export const SYNC_WAVES = {
  byKind: {
    Namespace: -3,
    ResourceQuota: -2,
    LimitRange: -2,
    Role: -2,
    RoleBinding: -2,
    ClusterRole: -2,
    ClusterRoleBinding: -2,
    ServiceAccount: -2,
    ConfigMap: -1,
    Secret: -1,
    ExternalSecret: -1,
    AnalysisTemplate: -1,
  },
  byTier: { namespace: -2, config: -1, store: 0, app: 1, hook: 2 },
} as const;

/** Argo CD Application defaults. */
export const ARGO_CD = {
  namespace: 'argocd',
  project: 'default',
  path: 'dist',
  targetRevision: 'HEAD',
  server: 'https://kubernetes.default.svc',
  /**
   * No cascade: deleting the Application leaves what it deployed. The folder holds Namespaces and stores it
   * does not own exclusively (other Applications and people deploy into them); `cascadeDelete` opts in.
   */
  cascadeFinalizer: 'resources-finalizer.argocd.argoproj.io',
  /** On Namespaces and data holders: neither a prune (removed from Git) nor deleting the Application deletes them. */
  keepSyncOptions: 'Prune=false,Delete=false',
  /** Namespaces come from TeamNamespace, never created implicitly; prune last so replacements exist first. */
  syncOptions: ['CreateNamespace=false', 'PruneLast=true'],
} as const;

/** Environments defaults. */
export const ENVIRONMENTS = {
  /** Output folder when neither `outdir` nor CDK8S_OUTDIR says otherwise (cdk8s's own default); each environment gets a folder inside it. */
  outdir: 'dist',
} as const;

/** NodeAgent defaults. */
export const NODE_AGENT = {
  component: 'agent',
  /** One node's agent at a time is replaced; the old pod stops before the new one starts (host ports and files are per node). */
  maxUnavailable: 1,
  maxSurge: 0,
  /** The controller replaces the agents itself; OnDelete on request. */
  updateStrategy: 'RollingUpdate',
  /** Runs on every node, tainted or not: a log shipper that skips tainted nodes loses their logs. */
  tolerations: [{ operator: 'Exists' }],
  nodeSelector: { 'kubernetes.io/os': 'linux' },
  /** Node agents are what keeps a node observable; the scheduler evicts others first. */
  priorityClassName: 'system-node-critical',
  /** Agents serve no load-balanced traffic, so there is nothing to drain, and their images are often distroless (no `sleep`). */
  preStopSeconds: 0,
  /** Read-only mounts must find what they read; writable ones may create their directory. */
  hostPathType: 'Directory',
  writableHostPathType: 'DirectoryOrCreate',
  /** Permissions are cluster-wide unless asked (most agents read nodes or pods of every namespace). */
  permissionScope: 'cluster',
  /** The core API group, when a permission names none. */
  apiGroups: [''],
  /** Egress the agent needs to reach the API server when it has permissions; its address is not known at synth, but is private in most clusters. */
  apiServerPorts: [443, 6443],
  apiServerCidrs: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'],
  /** Why an agent without a port has no probes, and one with only a metrics port no liveness probe. */
  noProbesReason: 'serves no port: there is nothing to probe, and a crashed agent exits and is restarted',
  noLivenessReason: 'metrics port only: a TCP liveness check would repeat the TCP readiness check; a crashed agent exits and is restarted',
  /** Why an agent with permissions mounts a token. */
  tokenReason: 'calls the API server with the permissions it declares',
  /** The metrics Service only lists the pods for Prometheus; nobody should be load-balanced to a random node's agent. */
  metricsClusterIP: 'None',
} as const;

/** StatefulStore defaults. */
export const STATEFUL_STORE = {
  component: 'database',
  /** One replica unless asked: a replicated store needs its own replication set up, which a count alone does not do. */
  replicas: 1,
  /** Replica n+1 starts only once n is ready: primaries and seeds come up first. */
  podManagementPolicy: 'OrderedReady',
  /** Every ordinal takes a new revision; raise it for a staged rollout (highest ordinals first). */
  partition: 0,
  /** The controller replaces the pods itself; OnDelete on request. */
  updateStrategy: 'RollingUpdate',
  /** A replica must stay ready this long before the next one is replaced. */
  minReadySeconds: 10,
  /** Stores flush, checkpoint and hand over leadership on SIGTERM. */
  terminationGracePeriodSeconds: 120,
  /** Crash recovery (WAL or commit-log replay) may keep the port closed for minutes; liveness waits. */
  slowStartSeconds: 300,
  /** Why a store has readiness and startup probes but no liveness probe unless one is given. */
  noLivenessReason: 'readiness and startup probes only: a TCP liveness check would repeat readiness, and a store replaying its log must not be restarted; set probes.liveness to an exec check of the process to add one',
  /** A database is reachable only from workloads that declare it with `connectsTo` (IngressScope.PEERS). */
  ingressScope: 'peers',
  /** Replicas must not share a host: losing one node loses one replica. "preferred" on request. */
  antiAffinity: AntiAffinity.REQUIRED,
  /** Replicas form a quorum: the PDB keeps a majority (⌊n/2⌋+1) available. */
  quorum: true,
  dataPath: '/data',
  volumeName: 'data',
  accessModes: ['ReadWriteOnce'],
  volumeMode: 'Filesystem',
  /** Neither deleting the StatefulSet nor scaling it down deletes a PersistentVolumeClaim. */
  pvcRetention: { whenDeleted: 'Retain', whenScaled: 'Retain' },
  portName: 'tcp',
  headlessSuffix: '-headless',
  serviceType: 'ClusterIP',
  /** StatefulSet pods carry a `controller-revision-hash` label of `<name>-<10 chars>`, at most 63. */
  maxNameLength: 52,
} as const;

/** A metrics exporter sidecar (StatefulStore `metrics.exporter`). */
export const METRICS_EXPORTER = {
  containerName: 'exporter',
  portName: 'metrics',
  /** Exporters translate a few queries into text: small, and never allowed to starve the store. */
  resources: { cpuRequest: '50m', cpuLimit: '200m', memoryRequest: '32Mi', memoryLimit: '128Mi', storageRequest: '16Mi', storageLimit: '64Mi' },
} as const;

/** StatefulStore backup CronJob defaults. */
export const STORE_BACKUP = {
  component: 'backup',
  suffix: '-backup',
  /** Never two backups at once: the second would compete with the first for the store and the target. */
  concurrencyPolicy: 'Forbid',
  /** A run missed by more than this (controller down, cluster upgrade) is skipped, not started late. */
  startingDeadlineSeconds: 600,
  successfulJobsHistoryLimit: 3,
  /** Failed runs are kept so their logs can be read. */
  failedJobsHistoryLimit: 3,
  backoffLimit: 2,
  /** A hung backup is stopped; with Forbid it would otherwise block every later run. */
  activeDeadlineSeconds: 3600,
  restartPolicy: 'Never',
  mountPath: '/backup',
  volumeName: 'backup',
  resources: { cpuRequest: '100m', cpuLimit: '1', memoryRequest: '256Mi', memoryLimit: '1Gi', storageRequest: '128Mi', storageLimit: '1Gi' },
  /** CronJob names leave 11 characters for the Job suffix. */
  maxNameLength: 52,
} as const;

/** StatefulStore restore Job defaults. */
export const STORE_RESTORE = {
  component: 'restore',
  suffix: '-restore',
  /** A half-done restore is not retried blindly: a second run may apply part of the data twice. */
  backoffLimit: 0,
  /** Restores of big stores take long; a hung one is still stopped. */
  activeDeadlineSeconds: 7200,
  restartPolicy: 'Never',
  mountPath: '/restore',
  volumeName: 'restore',
  accessModes: ['ReadWriteOnce'],
  /** Job pods are named `<job>-<5 chars>`. */
  maxNameLength: 57,
} as const;

/** Release strategies (src/release.ts). */
export const RELEASE = {
  /** ReleaseEngine.NATIVE (the enum sits above this module): plain Deployments and Services, no controller to install. */
  engine: 'native',
  /** Pod label telling blue from green; the main Service selects on it. */
  colourLabel: 'cdk8s-patterns.io/colour',
  /** Pod label of the canary track (stable pods keep the plain WebApp labels, so starting a canary restarts nothing). */
  trackLabel: 'cdk8s-patterns.io/track',
  previewSuffix: '-preview',
  canarySuffix: '-canary',
  /** One canary pod: the smallest share the replica ratio allows. */
  canaryReplicas: 1,
  /** Argo Rollouts blue-green waits for `kubectl argo rollouts promote`. */
  autoPromotion: false,
  /** The old version runs this long after a promotion, so an abort is instant. */
  scaleDownDelaySeconds: 30,
  /** Argo Rollouts canary steps: 20%, wait for a person, 50%, 5 minutes, then 100%. */
  canarySteps: [{ setWeight: 20 }, { pauseSeconds: undefined }, { setWeight: 50 }, { pauseSeconds: 300 }],
  /** A native canary behind a route starts with the share of the first Argo step. */
  canaryRouteWeight: 20,
  /** Argo Rollouts' Gateway API traffic router plugin (argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi). */
  gatewayApiPlugin: 'argoproj-labs/gatewayAPI',
  analysisIntervalSeconds: 60,
  analysisFailureLimit: 1,
  analysisMetricName: 'health',
  rolloutApiVersion: 'argoproj.io/v1alpha1',
} as const;

/** Worker defaults: a Deployment that serves no port (queue consumers, stream processors). */
export const WORKER = {
  component: 'worker',
  /** Two, like a WebApp: one pod may be drained or rescheduled while the other keeps consuming. */
  replicas: 2,
  /**
   * No probes unless given: a worker has no port for a generic check, and a liveness probe that only proves the
   * process exists restarts nothing useful, while a wrong one restarts healthy workers. Give an exec or HTTP probe
   * that checks real progress.
   */
  probes: 'none',
  /** A worker is in no Service, so there are no endpoints to drain before SIGTERM (and distroless images have no `sleep`). */
  preStopSeconds: 0,
  /** `metrics` without a port: the Prometheus convention for app metrics. */
  metricsPort: 9090,
  /** Why a worker with only a metrics port passes the probes-set rule without probes (written as its suppression). */
  metricsOnlyReason: 'the only port serves Prometheus metrics, not traffic; a generic probe cannot see whether a worker makes progress (give `probes` for a real check)',
  /** Why a worker without a port has no probes by default (written as every scanner's exemption). */
  noProbesReason: 'serves no port: nothing to take out of traffic, and a generic probe cannot see whether a worker makes progress (give `probes` for a real check)',
} as const;

/** Task (Job) and ScheduledTask (CronJob) defaults. */
export const TASK = {
  component: 'task',
  scheduledComponent: 'scheduled-task',
  /** Two retries: a transient failure (node lost, dependency restarting) is retried, a broken task stops soon. */
  backoffLimit: 2,
  /** A hung task is stopped after an hour; with concurrencyPolicy Forbid it would otherwise block every later run. */
  activeDeadlineSeconds: 3600,
  /** Failed pods stay for `kubectl logs` (OnFailure would restart the container in place and lose them). */
  restartPolicy: 'Never',
  /** Never two runs at once: most scheduled jobs are not safe to overlap. */
  concurrencyPolicy: 'Forbid',
  /** A run missed by more than this (controller down, cluster upgrade) is skipped, not started late. */
  startingDeadlineSeconds: 600,
  successfulJobsHistoryLimit: 3,
  /** Failed runs are kept so their logs can be read. */
  failedJobsHistoryLimit: 3,
  suspend: false,
  /** A pod that runs to completion has no endpoints to drain. */
  preStopSeconds: 0,
  /** CronJob names leave 11 characters for the Job suffix. */
  maxScheduledNameLength: 52,
} as const;

/** Migration defaults: a Task that finishes before the workload it guards rolls out. */
export const MIGRATION = {
  component: 'migration',
  /**
   * An Argo CD Sync hook, re-created (not patched: a Job's pod template is immutable) on every sync, in the wave
   * before the guarded workload's pods; a failed run stays for `kubectl logs` until the next sync.
   */
  hookAnnotations: {
    'argocd.argoproj.io/hook': 'Sync',
    'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
  },
  /** A migration is retried once at most: a half-applied schema change needs a person, not five more runs. */
  backoffLimit: 1,
} as const;

/** Sidecar and init container defaults: small, restricted like the main container. */
export const EXTRA_CONTAINER = {
  resources: { cpuRequest: '50m', cpuLimit: '200m', memoryRequest: '64Mi', memoryLimit: '128Mi', storageRequest: '64Mi', storageLimit: '256Mi' },
  /** Sidecars run as plain containers beside the main one unless asked (`nativeSidecars`). */
  nativeSidecars: false,
  /** The written reason a sidecar without a port has no probes (its name comes first). */
  noPortReason: 'serves no port: there is nothing to probe, and a crashed sidecar is restarted',
} as const;

/** Files mounted into pods: Secrets, projected tokens and scratch volumes. */
export const POD_FILES = {
  /** Owner-read only (kubelet adds group-read for the pod's fsGroup, which pods with secret files get): 0400. */
  secretDefaultMode: 0o400,
  /** A projected token lives one hour; kubelet refreshes it at 80% of its life. */
  tokenExpirationSeconds: 3600,
  tokenPath: 'token',
  /** A Secret's volume is named `secret-<Secret name>` (dots as dashes), a projected token's `token-<index>`. */
  secretVolumePrefix: 'secret-',
  tokenVolumePrefix: 'token-',
} as const;

/** SmokeTest defaults. */
export const SMOKE_TEST = {
  component: 'smoke-test',
  /** curl and a POSIX shell; runs as any uid with a read-only root file system. */
  image: 'docker.io/curlimages/curl:8.11.1',
  attempts: 10,
  /** Per attempt: connect plus response. */
  timeoutSeconds: 5,
  intervalSeconds: 3,
  /** Argo CD runs the Pod after every successful sync; the previous run's Pod is deleted first (fixed name, immutable Pods), and a passing one is removed. A failing one stays for `kubectl logs`. */
  hookAnnotations: {
    'argocd.argoproj.io/hook': 'PostSync',
    'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation,HookSucceeded',
  },
  restartPolicy: 'Never',
  /** Why the test pod has no probes. */
  noProbesReason: 'a one-shot test pod that runs to completion: nothing to take out of traffic or restart',
  terminationGracePeriodSeconds: 5,
  resources: { cpuRequest: '10m', cpuLimit: '100m', memoryRequest: '16Mi', memoryLimit: '64Mi', storageRequest: '16Mi', storageLimit: '64Mi' },
} as const;

/**
 * How the shared Workload machinery treats each archetype, by its
 * app.kubernetes.io/component: which built-in resource row a profile scales
 * (none: the archetype sizes itself) and which Argo CD sync tier it is in.
 */
export const ARCHETYPES: { [component: string]: { resources?: 'web' | 'store' | 'agent'; tier: string } } = {
  'web': { resources: 'web', tier: 'app' },
  'database': { resources: 'store', tier: 'store' },
  'agent': { resources: 'agent', tier: 'app' },
  'smoke-test': { tier: 'hook' },
  'worker': { resources: 'web', tier: 'app' },
  'task': { resources: 'web', tier: 'app' },
  'scheduled-task': { resources: 'web', tier: 'app' },
  'migration': { resources: 'web', tier: 'app' },
};

/** Replacing the output folder (src/private/output-dir.ts). */
export const OUTPUT_DIR = {
  /** How long a synth waits for another synth writing the same folder before it fails with "another synth is writing". */
  lockWaitMs: 60_000,
  /** A lock whose holder has not written for this long belongs to a killed run (the holder touches it every second while writing). */
  lockStaleMs: 30_000,
  lockHeartbeatMs: 1_000,
  lockPollMs: 50,
} as const;

/** Gateway API routes (src/traffic/http-route.ts, grpc-route.ts). */
export const ROUTE = {
  /** Every request path. */
  path: '/',
  pathType: 'PathPrefix',
  /** Backend weights are percentages: they add up to this. */
  weightTotal: 100,
  gatewayGroup: 'gateway.networking.k8s.io',
  gatewayKind: 'Gateway',
} as const;

/** ExternalSecret defaults (src/platform/external-secret.ts). */
export const EXTERNAL_SECRET = {
  /** How often the operator re-reads the store (the operator's own default). */
  refreshIntervalSeconds: 3600,
  storeKind: 'SecretStore',
} as const;

/** Workload alerts (src/platform/workload-alerts.ts): PrometheusRule thresholds. */
export const ALERTS = {
  /** Replicas unavailable (or unready) this long before anyone is paged. */
  unavailableForSeconds: 600,
  /** Autoscaler at maxReplicas this long: the maximum is too low or the load unusual. */
  hpaAtMaxForSeconds: 900,
  /** A container in CrashLoopBackOff this long. */
  crashLoopForSeconds: 900,
  /** Volume usage, percent of capacity. */
  pvcUsagePercent: 80,
  /** Bounds of every `for` threshold. */
  minForSeconds: 60,
  maxForSeconds: 86400,
  suffix: '-alerts',
} as const;
