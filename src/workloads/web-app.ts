import { createHash } from 'crypto';
import { Duration } from 'cdk8s';
import { PercentOrAbsolute, k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { CONFIG_CHECKSUM_ANNOTATION, Workload, WorkloadProps } from './workload';
import type { AnalysisTemplate } from '../../imports/analysis-template-argoproj.io';
import type { Rollout, RolloutSpecStrategyCanarySteps, RolloutSpecStrategyCanaryStepsPauseDuration } from '../../imports/rollout-argoproj.io';
import type { ServiceMonitor } from '../../imports/service-monitor-monitoring.coreos.com';
import { HealthProbe } from '../core/probe';
import { AutoscalingProps, MetricsProps } from '../core/types';
import { Platform } from '../platform/platform';
import { analysisTemplates, argoDuration, podTemplateRollouts, rollouts, serviceMonitors } from '../private/crds';
import { RELEASE, RESOURCES, TOPOLOGY, WEB_APP, WORKLOAD, PROBES } from '../private/defaults';
import { sortedKeys } from '../private/objects';
import { withPlatformDefaults } from '../private/platform-defaults';
import { checkAbsolutePath, checkCount, checkName, checkPort, imageVersion } from '../private/validate';
import { CanaryAnalysisOptions, CanaryStep, Colour, Release, ReleaseEngine, ReleaseStrategy } from '../traffic/release';

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
  /**
   * How a new version is released: `Release.rolling()`, `Release.recreate()`, `Release.blueGreen({...})` or
   * `Release.canary({...})`, with plain Deployments or an Argo Rollouts Rollout.
   * @default Release.rolling() (maxSurge 25%, maxUnavailable 0)
   */
  readonly release?: Release;
}

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
  /** The PodDisruptionBudget of `deployment` (or the Rollout), absent at one replica so node drains never block. */
  public readonly pdb?: k8s.KubePodDisruptionBudget;
  /** Every PodDisruptionBudget, one per Deployment of two or more replicas. */
  public readonly pdbs: k8s.KubePodDisruptionBudget[];
  /** The HorizontalPodAutoscaler of `deployment` (or the Rollout), when `autoscaling` is set. */
  public readonly hpa?: k8s.KubeHorizontalPodAutoscalerV2;
  /** Every HorizontalPodAutoscaler, one per autoscaled Deployment. */
  public readonly hpas: k8s.KubeHorizontalPodAutoscalerV2[];
  /** The Ingress, when `ingress` is set. */
  public readonly ingress?: k8s.KubeIngress;
  /** The ConfigMap of `configFiles`. */
  public readonly configMap?: k8s.KubeConfigMap;
  /** The ServiceMonitor, when `metrics` is set. */
  public readonly serviceMonitor?: ServiceMonitor;
  /** `image` as given, before organisation defaults (a registry) apply. */
  private readonly ownImage: string;

  constructor(scope: Construct, id: string, props: WebAppProps) {
    super(scope, id, props, WEB_APP.component);
    this.ownImage = props.image;
    this.port = props.port ?? WEB_APP.port;
    const p = this.problems;
    checkPort(p, 'port', props.port);
    checkPort(p, 'servicePort', props.servicePort);
    checkPort(p, 'metrics.port', props.metrics?.port);
    checkCount(p, 'replicas', props.replicas, 1);
    const healthPath = props.healthPath ?? PROBES.healthPath;
    if (!healthPath.startsWith('/')) p.add('healthPath', healthPath, 'does not start with "/"', `write it as "/${healthPath}"`);
    checkAbsolutePath(p, 'configMountPath', props.configMountPath);
    // explicit replicas/autoscaling win over the environment profile's
    const { profile, defaults: orgDefaults } = Platform.of(this);
    const auto: AutoscalingProps | undefined = props.autoscaling
      ?? (props.replicas === undefined ? profile?.props.webAutoscaling : undefined);
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
      const data = sortedKeys(props.configFiles);
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

    const minReplicas = auto ? auto.minReplicas ?? WEB_APP.replicas : props.replicas ?? profile?.props.webReplicas ?? WEB_APP.replicas;
    const release = props.release ?? Release.rolling();
    this.release = release;
    release._validate(p, auto !== undefined);
    const pod: PodInput = {
      ports,
      volumes: configVolume?.volumes,
      mounts: configVolume?.mounts,
      annotations: { ...configVolume?.annotations, ...scrapeAnnotations },
      healthPath,
      antiAffinity: (auto ? auto.maxReplicas : minReplicas) > 1,
    };

    const o = release._options;
    const argo = release.engine === ReleaseEngine.ARGO_ROLLOUTS;
    const blueGreen = release.strategy === ReleaseStrategy.BLUE_GREEN;
    const canary = release.strategy === ReleaseStrategy.CANARY;
    const previewName = `${this.name}${RELEASE.previewSuffix}`;
    const canaryName = `${this.name}${RELEASE.canarySuffix}`;

    // which pods the main Service and the extra (preview / canary) Service select
    let mainSelector = this.selectorLabels;
    let extraSelector: { [key: string]: string } | undefined;
    const tracks: Track[] = [];
    let serving = 0;
    if (argo) {
      extraSelector = this.selectorLabels; // Argo Rollouts adds its pod-template-hash to both Services
      const image = blueGreen ? (o.active === Colour.GREEN ? o.greenImage : o.blueImage) : o.canaryImage;
      const template = this.webPodTemplate(pod, this.selectorLabels, this.trackLabels(image), this.withRegistry(image));
      this.analysisTemplate = canary && o.analysis ? this.createAnalysisTemplate(o.analysis) : undefined;
      this.rollout = new (podTemplateRollouts().PodTemplateRollout)(this, 'Rollout', this.metadata(this.name, this.trackLabels(image)), {
        replicas: auto ? undefined : minReplicas,
        selector: { matchLabels: this.selectorLabels },
        revisionHistoryLimit: WORKLOAD.revisionHistoryLimit,
        progressDeadlineSeconds: WEB_APP.progressDeadlineSeconds,
        minReadySeconds: WORKLOAD.minReadySeconds,
        strategy: blueGreen ? {
          blueGreen: {
            activeService: this.name,
            previewService: previewName,
            autoPromotionEnabled: o.autoPromotion ?? RELEASE.autoPromotion,
            scaleDownDelaySeconds: o.scaleDownDelay?.toSeconds() ?? RELEASE.scaleDownDelaySeconds,
          },
        } : {
          canary: {
            canaryService: canaryName,
            maxSurge: rollouts().RolloutSpecStrategyCanaryMaxSurge.fromString(WEB_APP.maxSurge),
            maxUnavailable: rollouts().RolloutSpecStrategyCanaryMaxUnavailable.fromNumber(WEB_APP.maxUnavailable),
            steps: canarySteps(o.steps),
            analysis: this.analysisTemplate ? {
              templates: [{ templateName: this.analysisTemplate.name }],
              startingStep: o.analysis?.startingStep,
            } : undefined,
          },
        },
      }, template);
      this.node.defaultChild = this.rollout;
    } else if (blueGreen) {
      const idle = o.active === Colour.GREEN ? Colour.BLUE : Colour.GREEN;
      mainSelector = { 'app.kubernetes.io/name': this.name, [RELEASE.colourLabel]: String(o.active) };
      extraSelector = { 'app.kubernetes.io/name': this.name, [RELEASE.colourLabel]: idle };
      for (const colour of [Colour.BLUE, Colour.GREEN]) {
        const name = `${this.name}-${colour}`;
        const image = (colour === Colour.BLUE ? o.blueImage : o.greenImage) ?? '';
        if (colour === o.active) serving = tracks.length;
        tracks.push({
          id: colour === Colour.BLUE ? 'BlueDeployment' : 'GreenDeployment',
          name,
          image: this.withRegistry(image),
          labels: { 'app.kubernetes.io/instance': name, ...this.trackLabels(image), [RELEASE.colourLabel]: colour },
          selector: { 'app.kubernetes.io/name': this.name, 'app.kubernetes.io/instance': name },
          // the template never depends on the scale, so scaling the idle colour restarts nothing
          replicas: auto ? undefined : colour === o.active ? minReplicas : o.idleReplicas ?? minReplicas,
          fullReplicas: minReplicas,
          autoscaled: auto !== undefined,
          strategy: rollingStrategy(),
        });
      }
    } else {
      const stableImage = canary ? o.stableImage : undefined;
      tracks.push({
        id: 'Deployment',
        name: this.name,
        image: this.withRegistry(stableImage),
        labels: stableImage ? this.trackLabels(stableImage) : {},
        selector: this.selectorLabels,
        replicas: auto ? undefined : minReplicas,
        fullReplicas: minReplicas,
        autoscaled: auto !== undefined,
        strategy: release.strategy === ReleaseStrategy.RECREATE ? { type: 'Recreate' } : rollingStrategy(o.maxSurge, o.maxUnavailable),
      });
      if (canary) {
        // stable pods keep the plain WebApp labels: starting or ending a canary never restarts them
        mainSelector = { 'app.kubernetes.io/name': this.name };
        extraSelector = { 'app.kubernetes.io/name': this.name, [RELEASE.trackLabel]: 'canary' };
        const replicas = o.canaryReplicas ?? RELEASE.canaryReplicas;
        tracks.push({
          id: 'CanaryDeployment',
          name: canaryName,
          image: this.withRegistry(o.canaryImage ?? ''),
          labels: { 'app.kubernetes.io/instance': canaryName, ...this.trackLabels(o.canaryImage ?? ''), [RELEASE.trackLabel]: 'canary' },
          selector: { 'app.kubernetes.io/name': this.name, 'app.kubernetes.io/instance': canaryName },
          replicas,
          fullReplicas: replicas,
          autoscaled: false,
          strategy: rollingStrategy(),
        });
      }
    }

    this.deployments = tracks.map(t => this.createDeployment(t, pod));
    this.deployment = this.deployments[serving];
    if (this.deployment) this.node.defaultChild = this.deployment;

    const servicePorts: k8s.ServicePort[] = [{
      name: 'http', port: props.servicePort ?? WEB_APP.servicePort, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP',
    }];
    if (ports.length > 1) servicePorts.push({ name: 'metrics', port: metricsPort, targetPort: k8s.IntOrString.fromString('metrics'), protocol: 'TCP' });
    const serviceType = props.serviceType ?? WEB_APP.serviceType;
    this.service = new k8s.KubeService(this, 'Service', {
      metadata: this.metadata(),
      spec: { type: serviceType, selector: mainSelector, ports: servicePorts },
    });
    if (extraSelector) {
      // preview and canary Services are for testing from inside the cluster: always ClusterIP
      const name = blueGreen ? previewName : canaryName;
      const service = new k8s.KubeService(this, blueGreen ? 'PreviewService' : 'CanaryService', {
        metadata: this.metadata(name, { 'app.kubernetes.io/instance': name }),
        spec: { type: 'ClusterIP', selector: extraSelector, ports: servicePorts.map(sp => ({ ...sp, nodePort: undefined })) },
      });
      if (blueGreen) this.previewService = service;
      else this.canaryService = service;
    }

    // one PDB and one HPA per Deployment (or for the Rollout), each selecting that workload's pods only
    const targets: ScaleTarget[] = this.rollout
      ? [{ id: '', name: this.name, kind: 'Rollout', apiVersion: RELEASE.rolloutApiVersion, selector: this.selectorLabels, fullReplicas: minReplicas, autoscaled: auto !== undefined, labels: {} }]
      : tracks.map((t, i) => ({
        id: i === 0 && t.name === this.name ? '' : t.id.replace(/Deployment$/, ''),
        name: t.name,
        kind: 'Deployment',
        apiVersion: 'apps/v1',
        selector: t.selector,
        fullReplicas: t.fullReplicas,
        autoscaled: t.autoscaled,
        labels: t.name === this.name ? {} as { [key: string]: string } : { 'app.kubernetes.io/instance': t.name },
      }));
    const servingIndex = this.rollout ? 0 : serving;
    const pdbs: (k8s.KubePodDisruptionBudget | undefined)[] = targets.map(t => t.fullReplicas >= WEB_APP.pdbMinReplicas
      ? new k8s.KubePodDisruptionBudget(this, `${t.id}PodDisruptionBudget`, {
        metadata: this.metadata(t.name, t.labels),
        spec: {
          maxUnavailable: k8s.IntOrString.fromNumber(WEB_APP.pdbMaxUnavailable),
          selector: { matchLabels: t.selector },
        },
      })
      : undefined);
    this.pdbs = pdbs.filter((x): x is k8s.KubePodDisruptionBudget => x !== undefined);
    this.pdb = pdbs[servingIndex];

    const hpas: (k8s.KubeHorizontalPodAutoscalerV2 | undefined)[] = targets.map(t => {
      if (!auto || !t.autoscaled) return undefined;
      const metrics: k8s.MetricSpecV2[] = [];
      const cpu = auto.cpuUtilization ?? (auto.memoryUtilization === undefined ? WEB_APP.hpaCpuUtilization : undefined);
      if (cpu !== undefined) metrics.push(resourceMetric('cpu', cpu));
      if (auto.memoryUtilization !== undefined) metrics.push(resourceMetric('memory', auto.memoryUtilization));
      return new k8s.KubeHorizontalPodAutoscalerV2(this, `${t.id}HorizontalPodAutoscaler`, {
        metadata: this.metadata(t.name, t.labels),
        spec: {
          scaleTargetRef: { apiVersion: t.apiVersion, kind: t.kind, name: t.name },
          minReplicas: minReplicas,
          maxReplicas: auto.maxReplicas,
          metrics,
        },
      });
    });
    this.hpas = hpas.filter((x): x is k8s.KubeHorizontalPodAutoscalerV2 => x !== undefined);
    this.hpa = hpas[servingIndex];

    if (props.ingress) {
      const ing = props.ingress;
      this.ingress = new k8s.KubeIngress(this, 'Ingress', {
        metadata: { ...this.metadata(), annotations: { ...this.props.annotations, ...ing.annotations } },
        spec: {
          ingressClassName: ing.className ?? orgDefaults?.ingressClassName,
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

    if (props.metrics && props.metrics.serviceMonitor !== false) {
      this.serviceMonitor = new (serviceMonitors().ServiceMonitor)(this, 'ServiceMonitor', {
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
  /** One Deployment of the release (the only one, a colour or a track). */
  private createDeployment(track: Track, pod: PodInput): k8s.KubeDeployment {
    return new k8s.KubeDeployment(this, track.id, {
      metadata: this.metadata(track.name, track.labels),
      spec: {
        replicas: track.replicas,
        selector: { matchLabels: track.selector },
        strategy: track.strategy,
        revisionHistoryLimit: WORKLOAD.revisionHistoryLimit,
        progressDeadlineSeconds: WEB_APP.progressDeadlineSeconds,
        minReadySeconds: WORKLOAD.minReadySeconds,
        template: this.webPodTemplate(pod, track.selector, track.labels, track.image),
      },
    });
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

  private createAnalysisTemplate(a: CanaryAnalysisOptions): AnalysisTemplate {
    return new (analysisTemplates().AnalysisTemplate)(this, 'AnalysisTemplate', {
      metadata: this.metadata(),
      spec: {
        metrics: [{
          name: RELEASE.analysisMetricName,
          interval: argoDuration(a.interval ?? Duration.seconds(RELEASE.analysisIntervalSeconds)),
          failureLimit: analysisTemplates().AnalysisTemplateSpecMetricsFailureLimit.fromNumber(a.failureLimit ?? RELEASE.analysisFailureLimit),
          successCondition: a.successCondition,
          provider: { prometheus: { address: a.prometheusAddress, query: a.query } },
        }],
      },
    });
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

/** One Deployment of a release. */
interface Track {
  readonly id: string;
  readonly name: string;
  /** undefined: the WebApp's own image */
  readonly image?: string;
  /** labels over the WebApp's (instance, version, colour or track) */
  readonly labels: { [key: string]: string };
  readonly selector: { [key: string]: string };
  /** undefined: owned by the HPA */
  readonly replicas?: number;
  /** replicas when serving: decides the PDB, never the scale of an idle colour */
  readonly fullReplicas: number;
  readonly autoscaled: boolean;
  readonly strategy: k8s.DeploymentStrategy;
}

/** What a PDB and an HPA point at. */
interface ScaleTarget {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly apiVersion: string;
  readonly selector: { [key: string]: string };
  readonly fullReplicas: number;
  readonly autoscaled: boolean;
  readonly labels: { [key: string]: string };
}

function rollingStrategy(maxSurge?: PercentOrAbsolute, maxUnavailable?: PercentOrAbsolute): k8s.DeploymentStrategy {
  return {
    type: 'RollingUpdate',
    rollingUpdate: {
      maxSurge: intOrString(maxSurge?.value ?? WEB_APP.maxSurge),
      maxUnavailable: intOrString(maxUnavailable?.value ?? WEB_APP.maxUnavailable),
    },
  };
}

function intOrString(v: string | number): k8s.IntOrString {
  return typeof v === 'number' ? k8s.IntOrString.fromNumber(v) : k8s.IntOrString.fromString(v);
}

function canarySteps(steps: CanaryStep[] | undefined): RolloutSpecStrategyCanarySteps[] {
  const given = steps?.map(s => s.isPause ? { pauseSeconds: s.pauseDuration?.toSeconds() } : { setWeight: s.weight });
  return (given ?? RELEASE.canarySteps).map(s => 'setWeight' in s
    ? { setWeight: s.setWeight }
    : { pause: s.pauseSeconds === undefined ? {} : { duration: pauseDuration(s.pauseSeconds) } });
}

function pauseDuration(seconds: number): RolloutSpecStrategyCanaryStepsPauseDuration {
  return rollouts().RolloutSpecStrategyCanaryStepsPauseDuration.fromString(argoDuration(Duration.seconds(seconds)));
}

function resourceMetric(name: string, averageUtilization: number): k8s.MetricSpecV2 {
  return { type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization } } };
}

/** Spread over zones and hosts, best effort, per ReplicaSet so a rollout stays balanced. */
function spread(selector: { [key: string]: string }): k8s.TopologySpreadConstraint[] {
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
