import { ApiObject, Duration, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { WORKLOAD_SHAPE, Workload, WorkloadProps, checkedProps, updateStrategyOf } from './workload';
import type { ServiceMonitor } from '../../imports/service-monitor-monitoring.coreos.com';
import { HealthProbe } from '../core/probe';
import { METRICS_SHAPE, MetricsProps, PodSecurityLevel, Toleration, UPDATE_STRATEGY, UpdateStrategy } from '../core/types';
import { suppressionAnnotation } from '../policy/annotations';
import { Exemption, exemptionAnnotations } from '../policy/scanners';
import { checkConfigFiles, configFiles, scrapeAnnotations, serviceMonitor } from '../private/app-wiring';
import { NODE_AGENT, PROBES, RESOURCES, WORKLOAD } from '../private/defaults';
import { CAPABILITIES } from '../private/facts/capabilities';
import { INT32_MAX } from '../private/facts/int32';
import { wholePercent } from '../private/facts/percent';
import * as k8s from '../private/k8s';
import { sortedKeys, sortedOrUndefined } from '../private/objects';
import { requiredLevel } from '../private/pod-security';
import { Expect, Shape, required } from '../private/shape';
import { Problems, checkAbsolutePath, checkCidr, checkMetricsPath, checkName, checkPort } from '../private/validate';

/** Annotation (on the DaemonSet) with the Pod Security level the agent's pods need. */
export const POD_SECURITY_LEVEL_ANNOTATION = 'cdk8s-patterns.io/pod-security-level';

/**
 * The output rule each opt-in breaks. Its written reason is kept as that rule's
 * suppression annotation (`cdk8s-patterns.io/suppress.<rule-id>: <reason>`), so
 * one sentence is both the reviewer's record and the waiver.
 */
const OPT_IN_RULES = {
  runAsRoot: 'run-as-non-root',
  hostNetwork: 'no-host-network',
  hostPid: 'no-host-pid',
  capabilities: 'no-dangerous-capabilities',
  allowWildcards: 'rbac-no-wildcards',
} as const;

/** The exemption (a row of SCANNER_CHECKS) each opt-in writes. */
const OPT_IN_EXEMPTIONS = {
  runAsRoot: 'run-as-root',
  hostNetwork: 'host-network',
  hostPid: 'host-pid',
  capabilities: 'capabilities',
} as const;


/** What a hostPath must be on the node; kubelet checks it before the pod starts. */
export enum HostPathType {
  /** An existing directory. */
  DIRECTORY = 'Directory',
  /** A directory, created (0755, owned by root) when missing. */
  DIRECTORY_OR_CREATE = 'DirectoryOrCreate',
  /** An existing file. */
  FILE = 'File',
  /** A file, created empty when missing. */
  FILE_OR_CREATE = 'FileOrCreate',
  /** An existing UNIX socket (e.g. the container runtime's). */
  SOCKET = 'Socket',
  /** An existing character device. */
  CHAR_DEVICE = 'CharDevice',
  /** An existing block device. */
  BLOCK_DEVICE = 'BlockDevice',
}

/** A file or directory of the node mounted into the agent. */
export interface HostPathMount {
  /** Absolute path on the node ("/var/log"). */
  readonly path: string;
  /**
   * Where the container sees it.
   * @default the same as `path`
   */
  readonly mountPath?: string;
  /**
   * What `path` must be; kubelet refuses to start the pod otherwise.
   * @default HostPathType.DIRECTORY (fail loudly rather than create an empty directory on the node), HostPathType.DIRECTORY_OR_CREATE when `writable`
   */
  readonly type?: HostPathType;
  /**
   * Mount it read-write (e.g. a position database that survives restarts). Needs `reason`.
   * @default false: read-only
   */
  readonly writable?: boolean;
  /**
   * Why the agent needs it; required for a writable mount and for a container runtime socket (both are root on
   * the node), optional for a read-only one (without it Polaris warns: hostPathSet). Written as the exemption
   * annotation of every scanner on the DaemonSet.
   * @default none
   */
  readonly reason?: string;
}

/** Where the agent's permissions apply. */
export enum PermissionScope {
  /** A ClusterRole and ClusterRoleBinding: every namespace, and cluster-scoped resources such as nodes. */
  CLUSTER = 'cluster',
  /** A Role and RoleBinding in the agent's namespace only. */
  NAMESPACE = 'namespace',
}

/** One rule of the agent's ClusterRole. */
export interface PermissionRule {
  /**
   * API groups of the resources.
   * @default [""] (the core group: pods, namespaces, nodes, ...)
   */
  readonly apiGroups?: string[];
  /** Resources, as lower-case plurals ("pods", "nodes/metrics"). */
  readonly resources: string[];
  /** Verbs ("get", "list", "watch"). */
  readonly verbs: string[];
  /**
   * Restrict the rule to these object names.
   * @default every object of the resources
   */
  readonly resourceNames?: string[];
  /**
   * Why the agent needs it; required for a root-equivalent grant: reading Secrets, the verbs impersonate, escalate
   * and bind, pods/exec, pods/attach, pods/portforward, nodes/proxy and serviceaccounts/token. Written as the
   * exemption annotation of every scanner on the role.
   * @default none
   */
  readonly reason?: string;
}

/** A written reason for an exception to the secure defaults; it is kept as an annotation for reviewers. */
export interface Justification {
  /** Why the agent needs it ("reads every container's log files, owned by root"). */
  readonly reason: string;
}

/** Linux capabilities to add, with the reason. */
export interface CapabilitiesOptIn {
  /** Capability names without the CAP_ prefix ("NET_ADMIN"). */
  readonly add: string[];
  /** Why the agent needs them. */
  readonly reason: string;
}

/** Props of a `NodeAgent`. */
export interface NodeAgentProps extends WorkloadProps {
  /**
   * Port the agent serves (health, metrics, an API): readiness HTTP GET on `healthPath`, liveness TCP, ingress open to it.
   * @default none: no ingress, and probes only when a metrics port is set (TCP)
   */
  readonly port?: number;
  /**
   * Path of the readiness check, when `port` is set.
   * @default "/healthz"
   */
  readonly healthPath?: string;
  /**
   * Scrape Prometheus metrics: a headless Service and a ServiceMonitor.
   * @default no metrics
   */
  readonly metrics?: MetricsProps;
  /**
   * Node files and directories the agent reads (or writes, per mount). Needs a namespace with Pod Security level "privileged".
   * @default none
   */
  readonly hostPaths?: HostPathMount[];
  /**
   * Rules of the agent's ClusterRole (or Role, see `permissionScope`), exactly as declared; a binding grants them to the agent's ServiceAccount.
   * @default none: no role, and no service account token is mounted
   */
  readonly permissions?: PermissionRule[];
  /**
   * Where `permissions` apply: `PermissionScope.NAMESPACE` emits a Role and RoleBinding in the agent's namespace.
   * @default PermissionScope.CLUSTER (a ClusterRole and ClusterRoleBinding)
   */
  readonly permissionScope?: PermissionScope;
  /**
   * Allow "*" in the verbs, resources or apiGroups of `permissions`. The reason is kept on the ClusterRole as the annotation `cdk8s-patterns.io/suppress.rbac-no-wildcards`.
   * @default wildcards are an error
   */
  readonly allowWildcards?: Justification;
  /**
   * Addresses the agent may reach on ports 443 and 6443 to call the API server, when a token is mounted
   * (the API server's address is not known at synth). Narrow it to the API server's address, or widen it for a public endpoint.
   * @default the private ranges ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
   */
  readonly apiServerCidrs?: string[];
  /**
   * Nodes whose agent may be down at once during a rollout: a whole number or a percentage ("10%").
   * @default 1 (with maxSurge 0: the old pod on a node stops before the new one starts)
   */
  readonly maxUnavailable?: number | string;
  /**
   * How agents take a new revision: RollingUpdate (`maxUnavailable` nodes at a time) or OnDelete (each node's agent
   * only when you delete its pod, e.g. while you drain that node). OnDelete takes no `maxUnavailable`.
   * @default UpdateStrategy.ROLLING_UPDATE
   */
  readonly updateStrategy?: UpdateStrategy;
  /**
   * Run as uid 0 (e.g. to read log files only root may read). The reason is kept on the DaemonSet as a `cdk8s-patterns.io/suppress.<rule-id>` annotation.
   * @default non-root (uid 10001)
   */
  readonly runAsRoot?: Justification;
  /**
   * Use the node's network namespace. The reason is kept on the DaemonSet as a `cdk8s-patterns.io/suppress.<rule-id>` annotation.
   * @default the pod network
   */
  readonly hostNetwork?: Justification;
  /**
   * See every process of the node. The reason is kept on the DaemonSet as a `cdk8s-patterns.io/suppress.<rule-id>` annotation.
   * @default the pod's own process namespace
   */
  readonly hostPid?: Justification;
  /**
   * Add Linux capabilities (ALL stay dropped otherwise). They take effect for processes running as root
   * (`runAsRoot`) or binaries with file capabilities. The reason is kept on the DaemonSet as a `cdk8s-patterns.io/suppress.<rule-id>` annotation.
   * @default none added, ALL dropped
   */
  readonly capabilities?: CapabilitiesOptIn;
  /**
   * Files (name to content) in a ConfigMap the agent owns, mounted read-only at `configMountPath`. A change rolls the pods.
   * @default no ConfigMap
   */
  readonly configFiles?: { [fileName: string]: string };
  /**
   * Where `configFiles` are mounted.
   * @default "/etc/<name>"
   */
  readonly configMountPath?: string;
  /**
   * Taints the pods tolerate; [] tolerates none.
   * @default [{ operator: "Exists" }]: every taint, so the agent runs on every node
   */
  readonly tolerations?: Toleration[];
  /**
   * Node labels the pods must run on, merged over the default.
   * @default { "kubernetes.io/os": "linux" }
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * PriorityClass of the pods; "" leaves it out (the cluster default). Some platforms admit
   * system-node-critical only in kube-system or under a ResourceQuota that allows it.
   * @default "system-node-critical"
   */
  readonly priorityClassName?: string;
  /**
   * Sleep in a preStop hook before SIGTERM; needs `sleep` in the image.
   * @default none: an agent serves no load-balanced traffic to drain
   */
  readonly preStopDelay?: Duration;
  /**
   * Mount a service account token; without `permissions` it needs `mountServiceAccountTokenReason`.
   * @default true when `permissions` are declared, else false
   */
  readonly mountServiceAccountToken?: boolean;
}

/** Container paths a node mount must not cover: the container's own system files, and its service account token. */
const SYSTEM_PATHS = new Set(['/', '/bin', '/boot', '/dev', '/etc', '/lib', '/lib64', '/proc', '/sbin', '/sys', '/usr',
  '/var/run/secrets', '/var/run/secrets/kubernetes.io', '/var/run/secrets/kubernetes.io/serviceaccount']);

/** Container runtime sockets: whoever can write to one starts privileged containers on the node. */
const RUNTIME_SOCKETS: string[] = ['/var/run/docker.sock', '/run/docker.sock', '/var/run/containerd/containerd.sock', '/run/containerd/containerd.sock',
  '/var/run/crio/crio.sock', '/run/crio/crio.sock', '/var/run/cri-dockerd.sock', '/run/cri-dockerd.sock'];

/** Resources a Role cannot grant: they are not in any namespace. */
const CLUSTER_SCOPED = new Set(['nodes', 'namespaces', 'persistentvolumes', 'clusterroles', 'clusterrolebindings', 'storageclasses',
  'customresourcedefinitions', 'certificatesigningrequests', 'priorityclasses', 'mutatingwebhookconfigurations',
  'validatingwebhookconfigurations', 'apiservices', 'csinodes', 'csidrivers', 'volumeattachments', 'runtimeclasses', 'ingressclasses']);

/** The Kubernetes RBAC verbs: the standard ones and the special ones of certain resources. */
const VERBS = [
  'get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection',
  'use', 'bind', 'escalate', 'impersonate', 'approve', 'sign', 'attest',
];

const JUSTIFICATION: Expect = { object: { reason: required('string') } };

/** The known props of a NodeAgent (src/private/shape.ts). @internal */
export const NODE_AGENT_SHAPE: Shape = {
  ...WORKLOAD_SHAPE,
  // "" leaves the agent's default PriorityClass out
  priorityClassName: 'text',
  port: 'int',
  healthPath: 'string',
  metrics: { object: METRICS_SHAPE },
  hostPaths: { list: { object: { path: required('string'), mountPath: 'string', type: 'string', writable: 'boolean', reason: 'string' } } },
  permissions: { list: { object: { apiGroups: 'strings', resources: required('strings'), verbs: required('strings'), resourceNames: 'strings', reason: 'string' } } },
  allowWildcards: JUSTIFICATION,
  apiServerCidrs: 'strings',
  maxUnavailable: { either: ['int', 'string'] },
  runAsRoot: JUSTIFICATION,
  hostNetwork: JUSTIFICATION,
  hostPid: JUSTIFICATION,
  capabilities: { object: { add: required('strings'), reason: required('string') } },
  permissionScope: 'string',
  configFiles: 'stringMap',
  configMountPath: 'string',
  updateStrategy: UPDATE_STRATEGY,
};

/**
 * A per-node agent (log shipper, metrics exporter) with least privilege:
 * DaemonSet, ServiceAccount and NetworkPolicy; a ClusterRole with exactly the
 * declared rules and its ClusterRoleBinding; optionally a ConfigMap and a
 * metrics Service with a ServiceMonitor.
 */
export class NodeAgent extends Workload {
  /** Port the agent serves, if any. */
  public readonly port?: number;
  /** The DaemonSet. */
  public readonly daemonSet: k8s.KubeDaemonSet;
  /** The ClusterRole, when `permissions` are declared. */
  public readonly clusterRole?: k8s.KubeClusterRole;
  /** Grants the ClusterRole to the agent's ServiceAccount. */
  public readonly clusterRoleBinding?: k8s.KubeClusterRoleBinding;
  /** The Role, when `permissions` are declared with `PermissionScope.NAMESPACE`. */
  public readonly role?: k8s.KubeRole;
  /** Grants the Role to the agent's ServiceAccount. */
  public readonly roleBinding?: k8s.KubeRoleBinding;
  /** The ConfigMap of `configFiles`. */
  public readonly configMap?: k8s.KubeConfigMap;
  /** The headless metrics Service, when `metrics` is set. */
  public readonly service?: k8s.KubeService;
  /** The ServiceMonitor, when `metrics` is set. */
  public readonly serviceMonitor?: ServiceMonitor;
  /**
   * The Pod Security level a namespace must enforce at most for these pods to be admitted
   * (hostPath, host namespaces or non-baseline capabilities need "privileged"; root needs "baseline").
   */
  public readonly podSecurityLevel: PodSecurityLevel;

  constructor(scope: Construct, id: string, given: NodeAgentProps) {
    const { props, problems } = checkedProps(given, NODE_AGENT_SHAPE);
    const declaresPermissions = (props.permissions ?? []).length > 0;
    super(scope, id, {
      ...props,
      tolerations: props.tolerations ?? NODE_AGENT.tolerations.map(t => ({ ...t })),
      nodeSelector: { ...NODE_AGENT.nodeSelector, ...props.nodeSelector },
      priorityClassName: props.priorityClassName === '' ? undefined : props.priorityClassName ?? NODE_AGENT.priorityClassName,
      preStopDelay: props.preStopDelay ?? Duration.seconds(NODE_AGENT.preStopSeconds),
      mountServiceAccountToken: props.mountServiceAccountToken ?? declaresPermissions,
      // with permissions, the token needs no other reason than them
      mountServiceAccountTokenReason: props.mountServiceAccountTokenReason ?? (declaresPermissions ? NODE_AGENT.tokenReason : undefined),
    }, NODE_AGENT.component);
    const p = this.problems;
    p.addAll(problems);
    this.port = props.port;
    checkPort(p, 'port', props.port);
    checkPort(p, 'metrics.port', props.metrics?.port);
    checkMetricsPath(p, props.metrics?.path);
    const healthPath = props.healthPath ?? PROBES.healthPath;
    if (!healthPath.startsWith('/')) p.add('healthPath', healthPath, 'does not start with "/"', `write it as "/${healthPath}"`);
    if (props.priorityClassName) checkName(p, 'priorityClassName', props.priorityClassName);
    const maxUnavailable = checkMaxUnavailable(p, props.maxUnavailable ?? NODE_AGENT.maxUnavailable);
    const updateStrategy = checkUpdateStrategy(p, props);

    const exceptions = this.justifyOptIns(props);
    const addCapabilities = props.capabilities ? checkCapabilities(p, props.capabilities.add) : undefined;

    // ports: the agent's own, and a separate metrics port
    const ports: k8s.ContainerPort[] = [];
    if (props.port !== undefined) ports.push({ name: 'http', containerPort: props.port, protocol: 'TCP' });
    const metricsPort = props.metrics?.port ?? props.port;
    if (props.metrics && metricsPort === undefined) {
      p.add('metrics', props.metrics, 'has no port', 'set `port` (the agent serves metrics there) or `metrics.port`');
    }
    if (props.metrics && metricsPort !== undefined && metricsPort !== props.port) {
      ports.push({ name: 'metrics', containerPort: metricsPort, protocol: 'TCP' });
    }
    if (ports.length) this.openIngress(ports.map(x => x.containerPort));

    const { volumes, mounts, podAnnotations, configMap, exemptions: hostPathExemptions } = this.nodeVolumes(props);
    exceptions.push(...mergeById(hostPathExemptions));
    this.configMap = configMap;

    Object.assign(podAnnotations, scrapeAnnotations(props.metrics, metricsPort));

    const template = this.podTemplate({
      podLabels: {},
      ports,
      resources: RESOURCES.agent,
      // the agent's port: HTTP health check; a metrics port alone: a cheap TCP check (scraping every 5s costs CPU),
      // with liveness slower and more tolerant than readiness
      // no liveness then: a TCP one would repeat readiness (kube-score pod-probes-identical), and a crashed agent exits
      readiness: props.port !== undefined ? HealthProbe.http(healthPath)
        : ports.length ? HealthProbe.tcp() : HealthProbe.none(NODE_AGENT.noProbesReason),
      liveness: props.port !== undefined ? HealthProbe.tcp()
        : HealthProbe.none(ports.length ? NODE_AGENT.noLivenessReason : NODE_AGENT.noProbesReason),
      terminationGracePeriodSeconds: WORKLOAD.terminationGracePeriodSeconds,
      extraVolumes: volumes,
      extraMounts: mounts,
      podAnnotations,
      hostNetwork: props.hostNetwork !== undefined,
      hostPid: props.hostPid !== undefined,
      runAsRoot: props.runAsRoot !== undefined,
      addCapabilities,
    });
    // derived from what is emitted, by the same rules a TeamNamespace checks its workloads with
    this.podSecurityLevel = requiredLevel(k8s.toJson_PodTemplateSpec(template)?.spec) as PodSecurityLevel;

    this.daemonSet = new k8s.KubeDaemonSet(this, 'DaemonSet', {
      metadata: {
        ...this.metadata(),
        annotations: sortedKeys({ ...this.props.annotations, [POD_SECURITY_LEVEL_ANNOTATION]: this.podSecurityLevel }),
      },
      spec: {
        selector: { matchLabels: this.selectorLabels },
        updateStrategy: updateStrategy === UpdateStrategy.ON_DELETE ? { type: updateStrategy } : {
          type: updateStrategy,
          rollingUpdate: { maxUnavailable, maxSurge: k8s.IntOrString.fromNumber(NODE_AGENT.maxSurge) },
        },
        revisionHistoryLimit: WORKLOAD.revisionHistoryLimit,
        minReadySeconds: WORKLOAD.minReadySeconds,
        template,
      },
    });
    this.node.defaultChild = this.daemonSet;
    this.writeExemptions([this.daemonSet], exceptions);

    const namespaced = (props.permissionScope ?? NODE_AGENT.permissionScope) === PermissionScope.NAMESPACE;
    if (props.permissionScope !== undefined && !Object.values(PermissionScope).includes(props.permissionScope)) {
      p.add('permissionScope', props.permissionScope, 'is not a permission scope', 'use PermissionScope.CLUSTER or PermissionScope.NAMESPACE');
    }
    if (declaresPermissions && namespaced) {
      const rbac = this.createRoleRbac(props);
      this.role = rbac.role;
      this.roleBinding = rbac.roleBinding;
    } else if (declaresPermissions) {
      const rbac = this.createRbac(props);
      this.clusterRole = rbac.clusterRole;
      this.clusterRoleBinding = rbac.clusterRoleBinding;
    }

    props.apiServerCidrs?.forEach((cidr, i) => checkCidr(p, `apiServerCidrs[${i}]`, cidr));
    if (this.props.mountServiceAccountToken) this.allowApiServer(props.apiServerCidrs);

    if (props.metrics && metricsPort !== undefined) {
      const portName = ports.length > 1 || props.port === undefined ? 'metrics' : 'http';
      this.service = new k8s.KubeService(this, 'Service', {
        metadata: this.metadata(),
        spec: {
          clusterIp: NODE_AGENT.metricsClusterIP,
          selector: this.selectorLabels,
          ports: [{ name: portName, port: metricsPort, targetPort: k8s.IntOrString.fromString(portName), protocol: 'TCP' }],
        },
      });
      if (props.metrics.serviceMonitor !== false) {
        this.serviceMonitor = serviceMonitor(this, this.metadata(), this.selectorLabels, portName, props.metrics);
      }
    }
  }

  /** ClusterRoles and ClusterRoleBindings share one cluster-wide name space: a second object of the same name would replace ours. */
  /** Privileged opt-ins: each needs a written reason, kept as our and every scanner's exemption annotation for reviewers. */
  private justifyOptIns(props: NodeAgentProps): Exemption[] {
    const p = this.problems;
    const exceptions: Exemption[] = [];
    const justify = (prop: keyof typeof OPT_IN_RULES, j: { readonly reason: string } | undefined, what: string) => {
      if (j === undefined) return;
      const reason = typeof j.reason === 'string' ? j.reason.trim() : '';
      const key = suppressionAnnotation(OPT_IN_RULES[prop]);
      if (!reason) {
        p.add(`${prop}.reason`, j.reason ?? '', 'is empty',
          `write why the agent needs ${what}, such as { reason: "..." }: it is kept as the annotation ${key} for reviewers`);
      } else {
        exceptions.push({ id: OPT_IN_EXEMPTIONS[prop as keyof typeof OPT_IN_EXEMPTIONS], reason });
      }
    };
    justify('runAsRoot', props.runAsRoot, 'to run as root');
    justify('hostNetwork', props.hostNetwork, 'the node\'s network');
    justify('hostPid', props.hostPid, 'the node\'s process namespace');
    justify('capabilities', props.capabilities, 'these capabilities');
    return exceptions;
  }

  /** Node paths and the optional ConfigMap, with no two mounts at one path. */
  private nodeVolumes(props: NodeAgentProps): NodeVolumes {
    const p = this.problems;
    let configMap: k8s.KubeConfigMap | undefined;
    const volumes: k8s.Volume[] = [];
    const mounts: k8s.VolumeMount[] = [];
    const podAnnotations: { [key: string]: string } = {};
    const taken = new Map<string, string>([[normalize(WORKLOAD.tmpPath), 'the writable /tmp']]);
    const claim = (prop: string, mountPath: string, suggestion: string): void => {
      const key = normalize(mountPath);
      const owner = taken.get(key);
      if (owner) p.add(prop, mountPath, `clashes with ${owner}`, `mount it at another path, such as "${suggestion}"`);
      else taken.set(key, prop);
    };
    checkAbsolutePath(p, 'configMountPath', props.configMountPath);
    if (props.configFiles) {
      const mountPath = props.configMountPath ?? `${WORKLOAD.configDir}/${this.name}`;
      claim('configMountPath', mountPath, `${WORKLOAD.configDir}/${this.name}`);
      checkConfigFiles(p, props.configFiles, undefined);
      const config = configFiles(this, this.metadata(`${this.name}-config`), props.configFiles, mountPath);
      configMap = config.configMap;
      volumes.push(config.volume);
      mounts.push(config.mount);
      Object.assign(podAnnotations, config.annotations);
    }
    const volumeNames = new Set([WORKLOAD.tmpVolumeName, 'config']);
    const hostPathExemptions: Exemption[] = [];
    const readOnly: Array<string | undefined> = [];
    (props.hostPaths ?? []).forEach((h, i) => {
      const at = `hostPaths[${i}]`;
      const mountPath = h.mountPath ?? h.path;
      checkHostPath(p, `${at}.path`, h.path);
      checkAbsolutePath(p, `${at}.mountPath`, h.mountPath);
      const type = h.type ?? (h.writable ? NODE_AGENT.writableHostPathType : NODE_AGENT.hostPathType);
      if (!Object.values(HostPathType).includes(type as HostPathType)) {
        p.add(`${at}.type`, type, 'is not a hostPath type', `use one of ${Object.values(HostPathType).join(', ')}`);
      }
      claim(`${at}.mountPath`, mountPath, `/host${h.path.startsWith('/') ? '' : '/'}${h.path}`);
      const reason = typeof h.reason === 'string' ? h.reason.trim() : '';
      if (SYSTEM_PATHS.has(normalize(mountPath))) {
        p.add(`${at}.mountPath`, mountPath, 'would cover the container\'s own system files with the node\'s',
          `mount it under a path of its own, such as "/host${normalize(h.path) === '/' ? '/root' : normalize(h.path)}"`);
      }
      if (h.writable && normalize(h.path) === '/') {
        p.add(`${at}.path`, h.path, 'is the node\'s root file system, writable: that is root on the node', 'mount only the directory the agent writes, or mount "/" read-only');
      }
      const socket = typeof h.path === 'string' && RUNTIME_SOCKETS.some(s => normalize(h.path) === s || s.startsWith(`${normalize(h.path)}/`));
      const why = socket ? 'the container runtime socket (it starts privileged containers: root on the node)' : h.writable ? 'a writable node path' : undefined;
      if (why && !reason) {
        p.add(`${at}.reason`, h.reason ?? '', `is empty for ${why}`, 'write why the agent needs it, such as reason: "keeps its read position across restarts" or "labels logs with container names"; it is written to every scanner\'s exemption annotation');
      } else if (why) {
        hostPathExemptions.push({ id: socket ? 'runtime-socket' : 'writable-host-path', reason: `${h.path}: ${reason}` });
      } else {
        // a read-only node path: the reason is optional; Polaris' hostPathSet exemption needs every one of them
        readOnly.push(reason ? `${h.path}: ${reason}` : undefined);
      }
      const name = uniqueName(`host${h.path}`, volumeNames);
      volumes.push({ name, hostPath: { path: h.path, type } });
      mounts.push({ name, mountPath, readOnly: !h.writable });
    });
    if (readOnly.length && readOnly.every(r => r !== undefined)) hostPathExemptions.push(...readOnly.map(reason => ({ id: 'host-path', reason: reason! })));
    return { volumes, mounts, podAnnotations, configMap, exemptions: hostPathExemptions };
  }

  /** The ClusterRole of exactly the declared rules, and its binding to the agent's ServiceAccount. */
  private createRbac(props: NodeAgentProps): { clusterRole: k8s.KubeClusterRole; clusterRoleBinding: k8s.KubeClusterRoleBinding } {
    const p = this.problems;
    const wildcards = checkPermissions(p, props.permissions!, props.allowWildcards);
    const wildcardReason = props.allowWildcards?.reason?.trim();
    if (props.allowWildcards && !wildcardReason) {
      p.add('allowWildcards.reason', props.allowWildcards.reason ?? '', 'is empty',
        `write why the agent needs wildcard permissions: it is kept as the annotation ${suppressionAnnotation(OPT_IN_RULES.allowWildcards)} on the ClusterRole`);
    }
    if (!this.namespace) {
      p.add('namespace', this.namespace, 'is not set',
        'set `namespace` on the agent or its chart: the ClusterRoleBinding must name the namespace of the agent\'s ServiceAccount');
    }
    const clusterMeta = (): k8s.ObjectMeta => ({ name: this.name, labels: { ...this.labels } });
    const clusterRole = new k8s.KubeClusterRole(this, 'ClusterRole', {
      metadata: {
        ...clusterMeta(),
        annotations: sortedOrUndefined({
          ...this.props.annotations,
          ...exemptionAnnotations(this.rbacExemptions(props, wildcards)),
        }),
      },
      rules: props.permissions!.map(renderRule),
    });
    const clusterRoleBinding = new k8s.KubeClusterRoleBinding(this, 'ClusterRoleBinding', {
      metadata: { ...clusterMeta(), annotations: this.props.annotations },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole.name },
      subjects: [{ kind: 'ServiceAccount', name: this.serviceAccount.name, namespace: this.namespace ?? 'default' }],
    });
    for (const o of [clusterRole, clusterRoleBinding]) {
      // cdk8s stamps the chart's namespace on every object; cluster-scoped ones have none
      if (o.metadata.namespace !== undefined) o.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    }
    this.node.addValidation({ validate: () => this.checkClusterNames() });
    return { clusterRole, clusterRoleBinding };
  }

  /** A Role of exactly the declared rules in the agent's namespace, and its RoleBinding. */
  private createRoleRbac(props: NodeAgentProps): { role: k8s.KubeRole; roleBinding: k8s.KubeRoleBinding } {
    const p = this.problems;
    const wildcards = checkPermissions(p, props.permissions!, props.allowWildcards);
    props.permissions!.forEach((r, i) => {
      for (const resource of r.resources ?? []) {
        if (CLUSTER_SCOPED.has(String(resource).split('/')[0])) {
          p.add(`permissions[${i}].resources`, resource, 'is cluster-scoped, so a Role cannot grant it',
            'use permissionScope: PermissionScope.CLUSTER, or leave the resource out');
        }
      }
    });
    if (!this.namespace) {
      p.add('namespace', this.namespace, 'is not set', 'set `namespace` on the agent or its chart: the RoleBinding must name the namespace of the agent\'s ServiceAccount');
    }
    const role = new k8s.KubeRole(this, 'Role', {
      metadata: {
        ...this.metadata(),
        annotations: sortedOrUndefined({ ...this.props.annotations, ...exemptionAnnotations(this.rbacExemptions(props, wildcards)) }),
      },
      rules: props.permissions!.map(renderRule),
    });
    const roleBinding = new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: this.metadata(),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.name },
      subjects: [{ kind: 'ServiceAccount', name: this.serviceAccount.name, namespace: this.namespace ?? 'default' }],
    });
    return { role, roleBinding };
  }

  /** The reasoned exceptions of the agent's role: wildcards, and each root-equivalent grant's own reason. */
  private rbacExemptions(props: NodeAgentProps, wildcards: boolean): Exemption[] {
    const p = this.problems;
    const out: Exemption[] = [];
    const wildcardReason = props.allowWildcards?.reason?.trim();
    if (wildcards && wildcardReason) out.push({ id: 'rbac-wildcards', reason: wildcardReason });
    const granted: Exemption[] = [];
    props.permissions!.forEach((r, i) => {
      const grants = sensitiveGrants(r);
      if (grants.length === 0) return;
      const reason = typeof r.reason === 'string' ? r.reason.trim() : '';
      if (!reason) {
        p.add(`permissions[${i}]`, grants.map(g => g.grant).join(', '), 'is root-equivalent and has no reason',
          'add reason: "..." to the rule saying why the agent needs it (it is written to every scanner\'s exemption annotation), or grant less');
      } else {
        granted.push(...grants.map(g => ({ id: g.id, reason: `${g.grant}: ${reason}` })));
      }
    });
    return [...out, ...mergeById(granted)];
  }

  /** Egress to the API server, for an agent with permissions; its address is not known at synth. */
  private allowApiServer(apiServerCidrs: string[] | undefined): void {
    const cidrs = apiServerCidrs ?? [...NODE_AGENT.apiServerCidrs];
    this.allowEgress({
      to: cidrs.map(cidr => ({ ipBlock: { cidr } })),
      ports: NODE_AGENT.apiServerPorts.map(port => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) })),
    });
  }

  private checkClusterNames(): string[] {
    const errors: string[] = [];
    for (const mine of [this.clusterRole!, this.clusterRoleBinding!]) {
      const others = this.node.root.node.findAll()
        .filter(c => c !== mine && ApiObject.isApiObject(c) && c.kind === mine.kind && c.name === mine.name)
        .map(c => c.node.path);
      if (others.length) {
        errors.push(`name ${JSON.stringify(mine.name)} is also the name of the ${mine.kind} of ${others.join(', ')}: `
          + `${mine.kind}s are cluster-wide, so one would replace the other; give the agent a distinct \`name\``);
      }
    }
    return errors;
  }
}

