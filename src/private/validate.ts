import { Construct } from 'constructs';
import { cidrProblem } from './facts/cidr';
import { credentialLiteral } from './facts/credentials';
import { cronProblem, timeZoneProblem } from './facts/cron';
import { imagePinProblem } from './facts/image';
import { INT32_MAX } from './facts/int32';
import { ANNOTATIONS_MAX_BYTES, keyProblem, labelValueProblem, stringMapBytes } from './facts/labels';
import { envNameProblem, hostNameProblem, nameProblem } from './facts/names';
import { isQuantity, parseQuantity } from './facts/quantity';
import type { ShapeProblem } from './shape';
import type { EnvVar } from '../core/env';

// Prop checks. Each returns a message (or nothing); `Problems` attaches them to a
// construct with `node.addValidation`, so one synth reports every error at once,
// each prefixed by cdk8s with the construct path: `[prod/shop] image "nginx" ...`.

let constructed: ((scope: Construct) => void) | undefined;

/**
 * Registers what to do with each construct that records prop checks: the synth
 * layer uses it to make the app's own `app.synth()` run the output rules too
 * (this module sits below synth and cannot import it).
 */
export function onProblemsCreated(hook: (scope: Construct) => void): void {
  constructed = hook;
}

/** Collects prop errors for one construct. */
export class Problems {
  private readonly messages: string[] = [];
  /** Props some check named, and the shape's fallback messages (reported for the props no check named). */
  private readonly named = new Set<string>();
  private readonly fallbacks: Array<{ prop: string; message: string }> = [];
  /** Props whose value the shape check refused: a later check of the same prop sees a stand-in, not the caller's value. */
  private readonly misfits = new Set<string>();

  constructor(scope: Construct) {
    scope.node.addValidation({ validate: () => this.all() });
    constructed?.(scope);
  }

  /**
   * Records `prop "value" <problem>: <fix>`, once (two pod templates built from the same props find the same problem).
   * A `fallback` (src/private/shape.ts) is reported only when no other check names `prop`.
   */
  public add(prop: string, value: unknown, problem: string, fix: string, fallback = false): void {
    const message = `${prop} ${show(value)} ${problem}: ${fix}`;
    if (fallback) {
      this.fallbacks.push({ prop, message });
      return;
    }
    this.named.add(prop);
    if (this.misfits.has(prop)) return;
    if (!this.messages.includes(message)) this.messages.push(message);
  }

  /** Records what a prop-shape check found (src/private/shape.ts). */
  public addAll(problems: readonly ShapeProblem[], prefix = ''): void {
    for (const p of problems) {
      this.add(prefix + p.prop, p.value, p.problem, p.fix, p.fallback);
      // a value of the wrong type; a missing one leaves the wording to the check that knows what it is for
      if (!p.fallback && p.value !== undefined) this.misfits.add(prefix + p.prop);
    }
  }

  /** Records a message already in the contract's shape. */
  public addMessage(message: string | undefined): void {
    if (message) this.messages.push(message);
  }

  public get ok(): boolean {
    return this.all().length === 0;
  }

  private all(): string[] {
    const named = [...this.named];
    const unnamed = this.fallbacks.filter(f => !named.some(p => p === f.prop || p.startsWith(`${f.prop}.`) || p.startsWith(`${f.prop} `) || p.startsWith(`${f.prop}[`)));
    return [...this.messages, ...new Set(unnamed.map(f => f.message))];
  }
}

