import { RESOURCES } from './defaults';
import { cpuMillis, isCpuQuantity, mebibytes } from './facts/quantity';
import { Problems } from './validate';
import { EnvironmentProfileProps, OrganizationDefaults, ResourceProps, SecurityProps } from '../core/types';

/** The platform settings in force for a workload: `Platform.of(workload)`. */
export interface PlatformSettings {
  readonly profile?: { readonly name: string; readonly props: EnvironmentProfileProps };
  readonly defaults?: OrganizationDefaults;
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
  imagePullPolicy?: string;
  imagePullPolicyReason?: string;
}

export function withPlatformDefaults<T extends PlatformDefaultable>(
  settings: PlatformSettings, props: T, row: ResourceRow | undefined, problems: Problems): T {
  const { profile, defaults = {} } = settings;
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
    // a workload's own policy comes with its own reason
    imagePullPolicy: props.imagePullPolicy ?? defaults.imagePullPolicy,
    imagePullPolicyReason: props.imagePullPolicy !== undefined
      ? props.imagePullPolicyReason
      : props.imagePullPolicyReason ?? defaults.imagePullPolicyReason,
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

/** Scales "250m", "1", "512Mi" or "1Gi" by `factor`, keeping whole units (millicores or MiB); anything else stays as written. */
export function scaleQuantity(quantity: string, factor: number): string {
  if (isCpuQuantity(quantity)) return `${Math.max(1, Math.round(cpuMillis(quantity) * factor))}m`;
  const mebi = /^\d+(\.\d+)?(Ki|Mi|Gi)$/.test(quantity) ? mebibytes(quantity) : NaN;
  return Number.isNaN(mebi) ? quantity : `${Math.max(1, Math.round(mebi * factor))}Mi`;
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