function checkMaxUnavailable(p: Problems, value: number | string): k8s.IntOrString {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 1) {
      p.add('maxUnavailable', value, 'is not a whole number >= 1', 'use 1 or more, or a percentage such as "10%" (maxSurge is 0, so 0 would stall the rollout)');
    } else if (value > INT32_MAX) {
      p.add('maxUnavailable', value, `is above ${INT32_MAX}, the largest the API's int32 field holds`, 'use a realistic count, or a percentage such as "10%"');
    }
    return k8s.IntOrString.fromNumber(value);
  }
  const percent = wholePercent(value);
  if (percent === undefined || percent < 1 || percent > 100) {
    p.add('maxUnavailable', value, 'is not a percentage from 1% to 100%', 'use a whole number such as 1, or a percentage such as "10%"');
  }
  return k8s.IntOrString.fromString(value);
}

function checkUpdateStrategy(p: Problems, props: NodeAgentProps): UpdateStrategy {
  const strategy = updateStrategyOf(p, props.updateStrategy, NODE_AGENT.updateStrategy);
  if (strategy === UpdateStrategy.ON_DELETE && props.maxUnavailable !== undefined) {
    p.add('maxUnavailable', props.maxUnavailable, 'is set together with updateStrategy OnDelete',
      'remove `maxUnavailable` (with OnDelete an agent is replaced when you delete its pod) or use UpdateStrategy.ROLLING_UPDATE');
  }
  return strategy;
}

