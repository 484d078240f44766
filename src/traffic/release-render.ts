import { Duration } from 'cdk8s';
import type { PercentOrAbsolute } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  BlueGreenOptions, CanaryAnalysisOptions, CanaryOptions, CanaryStep, Colour, ReleaseEngine, ReleaseStrategy, RollingOptions,
} from './release-options';
import type { AnalysisTemplate } from '../../imports/analysis-template-argoproj.io';
import type { Rollout, RolloutSpecStrategyCanarySteps, RolloutSpecStrategyCanaryStepsPauseDuration } from '../../imports/rollout-argoproj.io';
import { AutoscalingProps } from '../core/types';
import { horizontalPodAutoscaler, podDisruptionBudget } from '../private/autoscaling';
import { analysisTemplates, argoDuration, podTemplateRollouts, rollouts } from '../private/crds';
import { RELEASE, WEB_APP, WORKLOAD } from '../private/defaults';
import * as k8s from '../private/k8s';
import { durationSeconds } from '../private/shape';

type Labels = { [key: string]: string };

/** What a release needs from the workload it releases. @internal */
export interface ReleaseTarget {
  /** The workload: every object is its child. */
  readonly scope: Construct;
  readonly name: string;
  readonly selectorLabels: Labels;
  /** Replicas when serving (the HPA minimum when autoscaled). */
  readonly replicas: number;
  readonly autoscaling?: AutoscalingProps;
  readonly serviceType: string;
  readonly servicePorts: k8s.ServicePort[];
  /** The Gateway API route in front of the workload, when it has one: traffic is split by the route, not by pod counts. */
  readonly route?: RoutedBy;
  metadata(name?: string, extraLabels?: Labels): k8s.ObjectMeta;
  /** The workload's pod template for pods selected by `selector`, with `labels` and `image` (undefined: its own). */
  podTemplate(selector: Labels, labels: Labels, image?: string): k8s.PodTemplateSpec;
  /** `image` with the organisation's registry, the way the workload's own image gets it. */
  withRegistry(image: string | undefined): string | undefined;
  /** The version label of pods running `image`, when it is not the workload's own image. */
  trackLabels(image: string | undefined): Labels;
}

/** A route a release steers. @internal */
export interface RoutedBy {
  readonly kind: 'HTTPRoute' | 'GRPCRoute';
  readonly name: string;
  readonly namespace?: string;
}

/** The objects a release renders. @internal */
export interface ReleaseObjects {
  readonly deployments: k8s.KubeDeployment[];
  readonly deployment?: k8s.KubeDeployment;
  readonly rollout?: Rollout;
  readonly analysisTemplate?: AnalysisTemplate;
  readonly service: k8s.KubeService;
  readonly previewService?: k8s.KubeService;
  readonly canaryService?: k8s.KubeService;
  readonly pdbs: k8s.KubePodDisruptionBudget[];
  readonly pdb?: k8s.KubePodDisruptionBudget;
  readonly hpas: k8s.KubeHorizontalPodAutoscalerV2[];
  readonly hpa?: k8s.KubeHorizontalPodAutoscalerV2;
}

/** Everything a release's options may hold. @internal */
export type ReleaseOptions = RollingOptions & Partial<BlueGreenOptions> & Partial<CanaryOptions>;

/** One Deployment of a release: the only one, a colour or a track. */
interface Track {
  readonly id: string;
  readonly name: string;
  /** undefined: the workload's own image */
  readonly image?: string;
  /** labels over the workload's (instance, version, colour or track) */
  readonly labels: Labels;
  readonly selector: Labels;
  /** undefined: owned by the HPA */
  readonly replicas?: number;
  /** replicas when serving: decides the PDB, never the scale of an idle colour */
  readonly fullReplicas: number;
  readonly autoscaled: boolean;
  readonly strategy: k8s.DeploymentStrategy;
}

/** What the Deployments (or the Rollout) of a release amount to, before Services, PDBs and HPAs. */
interface Workloads {
  readonly tracks: Track[];
  /** index of the track behind the main Service */
  readonly serving: number;
  readonly rollout?: Rollout;
  readonly analysisTemplate?: AnalysisTemplate;
  /** pods the main Service selects */
  readonly mainSelector: Labels;
  /** pods the preview or canary Service selects; none without one */
  readonly extraSelector?: Labels;
}

/** What a PDB and an HPA point at. */
interface ScaleTarget {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly apiVersion: string;
  readonly selector: Labels;
  readonly fullReplicas: number;
  readonly autoscaled: boolean;
  readonly labels: Labels;
}

