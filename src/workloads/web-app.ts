import { Construct } from 'constructs';
import { WORKLOAD_SHAPE, Workload, WorkloadProps, checkedProps } from './workload';
import type { AnalysisTemplate } from '../../imports/analysis-template-argoproj.io';
import type { Rollout } from '../../imports/rollout-argoproj.io';
import type { ServiceMonitor } from '../../imports/service-monitor-monitoring.coreos.com';
import { HealthProbe } from '../core/probe';
import { AUTOSCALING_SHAPE, AutoscalingProps, IngressScope, METRICS_SHAPE, MetricsProps } from '../core/types';
import { Platform } from '../platform/platform';
import { exemptionAnnotations } from '../policy/scanners';
import { checkConfigFiles, configFiles, scrapeAnnotations, serviceMonitor } from '../private/app-wiring';
import { checkAutoscaling } from '../private/autoscaling';
import { PROBES, RELEASE, RESOURCES, WEB_APP, WORKLOAD } from '../private/defaults';
import { GatewayRef } from '../private/gateway';
import * as k8s from '../private/k8s';
import { withPlatformDefaults } from '../private/platform-defaults';
import { Shape, required } from '../private/shape';
import { preferredHostAntiAffinity, spread } from '../private/topology';
import {
  Problems, checkAbsolutePath, checkAnnotations, checkCount, checkHost, checkMetricsPath, checkName, checkPort, checkReference, imageVersion,
} from '../private/validate';
import { GrpcMethodMatch, GrpcRoute } from '../traffic/grpc-route';
import { HttpRoute, RoutePath } from '../traffic/http-route';
import { Release } from '../traffic/release';
import { ReleaseStrategy } from '../traffic/release-options';

/** A Gateway API route in front of the Service. */
export interface WebAppRouteProps {
  /** The Gateway the route attaches to. */
  readonly gateway: GatewayRef;
  /**
   * Host names the route answers ("shop.example.com", "*.example.com").
   * @default every host name the Gateway listener accepts
   */
  readonly hostnames?: string[];
  /**
   * Request paths (HTTPRoute only).
   * @default every path
   */
  readonly paths?: RoutePath[];
  /**
   * Emit a GRPCRoute: the app serves gRPC on its port.
   * @default false (an HTTPRoute)
   */
  readonly grpc?: boolean;
  /**
   * gRPC services and methods (GRPCRoute only).
   * @default every call
   */
  readonly methods?: GrpcMethodMatch[];
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
   * Service type. "NodePort" needs `serviceTypeReason`.
   * @default "ClusterIP"
   */
  readonly serviceType?: string;
  /**
   * Why the Service opens a port on every node (required when `serviceType` is "NodePort": NetworkPolicies do not
   * guard node ports). Written as kube-score's exemption of its service-type check on the Service.
   * @default none
   */
  readonly serviceTypeReason?: string;
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
   * Expose the Service through a Gateway API route (HTTPRoute, or GRPCRoute with `grpc`). A canary release
   * splits the route's traffic by weight; the NetworkPolicy admits the Gateway's namespace.
   * @default no route
   */
  readonly route?: WebAppRouteProps;
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
  /**
   * How a new version is released: `Release.rolling()`, `Release.recreate()`, `Release.blueGreen({...})` or
   * `Release.canary({...})`, with plain Deployments or an Argo Rollouts Rollout.
   * @default Release.rolling() (maxSurge 25%, maxUnavailable 0)
   */
  readonly release?: Release;
}

const INGRESS_SHAPE: Shape = { host: required('string'), path: 'string', className: 'string', tlsSecretName: 'string', annotations: 'stringMap' };

/** The known props of a WebApp (src/private/shape.ts). @internal */
export const WEB_APP_SHAPE: Shape = {
  ...WORKLOAD_SHAPE,
  port: 'int',
  replicas: 'int',
  healthPath: 'string',
  autoscaling: { object: AUTOSCALING_SHAPE },
  serviceType: { oneOf: ['ClusterIP', 'NodePort', 'LoadBalancer'] },
  serviceTypeReason: 'string',
  servicePort: 'int',
  ingress: { object: INGRESS_SHAPE },
  metrics: { object: METRICS_SHAPE },
  configFiles: 'stringMap',
  configMountPath: 'string',
  route: {
    object: {
      gateway: required({ object: { name: required('string'), namespace: 'string', sectionName: 'string' } }),
      hostnames: 'strings',
      paths: { list: { object: { path: required('string'), match: 'string' } } },
      grpc: 'boolean',
      methods: { list: { object: { service: required('string'), method: 'string' } } },
    },
  },
  release: { instance: Release, example: 'a Release such as Release.rolling() or Release.canary({ canaryImage: "..." })' },
};

