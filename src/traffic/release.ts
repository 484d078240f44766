import { Duration } from 'cdk8s';
import type { PercentOrAbsolute } from 'cdk8s-plus-28';
import {
  BlueGreenOptions, CanaryAnalysisOptions, CanaryOptions, CanaryStep, Colour, ReleaseEngine, ReleaseStrategy, RollingOptions,
} from './release-options';
import { ReleaseObjects, ReleaseOptions, ReleaseTarget, renderRelease } from './release-render';
import { RELEASE, WEB_APP } from '../private/defaults';
import { countOrPercent, wholePercent } from '../private/facts/percent';
import { RouteBackend } from '../private/gateway';
import { Shape, ShapeProblem, required, durationSeconds, shapeProblems } from '../private/shape';
import { Problems, checkCount, checkImage } from '../private/validate';

// the class is read only when a budget is given (the caller has loaded
// cdk8s-plus-28 then), so an app that gives none never loads its code
const BUDGET = {
  get instance(): typeof PercentOrAbsolute {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('cdk8s-plus-28') as typeof import('cdk8s-plus-28')).PercentOrAbsolute;
  },
  example: 'PercentOrAbsolute.percent(25) or PercentOrAbsolute.absolute(1)',
};
/** @internal */
export const ROLLING_SHAPE: Shape = { maxSurge: BUDGET, maxUnavailable: BUDGET };
/** @internal */
export const BLUE_GREEN_SHAPE: Shape = {
  active: 'string',
  blueImage: 'string',
  greenImage: 'string',
  idleReplicas: 'int',
  engine: 'string',
  autoPromotion: 'boolean',
  scaleDownDelay: 'seconds',
};
const ANALYSIS_SHAPE: Shape = {
  prometheusAddress: required('string'),
  query: required('string'),
  successCondition: required('string'),
  interval: 'seconds',
  failureLimit: 'int',
  startingStep: 'int',
};
/** @internal */
export const CANARY_SHAPE: Shape = {
  canaryImage: required('string'),
  stableImage: 'string',
  canaryReplicas: 'int',
  canaryWeight: 'int',
  engine: 'string',
  steps: { list: { instance: CanaryStep, example: 'a CanaryStep such as CanaryStep.setWeight(20)' } },
  analysis: { object: ANALYSIS_SHAPE },
};

/**
 * How a WebApp releases a new version: `Release.rolling()` (the default),
 * `Release.recreate()`, `Release.blueGreen({...})` or `Release.canary({...})`.
 */
export class Release {
  /** Replace pods a few at a time; `kubectl rollout undo` rolls back. */
  public static rolling(options: RollingOptions = {}): Release {
    return new Release(ReleaseStrategy.ROLLING, ReleaseEngine.NATIVE, options, ROLLING_SHAPE);
  }

  /** Stop all old pods before starting new ones: a short outage, never two versions at once. */
  public static recreate(): Release {
    return new Release(ReleaseStrategy.RECREATE, ReleaseEngine.NATIVE, {}, {});
  }

  /** Two colours; the main Service points at `active`, a preview Service at the other. */
  public static blueGreen(options: BlueGreenOptions): Release {
    return new Release(ReleaseStrategy.BLUE_GREEN, undefined, options, BLUE_GREEN_SHAPE);
  }

  /** A canary next to the stable version, by replica ratio (NATIVE) or by Argo Rollouts steps. */
  public static canary(options: CanaryOptions): Release {
    return new Release(ReleaseStrategy.CANARY, undefined, options, CANARY_SHAPE);
  }

  /** The strategy. */
  public readonly strategy: ReleaseStrategy;
  /** The engine. */
  public readonly engine: ReleaseEngine;
  /** The options as given, without what does not fit their shape. @internal */
  public readonly _options: ReleaseOptions;
  /** What does not fit. */
  private readonly shapeProblems: ShapeProblem[];

