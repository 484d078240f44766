import { ApiObject, Duration, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ALERTS_SHAPE, AlertsProps } from '../core/types';
import { AlertSettings, DerivedAlerts, deriveAlerts } from '../private/alert-rules';
import { constructArgs } from '../private/construct-args';
import { ALERTS, MANAGED_BY } from '../private/defaults';
import { Shape, checkShape, required } from '../private/shape';
import { Problems, checkName } from '../private/validate';

/** The known props of WorkloadAlerts (src/private/shape.ts). @internal */
export const WORKLOAD_ALERTS_SHAPE: Shape = {
  ...ALERTS_SHAPE,
  workload: required({ instance: Construct, example: 'a workload construct such as a WebApp' }),
  name: 'string',
  namespace: 'string',
  ruleLabels: 'stringMap',
  prefix: 'string',
};

/** Props of `WorkloadAlerts`. */
export interface WorkloadAlertsProps extends AlertsProps {
  /** The construct whose objects (Deployments, StatefulSets, CronJobs, autoscalers ...) the rules watch. */
  readonly workload: IConstruct;
  /**
   * Name of the PrometheusRule.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the PrometheusRule.
   * @default the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Labels of the PrometheusRule object (a Prometheus Operator `ruleSelector` picks rules by these).
   * @default app.kubernetes.io/managed-by only
   */
  readonly ruleLabels?: { [key: string]: string };
  /**
   * Prefix of the prop names in error messages ("alerts." when a workload's `alerts` prop made it).
   * @default none
   */
  readonly prefix?: string;
}

/**
 * A Prometheus Operator `PrometheusRule` (monitoring.coreos.com/v1) whose
 * alerts follow from the workload's own rendered settings: a rollout stuck
 * past the Deployment's progressDeadlineSeconds, replicas unavailable, the
 * autoscaler pinned at its maximum, crash-looping containers, failed Jobs and
 * CronJob runs, a CronJob (backup) whose last success is older than twice its
 * schedule, a StatefulSet volume above a usage threshold. Every alert is
 * labelled with `severity` and `team`. Needs kube-state-metrics and the
 * Prometheus Operator in the cluster.
 */
export class WorkloadAlerts extends Construct {
  /** The PrometheusRule. */
  public readonly apiObject: ApiObject;
  private derived?: DerivedAlerts;

  constructor(scope: Construct, id: string, given: WorkloadAlertsProps) {
    [scope, id] = constructArgs(scope, id, 'WorkloadAlerts');
    super(scope, id);
    const p = new Problems(this);
    const props = checkShape<WorkloadAlertsProps>(given, WORKLOAD_ALERTS_SHAPE, '', (...a) => p.add(...a));
    const settings = checkAlerts(p, props, props.prefix);
    const name = props.name ?? id;
    checkName(p, props.name ? 'name' : 'id (the default name)', name);
    // a workload's own alerts (prefix "alerts.") take its namespace, which it checks itself
    if (props.namespace !== undefined && props.prefix === undefined) checkName(p, 'namespace', props.namespace);
    const derive = () => {
      // a missing workload is a prop error already (the shape check): derive from nothing
      const objects = (props.workload?.node.findAll() ?? [])
        .filter(ApiObject.isApiObject)
        .filter(o => o !== this.apiObject && o.kind !== 'PrometheusRule')
        .map(o => o.toJson());
      return deriveAlerts(objects, settings);
    };
    // derived when the app is validated (a schedule that cannot be read is a prop error), rendered from that
    this.node.addValidation({
      validate: () => {
        this.derived = derive();
        return this.derived.problems;
      },
    });
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name, namespace: props.namespace, labels: { ...props.ruleLabels, 'app.kubernetes.io/managed-by': MANAGED_BY } },
      spec: Lazy.any({
        produce: () => ({ groups: [{ name, rules: (this.derived ?? derive()).rules }] }),
      }),
    });
    this.node.defaultChild = this.apiObject;
  }
}

// Prometheus label names, and values short enough for any receiver
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Checks the thresholds and applies the defaults. @internal */
export function checkAlerts(p: Problems, props: AlertsProps, prefix: string = ''): AlertSettings {
  const forSeconds = (prop: string, d: Duration | undefined, fallback: number): number => {
    if (d === undefined) return fallback;
    const s = d.toSeconds({ integral: false });
    if (!Number.isInteger(s) || s < ALERTS.minForSeconds || s > ALERTS.maxForSeconds) {
      p.add(`${prefix}${prop}`, `${s}s`, 'is out of range', 'use a whole number of seconds from 1 minute to 24 hours, such as Duration.minutes(10)');
      return fallback; // reported; the rules still render
    }
    return s;
  };
  const percent = props.volumeUsagePercent ?? ALERTS.pvcUsagePercent;
  if (!Number.isInteger(percent) || percent < 1 || percent > 99) {
    p.add(`${prefix}volumeUsagePercent`, percent, 'is out of range', 'use a whole percentage from 1 to 99, such as 80');
  }
  if (props.team !== undefined && !/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(props.team)) {
    p.add(`${prefix}team`, props.team, 'is not a label value', 'use at most 63 letters, digits, "-", "_" and ".", such as "shop"');
  }
  for (const key of Object.keys(props.labels ?? {})) {
    if (!LABEL_NAME.test(key) || key.startsWith('__') || key === 'severity' || key === 'team') {
      p.add(`${prefix}labels`, key, 'is not a label name this construct can add',
        'use letters, digits and "_" (not starting with a digit or "__"); severity and team are set by the construct');
    }
  }
  return {
    team: props.team,
    unavailableForSeconds: forSeconds('unavailableFor', props.unavailableFor, ALERTS.unavailableForSeconds),
    hpaAtMaxForSeconds: forSeconds('autoscalerAtMaxFor', props.autoscalerAtMaxFor, ALERTS.hpaAtMaxForSeconds),
    crashLoopForSeconds: forSeconds('crashLoopingFor', props.crashLoopingFor, ALERTS.crashLoopForSeconds),
    pvcUsagePercent: percent,
    labels: { ...props.labels },
  };
}