/**
 * A stateless HTTP service: Deployment, Service, ServiceAccount,
 * PodDisruptionBudget and NetworkPolicy; optionally HorizontalPodAutoscaler,
 * Ingress, ConfigMap and ServiceMonitor. A blue-green or canary `release`
 * makes two Deployments and a second Service, or an Argo Rollouts Rollout.
 */
export class WebApp extends Workload {
  /** Port the container listens on. */
  public readonly port: number;
  /** How new versions are released. */
  public readonly release: Release;
  /**
   * The Deployment behind the main Service: the only one (rolling, recreate), the active colour (blue-green)
   * or the stable track (canary). Undefined with Argo Rollouts, where `rollout` replaces it.
   */
  public readonly deployment?: k8s.KubeDeployment;
  /** Every Deployment: one, or blue and green, or stable and canary. Empty with Argo Rollouts. */
  public readonly deployments: k8s.KubeDeployment[];
  /** The Argo Rollouts Rollout, with `ReleaseEngine.ARGO_ROLLOUTS`. */
  public readonly rollout?: Rollout;
  /** The AnalysisTemplate of an Argo Rollouts canary with `analysis`. */
  public readonly analysisTemplate?: AnalysisTemplate;
  /** The main Service: the active colour (blue-green), stable and canary pods (canary), or all pods. */
  public readonly service: k8s.KubeService;
  /** Blue-green: `<name>-preview`, in front of the idle colour (or, with Argo Rollouts, the version awaiting promotion). */
  public readonly previewService?: k8s.KubeService;
  /** Canary: `<name>-canary`, in front of the canary pods only. */
  public readonly canaryService?: k8s.KubeService;
  /** The PodDisruptionBudget of `deployment` (or the Rollout), whenever it can run two or more pods (replicas or HPA maximum); maxUnavailable 1, so drains never block. */
  public readonly pdb?: k8s.KubePodDisruptionBudget;
  /** Every PodDisruptionBudget, one per Deployment that can run two or more pods. */
  public readonly pdbs: k8s.KubePodDisruptionBudget[];
  /** The HorizontalPodAutoscaler of `deployment` (or the Rollout), when `autoscaling` is set. */
  public readonly hpa?: k8s.KubeHorizontalPodAutoscalerV2;
  /** Every HorizontalPodAutoscaler, one per autoscaled Deployment. */
  public readonly hpas: k8s.KubeHorizontalPodAutoscalerV2[];
  /** The Ingress, when `ingress` is set. */
  public readonly ingress?: k8s.KubeIngress;
  /** The HTTPRoute (or GRPCRoute), when `route` is set. */
  public readonly route?: HttpRoute | GrpcRoute;
  /** The ConfigMap of `configFiles`. */
  public readonly configMap?: k8s.KubeConfigMap;
  /** The ServiceMonitor, when `metrics` is set. */
  public readonly serviceMonitor?: ServiceMonitor;
  /** `image` as given, before organisation defaults (a registry) apply. */
  private readonly ownImage: string;

