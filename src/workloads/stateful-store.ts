import { Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { WORKLOAD_SHAPE, Workload, WorkloadProps, checkedProps, updateStrategyOf } from './workload';
import type { ServiceMonitor } from '../../imports/service-monitor-monitoring.coreos.com';
import { EnvVar } from '../core/env';
import { HealthProbe } from '../core/probe';
import { RESTORE_SHAPE, RestoreProps, RestoreVolume, SNAPSHOT_SHAPE, SnapshotProps, StoreRestore, StoreSnapshot } from '../core/restore';
import {
  AntiAffinity, IngressScope, METRICS_EXPORTER_SHAPE, METRICS_SHAPE, MetricsExporter, MetricsProps, RESOURCE_SHAPE, ResourceProps,
  UPDATE_STRATEGY, UpdateStrategy,
} from '../core/types';
import { keepOnDelete } from '../platform/gitops';
import { Platform } from '../platform/platform';
import { checkConfigFiles, configFiles, exporterContainer, scrapeAnnotations, serviceMonitor } from '../private/app-wiring';
import { constructArgs } from '../private/construct-args';
import { volumeSnapshots } from '../private/crds';
import { METRICS_EXPORTER, RESOURCES, STATEFUL_STORE, STORE_BACKUP, STORE_RESTORE, TOPOLOGY, WORKLOAD } from '../private/defaults';
import * as k8s from '../private/k8s';
import { dnsEgress, internetEgress } from '../private/network';
import { withPlatformDefaults } from '../private/platform-defaults';
import { Shape, checkShape, required } from '../private/shape';
import {
  Problems, checkAbsolutePath, checkCount, checkEnv, checkImage, checkMetricsPath, checkName, checkPort, checkReference, checkSchedule, imageVersion,
} from '../private/validate';

// cdk8s-plus-28 has no volumeClaimTemplates, PVC retention policy or PodDisruptionBudget,
// so this archetype builds the StatefulSet, PDB and CronJob from the k8s L1 classes directly.

/** How a StatefulSet starts and stops its pods. */
export enum PodManagement {
  /** One pod at a time, in ordinal order, each ready before the next starts. */
  ORDERED_READY = 'OrderedReady',
  /** All pods at once: faster, for stores whose replicas find each other on their own. */
  PARALLEL = 'Parallel',
}

/** Access modes a PersistentVolumeClaim may ask for. */
const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

/** A persistent volume of every replica (one PersistentVolumeClaim per pod). */
export interface StorageProps {
  /** Capacity of each replica's volume. */
  readonly size: Size;
  /**
   * StorageClass of the volumes.
   * @default the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Access modes: "ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany" or "ReadWriteOncePod".
   * @default ["ReadWriteOnce"]
   */
  readonly accessModes?: string[];
  /**
   * Name of the volume claim template; each PVC is named `<name>-<store>-<ordinal>`. A DNS-1123 label.
   * @default "data" for `storage`; required for `extraStorage`
   */
  readonly name?: string;
  /**
   * Where the volume is mounted.
   * @default `dataPath` for `storage`; required for `extraStorage`
   */
  readonly mountPath?: string;
}

/** A scheduled backup of the store: a CronJob that runs your image and command. */
export interface BackupProps {
  /** Cron schedule, five fields ("0 3 * * *") or a macro such as "@daily". */
  readonly schedule: string;
  /** Backup tool image, pinned to a tag or digest. */
  readonly image: string;
  /** Command that takes the backup; it finds the store at `$STORE_HOST:$STORE_PORT` (the client Service). */
  readonly command: string[];
  /**
   * Arguments of the command.
   * @default none
   */
  readonly args?: string[];
  /**
   * Environment variables (credentials with `EnvVar.fromSecret`); `STORE_HOST` and `STORE_PORT` are always set.
   * @default STORE_HOST and STORE_PORT only
   */
  readonly env?: { [name: string]: EnvVar };
  /**
   * Existing Secrets whose keys all become environment variables (object-storage credentials, the store's password).
   * @default none
   */
  readonly envFromSecrets?: string[];
  /**
   * Why `envFromSecrets` are read into the environment (backup tools such as aws-cli read their credentials from
   * it). Written as checkov's exemption of CKV_K8S_35 on the CronJob, and on restore Jobs that inherit them.
   * @default none: checkov reports the Secrets read into the environment
   */
  readonly envFromSecretsReason?: string;
  /**
   * An existing PersistentVolumeClaim the backup writes to, mounted at `mountPath`.
   * @default none: the command writes to object storage itself
   */
  readonly claimName?: string;
  /**
   * Where `claimName` is mounted.
   * @default "/backup"
   */
  readonly mountPath?: string;
  /**
   * IANA time zone of the schedule ("Europe/Berlin").
   * @default the kube-controller-manager's time zone (usually UTC)
   */
  readonly timeZone?: string;
  /**
   * A run taking longer is stopped (with concurrencyPolicy Forbid a hung run would block every later one).
   * @default 1 hour
   */
  readonly timeout?: Duration;
  /**
   * A run that could not start within this of its time is skipped.
   * @default 10 minutes
   */
  readonly startingDeadline?: Duration;
  /**
   * Allow egress to public addresses, for object storage outside the cluster (private ranges stay closed).
   * @default false: DNS and the store only
   */
  readonly allowInternetEgress?: boolean;
  /**
   * Requests and limits of the backup container.
   * @default cpu 100m/1, memory 256Mi/1Gi, ephemeral-storage 128Mi/1Gi
   */
  readonly resources?: ResourceProps;
}

/** Prometheus metrics of a store: served by the store itself on `port`, or by an exporter sidecar listening there. */
export interface StoreMetricsProps extends MetricsProps {
  /** Port serving metrics: the store's own metrics port, or the port `exporter` listens on (postgres-exporter 9187). */
  readonly port: number;
  /**
   * An exporter sidecar (a store that speaks no HTTP, such as PostgreSQL or Redis) serving metrics on `port`.
   * @default none: the store serves metrics itself
   */
  readonly exporter?: MetricsExporter;
}

/** Props of a `StatefulStore`. */
export interface StatefulStoreProps extends WorkloadProps {
  /** Port clients connect to (5432 for PostgreSQL, 6379 for Redis). */
  readonly port: number;
  /**
   * Further ports only the replicas use among themselves (replication, gossip: etcd 2380, Redis cluster bus 16379).
   * @default none: replicas talk to each other on `port`
   */
  readonly peerPorts?: number[];
  /** The main volume of each replica, mounted at `dataPath`. */
  readonly storage: StorageProps;
  /**
   * More volumes per replica (write-ahead log, archive), each with its own `name` and `mountPath`.
   * @default none
   */
  readonly extraStorage?: StorageProps[];
  /**
   * Where the main volume is mounted.
   * @default `storage.mountPath`, else "/data"
   */
  readonly dataPath?: string;
  /**
   * Pods of the StatefulSet.
   * @default 1 (or the environment profile's `storeReplicas`)
   */
  readonly replicas?: number;
  /**
   * Order in which pods start and stop.
   * @default PodManagement.ORDERED_READY
   */
  readonly podManagement?: PodManagement;
  /**
   * Staged rollout: only pods with an ordinal >= partition take a new revision. Set replicas-1 to update the highest
   * ordinal first, then lower it step by step to 0.
   * @default 0 (every pod is updated)
   */
  readonly partition?: number;
  /**
   * How pods take a new revision: RollingUpdate (the controller replaces them, highest ordinal first) or OnDelete
   * (each pod only when you delete it, so you choose the order and the moment). OnDelete takes no `partition`.
   * @default UpdateStrategy.ROLLING_UPDATE
   */
  readonly updateStrategy?: UpdateStrategy;
  /**
   * Host anti-affinity of replicated stores (replicas > 1).
   * @default AntiAffinity.REQUIRED (or the environment profile's `storeAntiAffinity`)
   */
  readonly antiAffinity?: AntiAffinity;
  /**
   * The replicas form a quorum (Raft, ZooKeeper, Galera, MongoDB replica sets), so the PodDisruptionBudget keeps a
   * majority (⌊n/2⌋+1) available (at two replicas: at most one down, so drains never block). false for primary/standby stores: at most one pod down at a time.
   * @default true
   */
  readonly quorum?: boolean;
  /**
   * A scheduled backup CronJob.
   * @default no backup
   */
  readonly backup?: BackupProps;
  /**
   * Scrape Prometheus metrics: a `metrics` port on the headless Service and a ServiceMonitor (or `prometheus.io/*` pod
   * annotations with `serviceMonitor: false`); the metrics port is open to every namespace, the store port is not.
   * @default no metrics
   */
  readonly metrics?: StoreMetricsProps;
  /**
   * Files (name to content) in a ConfigMap the store owns ("postgresql.conf"), mounted read-only at `configMountPath`.
   * A change rolls the pods (with OnDelete: as you delete them).
   * @default no ConfigMap
   */
  readonly configFiles?: { [fileName: string]: string };
  /**
   * Where `configFiles` are mounted.
   * @default "/etc/<name>"
   */
  readonly configMountPath?: string;
}

// size, port and storage have checks of their own below, with fixes specific to a store
const STORAGE_SHAPE: Shape = { size: 'any', storageClassName: 'string', accessModes: 'strings', name: 'string', mountPath: 'string' };

const BACKUP_SHAPE: Shape = {
  schedule: required('string'),
  image: required('string'),
  command: required('strings'),
  args: 'strings',
  env: WORKLOAD_SHAPE.env,
  envFromSecrets: 'strings',
  envFromSecretsReason: 'string',
  claimName: 'string',
  mountPath: 'string',
  timeZone: 'string',
  timeout: 'seconds',
  startingDeadline: 'seconds',
  allowInternetEgress: 'boolean',
  resources: { object: RESOURCE_SHAPE },
};

/** The known props of a StatefulStore (src/private/shape.ts). @internal */
export const STATEFUL_STORE_SHAPE: Shape = {
  ...WORKLOAD_SHAPE,
  port: 'int',
  peerPorts: { list: 'int' },
  storage: { object: STORAGE_SHAPE },
  extraStorage: { list: { object: STORAGE_SHAPE } },
  dataPath: 'string',
  replicas: 'int',
  podManagement: 'string',
  partition: 'int',
  antiAffinity: 'string',
  quorum: 'boolean',
  backup: { object: BACKUP_SHAPE },
  updateStrategy: UPDATE_STRATEGY,
  metrics: { object: { ...METRICS_SHAPE, port: 'int', exporter: { object: METRICS_EXPORTER_SHAPE } } },
  configFiles: 'stringMap',
  configMountPath: 'string',
};

/**
 * A replicated stateful service whose data survives every mistake: StatefulSet
 * with volumeClaimTemplates, headless Service for peers, client Service,
 * ServiceAccount, PodDisruptionBudget and NetworkPolicy; optionally a backup
 * CronJob with its own NetworkPolicy.
 */
export class StatefulStore extends Workload {
  /** Port clients connect to. */
  public readonly port: number;
  /** Pods of the StatefulSet. */
  public readonly replicas: number;
  /** The StatefulSet. */
  public readonly statefulSet: k8s.KubeStatefulSet;
  /** The headless Service (`<name>-headless`) that gives each replica a stable DNS name for its peers. */
  public readonly headlessService: k8s.KubeService;
  /** The client Service (`<name>`) for normal traffic. */
  public readonly service: k8s.KubeService;
  /** The PodDisruptionBudget, absent at one replica so node drains never block. */
  public readonly pdb?: k8s.KubePodDisruptionBudget;
  /** The backup CronJob, when `backup` is set. */
  public readonly backupCronJob?: k8s.KubeCronJob;
  /** The backup pods' NetworkPolicy, when `backup` is set. */
  public readonly backupNetworkPolicy?: k8s.KubeNetworkPolicy;
  /** The ConfigMap of `configFiles`. */
  public readonly configMap?: k8s.KubeConfigMap;
  /** The ServiceMonitor, when `metrics` is set (and `serviceMonitor` is not false). */
  public readonly serviceMonitor?: ServiceMonitor;
  /** Names of the volume claim templates, the main one first. */
  private readonly volumeNames: string[];

  constructor(scope: Construct, id: string, given: StatefulStoreProps) {
    const { props, problems } = checkedProps(given, STATEFUL_STORE_SHAPE);
    super(scope, id, {
      ...props,
      ingressScope: props.ingressScope ?? (STATEFUL_STORE.ingressScope as IngressScope),
      slowStart: props.slowStart ?? Duration.seconds(STATEFUL_STORE.slowStartSeconds),
    }, STATEFUL_STORE.component);
    const p = this.problems;
    p.addAll(problems);
    const profile = Platform.of(this).profile?.props;
    this.port = props.port;
    this.replicas = props.replicas ?? profile?.storeReplicas ?? STATEFUL_STORE.replicas;
    const replicas = this.replicas;
    const replicated = replicas > 1;

    const { peerPorts, partition, updateStrategy, antiAffinity, podManagement, quorum } =
      storeSettings(p, props, this.name, replicas, profile?.storeAntiAffinity);

    const dataPath = props.dataPath ?? props.storage?.mountPath ?? STATEFUL_STORE.dataPath;
    checkAbsolutePath(p, props.dataPath === undefined && props.storage?.mountPath !== undefined ? 'storage.mountPath' : 'dataPath', dataPath);
    if (props.dataPath !== undefined && props.storage?.mountPath !== undefined && props.storage.mountPath !== props.dataPath) {
      p.add('storage.mountPath', props.storage.mountPath, `differs from dataPath "${props.dataPath}"`, 'set only one of them');
    }
    const volumes = this.volumes(p, props, dataPath);
    this.volumeNames = volumes.map(v => v.name);

    const selfPeer = { podSelector: { matchLabels: { 'app.kubernetes.io/name': this.name } } };
    const backupName = `${this.name}${STORE_BACKUP.suffix}`;
    const backupPeer = { podSelector: { matchLabels: { 'app.kubernetes.io/name': backupName } } };
    const ports: k8s.ContainerPort[] = [
      { name: STATEFUL_STORE.portName, containerPort: this.port, protocol: 'TCP' },
      ...peerPorts.map(peer => ({ name: `peer-${peer}`, containerPort: peer, protocol: 'TCP' })),
    ];
    const metrics = this.metricsWiring(props, ports);
    this.openIngress([this.port], props.backup ? [backupPeer] : []);
    if (metrics) {
      // Prometheus runs in a namespace of its own; the metrics port exposes no data
      this.allowIngress({ from: [{ namespaceSelector: {} }], ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(metrics.port) }] });
    }
    if (replicated) {
      // replicas replicate, elect and gossip with each other whatever the client scope
      const toPorts = ports.map(x => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(x.containerPort) }));
      this.allowIngress({ from: [selfPeer], ports: toPorts });
      this.allowEgress({ to: [selfPeer], ports: toPorts });
    }

    const config = props.configFiles ? this.configWiring(props, volumes) : undefined;
    this.configMap = config?.configMap;

    const template = this.podTemplate({
      podLabels: {},
      ports,
      sidecars: metrics?.sidecar ? [metrics.sidecar] : undefined,
      podAnnotations: { ...config?.annotations, ...scrapeAnnotations(props.metrics, metrics?.port) },
      extraVolumes: config ? [config.volume] : undefined,
      resources: RESOURCES.store,
      // readiness and the slow-start probe; no liveness by default: a TCP one would repeat readiness
      // (kube-score pod-probes-identical), and a store replaying its log must not be restarted
      readiness: HealthProbe.tcp(),
      liveness: HealthProbe.none(STATEFUL_STORE.noLivenessReason),
      terminationGracePeriodSeconds: STATEFUL_STORE.terminationGracePeriodSeconds,
      extraMounts: [...volumes.map(v => ({ name: v.name, mountPath: v.mountPath })), ...(config ? [config.mount] : [])],
      fsGroup: true,
      topologySpreadConstraints: [{
        maxSkew: TOPOLOGY.maxSkew,
        topologyKey: TOPOLOGY.zone,
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: this.selectorLabels },
      }],
      affinity: replicated ? hostAntiAffinity(antiAffinity === AntiAffinity.PREFERRED, this.selectorLabels) : undefined,
    });

    const servicePort = (x: k8s.ContainerPort): k8s.ServicePort => ({
      name: x.name, port: x.containerPort, targetPort: k8s.IntOrString.fromString(x.name!), protocol: 'TCP',
    });
    this.headlessService = new k8s.KubeService(this, 'HeadlessService', {
      metadata: this.metadata(`${this.name}${STATEFUL_STORE.headlessSuffix}`),
      spec: {
        clusterIp: 'None',
        // peers must find each other before they are ready, or a cluster never forms
        publishNotReadyAddresses: true,
        selector: this.selectorLabels,
        ports: [...ports, ...(metrics?.containerPort ? [metrics.containerPort] : [])].map(servicePort),
      },
    });
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: this.metadata(),
      spec: { type: STATEFUL_STORE.serviceType, selector: this.selectorLabels, ports: [servicePort(ports[0])] },
    });

    this.statefulSet = new k8s.KubeStatefulSet(this, 'StatefulSet', {
      metadata: this.metadata(),
      spec: {
        serviceName: this.headlessService.name,
        replicas,
        selector: { matchLabels: this.selectorLabels },
        podManagementPolicy: podManagement,
        updateStrategy: updateStrategy === UpdateStrategy.ON_DELETE
          ? { type: updateStrategy }
          : { type: updateStrategy, rollingUpdate: { partition } },
        revisionHistoryLimit: WORKLOAD.revisionHistoryLimit,
        minReadySeconds: STATEFUL_STORE.minReadySeconds,
        persistentVolumeClaimRetentionPolicy: { ...STATEFUL_STORE.pvcRetention },
        template,
        volumeClaimTemplates: volumes.map(v => ({
          // only immutable labels: volumeClaimTemplates cannot change on a live StatefulSet
          metadata: { name: v.name, labels: this.selectorLabels },
          spec: {
            accessModes: v.accessModes,
            storageClassName: v.storageClassName,
            volumeMode: STATEFUL_STORE.volumeMode,
            resources: { requests: { storage: k8s.Quantity.fromString(v.size) } },
          },
        })),
      },
    });
    this.node.defaultChild = this.statefulSet;
    // the owner of the volume claims: data survives a prune and deleting the Application, as it survives deleting the store
    keepOnDelete(this.statefulSet);

    if (replicated) {
      // a quorum of two has no spare member: a majority budget (2) would block every drain, so one may go
      this.pdb = new k8s.KubePodDisruptionBudget(this, 'PodDisruptionBudget', {
        metadata: this.metadata(),
        spec: {
          ...(quorum && replicas > 2
            ? { minAvailable: k8s.IntOrString.fromNumber(Math.floor(replicas / 2) + 1) }
            : { maxUnavailable: k8s.IntOrString.fromNumber(1) }),
          selector: { matchLabels: this.selectorLabels },
        },
      });
    }

    if (metrics && props.metrics!.serviceMonitor !== false) {
      // both Services carry the store's labels; only the headless one lists the metrics port, so each pod is scraped once
      this.serviceMonitor = serviceMonitor(this, this.metadata(), this.selectorLabels, METRICS_EXPORTER.portName, props.metrics!);
    }

    if (props.backup) {
      const backup = this.createBackup(props.backup, backupName);
      this.backupCronJob = backup.cronJob;
      this.backupNetworkPolicy = backup.networkPolicy;
    }
  }

  /**
   * A Job that reads one backup of the store's `backup` (its CronJob, `<store>-backup`) back: into the running store
   * through its port, or into a volume (an existing claim, or a fresh one, empty or from a VolumeSnapshot).
   * The Job runs the restricted pod and has its own NetworkPolicy (DNS and the store port only).
   */
  public restore(id: string, given: RestoreProps): StoreRestore {
    [, id] = constructArgs(this, id, 'StatefulStore.restore');
    const scope = new Construct(this, id);
    const p = new Problems(scope);
    const props = checkShape<RestoreProps>(given, RESTORE_SHAPE, '', (...a) => p.add(...a));
    const backup = (this.props as StatefulStoreProps).backup;
    const backupName = `${this.name}${STORE_BACKUP.suffix}`;
    if (!backup || props.backup !== backupName) {
      p.add('backup', props.backup, 'is not a backup of this store',
        backup ? `use "${backupName}", the store's backup CronJob` : 'define `backup` on the store first: a restore reads what a backup wrote');
    }
    if (typeof props.backupId !== 'string' || !props.backupId.trim()) {
      p.add('backupId', props.backupId, 'is empty', 'name the backup to read, such as "orders-2026-12-01.dump"');
    }
    if (!props.command?.length) {
      p.add('command', props.command, 'is empty', 'give the command that restores, such as ["sh", "-c", "pg_restore -h $STORE_HOST -p $STORE_PORT -U postgres -d orders /backup/$BACKUP_ID"]');
    }
    if (props.image !== undefined) checkImage(p, 'image', props.image);
    const name = `${this.name}${STORE_RESTORE.suffix}-${id}`;
    checkName(p, 'id (the Job is named <store>-restore-<id>)', name);
    if (name.length > STORE_RESTORE.maxNameLength) {
      p.add('id', id, `makes the Job name "${name}" ${name.length} characters long`, `use at most ${STORE_RESTORE.maxNameLength}: Job pods add 6 characters`);
    }
    const target = restoreVolume(p, props.volume);
    const image = props.image ?? backup?.image ?? '';
    const labels = jobLabels(`${this.name}${STORE_RESTORE.suffix}`, name, image, STORE_RESTORE.component);
    const claim = target?.size !== undefined ? new k8s.KubePersistentVolumeClaim(scope, 'PersistentVolumeClaim', {
      metadata: this.metadata(name, labels),
      spec: {
        accessModes: [...STORE_RESTORE.accessModes],
        storageClassName: target.storageClassName,
        volumeMode: STATEFUL_STORE.volumeMode,
        resources: { requests: { storage: k8s.Quantity.fromString(target.size) } },
        dataSource: target.fromSnapshot ? { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: target.fromSnapshot } : undefined,
      },
    }) : undefined;
    const targetClaim = target?.claimName ?? claim?.name;
    const volumes: k8s.Volume[] = [];
    const mounts: k8s.VolumeMount[] = [];
    if (backup?.claimName !== undefined) {
      volumes.push({ name: STORE_BACKUP.volumeName, persistentVolumeClaim: { claimName: backup.claimName, readOnly: true } });
      mounts.push({ name: STORE_BACKUP.volumeName, mountPath: backup.mountPath ?? STORE_BACKUP.mountPath, readOnly: true });
    }
    if (targetClaim !== undefined) {
      volumes.push({ name: STORE_RESTORE.volumeName, persistentVolumeClaim: { claimName: targetClaim } });
      mounts.push({ name: STORE_RESTORE.volumeName, mountPath: STORE_RESTORE.mountPath });
    }
    const template = this.storeJobPod(p, '', {
      image,
      command: props.command,
      args: props.args,
      env: { BACKUP_ID: EnvVar.value(props.backupId ?? '') },
      // a restore without env or envFromSecrets of its own reads the backup's credentials
      own: props,
      inherited: backup,
      resources: props.resources ?? backup?.resources,
      labels,
      volumes,
      mounts,
      restartPolicy: STORE_RESTORE.restartPolicy,
    });
    const job = new k8s.KubeJob(scope, 'Job', {
      metadata: this.metadata(name, labels),
      spec: {
        backoffLimit: STORE_RESTORE.backoffLimit,
        activeDeadlineSeconds: props.timeout?.toSeconds() ?? STORE_RESTORE.activeDeadlineSeconds,
        template,
      },
    });
    const networkPolicy = this.jobNetworkPolicy(scope, 'NetworkPolicy', this.metadata(name, labels),
      { 'app.kubernetes.io/instance': name }, props.allowInternetEgress ?? backup?.allowInternetEgress ?? false);
    if ((this.props.ingressScope ?? IngressScope.CLUSTER) === IngressScope.PEERS) {
      this.allowIngress({ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/instance': name } } }], ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(this.port) }] });
    }
    return { job, networkPolicy, claim };
  }

  /**
   * A CSI VolumeSnapshot (snapshot.storage.k8s.io/v1) of one replica's volume, for a restore with
   * `volume: { fromSnapshot }`. Needs a CSI driver with snapshot support and the external-snapshotter CRDs.
   */
  public snapshot(id: string, given: SnapshotProps = {}): StoreSnapshot {
    [, id] = constructArgs(this, id, 'StatefulStore.snapshot');
    const scope = new Construct(this, id);
    const p = new Problems(scope);
    const props = checkShape<SnapshotProps>(given, SNAPSHOT_SHAPE, '', (...a) => p.add(...a));
    const name = props.name ?? `${this.name}-${id}`;
    checkName(p, props.name ? 'name' : 'id (the default name <store>-<id>)', name);
    if (props.volumeSnapshotClassName !== undefined) checkName(p, 'volumeSnapshotClassName', props.volumeSnapshotClassName);
    const ordinal = props.ordinal ?? 0;
    if (!Number.isInteger(ordinal) || ordinal < 0 || ordinal >= this.replicas) {
      p.add('ordinal', ordinal, `is not a replica of ${this.replicas}`, `use 0 to ${this.replicas - 1}`);
    }
    const volume = props.volume ?? this.volumeNames[0] ?? STATEFUL_STORE.volumeName;
    if (!this.volumeNames.includes(volume)) {
      p.add('volume', volume, 'is not a volume of this store', `use one of ${this.volumeNames.map(x => `"${x}"`).join(', ')}`);
    }
    const volumeSnapshot = new (volumeSnapshots().VolumeSnapshot)(scope, 'VolumeSnapshot', {
      metadata: this.metadata(name),
      spec: {
        volumeSnapshotClassName: props.volumeSnapshotClassName,
        source: { persistentVolumeClaimName: `${volume}-${this.name}-${ordinal}` },
      },
    });
    return { volumeSnapshot, name };
  }

  /** The NetworkPolicy of a Job of this store (backup, restore): no ingress; egress to DNS, the store's port and, when allowed, public addresses. */
  private jobNetworkPolicy(scope: Construct, id: string, metadata: k8s.ObjectMeta, pods: { [key: string]: string }, internet: boolean) {
    return new k8s.KubeNetworkPolicy(scope, id, {
      metadata,
      spec: {
        podSelector: { matchLabels: pods },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [],
        egress: [
          dnsEgress(),
          { to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': this.name } } }], ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(this.port) }] },
          ...(internet ? [internetEgress()] : []),
        ],
      },
    });
  }

  /** The backup CronJob and the NetworkPolicy that lets its pods reach the store (and, when allowed, the internet). */
  private createBackup(backup: BackupProps, backupName: string) {
    const p = this.problems;
    const backupLabels = jobLabels(backupName, backupName, backup.image, STORE_BACKUP.component);
    const jobTemplate = this.backupPod(p, backup, backupLabels);
    const cronJob = new k8s.KubeCronJob(this, 'BackupCronJob', {
      metadata: this.metadata(backupName, backupLabels),
      spec: {
        schedule: backup.schedule,
        timeZone: backup.timeZone,
        concurrencyPolicy: STORE_BACKUP.concurrencyPolicy,
        startingDeadlineSeconds: backup.startingDeadline?.toSeconds() ?? STORE_BACKUP.startingDeadlineSeconds,
        successfulJobsHistoryLimit: STORE_BACKUP.successfulJobsHistoryLimit,
        failedJobsHistoryLimit: STORE_BACKUP.failedJobsHistoryLimit,
        suspend: false,
        jobTemplate: {
          metadata: { labels: { ...this.labels, ...backupLabels } },
          spec: {
            backoffLimit: STORE_BACKUP.backoffLimit,
            activeDeadlineSeconds: backup.timeout?.toSeconds() ?? STORE_BACKUP.activeDeadlineSeconds,
            template: jobTemplate,
          },
        },
      },
    });
    const networkPolicy = this.jobNetworkPolicy(this, 'BackupNetworkPolicy', this.metadata(backupName, backupLabels),
      { 'app.kubernetes.io/name': backupName }, backup.allowInternetEgress ?? false);
    return { cronJob, networkPolicy };
  }

  /**
   * The metrics port (on the store container or an exporter sidecar), after checking it is a port of its own.
   * Adds the store container's `metrics` port to `ports` when the store serves metrics itself.
   */
  private metricsWiring(props: StatefulStoreProps, ports: k8s.ContainerPort[]) {
    const p = this.problems;
    const metrics = props.metrics;
    if (!metrics) return undefined;
    checkMetricsPath(p, metrics.path);
    if (metrics.port === undefined) {
      p.add('metrics.port', undefined, 'is required',
        'give the port the store (or its `exporter`) serves metrics on, such as 9187 for postgres-exporter');
      return undefined;
    }
    checkPort(p, 'metrics.port', metrics.port);
    if (ports.some(x => x.containerPort === metrics.port)) {
      p.add('metrics.port', metrics.port, 'is already the store port or a peer port', 'serve metrics on a port of their own, such as 9187');
    }
    const containerPort: k8s.ContainerPort = { name: METRICS_EXPORTER.portName, containerPort: metrics.port, protocol: 'TCP' };
    if (!metrics.exporter) {
      ports.push(containerPort);
      return { port: metrics.port, containerPort: undefined, sidecar: undefined };
    }
    return { port: metrics.port, containerPort, sidecar: exporterContainer(p, metrics.exporter, metrics.port, metrics.path) };
  }

  /** The ConfigMap of `configFiles` (checksum annotation included), after checking its mount path is free. */
  private configWiring(props: StatefulStoreProps, volumes: Volume[]) {
    const mountPath = props.configMountPath ?? `${WORKLOAD.configDir}/${this.name}`;
    checkAbsolutePath(this.problems, 'configMountPath', props.configMountPath);
    // the mount path is checked below, against the store's volumes too
    checkConfigFiles(this.problems, props.configFiles, undefined);
    if ([WORKLOAD.tmpPath, ...volumes.map(v => v.mountPath)].includes(mountPath)) {
      this.problems.add('configMountPath', mountPath, 'is already a mount point', `mount the config files elsewhere, such as "${WORKLOAD.configDir}/${this.name}"`);
    }
    return configFiles(this, this.metadata(`${this.name}-config`), props.configFiles!, mountPath);
  }

  /** Checks `storage` and `extraStorage` and returns every volume, the main one first. */
  private volumes(p: Problems, props: StatefulStoreProps, dataPath: string): Volume[] {
    if (!props.storage) {
      p.add('storage', undefined, 'is required', 'give the volume size of each replica, such as `storage: { size: Size.gibibytes(20) }`');
      return [];
    }
    const all: Array<[string, StorageProps, string | undefined, string | undefined]> = [
      ['storage', props.storage, props.storage.name ?? STATEFUL_STORE.volumeName, dataPath],
      ...(props.extraStorage ?? []).map((s, i) => [`extraStorage[${i}]`, s, s?.name, s?.mountPath] as [string, StorageProps, string | undefined, string | undefined]),
    ];
    const out: Volume[] = [];
    const names = new Set<string>([WORKLOAD.tmpPath.slice(1)]);
    const paths = new Set<string>([WORKLOAD.tmpPath]);
    for (const [prop, s, name, mountPath] of all) {
      if (!s) {
        p.add(prop, s, 'is not a volume', 'give { name, size, mountPath }');
        continue;
      }
      const size = sizeQuantity(p, `${prop}.size`, s.size);
      if (name === undefined) {
        p.add(`${prop}.name`, undefined, 'is required', 'name each extra volume, such as "wal"');
      } else {
        checkName(p, `${prop}.name`, name);
        if (names.has(name)) p.add(`${prop}.name`, name, 'is already used by another volume', 'give each volume its own name');
        names.add(name);
      }
      if (mountPath === undefined) {
        p.add(`${prop}.mountPath`, undefined, 'is required', 'mount each extra volume at its own absolute path, such as "/var/lib/store/wal"');
      } else if (prop !== 'storage') {
        checkAbsolutePath(p, `${prop}.mountPath`, mountPath);
      }
      if (mountPath !== undefined) {
        const where = prop === 'storage' ? (props.dataPath !== undefined ? 'dataPath' : 'storage.mountPath') : `${prop}.mountPath`;
        if (mountPath === '/') p.add(where, mountPath, 'is the root directory', 'mount the volume at a directory of its own, such as "/data"');
        else if (paths.has(mountPath)) p.add(where, mountPath, 'is already a mount point', `choose another path${mountPath === WORKLOAD.tmpPath ? ': /tmp is the scratch emptyDir' : ''}`);
        paths.add(mountPath);
      }
      const accessModes = s.accessModes ?? [...STATEFUL_STORE.accessModes];
      if (accessModes.length === 0) p.add(`${prop}.accessModes`, accessModes, 'is empty', 'leave it out for ["ReadWriteOnce"]');
      for (const mode of accessModes) {
        if (!ACCESS_MODES.includes(mode)) {
          p.add(`${prop}.accessModes`, mode, 'is not an access mode', `use one of ${ACCESS_MODES.map(m => `"${m}"`).join(', ')}`);
        }
      }
      checkReference(p, `${prop}.storageClassName`, s.storageClassName || undefined);
      if (name !== undefined && mountPath !== undefined && size !== undefined) {
        out.push({ name, mountPath, size, accessModes, storageClassName: s.storageClassName });
      }
    }
    return out;
  }

  /** The backup pod: restricted like the store's, its own image, command and labels. */
  private backupPod(p: Problems, backup: BackupProps, labels: { [key: string]: string }): k8s.PodTemplateSpec {
    checkImage(p, 'backup.image', backup.image);
    checkSchedule(p, 'backup.schedule', backup.schedule, 'backup.timeZone', backup.timeZone);
    if (!backup.command?.length) {
      p.add('backup.command', backup.command, 'is empty', 'give the command that takes the backup, such as ["sh", "-c", "pg_dump ... > /backup/$(date +%F).sql"]');
    }
    checkAbsolutePath(p, 'backup.mountPath', backup.mountPath);
    if (backup.claimName !== undefined) checkName(p, 'backup.claimName', backup.claimName);
    const claim = backup.claimName !== undefined;
    return this.storeJobPod(p, 'backup.', {
      image: backup.image,
      command: backup.command,
      args: backup.args,
      own: backup,
      resources: backup.resources,
      labels,
      volumes: claim ? [{ name: STORE_BACKUP.volumeName, persistentVolumeClaim: { claimName: backup.claimName! } }] : [],
      mounts: claim ? [{ name: STORE_BACKUP.volumeName, mountPath: backup.mountPath ?? STORE_BACKUP.mountPath }] : [],
      restartPolicy: STORE_BACKUP.restartPolicy,
    });
  }

  /**
   * The pod of a Job of this store (backup, restore): restricted like the store's, with the store's pull policy, pull
   * secrets, security and tmp size, STORE_HOST and STORE_PORT in its environment, and its own image, command, labels
   * and volumes. `own` env and envFromSecrets (checked, as `at` + prop) win over the `inherited` ones.
   */
  private storeJobPod(p: Problems, at: string, job: StoreJobPod): k8s.PodTemplateSpec {
    const { own, inherited } = job;
    checkEnv(p, `${at}env`, own.env);
    own.envFromSecrets?.forEach((name, i) => checkReference(p, `${at}envFromSecrets[${i}]`, name));
    const merged = withPlatformDefaults(Platform.of(this), {
      image: job.image,
      imagePullPolicy: this.props.imagePullPolicy,
      imagePullPolicyReason: this.props.imagePullPolicyReason,
      command: job.command,
      args: job.args,
      env: {
        STORE_HOST: EnvVar.value(this.name),
        STORE_PORT: EnvVar.value(String(this.port)),
        ...job.env,
        ...(own.env ?? inherited?.env),
      },
      envFromSecrets: own.envFromSecrets ?? inherited?.envFromSecrets,
      envFromSecretsReason: own.envFromSecrets ? own.envFromSecretsReason : inherited?.envFromSecretsReason,
      // the store's private registry serves the job's image too
      imagePullSecrets: this.props.imagePullSecrets,
      security: this.props.security,
      tmpSize: this.props.tmpSize,
      // a Job has no endpoints to drain
      preStopDelay: Duration.seconds(0),
    }, 'store', p);
    const template = this.podTemplate({
      // a job must never preempt serving pods, and its resources are its own
      props: { ...merged, priorityClassName: undefined, resources: job.resources },
      podLabels: job.labels,
      ports: [],
      resources: STORE_BACKUP.resources,
      terminationGracePeriodSeconds: WORKLOAD.terminationGracePeriodSeconds,
      extraVolumes: job.volumes,
      extraMounts: job.mounts,
      fsGroup: job.volumes.length > 0,
    });
    return { ...template, spec: { ...template.spec!, restartPolicy: job.restartPolicy } };
  }
}

/** The labels of a Job of a store (backup, restore): its name and instance, its image's version, its component. */
function jobLabels(name: string, instance: string, image: string | undefined, component: string): { [key: string]: string } {
  const v = imageVersion(image ?? '');
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': instance,
    ...(v ? { 'app.kubernetes.io/version': v } : {}),
    'app.kubernetes.io/component': component,
  };
}

/** What a backup or restore pod has of its own (`StatefulStore.storeJobPod`). */
interface StoreJobPod {
  readonly image: string;
  readonly command?: string[];
  readonly args?: string[];
  /** Variables after STORE_HOST and STORE_PORT, before the job's own. */
  readonly env?: { [name: string]: EnvVar };
  readonly own: { readonly env?: { [name: string]: EnvVar }; readonly envFromSecrets?: string[]; readonly envFromSecretsReason?: string };
  readonly inherited?: { readonly env?: { [name: string]: EnvVar }; readonly envFromSecrets?: string[]; readonly envFromSecretsReason?: string };
  readonly resources?: ResourceProps;
  readonly labels: { [key: string]: string };
  readonly volumes: k8s.Volume[];
  readonly mounts: k8s.VolumeMount[];
  readonly restartPolicy: string;
}

/** The checked target volume of a restore: an existing claim, or a fresh one of `size` (a quantity). */
function restoreVolume(p: Problems, volume: RestoreVolume | undefined) {
  if (!volume) return undefined;
  if ((volume.claimName === undefined) === (volume.size === undefined)) {
    p.add('volume', volume.claimName ?? null, 'needs exactly one of claimName and size',
      'give `claimName` to restore into an existing PersistentVolumeClaim, or `size` for a fresh one');
    return undefined;
  }
  if (volume.claimName !== undefined) {
    checkName(p, 'volume.claimName', volume.claimName);
    if (volume.fromSnapshot !== undefined) p.add('volume.fromSnapshot', volume.fromSnapshot, 'needs a fresh volume', 'give `size` instead of `claimName`');
    return { claimName: volume.claimName };
  }
  if (volume.fromSnapshot !== undefined) checkName(p, 'volume.fromSnapshot', volume.fromSnapshot);
  checkReference(p, 'volume.storageClassName', volume.storageClassName);
  const size = sizeQuantity(p, 'volume.size', volume.size);
  return size === undefined ? undefined : { size, storageClassName: volume.storageClassName, fromSnapshot: volume.fromSnapshot };
}

interface Volume {
  readonly name: string;
  readonly mountPath: string;
  readonly size: string;
  readonly accessModes: string[];
  readonly storageClassName?: string;
}

/** A Size as the largest whole binary unit ("20Gi", "1536Mi"), or undefined after recording why it is not one. */
function sizeQuantity(p: Problems, prop: string, size: Size | undefined): string | undefined {
  if (size === undefined || size === null) {
    p.add(prop, size, 'is missing', 'give the capacity of each replica\'s volume, such as Size.gibibytes(20)');
    return undefined;
  }
  if (typeof (size as any).toKibibytes !== 'function') {
    p.add(prop, size, 'is not a Size', 'use Size.gibibytes(20) (import { Size } from "cdk8s")');
    return undefined;
  }
  const raw = size as any;
  const shown = `${raw.amount} ${raw.unit?.label ?? ''}`.trim();
  const conversions: Array<[string, () => number]> = [
    ['Ti', () => size.toTebibytes()], ['Gi', () => size.toGibibytes()], ['Mi', () => size.toMebibytes()], ['Ki', () => size.toKibibytes()],
  ];
  for (const [unit, convert] of conversions) {
    let amount: number;
    try {
      amount = convert();
    } catch {
      continue;
    }
    if (amount === 0) {
      p.add(prop, shown, 'is zero', 'give the capacity of each replica\'s volume, such as Size.gibibytes(20)');
      return undefined;
    }
    if (Number.isInteger(amount) && amount > 0) return `${amount}${unit}`;
  }
  p.add(prop, shown, 'is not a valid quantity (not a whole number of kibibytes)', 'use a whole amount, such as Size.gibibytes(20) or Size.mebibytes(512)');
  return undefined;
}

function hostAntiAffinity(preferred: boolean, selector: { [key: string]: string }): k8s.Affinity {
  const term = { topologyKey: TOPOLOGY.host, labelSelector: { matchLabels: selector } };
  return {
    podAntiAffinity: preferred
      ? { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: TOPOLOGY.antiAffinityWeight, podAffinityTerm: term }] }
      : { requiredDuringSchedulingIgnoredDuringExecution: [term] },
  };
}

