import { Construct, IConstruct } from 'constructs';
import { EnvironmentProfileProps, ORGANIZATION_DEFAULTS_SHAPE, OrganizationDefaults, PROFILE_SHAPE } from '../core/types';
import { checkAutoscaling } from '../private/autoscaling';
import { checkScope } from '../private/construct-args';
import { PROFILES, WEB_APP } from '../private/defaults';
import { Shape, ShapeProblem, checkShape, shapeProblems } from '../private/shape';
import { Problems, checkAnnotations, checkLabelValue, checkLabels, checkName, checkReference } from '../private/validate';

/** A named set of defaults for one kind of environment. */
export class EnvironmentProfile {
  /** One replica, half-size resources, no autoscaling: cheap and fast to iterate. */
  public static readonly DEVELOPMENT = new EnvironmentProfile(PROFILES.development);
  /** Production shape at production size, without autoscaling. */
  public static readonly STAGING = new EnvironmentProfile(PROFILES.staging);
  /** Three replicas or autoscaling 3–10, quorum stores with required anti-affinity. */
  public static readonly PRODUCTION = new EnvironmentProfile(PROFILES.production);

  /** A profile of your own. */
  public static custom(props: EnvironmentProfileProps): EnvironmentProfile {
    const checked = shapeProblems(props, PROFILE_SHAPE, 'profile');
    return new EnvironmentProfile(checked.value, checked.problems);
  }

  /** The built-in profile called `name` ("development", "staging", "production"); undefined when there is none. */
  public static named(name: string): EnvironmentProfile | undefined {
    return [EnvironmentProfile.DEVELOPMENT, EnvironmentProfile.STAGING, EnvironmentProfile.PRODUCTION].find(p => p.name === name);
  }

  /** Profile name. */
  public readonly name: string;

  /** What did not fit the props' shape (JavaScript callers), reported where the profile is configured. @internal */
  public readonly _problems: readonly ShapeProblem[];

  /**
   * The profile's settings.
   * @param props the profile's settings
   * @param problems what did not fit their shape
   */
  private constructor(public readonly props: EnvironmentProfileProps, problems: ShapeProblem[] = []) {
    this.name = props.name;
    this._problems = problems;
  }
}

/** What `Platform.configure` takes. */
export interface PlatformProps {
  /**
   * Environment profile.
   * @default no profile: built-in defaults
   */
  readonly profile?: EnvironmentProfile;
  /**
   * Organisation defaults.
   * @default none
   */
  readonly defaults?: OrganizationDefaults;
}

/** The known props of `Platform.configure` (src/private/shape.ts). @internal */
export const PLATFORM_SHAPE: Shape = {
  profile: { instance: EnvironmentProfile, example: 'an EnvironmentProfile such as EnvironmentProfile.PRODUCTION' },
  defaults: { object: ORGANIZATION_DEFAULTS_SHAPE },
};

const settings = new WeakMap<IConstruct, PlatformProps>();

/** Platform settings scoped to an App or Chart (the nearest scope wins). */
export class Platform {
  /**
   * Sets the profile and organisation defaults for every workload created
   * beneath `scope` from now on. Precedence: a workload's explicit props, then
   * organisation defaults, then the profile, then built-in defaults.
   */
  public static configure(scope: Construct, given: PlatformProps): void {
    checkScope(scope, 'Platform.configure(scope, props)', 'the App or Chart the settings apply to');
    const problems = new Problems(scope);
    const props = checkShape<PlatformProps>(given, PLATFORM_SHAPE, '', (...a) => problems.add(...a));
    problems.addAll(props.profile?._problems ?? []);
    checkLabels(problems, 'defaults.labels', props.defaults?.labels);
    checkAnnotations(problems, 'defaults.annotations', props.defaults?.annotations);
    if (settings.has(scope)) {
      problems.add('Platform.configure', scope.node.path || '(app)', 'is called twice on the same scope',
        'configure once per App or Chart; a Chart beneath an App may override the App\'s settings');
    }
    checkLabelValue(problems, 'profile.name', props.profile?.props.name);
    checkLabelValue(problems, 'defaults.alerts.team', props.defaults?.alerts?.team);
    const d = props.defaults ?? {};
    if (d.priorityClassName) checkName(problems, 'defaults.priorityClassName', d.priorityClassName);
    if (d.ingressClassName) checkName(problems, 'defaults.ingressClassName', d.ingressClassName);
    (d.imagePullSecrets ?? []).forEach((name, i) => checkReference(problems, `defaults.imagePullSecrets[${i}]`, name));
    if (d.imageRegistry !== undefined && !/^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)*$/.test(d.imageRegistry)) {
      problems.add('defaults.imageRegistry', d.imageRegistry, 'is not a registry host', 'give a host and optional path, such as "registry.example.com/team"');
    }
    const webAutoscaling = props.profile?.props.webAutoscaling;
    if (webAutoscaling) {
      // the WebApps that use the profile check it again as their own autoscaling; here it is checked even when none does
      checkAutoscaling(problems, webAutoscaling, undefined, WEB_APP.replicas, 'profile.webAutoscaling');
    }
    const scale = props.profile?.props.resourceScale;
    if (scale !== undefined && !(scale > 0)) {
      problems.add('profile.resourceScale', scale, 'is not a positive number', 'use a factor such as 0.5 or 2');
    }
    settings.set(scope, props);
  }

  /** The settings in force for `scope` (nearest configured App or Chart). */
  public static of(scope: IConstruct): PlatformProps {
    checkScope(scope, 'Platform.of(scope)', 'a construct of the app');
    for (const s of [...scope.node.scopes].reverse()) {
      const found = settings.get(s);
      if (found) return found;
    }
    return {};
  }
}