  /** @param engine the engine, or undefined for the options' `engine` (NATIVE when they name none) */
  private constructor(strategy: ReleaseStrategy, engine: ReleaseEngine | undefined, options: object, shape: Shape) {
    this.strategy = strategy;
    // the options are read once, through their shape check (a JavaScript caller's object may throw when read)
    const checked = shapeProblems(options, shape, '');
    this.engine = engine ?? checked.value.engine ?? RELEASE.engine as ReleaseEngine;
    this._options = checked.value;
    this.shapeProblems = checked.problems;
  }

  /**
   * Renders the release of a workload: its Deployments (or Rollout), Services,
   * PodDisruptionBudgets and HorizontalPodAutoscalers, as children of `target.scope`.
   * @internal
   */
  public _render(target: ReleaseTarget): ReleaseObjects {
    return renderRelease(this.strategy, this.engine, this._options, target);
  }

  /**
   * The backends of a route in front of the workload `name` (Service port `port`): the main Service, or for a
   * canary the stable and canary Services with their shares (NATIVE: `canaryWeight`; Argo Rollouts starts at
   * 0 and sets each step's weight itself).
   * @internal
   */
  public _routeBackends(name: string, port: number): RouteBackend[] {
    if (this.strategy !== ReleaseStrategy.CANARY) return [{ service: name, port }];
    const canary = this.engine === ReleaseEngine.ARGO_ROLLOUTS ? 0 : this._options.canaryWeight ?? RELEASE.canaryRouteWeight;
    const valid = Number.isInteger(canary) && canary >= 0 && canary <= 100 ? canary : 0; // a bad weight is reported by _validate
    return [{ service: name, port, weight: 100 - valid }, { service: `${name}${RELEASE.canarySuffix}`, port, weight: valid }];
  }

