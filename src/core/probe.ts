import { Duration } from 'cdk8s';
import * as k8s from '../private/k8s';
import { Shape, ShapeProblem, checkValue, shapeProblems } from '../private/shape';
import { Problems, checkCount, checkPort } from '../private/validate';

/** Timings of a probe; unset fields take the archetype's defaults. */
export interface HealthProbeOptions {
  /**
   * Port to probe.
   * @default the workload's container port
   */
  readonly port?: number;
  /**
   * Wait before the first probe.
   * @default 0s for readiness and startup, 10s for liveness
   */
  readonly initialDelay?: Duration;
  /**
   * How often to probe.
   * @default 5s for readiness and startup, 10s for liveness
   */
  readonly period?: Duration;
  /**
   * How long one probe may take.
   * @default 2s for readiness and startup, 3s for liveness
   */
  readonly timeout?: Duration;
  /**
   * Consecutive failures before the probe counts as failed.
   * @default 3 for readiness, 6 for liveness, derived from `slowStart` for startup
   */
  readonly failureThreshold?: number;
}

type Check = { kind: 'http'; path: string } | { kind: 'tcp' } | { kind: 'exec'; command: string[] } | { kind: 'none'; reason?: string };

/** Timings a probe falls back to. @internal */
export interface HealthProbeTimings {
  readonly initialDelaySeconds?: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
  readonly successThreshold: number;
}

/** @internal */
export const PROBE_OPTIONS_SHAPE: Shape = { port: 'int', initialDelay: 'seconds', period: 'seconds', timeout: 'seconds', failureThreshold: 'int' };

/** How Kubernetes checks a container: HTTP GET, TCP connect, a command, or not at all. */
export class HealthProbe {
  /** HTTP GET `path` on the port; 2xx and 3xx pass. */
  public static http(path: string, options: HealthProbeOptions = {}): HealthProbe {
    const found: ShapeProblem[] = [];
    const checked = checkValue(path, 'string', 'path', (prop, value, problem, fix, fallback) => found.push({ prop, value, problem, fix, fallback }));
    return new HealthProbe({ kind: 'http', path: (checked as string | undefined) ?? '/' }, options, found);
  }

  /** A TCP connection to the port succeeds. */
  public static tcp(options: HealthProbeOptions = {}): HealthProbe {
    return new HealthProbe({ kind: 'tcp' }, options);
  }

  /** `command` runs in the container and exits 0. */
  public static exec(command: string[], options: HealthProbeOptions = {}): HealthProbe {
    const found: ShapeProblem[] = [];
    const checked = checkValue(command, 'strings', 'command', (prop, value, problem, fix, fallback) => found.push({ prop, value, problem, fix, fallback }));
    return new HealthProbe({ kind: 'exec', command: (checked as string[] | undefined) ?? ['true'] }, options, found);
  }

  /**
   * No probe at all (removes a default). `reason` says why the container needs none (a long-running container
   * that serves a port otherwise fails the probes-set rule); it is written as our suppression and every scanner's
   * exemption for the missing probe (Polaris, kube-score pod-probes, checkov CKV_K8S_8/9).
   */
  public static none(reason?: string): HealthProbe {
    const found: ShapeProblem[] = [];
    const checked = reason === undefined ? undefined : checkValue(reason, 'string', 'reason', (prop, value, problem, fix, fallback) => found.push({ prop, value, problem, fix, fallback }));
    if (typeof checked === 'string' && !checked.trim()) {
      found.push({ prop: 'reason', value: checked, problem: 'is empty', fix: 'write why the container needs no probe, or leave the reason out' });
    }
    return new HealthProbe({ kind: 'none', reason: typeof checked === 'string' && checked.trim() ? checked.trim() : undefined }, {}, found);
  }

  private readonly options: HealthProbeOptions;
  private readonly shapeProblems: ShapeProblem[];

  private constructor(private readonly check: Check, options: HealthProbeOptions, found: ShapeProblem[] = []) {
    const checked = shapeProblems(options === undefined ? {} : options, PROBE_OPTIONS_SHAPE, '');
    this.options = checked.value;
    this.shapeProblems = [...found, ...checked.problems];
  }

  /** Why there is no probe (`none(reason)`). @internal */
  public _noneReason(): string | undefined {
    return this.check.kind === 'none' ? this.check.reason : undefined;
  }

  /** A short text that tells two probes apart ("http GET /healthz on 8080"). @internal */
  public _describe(defaultPort: number | undefined): string {
    const port = this.options.port ?? defaultPort;
    switch (this.check.kind) {
      case 'http': return `http GET ${this.check.path} on ${port}`;
      case 'tcp': return `tcp on ${port}`;
      case 'exec': return `exec ${this.check.command.join(' ')}`;
      default: return 'none';
    }
  }

  /** Records bad input. @internal */
  public _validate(problems: Problems, prop: string, defaultPort: number | undefined): void {
    problems.addAll(this.shapeProblems, `${prop} `);
    const check = this.check;
    if (check.kind === 'http' && !check.path.startsWith('/')) {
      problems.add(`${prop} path`, check.path, 'does not start with "/"', `write it as "/${check.path}"`);
    }
    if (check.kind === 'exec' && check.command.length === 0) {
      problems.add(`${prop} command`, check.command, 'is empty', 'give the command and its arguments, such as ["pg_isready", "-q"]');
    }
    if ((check.kind === 'http' || check.kind === 'tcp') && (this.options.port ?? defaultPort) === undefined) {
      problems.add(prop, this._describe(undefined), 'has no port to probe', 'set `port` on the workload or in the probe options');
    }
    checkPort(problems, `${prop} port`, this.options.port);
    checkCount(problems, `${prop} failureThreshold`, this.options.failureThreshold, 1);
  }

  /** The Kubernetes probe, or undefined for `HealthProbe.none()`. @internal */
  public _render(defaultPort: number | undefined, timings: HealthProbeTimings): k8s.Probe | undefined {
    const port = k8s.IntOrString.fromNumber(this.options.port ?? defaultPort ?? 0);
    const seconds = (d: Duration | undefined, fallback: number | undefined) => d ? d.toSeconds() : fallback;
    const common = {
      initialDelaySeconds: seconds(this.options.initialDelay, timings.initialDelaySeconds),
      periodSeconds: seconds(this.options.period, timings.periodSeconds),
      timeoutSeconds: seconds(this.options.timeout, timings.timeoutSeconds),
      failureThreshold: this.options.failureThreshold ?? timings.failureThreshold,
      successThreshold: timings.successThreshold,
    };
    switch (this.check.kind) {
      case 'http': return { httpGet: { path: this.check.path, port, scheme: 'HTTP' }, ...common };
      case 'tcp': return { tcpSocket: { port }, ...common };
      case 'exec': return { exec: { command: [...this.check.command] }, ...common };
      default: return undefined;
    }
  }
}