/** A value as an error message prints it: JSON, NaN and Infinity as themselves, a symbol, function or bigint quoted by name, anything else by name. */
export function show(value: unknown): string {
  // JSON would print these as null
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  // and these as nothing (or throw, for a bigint)
  if (typeof value === 'symbol' || typeof value === 'function' || typeof value === 'bigint') return JSON.stringify(String(value));
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // a construct or another object with cycles, a throwing getter or toJSON
    try {
      return String(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
}

/** A DNS-1123 label: what Service and most object names must be. */
export function checkName(problems: Problems, prop: string, name: string): void {
  if (nameProblem(name, 'dns-1123-label')) {
    problems.add(prop, name, 'is not a valid DNS-1123 label',
      'use at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit, such as "storefront"');
  }
}

/** An image reference pinned to a tag (not latest) or a digest. */
export function checkImage(problems: Problems, prop: string, image: string): void {
  const why = image ? imagePinProblem(image) : { problem: 'is not an image reference', fix: 'give a reference such as "ghcr.io/acme/shop:1.4.2"' };
  if (why) problems.add(prop, image, why.problem, why.fix);
}

/** The tag of a pinned image, or the first 12 digest characters: used as app.kubernetes.io/version. */
export function imageVersion(image: string): string | undefined {
  const at = image.indexOf('@sha256:');
  if (at !== -1) return image.slice(at + 8, at + 20);
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  if (colon === -1) return undefined;
  const tag = lastSegment.slice(colon + 1);
  // label values: 63 chars of [A-Za-z0-9_.-], alphanumeric at both ends
  const clean = tag.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return clean || undefined;
}

/** A TCP/UDP port number. */
export function checkPort(problems: Problems, prop: string, port: number | undefined): void {
  if (port === undefined) return;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    problems.add(prop, port, 'is not a port number', 'use a whole number from 1 to 65535, such as 8080');
  }
}

/** A whole number at least `min` that fits the API's int32. */
export function checkCount(problems: Problems, prop: string, value: number | undefined, min: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min) {
    problems.add(prop, value, `is not a whole number >= ${min}`, `use ${min} or more`);
  } else if (value > INT32_MAX) {
    problems.add(prop, value, `is above ${INT32_MAX}, the largest the API's int32 field holds`, 'use a realistic count, such as 3');
  }
}

/** Label keys and values (labels, nodeSelector): qualified-name keys, 63-character values. */
export function checkLabels(problems: Problems, prop: string, labels: { [key: string]: string } | undefined): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    const bad = keyProblem(key);
    if (bad) problems.add(`${prop} key`, key, bad.problem, bad.fix);
    const badValue = labelValueProblem(value);
    if (badValue) problems.add(`${prop}.${key}`, value, badValue.problem, badValue.fix);
  }
}

/** One label value given as its own prop (version, partOf). */
export function checkLabelValue(problems: Problems, prop: string, value: string | undefined): void {
  const bad = value === undefined ? undefined : labelValueProblem(value);
  if (bad) problems.add(prop, value, bad.problem, bad.fix);
}

/** Annotation keys and their total size. */
export function checkAnnotations(problems: Problems, prop: string, annotations: { [key: string]: string } | undefined): void {
  if (!annotations) return;
  for (const key of Object.keys(annotations)) {
    const bad = keyProblem(key);
    if (bad) problems.add(`${prop} key`, key, bad.problem, bad.fix);
  }
  const bytes = stringMapBytes(annotations);
  if (bytes > ANNOTATIONS_MAX_BYTES) {
    problems.add(prop, `(${bytes} bytes)`, `is over the ${ANNOTATIONS_MAX_BYTES} bytes (256 KiB) of annotations an object may carry`,
      'keep annotations short and put large content in a ConfigMap');
  }
}

/** A name of an object the workload refers to (a Secret, a ConfigMap, a PriorityClass). */
export function checkReference(problems: Problems, prop: string, name: string | undefined): void {
  const bad = name === undefined ? undefined : nameProblem(name, 'dns-1123-subdomain');
  if (bad) problems.add(prop, name, bad.problem, bad.fix);
}

/** Environment variables: names the API server accepts, arguments that fit (JavaScript callers), no credential literals. */
export function checkEnv(problems: Problems, prop: string, env: { [name: string]: EnvVar } | undefined): void {
  for (const [name, value] of Object.entries(env ?? {})) {
    const bad = envNameProblem(name);
    if (bad) problems.add(`${prop} name`, name, bad.problem, bad.fix);
    problems.addAll(value._problems(), `${prop}.${name} `);
  }
  checkEnvCredentials(problems, prop, env);
}