  /** Records every problem of the options under the `release.` prop; `routed`: the workload has a route. @internal */
  public _validate(problems: Problems, autoscaling: boolean, routed: boolean = false): void {
    problems.addAll(this.shapeProblems, 'release.');
    const o = this._options;
    const engines = Object.values(ReleaseEngine) as string[];
    if (!engines.includes(this.engine)) {
      problems.add('release.engine', this.engine, 'is not an engine', 'use ReleaseEngine.NATIVE or ReleaseEngine.ARGO_ROLLOUTS');
      return;
    }
    const argo = this.engine === ReleaseEngine.ARGO_ROLLOUTS;
    const onlyWith = (prop: string, value: unknown, engine: string, fix: string) => {
      if (value !== undefined) problems.add(`release.${prop}`, describe(value), `applies only with ${engine}`, fix);
    };

    switch (this.strategy) {
      case ReleaseStrategy.ROLLING: {
        const surge = checkBudget(problems, 'release.maxSurge', o.maxSurge);
        const unavailable = checkBudget(problems, 'release.maxUnavailable', o.maxUnavailable);
        if (surge === 0 && unavailable === 0) {
          problems.add('release.maxSurge', o.maxSurge?.value, 'is 0 together with maxUnavailable 0, so a rollout could never replace a pod',
            `allow a surge, such as PercentOrAbsolute.percent(${wholePercent(WEB_APP.maxSurge)}) (the default), or, if capacity may drop, maxUnavailable PercentOrAbsolute.absolute(1)`);
        }
        break;
      }
      case ReleaseStrategy.BLUE_GREEN: {
        const colours = Object.values(Colour) as string[];
        if (!colours.includes(o.active as string)) {
          problems.add('release.active', o.active, 'is not a colour', 'use Colour.BLUE or Colour.GREEN');
        }
        for (const prop of ['blueImage', 'greenImage'] as const) {
          const image = o[prop];
          if (!image) {
            problems.add(`release.${prop}`, image, 'is missing', 'give both colours a pinned image; the idle colour may run the same image as the active one');
          } else {
            checkImage(problems, `release.${prop}`, image);
          }
        }
        checkCount(problems, 'release.idleReplicas', o.idleReplicas, 0);
        if (argo) {
          onlyWith('idleReplicas', o.idleReplicas, 'ReleaseEngine.NATIVE',
            'remove it: Argo Rollouts scales the old version down itself after `scaleDownDelay`');
          const delay = o.scaleDownDelay === undefined ? undefined : durationSeconds(o.scaleDownDelay);
          if (delay !== undefined && (!Number.isInteger(delay) || delay < 0)) {
            problems.add('release.scaleDownDelay', `${delay}s`, 'is not a whole number of seconds >= 0', 'use a duration such as Duration.seconds(30)');
          }
        } else {
          onlyWith('autoPromotion', o.autoPromotion, 'ReleaseEngine.ARGO_ROLLOUTS', 'remove it: a native promotion is the change of `active`');
          onlyWith('scaleDownDelay', o.scaleDownDelay, 'ReleaseEngine.ARGO_ROLLOUTS', 'remove it and scale the idle colour down with `idleReplicas` once the promotion has settled');
          if (o.idleReplicas !== undefined && autoscaling) {
            problems.add('release.idleReplicas', o.idleReplicas, 'is set together with autoscaling',
              'remove it: each colour has its own HorizontalPodAutoscaler, which keeps the idle colour at `autoscaling.minReplicas`');
          }
        }
        break;
      }
      case ReleaseStrategy.CANARY: {
        if (!o.canaryImage) {
          problems.add('release.canaryImage', o.canaryImage, 'is missing', 'give the pinned image of the version under test, such as "ghcr.io/acme/shop:1.5.0"');
        } else {
          checkImage(problems, 'release.canaryImage', o.canaryImage);
        }
        if (o.stableImage !== undefined) checkImage(problems, 'release.stableImage', o.stableImage);
        checkCount(problems, 'release.canaryReplicas', o.canaryReplicas, 0);
        const w = o.canaryWeight;
        if (w !== undefined && (!Number.isInteger(w) || w < 0 || w > 100)) {
          problems.add('release.canaryWeight', w, 'is not a percentage from 0 to 100', 'use a whole number such as 20; the stable Service gets the rest');
        }
        if (w !== undefined && !routed && !argo) {
          problems.add('release.canaryWeight', w, 'applies only with a route', 'set the WebApp\'s `route` (a Gateway API HTTPRoute splits by weight), or set `canaryReplicas` to split by pod count');
        }
        if (argo) {
          onlyWith('canaryWeight', o.canaryWeight, 'ReleaseEngine.NATIVE', 'remove it and give `steps` with CanaryStep.setWeight(...): Argo Rollouts writes each step\'s weight into the route');
          onlyWith('stableImage', o.stableImage, 'ReleaseEngine.NATIVE', 'remove it: Argo Rollouts keeps the previous version as the stable one itself');
          onlyWith('canaryReplicas', o.canaryReplicas, 'ReleaseEngine.NATIVE', 'remove it and give `steps` with CanaryStep.setWeight(...)');
          validateSteps(problems, o.steps);
          if (o.analysis) validateAnalysis(problems, o.analysis, o.steps?.length ?? RELEASE.canarySteps.length);
        } else {
          onlyWith('steps', o.steps, 'ReleaseEngine.ARGO_ROLLOUTS',
            'remove them and set `canaryReplicas` (the traffic share follows the replica ratio), or use engine: ReleaseEngine.ARGO_ROLLOUTS');
          onlyWith('analysis', o.analysis, 'ReleaseEngine.ARGO_ROLLOUTS', 'use engine: ReleaseEngine.ARGO_ROLLOUTS, whose controller runs the analysis');
        }
        break;
      }
      default:
        break;
    }
  }
}

