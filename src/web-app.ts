import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { RESOURCES, TOPOLOGY, WEB_APP, WORKLOAD, PROBES } from './private/defaults';
import { checkAbsolutePath, checkCount, checkName, checkPort } from './private/validate';
import { Probe } from './probe';
import { CONFIG_CHECKSUM_ANNOTATION, Workload, WorkloadProps } from './workload';
import { ServiceMonitor } from '../imports/service-monitor-monitoring.coreos.com';

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

/** An Ingress in front of the Service. */
export interface IngressProps {
  /** Host name ("shop.example.com"). */
  readonly host: string;
  /**
   * Path prefix.
   * @default "/"
   */
  readonly path?: string;
  /**
   * IngressClass.
   * @default the cluster's default IngressClass
   */
  readonly className?: string;
  /**
   * Secret holding the TLS certificate for `host`.
   * @default no TLS
   */
  readonly tlsSecretName?: string;
  /**
   * Annotations for the ingress controller.
   * @default none
   */
  readonly annotations?: { [key: string]: string };
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

/** Props of a `WebApp`. */
export interface WebAppProps extends WorkloadProps {
  /**
   * Port the container listens on.
   * @default 8080
   */
  readonly port?: number;
  /**
   * Pods to run when no autoscaling is set.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Path of the readiness check.
   * @default "/healthz"
   */
  readonly healthPath?: string;
  /**
   * Scale on CPU/memory with a HorizontalPodAutoscaler (then `replicas` is not set on the Deployment).
   * @default no autoscaling
   */
  readonly autoscaling?: AutoscalingProps;
  /**
   * Service type.
   * @default "ClusterIP"
   */
  readonly serviceType?: string;
  /**
   * Port the Service listens on.
   * @default 80
   */
  readonly servicePort?: number;
  /**
   * Expose the Service through an Ingress.
   * @default no Ingress
   */
  readonly ingress?: IngressProps;
  /**
   * Scrape Prometheus metrics.
   * @default no metrics
   */
  readonly metrics?: MetricsProps;
  /**
   * Files (name to content) in a ConfigMap the WebApp owns, mounted read-only at `configMountPath`. A change rolls the pods.
   * @default no ConfigMap
   */
  readonly configFiles?: { [fileName: string]: string };
  /**
   * Where `configFiles` are mounted.
   * @default "/etc/<name>"
   */
  readonly configMountPath?: string;
}

/**
 * A stateless HTTP service: Deployment, Service, ServiceAccount,
 * PodDisruptionBudget and NetworkPolicy; optionally HorizontalPodAutoscaler,
 * Ingress, ConfigMap and ServiceMonitor.
 */
export class WebApp extends Workload {
  /** Port the container listens on. */
  public readonly port: number;
  /** The Deployment. */
  public readonly deployment: k8s.KubeDeployment;
  /** The Service in front of the pods. */
  public readonly service: k8s.KubeService;
  /** The PodDisruptionBudget, absent at one replica so node drains never block. */
  public readonly pdb?: k8s.KubePodDisruptionBudget;
  /** The HorizontalPodAutoscaler, when `autoscaling` is set. */
  public readonly hpa?: k8s.KubeHorizontalPodAutoscalerV2;
  /** The Ingress, when `ingress` is set. */
  public readonly ingress?: k8s.KubeIngress;
  /** The ConfigMap of `configFiles`. */
  public readonly configMap?: k8s.KubeConfigMap;
  /** The ServiceMonitor, when `metrics` is set. */
  public readonly serviceMonitor?: ServiceMonitor;

