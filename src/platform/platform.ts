import { Construct, IConstruct } from 'constructs';
import { AntiAffinity, AutoscalingProps, ResourceProps, SecurityProps } from '../core/types';
import { PROFILES, RESOURCES } from '../private/defaults';
import { Problems, checkName } from '../private/validate';

/** What an environment profile changes. Unset fields keep the built-in defaults. */
export interface EnvironmentProfileProps {
  /** Profile name, recorded as the `cdk8s-patterns.io/profile` label. */
  readonly name: string;
  /**
   * Default replicas of a WebApp that sets neither `replicas` nor `autoscaling`.
   * @default built-in (2)
   */
  readonly webReplicas?: number;
  /**
   * Default autoscaling of a WebApp that sets neither `replicas` nor `autoscaling`.
   * @default no autoscaling
   */
  readonly webAutoscaling?: AutoscalingProps;
  /**
   * Default replicas of a StatefulStore.
   * @default built-in (1)
   */
  readonly storeReplicas?: number;
  /**
   * Multiplies every built-in request and limit (0.5 halves them).
   * @default 1
   */
  readonly resourceScale?: number;
  /**
   * Host anti-affinity of replicated stores.
   * @default built-in (AntiAffinity.REQUIRED)
   */
  readonly storeAntiAffinity?: AntiAffinity;
}

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
    return new EnvironmentProfile(props);
  }

  /** The built-in profile called `name` ("development", "staging", "production"); undefined when there is none. */
  public static named(name: string): EnvironmentProfile | undefined {
    return [EnvironmentProfile.DEVELOPMENT, EnvironmentProfile.STAGING, EnvironmentProfile.PRODUCTION].find(p => p.name === name);
  }

  /** Profile name. */
  public readonly name: string;

  private constructor(public readonly props: EnvironmentProfileProps) {
    this.name = props.name;
  }
}

/** Defaults a platform team sets once for every workload beneath an App or Chart. */
export interface OrganizationDefaults {
  /**
   * Registry prepended to images that name none ("acme/shop:1.2" becomes "<registry>/acme/shop:1.2").
   * @default images are used as written
   */
  readonly imageRegistry?: string;
  /**
   * Labels on every workload object (a workload's own labels win).
   * @default none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations on every workload object (a workload's own annotations win).
   * @default none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Named resource sizes a workload picks with `resourceClass`.
   * @default none
   */
  readonly resourceClasses?: { [name: string]: ResourceProps };
  /**
   * Security context defaults.
   * @default built-in restricted defaults
   */
  readonly security?: SecurityProps;
  /**
   * PriorityClass of web apps and stores.
   * @default none
   */
  readonly priorityClassName?: string;
  /**
   * IngressClass of WebApp ingresses that name none.
   * @default the cluster's default IngressClass
   */
  readonly ingressClassName?: string;
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

const settings = new WeakMap<IConstruct, PlatformProps>();

/** Platform settings scoped to an App or Chart (the nearest scope wins). */
export class Platform {
  /**
   * Sets the profile and organisation defaults for every workload created
   * beneath `scope` from now on. Precedence: a workload's explicit props, then
   * organisation defaults, then the profile, then built-in defaults.
   */
  public static configure(scope: Construct, props: PlatformProps): void {
    const problems = new Problems(scope);
    if (settings.has(scope)) {
      problems.add('Platform.configure', scope.node.path || '(app)', 'is called twice on the same scope',
        'configure once per App or Chart; a Chart beneath an App may override the App\'s settings');
    }
    const d = props.defaults ?? {};
    if (d.priorityClassName) checkName(problems, 'defaults.priorityClassName', d.priorityClassName);
    if (d.ingressClassName) checkName(problems, 'defaults.ingressClassName', d.ingressClassName);
    if (d.imageRegistry !== undefined && !/^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)*$/.test(d.imageRegistry)) {
      problems.add('defaults.imageRegistry', d.imageRegistry, 'is not a registry host', 'give a host and optional path, such as "registry.example.com/team"');
    }
    const scale = props.profile?.props.resourceScale;
    if (scale !== undefined && !(scale > 0)) {
      problems.add('profile.resourceScale', scale, 'is not a positive number', 'use a factor such as 0.5 or 2');
    }
    settings.set(scope, props);
  }