/** The value of a PercentOrAbsolute, checked: its count or percent, or undefined when invalid or not given. */
function checkBudget(problems: Problems, prop: string, budget: PercentOrAbsolute | undefined): number | undefined {
  if (budget === undefined) return prop.endsWith('maxSurge') ? wholePercent(WEB_APP.maxSurge) : WEB_APP.maxUnavailable;
  const v = budget.value;
  const n = countOrPercent(v);
  if (n === undefined || !Number.isInteger(n) || n < 0 || (typeof v === 'string' && n > 100)) {
    problems.add(prop, v, 'is not a pod count or a percentage from 0 to 100',
      'use PercentOrAbsolute.absolute(n) with a whole number n >= 0 or PercentOrAbsolute.percent(p) with p from 0 to 100');
    return undefined;
  }
  return n;
}

function validateSteps(problems: Problems, steps: CanaryStep[] | undefined): void {
  if (steps === undefined) return;
  if (steps.length === 0) {
    problems.add('release.steps', [], 'is empty', 'give at least one step, such as [CanaryStep.setWeight(20), CanaryStep.pause()], or leave `steps` out for the default');
    return;
  }
  let previous: number | undefined;
  steps.forEach((step, i) => {
    if (step.isPause) {
      const s = step.pauseDuration === undefined ? undefined : durationSeconds(step.pauseDuration);
      if (s !== undefined && (!Number.isInteger(s) || s < 1)) {
        problems.add(`release.steps[${i}].pause`, `${s}s`, 'is not a whole number of seconds >= 1', 'use a duration such as Duration.minutes(5), or CanaryStep.pause() to wait for a manual promotion');
      }
      return;
    }
    const w = step.weight;
    if (w === undefined || !Number.isInteger(w) || w < 0 || w > 100) {
      problems.add(`release.steps[${i}].setWeight`, w, 'is not a percentage from 0 to 100', 'use a whole number such as 20');
      return;
    }
    if (previous !== undefined && w <= previous) {
      problems.add(`release.steps[${i}].setWeight`, w, `is not above the previous weight ${previous}`,
        'make the weights increase step by step, such as 20, 50, 80');
    }
    previous = w;
  });
}

function validateAnalysis(problems: Problems, a: CanaryAnalysisOptions, stepCount: number): void {
  if (!a.query || !a.query.trim()) {
    problems.add('release.analysis.query', a.query, 'is empty',
      'give a PromQL query that returns one number, such as the canary\'s ratio of non-5xx requests');
  }
  if (!a.successCondition || !a.successCondition.trim()) {
    problems.add('release.analysis.successCondition', a.successCondition, 'is empty', 'give an expression over `result`, such as "result[0] >= 0.99"');
  }
  if (!a.prometheusAddress || !/^https?:\/\/[^\s/]+/.test(a.prometheusAddress)) {
    problems.add('release.analysis.prometheusAddress', a.prometheusAddress, 'is not an http(s) URL',
      'give the Prometheus base URL as the Argo Rollouts controller reaches it, such as "http://prometheus-operated.monitoring.svc:9090"');
  }
  const interval = a.interval === undefined ? undefined : durationSeconds(a.interval);
  if (interval !== undefined && (!Number.isInteger(interval) || interval < 1)) {
    problems.add('release.analysis.interval', `${interval}s`, 'is not a whole number of seconds >= 1', 'use a duration such as Duration.minutes(1)');
  }
  checkCount(problems, 'release.analysis.failureLimit', a.failureLimit, 0);
  if (a.startingStep !== undefined && (!Number.isInteger(a.startingStep) || a.startingStep < 0 || a.startingStep >= stepCount)) {
    problems.add('release.analysis.startingStep', a.startingStep, `is not the index of one of the ${stepCount} steps`, `use a whole number from 0 to ${stepCount - 1}`);
  }
}

function describe(value: unknown): unknown {
  if (value instanceof Duration) return `${durationSeconds(value)}s`;
  if (Array.isArray(value)) return `${value.length} steps`;
  if (value && typeof value === 'object') return '{...}';
  return value;
}