  constructor(scope: Construct, id: string, props: WebAppProps) {
    super(scope, id, props, WEB_APP.component);
    this.port = props.port ?? 8080;
    const p = this.problems;
    checkPort(p, 'port', props.port);
    checkPort(p, 'servicePort', props.servicePort);
    checkPort(p, 'metrics.port', props.metrics?.port);
    checkCount(p, 'replicas', props.replicas, 1);
    const healthPath = props.healthPath ?? PROBES.healthPath;
    if (!healthPath.startsWith('/')) p.add('healthPath', healthPath, 'does not start with "/"', `write it as "/${healthPath}"`);
    checkAbsolutePath(p, 'configMountPath', props.configMountPath);
    const auto = props.autoscaling;
    if (auto) {
      if (props.replicas !== undefined) {
        p.add('replicas', props.replicas, 'is set together with autoscaling', 'remove `replicas` and set `autoscaling.minReplicas` instead: the HPA owns the replica count');
      }
      checkCount(p, 'autoscaling.minReplicas', auto.minReplicas, 1);
      checkCount(p, 'autoscaling.maxReplicas', auto.maxReplicas, 1);
      const min = auto.minReplicas ?? WEB_APP.replicas;
      if (auto.maxReplicas < min) {
        p.add('autoscaling.maxReplicas', auto.maxReplicas, `is below minReplicas ${min}`, `set maxReplicas to ${min} or more`);
      }
      for (const key of ['cpuUtilization', 'memoryUtilization'] as const) {
        const v = auto[key];
        if (v !== undefined && (!Number.isInteger(v) || v < 1 || v > 100)) {
          p.add(`autoscaling.${key}`, v, 'is not a percentage', 'use a whole number from 1 to 100, such as 70');
        }
      }
    }
    if (props.ingress?.className) checkName(p, 'ingress.className', props.ingress.className);

    const metricsPort = props.metrics?.port ?? this.port;
    const ports: k8s.ContainerPort[] = [{ name: 'http', containerPort: this.port, protocol: 'TCP' }];
    if (props.metrics && metricsPort !== this.port) {
      ports.push({ name: 'metrics', containerPort: metricsPort, protocol: 'TCP' });
    }
    this.openIngress(ports.map(x => x.containerPort));

    let configVolume: { volumes: k8s.Volume[]; mounts: k8s.VolumeMount[]; annotations: { [key: string]: string } } | undefined;
    if (props.configFiles) {
      const data = sortKeys(props.configFiles);
      this.configMap = new k8s.KubeConfigMap(this, 'ConfigMap', { metadata: this.metadata(`${this.name}-config`), data });
      configVolume = {
        volumes: [{ name: 'config', configMap: { name: this.configMap.name } }],
        mounts: [{ name: 'config', mountPath: props.configMountPath ?? `/etc/${this.name}`, readOnly: true }],
        annotations: { [CONFIG_CHECKSUM_ANNOTATION]: createHash('sha256').update(JSON.stringify(data)).digest('hex') },
      };
    }

    const scrapeAnnotations: { [key: string]: string } = props.metrics && props.metrics.serviceMonitor === false ? {
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': String(metricsPort),
      'prometheus.io/path': props.metrics.path ?? WEB_APP.metricsPath,
    } : {};

    const minReplicas = auto ? auto.minReplicas ?? WEB_APP.replicas : props.replicas ?? WEB_APP.replicas;
    const template = this.podTemplate({
      podLabels: {},
      ports,
      resources: RESOURCES.web,
      readiness: Probe.http(healthPath),
      liveness: Probe.tcp(),
      terminationGracePeriodSeconds: WORKLOAD.terminationGracePeriodSeconds,
      extraVolumes: configVolume?.volumes,
      extraMounts: configVolume?.mounts,
      podAnnotations: { ...configVolume?.annotations, ...scrapeAnnotations },
      topologySpreadConstraints: spread(this.selectorLabels),
      affinity: (auto ? auto.maxReplicas : minReplicas) > 1 ? preferredHostAntiAffinity(this.selectorLabels) : undefined,
    });

    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata: this.metadata(),
      spec: {
        replicas: auto ? undefined : minReplicas,
        selector: { matchLabels: this.selectorLabels },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: {
            maxSurge: k8s.IntOrString.fromString(WEB_APP.maxSurge),
            maxUnavailable: k8s.IntOrString.fromNumber(WEB_APP.maxUnavailable),
          },
        },
        revisionHistoryLimit: WORKLOAD.revisionHistoryLimit,
        progressDeadlineSeconds: WEB_APP.progressDeadlineSeconds,
        minReadySeconds: WORKLOAD.minReadySeconds,
        template,
      },
    });
    this.node.defaultChild = this.deployment;

    const servicePorts: k8s.ServicePort[] = [{
      name: 'http', port: props.servicePort ?? WEB_APP.servicePort, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP',
    }];
    if (ports.length > 1) servicePorts.push({ name: 'metrics', port: metricsPort, targetPort: k8s.IntOrString.fromString('metrics'), protocol: 'TCP' });
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: this.metadata(),
      spec: { type: props.serviceType ?? WEB_APP.serviceType, selector: this.selectorLabels, ports: servicePorts },
    });

    if (minReplicas >= WEB_APP.pdbMinReplicas) {
      this.pdb = new k8s.KubePodDisruptionBudget(this, 'PodDisruptionBudget', {
        metadata: this.metadata(),
        spec: {
          maxUnavailable: k8s.IntOrString.fromNumber(WEB_APP.pdbMaxUnavailable),
          selector: { matchLabels: this.selectorLabels },
        },
      });
    }

    if (auto) {
      const metrics: k8s.MetricSpecV2[] = [];
      const cpu = auto.cpuUtilization ?? (auto.memoryUtilization === undefined ? WEB_APP.hpaCpuUtilization : undefined);
      if (cpu !== undefined) metrics.push(resourceMetric('cpu', cpu));
      if (auto.memoryUtilization !== undefined) metrics.push(resourceMetric('memory', auto.memoryUtilization));
      this.hpa = new k8s.KubeHorizontalPodAutoscalerV2(this, 'HorizontalPodAutoscaler', {
        metadata: this.metadata(),
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.deployment.name },
          minReplicas: minReplicas,
          maxReplicas: auto.maxReplicas,
          metrics,
        },
      });
    }

    if (props.ingress) {
      const ing = props.ingress;
      this.ingress = new k8s.KubeIngress(this, 'Ingress', {
        metadata: { ...this.metadata(), annotations: { ...props.annotations, ...ing.annotations } },
        spec: {
          ingressClassName: ing.className,
          tls: ing.tlsSecretName ? [{ hosts: [ing.host], secretName: ing.tlsSecretName }] : undefined,
          rules: [{
            host: ing.host,
            http: {
              paths: [{
                path: ing.path ?? '/',
                pathType: 'Prefix',
                backend: { service: { name: this.service.name, port: { name: 'http' } } },
              }],
            },
          }],
        },
      });
    }

    if (props.metrics && props.metrics.serviceMonitor !== false) {
      this.serviceMonitor = new ServiceMonitor(this, 'ServiceMonitor', {
        metadata: this.metadata(),
        spec: {
          selector: { matchLabels: this.selectorLabels },
          endpoints: [{
            port: ports.length > 1 ? 'metrics' : 'http',
            path: props.metrics.path ?? WEB_APP.metricsPath,
            interval: props.metrics.interval ?? WEB_APP.metricsInterval,
          }],
        },
      });
    }
  }
}

function resourceMetric(name: string, averageUtilization: number): k8s.MetricSpecV2 {
  return { type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization } } };
}

/** Spread over zones and hosts, best effort, per ReplicaSet so a rollout stays balanced. */
export function spread(selector: { [key: string]: string }): k8s.TopologySpreadConstraint[] {
  return [TOPOLOGY.zone, TOPOLOGY.host].map(topologyKey => ({
    maxSkew: TOPOLOGY.maxSkew,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: selector },
  }));
}

function preferredHostAntiAffinity(selector: { [key: string]: string }): k8s.Affinity {
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [{
        weight: TOPOLOGY.antiAffinityWeight,
        podAffinityTerm: { topologyKey: TOPOLOGY.host, labelSelector: { matchLabels: selector } },
      }],
    },
  };
}

function sortKeys(o: { [key: string]: string }): { [key: string]: string } {
  return Object.fromEntries(Object.keys(o).sort().map(k => [k, o[k]]));
}