function checkHostPath(p: Problems, prop: string, path: string): void {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    p.add(prop, path, 'is not an absolute path', `give the node path from the root, such as "/${String(path ?? '').replace(/^\.?\/*/, '') || 'var/log'}"`);
  } else if (path.split('/').includes('..')) {
    p.add(prop, path, 'contains ".."', 'give the path without "..": Kubernetes refuses back-steps in a hostPath');
  }
}

function checkCapabilities(p: Problems, add: string[] | undefined): string[] {
  if (!add || add.length === 0) {
    p.add('capabilities.add', add ?? [], 'is empty', 'list the capabilities the agent needs, such as ["NET_ADMIN"], or leave `capabilities` out');
    return [];
  }
  for (const cap of add) {
    if (CAPABILITIES.has(cap)) continue;
    const bare = String(cap).toUpperCase().replace(/^CAP_/, '');
    p.add('capabilities.add', cap, 'is not a Linux capability name',
      CAPABILITIES.has(bare) ? `write it as "${bare}" (upper case, without CAP_)` : 'use a name from capabilities(7) without CAP_, such as "NET_ADMIN"; "ALL" is not allowed: list what the agent needs');
  }
  return add;
}

/** Records bad rules; returns true when a wildcard is used (and allowed). */
function checkPermissions(p: Problems, rules: PermissionRule[], allowWildcards: Justification | undefined): boolean {
  let wildcards = false;
  rules.forEach((r, i) => {
    const at = `permissions[${i}]`;
    if (!r.verbs || r.verbs.length === 0) {
      p.add(`${at}.verbs`, r.verbs ?? [], 'is empty', 'list the verbs the agent needs, such as ["get", "list", "watch"]');
    }
    if (!r.resources || r.resources.length === 0) {
      p.add(`${at}.resources`, r.resources ?? [], 'is empty', 'list the resources the agent needs, such as ["pods"]');
    }
    if (r.apiGroups && r.apiGroups.length === 0) {
      p.add(`${at}.apiGroups`, r.apiGroups, 'is empty', 'leave it out for the core group (pods, namespaces, nodes), or name the group, such as ["apps"]');
    }
    for (const verb of r.verbs ?? []) {
      if (verb === '*' || VERBS.includes(verb)) continue;
      p.add(`${at}.verbs`, verb, 'is not a Kubernetes verb',
        VERBS.includes(String(verb).toLowerCase()) ? `write it in lower case: "${String(verb).toLowerCase()}"` : `use one of ${VERBS.join(', ')}`);
    }
    for (const resource of r.resources ?? []) {
      if (/[A-Z]/.test(resource)) {
        p.add(`${at}.resources`, resource, 'is not a resource name', `resources are lower-case plurals, such as "${resource.toLowerCase().replace(/([^s])$/, '$1s')}"`);
      }
    }
    const fields: Array<[string, string[] | undefined, string]> = [
      ['verbs', r.verbs, 'every verb'],
      ['resources', r.resources, 'every resource, including ones added later'],
      ['apiGroups', r.apiGroups, 'every API group, including ones added later'],
    ];
    for (const [field, values, grants] of fields) {
      for (const value of values ?? []) {
        if (!String(value).includes('*')) continue;
        wildcards = true;
        if (!allowWildcards) {
          p.add(`${at}.${field}`, value, `grants ${grants}`,
            'list exactly what the agent needs (a ClusterRole applies to the whole cluster), or set allowWildcards: { reason: "..." } to keep it');
        }
      }
    }
  });
  return wildcards;
}

