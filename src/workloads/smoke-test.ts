import { ApiObject, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { POD_COMPOSITION_SHAPE, Workload, checkedProps } from './workload';
import { PodCompositionProps } from '../core/pod';
import { RESOURCE_SHAPE, ResourceProps } from '../core/types';
import { SyncWave } from '../platform/gitops';
import { PROBES, SMOKE_TEST } from '../private/defaults';
import * as k8s from '../private/k8s';
import { Shape, required } from '../private/shape';
import { checkCount, checkName, checkPort } from '../private/validate';

/** Props of a `SmokeTest`. */
export interface SmokeTestProps extends PodCompositionProps {
  /** The workload to check: a WebApp, a StatefulStore or any Workload with a Service named after it. */
  readonly target: Workload;
  /**
   * HTTP path that must answer 2xx.
   * @default "/healthz"
   */
  readonly path?: string;
  /**
   * Service to call, such as the preview Service of a blue-green WebApp (`web.previewService!.name`).
   * @default the target's main Service
   */
  readonly serviceName?: string;
  /**
   * Service port to call.
   * @default the target Service's port named "http", else its first port
   */
  readonly port?: number;
  /**
   * Attempts before the check fails (the app may still be starting when the Pod runs).
   * @default 10
   */
  readonly attempts?: number;
  /**
   * Time limit of one attempt (connect and response).
   * @default Duration.seconds(5)
   */
  readonly timeout?: Duration;
  /**
   * Pause between attempts.
   * @default Duration.seconds(3)
   */
  readonly interval?: Duration;
  /**
   * Image with `sh` and `curl`, pinned.
   * @default "docker.io/curlimages/curl:8.11.1"
   */
  readonly image?: string;
  /**
   * Name of the Pod and its ServiceAccount and NetworkPolicy.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the Pod.
   * @default the target's namespace
   */
  readonly namespace?: string;
  /**
   * Requests and limits.
   * @default cpu 10m/100m, memory 16Mi/64Mi, ephemeral-storage 16Mi/64Mi (request/limit)
   */
  readonly resources?: ResourceProps;
  /**
   * Extra labels.
   * @default none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Extra annotations (the Argo CD hook annotations are always set).
   * @default none
   */
  readonly annotations?: { [key: string]: string };
}

// Exits 0 on the first 2xx answer, 1 after `attempts` misses. curl reports 000
// when nothing answered; redirects (3xx) are not followed and count as misses.
const SCRIPT = [
  'url="$1"; attempts="$2"; timeout="$3"; interval="$4"; i=1',
  'while :; do',
  '  code=$(curl --silent --show-error --output /dev/null --write-out "%{http_code}" --max-time "$timeout" "$url")',
  '  case "$code" in 2??) echo "PASS: $url answered $code (attempt $i/$attempts)"; exit 0 ;; esac',
  '  echo "attempt $i/$attempts: $url answered ${code:-000}"',
  '  [ "$i" -ge "$attempts" ] && break',
  '  i=$((i + 1)); sleep "$interval"',
  'done',
  'echo "FAIL: $url did not answer 2xx in $attempts attempts"; exit 1',
].join('\n');

/** The known props of a SmokeTest (src/private/shape.ts). @internal */
export const SMOKE_TEST_SHAPE: Shape = {
  ...POD_COMPOSITION_SHAPE,
  target: required({ instance: Workload, example: 'a Workload such as a WebApp of this app' }),
  path: 'string',
  serviceName: 'string',
  port: 'int',
  attempts: 'int',
  timeout: 'seconds',
  interval: 'seconds',
  image: 'string',
  name: 'string',
  namespace: 'string',
  resources: { object: RESOURCE_SHAPE },
  labels: 'stringMap',
  annotations: 'stringMap',
};

/**
 * A Pod that checks, after a deploy, that a workload's Service answers 2xx on
 * a path, and exits non-zero when it does not. It is an Argo CD PostSync hook
 * (deleted before the next run and after a pass; kept after a failure for
 * `kubectl logs`), and works with `kubectl apply` + `kubectl wait` too. It runs
 * restricted like the workloads, with its own ServiceAccount (no token) and a
 * NetworkPolicy that allows only DNS and the target's port.
 */
export class SmokeTest extends Workload {
  /** Serves nothing. */
  public readonly port?: number = undefined;
  /** The URL the Pod calls. */
  public readonly url: string;
  /** The Pod. */
  public readonly pod: k8s.KubePod;

  constructor(scope: Construct, id: string, given: SmokeTestProps) {
    const { props, problems } = checkedProps(given, SMOKE_TEST_SHAPE);
    const endpoint = endpointOf(props);
    const attempts = props.attempts ?? SMOKE_TEST.attempts;
    const timeout = props.timeout?.toSeconds() ?? SMOKE_TEST.timeoutSeconds;
    const interval = props.interval?.toSeconds() ?? SMOKE_TEST.intervalSeconds;
    const chartNamespace = Chart.of(scope).namespace;
    const r = SMOKE_TEST.resources;
    super(scope, id, {
      image: props.image ?? SMOKE_TEST.image,
      name: props.name,
      namespace: props.namespace ?? (props.target && props.target.namespace !== chartNamespace ? props.target.namespace : undefined),
      labels: props.labels,
      annotations: props.annotations,
      imagePullSecrets: props.imagePullSecrets,
      sidecars: props.sidecars,
      initContainers: props.initContainers,
      secretFiles: props.secretFiles,
      serviceAccountTokens: props.serviceAccountTokens,
      emptyDirs: props.emptyDirs,
      nativeSidecars: props.nativeSidecars,
      command: ['/bin/sh', '-c', SCRIPT, 'smoke-test'],
      args: [endpoint.url, String(attempts), String(timeout), String(interval)],
      // explicit, so environment profiles that scale app resources leave this small Pod alone
      resources: {
        cpuRequest: r.cpuRequest,
        cpuLimit: r.cpuLimit,
        memoryRequest: r.memoryRequest,
        memoryLimit: r.memoryLimit,
        ephemeralStorageRequest: r.storageRequest,
        ephemeralStorageLimit: r.storageLimit,
        ...props.resources,
      },
      // a test Pod serves nothing: no endpoints to drain
      preStopDelay: Duration.seconds(0),
    }, SMOKE_TEST.component);
    this.url = endpoint.url;
    SyncWave.tier(this, 'hook');

    const p = this.problems;
    p.addAll(problems);
    if (endpoint.problem) p.add(endpoint.problem.prop, endpoint.problem.value, endpoint.problem.problem, endpoint.problem.fix);
    if (props.serviceName !== undefined) checkName(p, 'serviceName', props.serviceName);
    checkPort(p, 'port', props.port);
    checkCount(p, 'attempts', props.attempts, 1);
    if (!Number.isInteger(timeout) || timeout < 1) p.add('timeout', `${timeout}s`, 'is not a whole number of seconds >= 1', 'use a duration such as Duration.seconds(5)');
    if (!Number.isInteger(interval) || interval < 0) p.add('interval', `${interval}s`, 'is not a whole number of seconds >= 0', 'use a duration such as Duration.seconds(3)');

    // egress to the target's pods on their port (and ingress there, when the target narrowed it)
    if (props.target) this.connectsTo(props.target);

    const template = this.podTemplate({
      podLabels: {},
      runToCompletion: true,
      ports: [],
      resources: SMOKE_TEST.resources,
      terminationGracePeriodSeconds: SMOKE_TEST.terminationGracePeriodSeconds,
    });
    const metadata = this.metadata();
    this.pod = new k8s.KubePod(this, 'Pod', {
      metadata: { ...metadata, annotations: { ...metadata.annotations, ...SMOKE_TEST.hookAnnotations } },
      spec: {
        ...template.spec!,
        restartPolicy: SMOKE_TEST.restartPolicy,
        // every attempt, plus a minute for scheduling and the image pull
        activeDeadlineSeconds: attempts * (timeout + interval) + 60,
      },
    });
    this.node.defaultChild = this.pod;
    this.writeExemptions([this.pod], [{ id: 'no-probes', reason: SMOKE_TEST.noProbesReason }]);
  }
}

interface Endpoint {
  readonly url: string;
  readonly problem?: { prop: string; value: unknown; problem: string; fix: string };
}

/** The URL of the target's Service, found on the target (its `service` field, or a Service named after it). */
function endpointOf(props: SmokeTestProps): Endpoint {
  const target = props.target;
  // a missing target is a prop error already (the shape check)
  if (!target) return { url: 'http://unknown' };
  const path = props.path ?? PROBES.healthPath;
  const service = findService(target);
  const name = props.serviceName ?? service?.name ?? target.name;
  let port = props.port;
  if (port === undefined && service) {
    const ports: Array<{ name?: string; port: number }> = service.toJson().spec?.ports ?? [];
    port = (ports.find(x => x.name === 'http') ?? ports[0])?.port;
  }
  const host = target.namespace ? `${name}.${target.namespace}.svc` : name;
  const url = `http://${host}:${port ?? 80}${path}`;
  if (!path.startsWith('/')) {
    return { url, problem: { prop: 'path', value: path, problem: 'does not start with "/"', fix: `write it as "/${path}"` } };
  }
  if (port === undefined) {
    return {
      url,
      problem: {
        prop: 'target',
        value: target.node.path,
        problem: 'has no Service named after it to take the port from',
        fix: 'give `serviceName` and `port`',
      },
    };
  }
  return { url };
}

function findService(target: Workload): ApiObject | undefined {
  // by kind: the generated k8s classes answer `instanceof` for any ApiObject
  const isService = (c: unknown): c is ApiObject => c instanceof ApiObject && c.kind === 'Service';
  const own = (target as unknown as { service?: unknown }).service;
  if (isService(own)) return own;
  return target.node.children.find((c): c is ApiObject => isService(c) && c.name === target.name);
}