/**
 * Renders a release of `t`: its Deployments (or Rollout), main and preview/canary
 * Services, and one PodDisruptionBudget and HorizontalPodAutoscaler per workload.
 * @internal
 */
export function renderRelease(strategy: ReleaseStrategy, engine: ReleaseEngine, o: ReleaseOptions, t: ReleaseTarget): ReleaseObjects {
  const w = engine === ReleaseEngine.ARGO_ROLLOUTS ? argoRollout(strategy, o, t)
    : strategy === ReleaseStrategy.BLUE_GREEN ? blueGreenTracks(o, t)
      : strategy === ReleaseStrategy.CANARY ? canaryTracks(o, t)
        : singleDeployment(strategy, o, t);
  if (w.rollout) t.scope.node.defaultChild = w.rollout;

  const deployments = w.tracks.map(track => deployment(t, track));
  const serving = deployments[w.serving];
  if (serving) t.scope.node.defaultChild = serving;

  const blueGreen = strategy === ReleaseStrategy.BLUE_GREEN;
  const service = new k8s.KubeService(t.scope, 'Service', {
    metadata: t.metadata(),
    spec: { type: t.serviceType, selector: w.mainSelector, ports: t.servicePorts },
  });
  let extraService: k8s.KubeService | undefined;
  if (w.extraSelector) {
    // preview and canary Services are for testing from inside the cluster: always ClusterIP
    const name = `${t.name}${blueGreen ? RELEASE.previewSuffix : RELEASE.canarySuffix}`;
    extraService = new k8s.KubeService(t.scope, blueGreen ? 'PreviewService' : 'CanaryService', {
      metadata: t.metadata(name, { 'app.kubernetes.io/instance': name }),
      spec: { type: 'ClusterIP', selector: w.extraSelector, ports: t.servicePorts.map(sp => ({ ...sp, nodePort: undefined })) },
    });
  }

  // one PDB and one HPA per Deployment (or for the Rollout), each selecting that workload's pods only
  const targets = w.rollout ? [rolloutTarget(t)] : w.tracks.map(track => trackTarget(t, track));
  const servingIndex = w.rollout ? 0 : w.serving;
  const pdbs = targets.map(target => pdb(t, target));
  const hpas = targets.map(target => hpa(t, target));
  return {
    deployments,
    deployment: serving,
    rollout: w.rollout,
    analysisTemplate: w.analysisTemplate,
    service,
    previewService: blueGreen ? extraService : undefined,
    canaryService: blueGreen ? undefined : extraService,
    pdbs: pdbs.filter((x): x is k8s.KubePodDisruptionBudget => x !== undefined),
    pdb: pdbs[servingIndex],
    hpas: hpas.filter((x): x is k8s.KubeHorizontalPodAutoscalerV2 => x !== undefined),
    hpa: hpas[servingIndex],
  };
}

/** Rolling and recreate: one Deployment behind the Service. */
function singleDeployment(strategy: ReleaseStrategy, o: ReleaseOptions, t: ReleaseTarget): Workloads {
  const update: k8s.DeploymentStrategy = strategy === ReleaseStrategy.RECREATE ? { type: 'Recreate' } : rollingStrategy(o.maxSurge, o.maxUnavailable);
  return { tracks: [singleTrack(t, undefined, update)], serving: 0, mainSelector: t.selectorLabels };
}

/** Rolling, recreate and the stable track of a native canary: one Deployment named after the workload. */
function singleTrack(t: ReleaseTarget, stableImage: string | undefined, strategy: k8s.DeploymentStrategy): Track {
  return {
    id: 'Deployment',
    name: t.name,
    image: t.withRegistry(stableImage),
    labels: stableImage ? t.trackLabels(stableImage) : {},
    selector: t.selectorLabels,
    replicas: t.autoscaling ? undefined : t.replicas,
    fullReplicas: t.replicas,
    autoscaled: t.autoscaling !== undefined,
    strategy,
  };
}