  constructor(scope: Construct, id: string, given: WebAppProps) {
    const { props, problems } = checkedProps(given, WEB_APP_SHAPE);
    super(scope, id, props, WEB_APP.component);
    this.problems.addAll(problems);
    this.ownImage = props.image;
    this.port = props.port ?? WEB_APP.port;
    const { profile, defaults: orgDefaults } = Platform.of(this);
    // explicit replicas/autoscaling win over the environment profile's
    const auto = props.autoscaling ?? (props.replicas === undefined ? profile?.props.webAutoscaling : undefined);
    const healthPath = props.healthPath ?? PROBES.healthPath;
    checkWebAppProps(this.problems, props, auto, healthPath);

    const metricsPort = props.metrics?.port ?? this.port;
    const ports: k8s.ContainerPort[] = [{ name: 'http', containerPort: this.port, protocol: 'TCP' }];
    if (props.metrics && metricsPort !== this.port) ports.push({ name: 'metrics', containerPort: metricsPort, protocol: 'TCP' });
    this.openIngress(ports.map(x => x.containerPort));
    const gatewayNamespace = props.route?.gateway?.namespace ?? this.namespace;
    if (props.route && (props.ingressScope ?? IngressScope.CLUSTER) !== IngressScope.CLUSTER && gatewayNamespace) {
      // the Gateway's proxies connect from its namespace; other namespaces stay closed
      this.allowIngress({
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': gatewayNamespace } } }],
        ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(this.port) }],
      });
    }

    const config = props.configFiles
      ? configFiles(this, this.metadata(`${this.name}-config`), props.configFiles, props.configMountPath ?? `${WORKLOAD.configDir}/${this.name}`)
      : undefined;
    this.configMap = config?.configMap;

    const replicas = auto ? auto.minReplicas ?? WEB_APP.replicas : props.replicas ?? profile?.props.webReplicas ?? WEB_APP.replicas;
    this.release = props.release ?? Release.rolling();
    this.release._validate(this.problems, auto !== undefined, props.route !== undefined);
    checkDerivedServiceName(this.problems, props.name ? 'name' : 'id (the default name)', this.name, this.release.strategy);
    const pod: PodInput = {
      ports,
      volumes: config ? [config.volume] : undefined,
      mounts: config ? [config.mount] : undefined,
      annotations: { ...config?.annotations, ...scrapeAnnotations(props.metrics, metricsPort) },
      healthPath,
      antiAffinity: (auto ? auto.maxReplicas : replicas) > 1,
    };

    const released = this.release._render({
      scope: this,
      name: this.name,
      selectorLabels: this.selectorLabels,
      replicas,
      autoscaling: auto,
      serviceType: props.serviceType ?? WEB_APP.serviceType,
      servicePorts: servicePorts(props.servicePort ?? WEB_APP.servicePort, ports.length > 1 ? metricsPort : undefined),
      metadata: (name, labels) => this.metadata(name, labels),
      podTemplate: (selector, labels, image) => this.webPodTemplate(pod, selector, labels, image),
      withRegistry: image => this.withRegistry(image),
      trackLabels: image => this.trackLabels(image),
      route: props.route ? { kind: props.route.grpc ? 'GRPCRoute' : 'HTTPRoute', name: this.name, namespace: props.namespace } : undefined,
    });
    this.deployments = released.deployments;
    this.deployment = released.deployment;
    this.rollout = released.rollout;
    this.analysisTemplate = released.analysisTemplate;
    this.service = released.service;
    this.previewService = released.previewService;
    this.canaryService = released.canaryService;
    this.pdbs = released.pdbs;
    this.pdb = released.pdb;
    this.hpas = released.hpas;
    this.hpa = released.hpa;

    if (props.serviceType === 'NodePort') {
      const reason = typeof props.serviceTypeReason === 'string' ? props.serviceTypeReason.trim() : '';
      if (!reason) {
        this.problems.add('serviceTypeReason', props.serviceTypeReason ?? '', 'is empty while serviceType is "NodePort"',
          'write why every node must open this port (NetworkPolicies do not guard it; it is written as kube-score\'s exemption), or use an Ingress or "LoadBalancer"');
      } else {
        for (const [key, value] of Object.entries(exemptionAnnotations([{ id: 'node-port', reason }]))) this.service.metadata.addAnnotation(key, value);
      }
    }
    if (props.ingress) this.ingress = this.createIngress(props.ingress, orgDefaults?.ingressClassName);
    if (props.route) this.route = this.createRoute(props.route, props.servicePort ?? WEB_APP.servicePort);
    if (props.metrics && props.metrics.serviceMonitor !== false) {
      this.serviceMonitor = serviceMonitor(this, this.metadata(), this.selectorLabels, ports.length > 1 ? 'metrics' : 'http', props.metrics);
    }
  }

  private createIngress(ing: IngressProps, orgClassName: string | undefined): k8s.KubeIngress {
    return new k8s.KubeIngress(this, 'Ingress', {
      metadata: { ...this.metadata(), annotations: { ...this.props.annotations, ...ing.annotations } },
      spec: {
        ingressClassName: ing.className ?? orgClassName,
        tls: ing.tlsSecretName ? [{ hosts: [ing.host], secretName: ing.tlsSecretName }] : undefined,
        rules: [{
          host: ing.host,
          http: {
            paths: [{
              path: ing.path ?? WEB_APP.ingressPath,
              pathType: WEB_APP.ingressPathType,
              backend: { service: { name: this.service.name, port: { name: 'http' } } },
            }],
          },
        }],
      },
    });
  }

  private createRoute(route: WebAppRouteProps, servicePort: number): HttpRoute | GrpcRoute {
    if (route.grpc && route.paths) this.problems.add('route.paths', route.paths.map(x => x.path), 'applies only to an HTTPRoute', 'remove it, or match gRPC calls with `methods`');
    if (!route.grpc && route.methods) this.problems.add('route.methods', route.methods.map(m => m.service), 'applies only to a GRPCRoute', 'set `grpc: true`, or match HTTP requests with `paths`');
    const common = {
      name: this.name,
      namespace: this.props.namespace,
      labels: this.labels,
      annotations: this.props.annotations,
      gateway: route.gateway,
      hostnames: route.hostnames,
      // the release decides the backends: the main Service, or stable and canary with their weights
      backends: this.release._routeBackends(this.name, servicePort),
    };
    return route.grpc
      ? new GrpcRoute(this, 'GRPCRoute', { ...common, methods: route.methods })
      : new HttpRoute(this, 'HTTPRoute', { ...common, paths: route.paths });
  }

  private webPodTemplate(pod: PodInput, selector: { [key: string]: string }, labels: { [key: string]: string }, image?: string): k8s.PodTemplateSpec {
    return this.podTemplate({
      podLabels: labels,
      image,
      ports: pod.ports,
      resources: RESOURCES.web,
      readiness: HealthProbe.http(pod.healthPath),
      liveness: HealthProbe.tcp(),
      terminationGracePeriodSeconds: WORKLOAD.terminationGracePeriodSeconds,
      extraVolumes: pod.volumes,
      extraMounts: pod.mounts,
      podAnnotations: pod.annotations,
      topologySpreadConstraints: spread(selector),
      affinity: pod.antiAffinity ? preferredHostAntiAffinity(selector) : undefined,
    });
  }

  /** A release image with the organisation's registry, the way `image` gets it. */
  private withRegistry(image: string | undefined): string | undefined {
    return image ? withPlatformDefaults(Platform.of(this), { image }, 'web', this.problems).image : image;
  }

  /** The version label of pods running `image`, when it is not the WebApp's own image. */
  private trackLabels(image: string | undefined): { [key: string]: string } {
    if (image === undefined || image === this.props.image || image === this.ownImage) return {};
    return { 'app.kubernetes.io/version': imageVersion(image) as string };
  }
}