/** Quantities of the resource props under `at` (a container's `resources`), and each request at most its limit once defaults apply. */
export function checkResources(
  problems: Problems,
  given: { readonly [prop: string]: unknown } | undefined,
  effective: { readonly [prop: string]: unknown },
  at = 'resources',
): void {
  for (const [prop, value] of Object.entries(given ?? {})) {
    // the written reason of omitCpuLimit is no quantity
    if (typeof value !== 'string' || prop === 'omitCpuLimitReason') continue;
    const cpu = prop.startsWith('cpu');
    if (!isQuantity(value) || parseQuantity(value) < 0) {
      problems.add(`${at}.${prop}`, value, 'is not a Kubernetes quantity',
        cpu ? 'give cores or millicores, such as "500m" or "2"' : 'give bytes with a suffix, such as "256Mi" or "2Gi"');
    } else if (prop.endsWith('Limit') && parseQuantity(value) === 0) {
      problems.add(`${at}.${prop}`, value, 'is a zero limit: the container could never start', cpu ? 'give a limit such as "500m", or omitCpuLimit' : 'give a limit such as "256Mi"');
    }
  }
  for (const [what, request, limit] of [['cpu', 'cpuRequest', 'cpuLimit'], ['memory', 'memoryRequest', 'memoryLimit'], ['ephemeral-storage', 'ephemeralStorageRequest', 'ephemeralStorageLimit']]) {
    const r = effective[request];
    const l = effective[limit];
    if (typeof r !== 'string' || typeof l !== 'string' || !isQuantity(r) || !isQuantity(l)) continue;
    if (parseQuantity(r) > parseQuantity(l)) {
      const limitGiven = given?.[limit] !== undefined;
      problems.add(`${at}.${request}`, r, `is above the ${what} limit "${l}"${limitGiven ? ` (${at}.${limit})` : ' (the default limit)'}`,
        `set ${at}.${limit} to at least "${r}", or lower the request`);
    }
  }
}

/** An absolute path. */
export function checkAbsolutePath(problems: Problems, prop: string, path: string | undefined): void {
  if (path === undefined) return;
  if (!path.startsWith('/')) {
    problems.add(prop, path, 'is not an absolute path', `start it with "/", such as "/${path.replace(/^\.?\/*/, '')}"`);
  }
}

/** Credentials come from Secret references, never literals in the manifests (the rule no-credentials-in-env, at prop time). */
export function checkEnvCredentials(problems: Problems, prop: string, env: { [name: string]: EnvVar } | undefined): void {
  for (const [name, value] of Object.entries(env ?? {})) {
    if (credentialLiteral(name, value._render(name).value)) {
      problems.add(`${prop}.${name}`, '(a literal, not shown)', 'would write a credential into the manifests',
        'keep it in an existing Secret and read it with EnvVar.fromSecret("<secret>", "<key>")');
    }
  }
}

/** A host name an Ingress routes (a DNS name, optionally "*." in front; no scheme, port or path). */
export function checkHost(problems: Problems, prop: string, host: string | undefined): void {
  const bad = host === undefined ? undefined : hostNameProblem(host);
  if (bad) problems.add(prop, host, bad.problem, bad.fix);
}

/** A cron schedule and its time zone (a backup, later a ScheduledTask). */
export function checkSchedule(problems: Problems, prop: string, schedule: string | undefined, zoneProp: string, zone: string | undefined): void {
  const bad = schedule === undefined ? undefined : cronProblem(schedule);
  if (bad) problems.add(prop, schedule, bad.problem, bad.fix);
  const badZone = zone === undefined ? undefined : timeZoneProblem(zone);
  if (badZone) problems.add(zoneProp, zone, badZone.problem, badZone.fix);
}

/** A CIDR block. */
export function checkCidr(problems: Problems, prop: string, cidr: string): void {
  const bad = cidrProblem(cidr);
  if (bad) problems.add(prop, cidr, bad.problem, bad.fix);
}

/** The HTTP path Prometheus scrapes. */
export function checkMetricsPath(problems: Problems, path: string | undefined): void {
  if (path !== undefined && !path.startsWith('/')) problems.add('metrics.path', path, 'does not start with "/"', `write it as "/${path || 'metrics'}"`);
}