/** The store's settings with their defaults, after recording every problem of the props they come from. */
function storeSettings(p: Problems, props: StatefulStoreProps, name: string, replicas: number, profileAntiAffinity: AntiAffinity | undefined) {
  if (props.port === undefined) {
    p.add('port', undefined, 'is required', 'give the port the store listens on, such as 5432 for PostgreSQL');
  }
  checkPort(p, 'port', props.port);
  const peerPorts = props.peerPorts ?? [];
  peerPorts.forEach((peer, i) => {
    checkPort(p, `peerPorts[${i}]`, peer);
    if (peer === props.port) p.add(`peerPorts[${i}]`, peer, 'repeats `port`', 'leave it out: `port` is always open between replicas');
  });
  const nameProp = props.name ? 'name' : 'id (the default name)';
  const maxName = props.backup ? STORE_BACKUP.maxNameLength - STORE_BACKUP.suffix.length : STATEFUL_STORE.maxNameLength;
  if (name.length > maxName) {
    p.add(nameProp, name, `is ${name.length} characters long`,
      `use at most ${maxName}: the StatefulSet's controller-revision-hash label${props.backup ? ' and the backup Job names' : ''} add characters to it`);
  }

  checkCount(p, 'replicas', props.replicas, 1);
  const partition = props.partition ?? STATEFUL_STORE.partition;
  if (!Number.isInteger(partition) || partition < 0) {
    p.add('partition', partition, 'is not a whole number >= 0', 'use 0 to roll out every pod, or replicas-1 to update the highest ordinal first');
  } else if (partition > replicas) {
    p.add('partition', partition, `is above replicas ${replicas}`,
      `use 0 to ${replicas} (${Math.max(0, replicas - 1)} updates the highest ordinal first; lower it step by step to 0)`);
  }
  const updateStrategy = updateStrategyOf(p, props.updateStrategy, STATEFUL_STORE.updateStrategy);
  if (updateStrategy === UpdateStrategy.ON_DELETE && props.partition !== undefined) {
    p.add('partition', props.partition, 'is set together with updateStrategy OnDelete',
      'remove `partition` (with OnDelete a pod takes the new revision when you delete it, in the order you choose) or use UpdateStrategy.ROLLING_UPDATE');
  }
  const antiAffinity = props.antiAffinity ?? profileAntiAffinity ?? STATEFUL_STORE.antiAffinity;
  if (!Object.values(AntiAffinity).includes(antiAffinity as AntiAffinity)) {
    p.add('antiAffinity', antiAffinity, 'is not an anti-affinity', 'use AntiAffinity.REQUIRED ("required") or AntiAffinity.PREFERRED ("preferred")');
  }
  const podManagement = props.podManagement ?? STATEFUL_STORE.podManagementPolicy;
  if (!Object.values(PodManagement).includes(podManagement as PodManagement)) {
    p.add('podManagement', podManagement, 'is not a pod management policy', 'use PodManagement.ORDERED_READY ("OrderedReady") or PodManagement.PARALLEL ("Parallel")');
  }
  const quorum = props.quorum ?? STATEFUL_STORE.quorum;
  if (quorum && replicas === 2) {
    p.add('replicas', replicas, 'cannot keep a quorum through a disruption (a majority of 2 is both pods, so every node drain would block)',
      'use 3 replicas (a majority of 2 survives one pod down), 1 replica, or set `quorum: false` for a primary/standby pair');
  }
  return { peerPorts, partition, updateStrategy, antiAffinity, podManagement, quorum };
}
