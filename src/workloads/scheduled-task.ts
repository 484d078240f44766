import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { JOB_SHAPE, JobProps, Workload, checkedProps } from './workload';
import { ConcurrencyPolicy } from '../core/types';
import { TASK } from '../private/defaults';
import * as k8s from '../private/k8s';
import { Shape, required } from '../private/shape';
import { checkCount, checkSchedule } from '../private/validate';

/** Props of a `ScheduledTask`. */
export interface ScheduledTaskProps extends JobProps {
  /** Cron schedule, five fields ("0 3 * * *") or a macro such as "@daily"; the zone goes in `timeZone`. */
  readonly schedule: string;
  /**
   * IANA time zone of the schedule ("Europe/Berlin").
   * @default the kube-controller-manager's time zone (usually UTC)
   */
  readonly timeZone?: string;
  /**
   * What happens when a run is due while the previous one still runs.
   * @default ConcurrencyPolicy.FORBID
   */
  readonly concurrencyPolicy?: ConcurrencyPolicy;
  /**
   * A run that could not start within this of its time (controller down, cluster upgrade) is skipped.
   * @default 10 minutes
   */
  readonly startingDeadline?: Duration;
  /**
   * Finished successful Jobs kept.
   * @default 3
   */
  readonly successfulJobsHistoryLimit?: number;
  /**
   * Finished failed Jobs kept, for `kubectl logs`.
   * @default 3
   */
  readonly failedJobsHistoryLimit?: number;
  /**
   * Create no new runs (running ones finish).
   * @default false
   */
  readonly suspend?: boolean;
}

/** The known props of this archetype (src/private/shape.ts). @internal */
export const SCHEDULED_TASK_SHAPE: Shape = {
  ...JOB_SHAPE,
  schedule: required('string'),
  timeZone: 'string',
  concurrencyPolicy: 'string',
  startingDeadline: 'seconds',
  successfulJobsHistoryLimit: 'int',
  failedJobsHistoryLimit: 'int',
  suspend: 'boolean',
};

/**
 * A task on a schedule (a nightly report, a cleanup): a batch/v1 CronJob whose
 * runs never overlap by default, with the restricted pod, its own
 * ServiceAccount (no token) and a NetworkPolicy with no ingress and egress to
 * DNS and `connectsTo` peers only.
 */
export class ScheduledTask extends Workload {
  /** A scheduled task serves no port. */
  public readonly port?: number = undefined;
  /** The CronJob. */
  public readonly cronJob: k8s.KubeCronJob;

  constructor(scope: Construct, id: string, given: ScheduledTaskProps) {
    const { props, problems } = checkedProps(given, SCHEDULED_TASK_SHAPE);
    super(scope, id, props, TASK.scheduledComponent);
    this.problems.addAll(problems);
    const p = this.problems;
    checkSchedule(p, 'schedule', props.schedule, 'timeZone', props.timeZone);
    const concurrencyPolicy = props.concurrencyPolicy ?? TASK.concurrencyPolicy;
    if (!Object.values(ConcurrencyPolicy).includes(concurrencyPolicy as ConcurrencyPolicy)) {
      p.add('concurrencyPolicy', concurrencyPolicy, 'is not a concurrency policy',
        'use ConcurrencyPolicy.FORBID ("Forbid"), ConcurrencyPolicy.ALLOW ("Allow") or ConcurrencyPolicy.REPLACE ("Replace")');
    }
    const startingDeadline = props.startingDeadline?.toSeconds() ?? TASK.startingDeadlineSeconds;
    if (!Number.isInteger(startingDeadline) || startingDeadline < 10) {
      p.add('startingDeadline', `${startingDeadline}s`, 'is not a whole number of seconds >= 10 (the controller checks every 10 seconds)',
        'use a duration such as Duration.minutes(10)');
    }
    checkCount(p, 'successfulJobsHistoryLimit', props.successfulJobsHistoryLimit, 0);
    checkCount(p, 'failedJobsHistoryLimit', props.failedJobsHistoryLimit, 0);
    if (this.name.length > TASK.maxScheduledNameLength) {
      p.add(props.name ? 'name' : 'id (the default name)', this.name, `is ${this.name.length} characters long`,
        `use at most ${TASK.maxScheduledNameLength}: each run's Job is named <name>-<11 characters>`);
    }

    this.cronJob = new k8s.KubeCronJob(this, 'CronJob', {
      metadata: this.metadata(),
      spec: {
        schedule: props.schedule,
        timeZone: props.timeZone,
        concurrencyPolicy,
        startingDeadlineSeconds: startingDeadline,
        successfulJobsHistoryLimit: props.successfulJobsHistoryLimit ?? TASK.successfulJobsHistoryLimit,
        failedJobsHistoryLimit: props.failedJobsHistoryLimit ?? TASK.failedJobsHistoryLimit,
        suspend: props.suspend ?? TASK.suspend,
        jobTemplate: {
          metadata: { labels: this.labels },
          spec: this.jobSpec(this.props, TASK.backoffLimit),
        },
      },
    });
    this.node.defaultChild = this.cronJob;
  }
}
