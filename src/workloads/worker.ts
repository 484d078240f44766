import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { WORKLOAD_SHAPE, Workload, WorkloadProps, checkedProps } from './workload';
import { METRICS_SHAPE, MetricsProps } from '../core/types';
import { Platform } from '../platform/platform';
import { suppressionAnnotation } from '../policy/annotations';
import { scrapeAnnotations } from '../private/app-wiring';
import { RESOURCES, WEB_APP, WORKER, WORKLOAD } from '../private/defaults';
import { Shape } from '../private/shape';
import { preferredHostAntiAffinity, spread } from '../private/topology';
import { checkCount, checkPort } from '../private/validate';

/** Props of a `Worker`. */
export interface WorkerProps extends WorkloadProps {
  /**
   * Pods to run.
   * @default 2 (or the environment profile's `webReplicas`)
   */
  readonly replicas?: number;
  /**
   * Prometheus metrics: opens only this port (to the cluster, or as `ingressScope` says) and writes the
   * `prometheus.io/*` scrape annotations on the pods; a worker has no Service for a ServiceMonitor.
   * @default no metrics, no open port
   */
  readonly metrics?: MetricsProps;
}

/** The known props of a Worker (src/private/shape.ts). */
const WORKER_SHAPE: Shape = { ...WORKLOAD_SHAPE, replicas: 'int', metrics: { object: METRICS_SHAPE } };

/**
 * A process that serves no port (a queue consumer, a stream processor, a
 * scheduler loop): Deployment, ServiceAccount, NetworkPolicy (no ingress unless
 * `metrics`; egress to DNS and `connectsTo` peers) and a PodDisruptionBudget
 * from two replicas. No Service, no Ingress, and no probes unless given: a
 * generic check cannot see whether a worker makes progress.
 */
export class Worker extends Workload {
  /** A worker serves no port to peers (the metrics port is for Prometheus only). */
  public readonly port?: number = undefined;
  /** Pods of the Deployment. */
  public readonly replicas: number;
  /** The port metrics are scraped on, when `metrics` is set. */
  public readonly metricsPort?: number;
  /** The Deployment. */
  public readonly deployment: k8s.KubeDeployment;
  /** The PodDisruptionBudget, absent at one replica so node drains never block. */
  public readonly pdb?: k8s.KubePodDisruptionBudget;

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
    this.replicas = props.replicas ?? Platform.of(this).profile?.props.webReplicas ?? WORKER.replicas;
    this.metricsPort = props.metrics ? props.metrics.port ?? WORKER.metricsPort : undefined;

    const ports: k8s.ContainerPort[] = this.metricsPort !== undefined ? [{ name: 'metrics', containerPort: this.metricsPort, protocol: 'TCP' }] : [];
    this.openIngress(ports.map(x => x.containerPort));
    const replicated = this.replicas > 1;

    const own = this.metadata();
    // the metrics port takes no traffic, so there is nothing for readiness to gate
    const metricsOnly = ports.length > 0 && !(props.probes?.readiness && props.probes?.liveness);
    const metadata = metricsOnly ? { ...own, annotations: { ...own.annotations, [suppressionAnnotation('probes-set')]: WORKER.metricsOnlyReason } } : own;
    this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
      metadata,
      spec: {
        replicas: this.replicas,
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
        template: this.podTemplate({
          podLabels: {},
          ports,
          resources: RESOURCES.web,
          // no default probes (see WORKER.probes): `probes` adds an exec or HTTP check
          terminationGracePeriodSeconds: WORKLOAD.terminationGracePeriodSeconds,
          podAnnotations: props.metrics ? scrapeAnnotations({ ...props.metrics, serviceMonitor: false }, this.metricsPort) : undefined,
          topologySpreadConstraints: spread(this.selectorLabels),
          affinity: replicated ? preferredHostAntiAffinity(this.selectorLabels) : undefined,
        }),
      },
    });
    this.node.defaultChild = this.deployment;
    this.writeExemptions([this.deployment], []);

    if (this.replicas >= WEB_APP.pdbMinReplicas) {
      this.pdb = new k8s.KubePodDisruptionBudget(this, 'PodDisruptionBudget', {
        metadata: this.metadata(),
        spec: {
          maxUnavailable: k8s.IntOrString.fromNumber(WEB_APP.pdbMaxUnavailable),
          selector: { matchLabels: this.selectorLabels },
        },
      });
    }
  }
}
