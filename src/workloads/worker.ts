import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { WORKLOAD_SHAPE, Workload, WorkloadProps, checkedProps } from './workload';
import { HealthProbe } from '../core/probe';
import { AUTOSCALING_SHAPE, AutoscalingProps, METRICS_SHAPE, MetricsProps } from '../core/types';
import { Platform } from '../platform/platform';
import { scrapeAnnotations } from '../private/app-wiring';
import { checkAutoscaling, horizontalPodAutoscaler, podDisruptionBudget } from '../private/autoscaling';
import { RESOURCES, WEB_APP, WORKER, WORKLOAD } from '../private/defaults';
import * as k8s from '../private/k8s';
import { Shape } from '../private/shape';
import { preferredHostAntiAffinity, spread } from '../private/topology';
import { checkCount, checkMetricsPath, checkPort } from '../private/validate';

/** Props of a `Worker`. */
export interface WorkerProps extends WorkloadProps {
  /**
   * Pods to run when no autoscaling is set.
   * @default 2 (or the environment profile's `webReplicas`)
   */
  readonly replicas?: number;
  /**
   * Scale with a HorizontalPodAutoscaler (autoscaling/v2), typically on `queueLength`, an External metric that
   * needs an adapter serving external.metrics.k8s.io (docs/worker.md); then `replicas` is not set on the Deployment.
   * minReplicas 0 is an error: scaling to zero takes KEDA.
   * @default no autoscaling
   */
  readonly autoscaling?: AutoscalingProps;
  /**
   * Prometheus metrics: opens only this port (to the cluster, or as `ingressScope` says) and writes the
   * `prometheus.io/*` scrape annotations on the pods; a worker has no Service for a ServiceMonitor.
   * @default no metrics, no open port
   */
  readonly metrics?: MetricsProps;
}

/** The known props of a Worker (src/private/shape.ts). @internal */
export const WORKER_SHAPE: Shape = { ...WORKLOAD_SHAPE, replicas: 'int', autoscaling: { object: AUTOSCALING_SHAPE }, metrics: { object: METRICS_SHAPE } };

/**
 * A process that serves no port (a queue consumer, a stream processor, a
 * scheduler loop): Deployment, ServiceAccount, NetworkPolicy (no ingress unless
 * `metrics`; egress to DNS and `connectsTo` peers), a PodDisruptionBudget
 * from two replicas (or an HPA maximum of two), and with `autoscaling` a
 * HorizontalPodAutoscaler. No Service, no Ingress, and no probes unless given:
 * a generic check cannot see whether a worker makes progress.
 */
export class Worker extends Workload {
  /** A worker serves no port to peers (the metrics port is for Prometheus only). */
  public readonly port?: number = undefined;
  /** Pods of the Deployment: `replicas`, or the HPA's minimum when autoscaled. */
  public readonly replicas: number;
  /** The port metrics are scraped on, when `metrics` is set. */
  public readonly metricsPort?: number;
  /** The Deployment. */
  public readonly deployment: k8s.KubeDeployment;
  /** The PodDisruptionBudget (`maxUnavailable: 1`, so it never blocks a drain): from two replicas, and whenever autoscaled; absent at one fixed replica. */
  public readonly pdb?: k8s.KubePodDisruptionBudget;
  /** The HorizontalPodAutoscaler, when `autoscaling` is set. */
  public readonly hpa?: k8s.KubeHorizontalPodAutoscalerV2;

  constructor(scope: Construct, id: string, given: WorkerProps) {
    const { props, problems } = checkedProps(given, WORKER_SHAPE);
    super(scope, id, {
      ...props,
      // in no Service: nothing to drain before SIGTERM
      preStopDelay: props.preStopDelay ?? Duration.seconds(WORKER.preStopSeconds),
    }, WORKER.component);
    this.problems.addAll(problems);
    const p = this.problems;
    checkCount(p, 'replicas', props.replicas, 1);
    checkPort(p, 'metrics.port', props.metrics?.port);
    checkMetricsPath(p, props.metrics?.path);
    const auto = props.autoscaling;
    if (auto) checkAutoscaling(p, auto, props.replicas, WORKER.replicas);
    this.replicas = auto ? auto.minReplicas ?? WORKER.replicas : props.replicas ?? Platform.of(this).profile?.props.webReplicas ?? WORKER.replicas;
    const maxPods = auto ? auto.maxReplicas : this.replicas;
    this.metricsPort = props.metrics ? props.metrics.port ?? WORKER.metricsPort : undefined;

    const ports: k8s.ContainerPort[] = this.metricsPort !== undefined ? [{ name: 'metrics', containerPort: this.metricsPort, protocol: 'TCP' }] : [];
    this.openIngress(ports.map(x => x.containerPort));
    const replicated = maxPods > 1;
    // no probes by default (the metrics port takes no traffic, so there is nothing for readiness to gate): say why
    const noProbe = HealthProbe.none(ports.length ? WORKER.metricsOnlyReason : WORKER.noProbesReason);

    const template = this.podTemplate({
      podLabels: {},
      ports,
      resources: RESOURCES.web,
      // no default probes (see WORKER.probes): `probes` adds an exec or HTTP check
      readiness: noProbe,
      liveness: noProbe,
      terminationGracePeriodSeconds: WORKLOAD.terminationGracePeriodSeconds,
      podAnnotations: props.metrics ? scrapeAnnotations({ ...props.metrics, serviceMonitor: false }, this.metricsPort) : undefined,
      topologySpreadConstraints: spread(this.selectorLabels),
      affinity: replicated ? preferredHostAntiAffinity(this.selectorLabels) : undefined,
    });
    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata: this.metadata(),
      spec: {
        // an HPA owns the count: a replicas field would reset it on every sync
        replicas: auto ? undefined : this.replicas,
        selector: { matchLabels: this.selectorLabels },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: {
            maxSurge: k8s.IntOrString.fromString(WEB_APP.maxSurge),
            maxUnavailable: k8s.IntOrString.fromNumber(WEB_APP.maxUnavailable),
          },
        },
        revisionHistoryLimit: WORKLOAD.revisionHistoryLimit,
        progressDeadlineSeconds: WEB_APP.progressDeadlineSeconds,
        minReadySeconds: WORKLOAD.minReadySeconds,
        template,
      },
    });
    this.node.defaultChild = this.deployment;

    if (auto) {
      this.hpa = horizontalPodAutoscaler(this, 'HorizontalPodAutoscaler', this.metadata(),
        { apiVersion: 'apps/v1', kind: 'Deployment', name: this.name }, auto, this.replicas);
    }
    this.pdb = podDisruptionBudget(this, 'PodDisruptionBudget', this.metadata(), this.selectorLabels, auto !== undefined, this.replicas);
  }
}
