import { Duration } from 'cdk8s';
import type { PercentOrAbsolute } from 'cdk8s-plus-28';

/** How a new version replaces the old one. */
export enum ReleaseStrategy {
  /** Replace pods a few at a time (Deployment RollingUpdate). */
  ROLLING = 'rolling',
  /** Stop every old pod, then start the new ones (for apps that cannot run two versions at once). */
  RECREATE = 'recreate',
  /** Two full environments; a Service points at the active one. */
  BLUE_GREEN = 'blueGreen',
  /** A few pods of the new version take a share of the traffic next to the stable ones. */
  CANARY = 'canary',
}

/** What carries out a blue-green or canary release. */
export enum ReleaseEngine {
  /** Plain Deployments and Services: works with `kubectl apply` and any GitOps tool, no controller needed. */
  NATIVE = 'native',
  /** An Argo Rollouts `Rollout` (the Argo Rollouts controller must be installed in the cluster). */
  ARGO_ROLLOUTS = 'argoRollouts',
}

/** A blue-green colour. */
export enum Colour {
  /** The blue colour: Deployment `<name>-blue`. */
  BLUE = 'blue',
  /** The green colour: Deployment `<name>-green`. */
  GREEN = 'green',
}

/** Options of `Release.rolling`. */
export interface RollingOptions {
  /**
   * Extra pods above the desired count during a rollout.
   * @default PercentOrAbsolute.percent(25)
   */
  readonly maxSurge?: PercentOrAbsolute;
  /**
   * Pods that may be unavailable during a rollout; never 0 together with `maxSurge`.
   * @default PercentOrAbsolute.absolute(0) (capacity never drops)
   */
  readonly maxUnavailable?: PercentOrAbsolute;
}

/** Options of `Release.blueGreen`. */
export interface BlueGreenOptions {
  /** The colour that serves the main Service. Promotion and rollback change only this. */
  readonly active: Colour;
  /** Image of the blue pods, pinned. */
  readonly blueImage: string;
  /** Image of the green pods, pinned. */
  readonly greenImage: string;
  /**
   * Replicas of the idle colour (NATIVE only); 0 scales it away once a promotion has settled.
   * Not with autoscaling: each colour then has its own HPA, and the idle one idles at the HPA minimum.
   * @default the same as the active colour, so promotion and rollback are instant
   */
  readonly idleReplicas?: number;
  /**
   * What carries out the release.
   * @default ReleaseEngine.NATIVE
   */
  readonly engine?: ReleaseEngine;
  /**
   * ARGO_ROLLOUTS only: promote the new version as soon as it is ready, without `kubectl argo rollouts promote`.
   * @default false
   */
  readonly autoPromotion?: boolean;
  /**
   * ARGO_ROLLOUTS only: how long the old version keeps running after a promotion, so an abort is instant.
   * @default Duration.seconds(30)
   */
  readonly scaleDownDelay?: Duration;
}

/** One step of an Argo Rollouts canary. */
export class CanaryStep {
  /** Sends `percent` of the pods (and so, without a traffic router, about that share of connections) to the canary. */
  public static setWeight(percent: number): CanaryStep {
    return new CanaryStep(percent, undefined, false);
  }

  /** Waits `duration`, or until `kubectl argo rollouts promote` when no duration is given. */
  public static pause(duration?: Duration): CanaryStep {
    return new CanaryStep(undefined, duration, true);
  }

  /** Canary weight in percent, for a setWeight step. */
  public readonly weight?: number;
  /** Pause length, for a timed pause step. */
  public readonly pauseDuration?: Duration;
  /** True for a pause step. */
  public readonly isPause: boolean;

  private constructor(weight: number | undefined, pauseDuration: Duration | undefined, isPause: boolean) {
    this.weight = weight;
    this.pauseDuration = pauseDuration;
    this.isPause = isPause;
  }
}

/** A Prometheus check that Argo Rollouts runs in the background while a canary progresses; a failure aborts the rollout. */
export interface CanaryAnalysisOptions {
  /** Prometheus base URL as seen from the Argo Rollouts controller ("http://prometheus-operated.monitoring.svc:9090"). */
  readonly prometheusAddress: string;
  /** PromQL returning one number, such as the canary's success ratio. */
  readonly query: string;
  /** Argo Rollouts expression over `result` that must hold ("result[0] >= 0.99"). */
  readonly successCondition: string;
  /**
   * Time between measurements.
   * @default Duration.minutes(1)
   */
  readonly interval?: Duration;
  /**
   * Failed measurements tolerated before the rollout aborts.
   * @default 1
   */
  readonly failureLimit?: number;
  /**
   * Index of the step at which the analysis starts.
   * @default 0 (from the start)
   */
  readonly startingStep?: number;
}

/** Options of `Release.canary`. */
export interface CanaryOptions {
  /** Image of the version under test, pinned. With ARGO_ROLLOUTS this is the Rollout's image, the version being rolled out. */
  readonly canaryImage: string;
  /**
   * NATIVE only: image of the stable pods.
   * @default the WebApp's `image`
   */
  readonly stableImage?: string;
  /**
   * NATIVE only: pods of the canary Deployment (0 pauses the canary). With 4 stable pods and 1 canary pod the
   * canary gets about 1/5 of new connections: kube-proxy balances connections, not requests, per pod.
   * @default 1
   */
  readonly canaryReplicas?: number;
  /**
   * NATIVE only, with a WebApp `route`: percent of requests the route sends to the canary Service (the rest go to
   * the stable pods). Raise it commit by commit (20, 50, 100) as the canary proves itself.
   * @default 20
   */
  readonly canaryWeight?: number;
  /**
   * What carries out the release.
   * @default ReleaseEngine.NATIVE
   */
  readonly engine?: ReleaseEngine;
  /**
   * ARGO_ROLLOUTS only: the steps; weights from 0 to 100 and increasing.
   * @default setWeight 20, pause until promoted, setWeight 50, pause 5 minutes, then 100
   */
  readonly steps?: CanaryStep[];
  /**
   * ARGO_ROLLOUTS only: background analysis on a Prometheus query (emits an AnalysisTemplate).
   * @default no analysis
   */
  readonly analysis?: CanaryAnalysisOptions;
}