/** Native blue-green: a Deployment per colour; the main Service selects the active one, the preview Service the idle one. */
function blueGreenTracks(o: ReleaseOptions, t: ReleaseTarget): Workloads {
  const idle = o.active === Colour.GREEN ? Colour.BLUE : Colour.GREEN;
  const tracks = [Colour.BLUE, Colour.GREEN].map((colour): Track => {
    const name = `${t.name}-${colour}`;
    const image = (colour === Colour.BLUE ? o.blueImage : o.greenImage) ?? '';
    return {
      id: colour === Colour.BLUE ? 'BlueDeployment' : 'GreenDeployment',
      name,
      image: t.withRegistry(image),
      labels: { 'app.kubernetes.io/instance': name, ...t.trackLabels(image), [RELEASE.colourLabel]: colour },
      selector: { 'app.kubernetes.io/name': t.name, 'app.kubernetes.io/instance': name },
      // the template never depends on the scale, so scaling the idle colour restarts nothing
      replicas: t.autoscaling ? undefined : colour === o.active ? t.replicas : o.idleReplicas ?? t.replicas,
      fullReplicas: t.replicas,
      autoscaled: t.autoscaling !== undefined,
      strategy: rollingStrategy(),
    };
  });
  return {
    tracks,
    serving: Math.max(0, tracks.findIndex(track => track.labels[RELEASE.colourLabel] === o.active)),
    mainSelector: { 'app.kubernetes.io/name': t.name, [RELEASE.colourLabel]: String(o.active) },
    extraSelector: { 'app.kubernetes.io/name': t.name, [RELEASE.colourLabel]: idle },
  };
}

/** Native canary: the stable Deployment and a canary Deployment; traffic follows the replica ratio. */
function canaryTracks(o: ReleaseOptions, t: ReleaseTarget): Workloads {
  const canaryName = `${t.name}${RELEASE.canarySuffix}`;
  const replicas = o.canaryReplicas ?? RELEASE.canaryReplicas;
  return {
    tracks: [singleTrack(t, o.stableImage, rollingStrategy(o.maxSurge, o.maxUnavailable)), {
      id: 'CanaryDeployment',
      name: canaryName,
      image: t.withRegistry(o.canaryImage ?? ''),
      labels: { 'app.kubernetes.io/instance': canaryName, ...t.trackLabels(o.canaryImage ?? ''), [RELEASE.trackLabel]: 'canary' },
      selector: { 'app.kubernetes.io/name': t.name, 'app.kubernetes.io/instance': canaryName },
      replicas,
      fullReplicas: replicas,
      autoscaled: false,
      strategy: rollingStrategy(),
    }],
    serving: 0,
    // stable pods keep the plain workload labels: starting or ending a canary never restarts them.
    // Behind a route the main Service is the stable backend only (the route sets the shares).
    mainSelector: t.route ? t.selectorLabels : { 'app.kubernetes.io/name': t.name },
    extraSelector: { 'app.kubernetes.io/name': t.name, [RELEASE.trackLabel]: 'canary' },
  };
}

/** Argo Rollouts: one Rollout (and an AnalysisTemplate for a canary with analysis) instead of Deployments. */
function argoRollout(strategy: ReleaseStrategy, o: ReleaseOptions, t: ReleaseTarget): Workloads {
  const blueGreen = strategy === ReleaseStrategy.BLUE_GREEN;
  const image = blueGreen ? (o.active === Colour.GREEN ? o.greenImage : o.blueImage) : o.canaryImage;
  const template = t.podTemplate(t.selectorLabels, t.trackLabels(image), t.withRegistry(image));
  const analysisTemplate = !blueGreen && o.analysis ? createAnalysisTemplate(t, o.analysis) : undefined;
  const rollout = new (podTemplateRollouts().PodTemplateRollout)(t.scope, 'Rollout', t.metadata(t.name, t.trackLabels(image)), {
    replicas: t.autoscaling ? undefined : t.replicas,
    selector: { matchLabels: t.selectorLabels },
    revisionHistoryLimit: WORKLOAD.revisionHistoryLimit,
    progressDeadlineSeconds: WEB_APP.progressDeadlineSeconds,
    minReadySeconds: WORKLOAD.minReadySeconds,
    strategy: blueGreen ? {
      blueGreen: {
        activeService: t.name,
        previewService: `${t.name}${RELEASE.previewSuffix}`,
        autoPromotionEnabled: o.autoPromotion ?? RELEASE.autoPromotion,
        scaleDownDelaySeconds: o.scaleDownDelay?.toSeconds() ?? RELEASE.scaleDownDelaySeconds,
      },
    } : {
      canary: {
        canaryService: `${t.name}${RELEASE.canarySuffix}`,
        // behind a route, Argo Rollouts sets each step's weights in the route through its Gateway API plugin
        stableService: t.route ? t.name : undefined,
        trafficRouting: t.route ? { plugins: { [RELEASE.gatewayApiPlugin]: gatewayApiPluginConfig(t.route) } } : undefined,
        maxSurge: rollouts().RolloutSpecStrategyCanaryMaxSurge.fromString(WEB_APP.maxSurge),
        maxUnavailable: rollouts().RolloutSpecStrategyCanaryMaxUnavailable.fromNumber(WEB_APP.maxUnavailable),
        steps: canarySteps(o.steps),
        analysis: analysisTemplate ? {
          templates: [{ templateName: analysisTemplate.name }],
          startingStep: o.analysis?.startingStep,
        } : undefined,
      },
    },
  }, template);
  // Argo Rollouts adds its pod-template-hash to both Services
  return { tracks: [], serving: 0, rollout, analysisTemplate, mainSelector: t.selectorLabels, extraSelector: t.selectorLabels };
}