/** "/var/log" becomes "host-var-log": readable in `kubectl describe`, unique within the pod, a DNS-1123 label. */
function uniqueName(path: string, used: Set<string>): string {
  const base = path.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 56).replace(/-+$/, '') || 'host';
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}-${i}`;
  used.add(name);
  return name;
}

function normalize(path: string): string {
  return String(path).replace(/\/+$/, '') || '/';
}

/** What `nodeVolumes` gives the pod template. */
interface NodeVolumes {
  readonly volumes: k8s.Volume[];
  readonly mounts: k8s.VolumeMount[];
  readonly podAnnotations: { [key: string]: string };
  readonly configMap?: k8s.KubeConfigMap;
  readonly exemptions: Exemption[];
}

/** One declared rule as the API server reads it. */
function renderRule(r: PermissionRule): k8s.PolicyRule {
  return {
    apiGroups: [...r.apiGroups ?? NODE_AGENT.apiGroups],
    resources: [...r.resources ?? []],
    verbs: [...r.verbs ?? []],
    resourceNames: r.resourceNames ? [...r.resourceNames] : undefined,
  };
}

// grants that amount to root on the cluster or a node
const ESCALATING_VERBS = new Map([['impersonate', 'rbac-root-equivalent'], ['escalate', 'rbac-escalate'], ['bind', 'rbac-bind']]);
const ESCALATING_SUBRESOURCES = new Map([['pods/exec', 'rbac-pod-exec'], ['pods/attach', 'rbac-pod-exec'], ['pods/portforward', 'rbac-root-equivalent'],
  ['nodes/proxy', 'rbac-root-equivalent'], ['serviceaccounts/token', 'rbac-root-equivalent']]);
const READ_VERBS = new Set(['get', 'list', 'watch', '*']);

/** What in one rule is root-equivalent ("read secrets", "verb bind", "pods/exec"), and its exemption id in SCANNER_CHECKS. */
function sensitiveGrants(r: PermissionRule): Array<{ grant: string; id: string }> {
  const out: Array<{ grant: string; id: string }> = [];
  const core = (r.apiGroups ?? NODE_AGENT.apiGroups).some(g => g === '' || g === '*');
  const resources = r.resources ?? [];
  const verbs = r.verbs ?? [];
  if (core && resources.some(x => x === 'secrets' || x === '*') && verbs.some(v => READ_VERBS.has(v))) out.push({ grant: 'read secrets', id: 'rbac-read-secrets' });
  for (const verb of verbs) {
    const id = ESCALATING_VERBS.get(verb);
    if (id) out.push({ grant: `verb ${verb}`, id });
  }
  for (const resource of resources) {
    const id = ESCALATING_SUBRESOURCES.get(resource);
    if (id) out.push({ grant: resource, id });
  }
  return out;
}

/** One exemption per id, reasons joined, so each scanner annotation is written once. */
function mergeById(exemptions: Exemption[]): Exemption[] {
  const byId = new Map<string, string[]>();
  for (const e of exemptions) byId.set(e.id, [...byId.get(e.id) ?? [], e.reason]);
  return [...byId].map(([id, reasons]) => ({ id, reason: reasons.join('; ') }));
}