  /** The settings in force for `scope` (nearest configured App or Chart). */
  public static of(scope: IConstruct): PlatformProps {
    for (const s of [...scope.node.scopes].reverse()) {
      const found = settings.get(s);
      if (found) return found;
    }
    return {};
  }
}

/** Which built-in resource row an archetype uses. @internal */
export type ResourceRow = keyof typeof RESOURCES;

/**
 * Merges platform settings under a workload's own props. Only props every
 * archetype shares are touched here; archetype-specific profile values are read
 * by the archetype through `Platform.of`.
 * @internal
 */
/** The props `withPlatformDefaults` reads and fills. @internal */
export interface PlatformDefaultable {
  image: string;
  labels?: any;
  annotations?: any;
  security?: SecurityProps;
  priorityClassName?: string;
  resources?: ResourceProps;
  resourceClass?: string;
}

export function withPlatformDefaults<T extends PlatformDefaultable>(
  scope: IConstruct, props: T, row: ResourceRow | undefined, problems: Problems): T {
  const { profile, defaults = {} } = Platform.of(scope);
  let resources = scaled(row, profile?.props.resourceScale);
  if (props.resourceClass !== undefined) {
    const cls = defaults.resourceClasses?.[props.resourceClass];
    if (!cls) {
      const known = Object.keys(defaults.resourceClasses ?? {}).sort();
      problems.add('resourceClass', props.resourceClass, 'is not defined by the organisation defaults',
        known.length ? `use one of ${known.map(k => `"${k}"`).join(', ')}` : 'define it in Platform.configure(..., { defaults: { resourceClasses } })');
    }
    resources = { ...resources, ...cls };
  }
  return {
    ...props,
    image: withRegistry(props.image, defaults.imageRegistry),
    labels: merged(defaults.labels, profile ? { 'cdk8s-patterns.io/profile': profile.name } : undefined, props.labels),
    annotations: merged(defaults.annotations, props.annotations),
    security: defaults.security || props.security ? { ...defaults.security, ...props.security } : undefined,
    priorityClassName: props.priorityClassName ?? (row === 'agent' ? undefined : defaults.priorityClassName),
    resources: resources || props.resources ? { ...resources, ...props.resources } : undefined,
  };
}

function scaled(row: ResourceRow | undefined, factor: number | undefined): ResourceProps | undefined {
  if (row === undefined || factor === undefined || factor === 1 || !(factor > 0)) return undefined;
  const r = RESOURCES[row];
  return {
    cpuRequest: scaleQuantity(r.cpuRequest, factor),
    cpuLimit: scaleQuantity(r.cpuLimit, factor),
    memoryRequest: scaleQuantity(r.memoryRequest, factor),
    memoryLimit: scaleQuantity(r.memoryLimit, factor),
  };
}

/** Scales "250m", "1", "512Mi" or "1Gi" by `factor`, keeping whole units. */
export function scaleQuantity(quantity: string, factor: number): string {
  const m = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi)?$/.exec(quantity);
  if (!m) return quantity;
  const unit = m[2] ?? '';
  if (unit === '' || unit === 'm') {
    const millis = Number(m[1]) * (unit === 'm' ? 1 : 1000) * factor;
    return `${Math.max(1, Math.round(millis))}m`;
  }
  const mebi = Number(m[1]) * ({ Ki: 1 / 1024, Mi: 1, Gi: 1024 } as any)[unit] * factor;
  return `${Math.max(1, Math.round(mebi))}Mi`;
}

function withRegistry(image: string, registry: string | undefined): string {
  if (!registry || !image) return image;
  const first = image.split('/')[0];
  const hasRegistry = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return hasRegistry ? image : `${registry}/${image}`;
}

function merged(...maps: Array<{ [key: string]: string } | undefined>): { [key: string]: string } | undefined {
  const out = Object.assign({}, ...maps.filter(Boolean));
  return Object.keys(out).length ? out : undefined;
}