/** What every pod template of one WebApp shares. */
interface PodInput {
  readonly ports: k8s.ContainerPort[];
  readonly volumes?: k8s.Volume[];
  readonly mounts?: k8s.VolumeMount[];
  readonly annotations: { [key: string]: string };
  readonly healthPath: string;
  readonly antiAffinity: boolean;
}

/** Records every problem of the WebApp's own props (the release and the pod check theirs). */
function checkWebAppProps(p: Problems, props: WebAppProps, auto: AutoscalingProps | undefined, healthPath: string): void {
  checkPort(p, 'port', props.port);
  checkPort(p, 'servicePort', props.servicePort);
  checkPort(p, 'metrics.port', props.metrics?.port);
  checkMetricsPath(p, props.metrics?.path);
  checkCount(p, 'replicas', props.replicas, 1);
  if (!healthPath.startsWith('/')) p.add('healthPath', healthPath, 'does not start with "/"', `write it as "/${healthPath}"`);
  checkAbsolutePath(p, 'configMountPath', props.configMountPath);
  checkConfigFiles(p, props.configFiles, props.configMountPath);
  const port = props.port ?? WEB_APP.port;
  const servicePort = props.servicePort ?? WEB_APP.servicePort;
  if (props.metrics?.port !== undefined && props.metrics.port !== port && props.metrics.port === servicePort) {
    p.add('metrics.port', props.metrics.port, `is also the Service's http port (servicePort ${servicePort})`,
      `give metrics a port of its own, such as ${servicePort === 9090 ? 9091 : 9090}, or change servicePort`);
  }
  if (props.ingress) {
    checkHost(p, 'ingress.host', props.ingress.host);
    const path = props.ingress.path;
    if (path !== undefined && !path.startsWith('/')) p.add('ingress.path', path, 'does not start with "/"', `write it as "/${path}"`);
  }
  if (auto) checkAutoscaling(p, auto, props.replicas, WEB_APP.replicas);
  if (props.ingress?.className) checkName(p, 'ingress.className', props.ingress.className);
  checkReference(p, 'ingress.tlsSecretName', props.ingress?.tlsSecretName);
  checkAnnotations(p, 'ingress.annotations', props.ingress?.annotations);
}

/** A release's second Service, `<name>-canary` or `<name>-preview`, is a DNS-1035 label of at most 63 characters too. */
function checkDerivedServiceName(p: Problems, prop: string, name: string, strategy: ReleaseStrategy): void {
  const suffixes: { [strategy: string]: string } = {
    [ReleaseStrategy.CANARY]: RELEASE.canarySuffix,
    [ReleaseStrategy.BLUE_GREEN]: RELEASE.previewSuffix,
  };
  const suffix = suffixes[strategy];
  if (suffix === undefined || name.length > 63 || name.length + suffix.length <= 63) return;
  const derived = `${name}${suffix}`;
  p.add(prop, name, `is ${name.length} characters, so the release's Service "${derived}" would be ${derived.length}, over the 63 a Service name may have`,
    `use at most ${63 - suffix.length} characters`);
}

/** The Service's `http` port, and `metrics` when metrics have a port of their own. */
function servicePorts(port: number, metricsPort: number | undefined): k8s.ServicePort[] {
  const ports: k8s.ServicePort[] = [{ name: 'http', port, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' }];
  if (metricsPort !== undefined) ports.push({ name: 'metrics', port: metricsPort, targetPort: k8s.IntOrString.fromString('metrics'), protocol: 'TCP' });
  return ports;
}