function deployment(t: ReleaseTarget, track: Track): k8s.KubeDeployment {
  return new k8s.KubeDeployment(t.scope, track.id, {
    metadata: t.metadata(track.name, track.labels),
    spec: {
      replicas: track.replicas,
      selector: { matchLabels: track.selector },
      strategy: track.strategy,
      revisionHistoryLimit: WORKLOAD.revisionHistoryLimit,
      progressDeadlineSeconds: WEB_APP.progressDeadlineSeconds,
      minReadySeconds: WORKLOAD.minReadySeconds,
      template: t.podTemplate(track.selector, track.labels, track.image),
    },
  });
}

function rolloutTarget(t: ReleaseTarget): ScaleTarget {
  return {
    id: '',
    name: t.name,
    kind: 'Rollout',
    apiVersion: RELEASE.rolloutApiVersion,
    selector: t.selectorLabels,
    fullReplicas: t.replicas,
    autoscaled: t.autoscaling !== undefined,
    labels: {},
  };
}

function trackTarget(t: ReleaseTarget, track: Track): ScaleTarget {
  const own = track.name === t.name;
  return {
    id: own ? '' : track.id.replace(/Deployment$/, ''),
    name: track.name,
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    selector: track.selector,
    fullReplicas: track.fullReplicas,
    autoscaled: track.autoscaled,
    labels: own ? {} : { 'app.kubernetes.io/instance': track.name },
  };
}

function pdb(t: ReleaseTarget, target: ScaleTarget): k8s.KubePodDisruptionBudget | undefined {
  return podDisruptionBudget(t.scope, `${target.id}PodDisruptionBudget`, t.metadata(target.name, target.labels), target.selector,
    target.autoscaled, target.fullReplicas);
}

function hpa(t: ReleaseTarget, target: ScaleTarget): k8s.KubeHorizontalPodAutoscalerV2 | undefined {
  const auto = t.autoscaling;
  if (!auto || !target.autoscaled) return undefined;
  return horizontalPodAutoscaler(t.scope, `${target.id}HorizontalPodAutoscaler`, t.metadata(target.name, target.labels),
    { apiVersion: target.apiVersion, kind: target.kind, name: target.name }, auto, t.replicas);
}

function createAnalysisTemplate(t: ReleaseTarget, a: CanaryAnalysisOptions): AnalysisTemplate {
  return new (analysisTemplates().AnalysisTemplate)(t.scope, 'AnalysisTemplate', {
    metadata: t.metadata(),
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
  const given = steps?.map(s => s.isPause
    ? { pauseSeconds: s.pauseDuration === undefined ? undefined : durationSeconds(s.pauseDuration) }
    : { setWeight: s.weight });
  return (given ?? RELEASE.canarySteps).map(s => 'setWeight' in s
    ? { setWeight: s.setWeight }
    : { pause: s.pauseSeconds === undefined ? {} : { duration: pauseDuration(s.pauseSeconds) } });
}

function pauseDuration(seconds: number): RolloutSpecStrategyCanaryStepsPauseDuration {
  return rollouts().RolloutSpecStrategyCanaryStepsPauseDuration.fromString(argoDuration(Duration.seconds(seconds)));
}

/** The Gateway API plugin's configuration: which route it rewrites. */
function gatewayApiPluginConfig(route: RoutedBy): { [key: string]: string } {
  const key = route.kind === 'GRPCRoute' ? 'grpcRoute' : 'httpRoute';
  return route.namespace ? { [key]: route.name, namespace: route.namespace } : { [key]: route.name };
}
