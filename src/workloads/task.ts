import { Construct } from 'constructs';
import { JOB_SHAPE, JobProps, Workload, checkedProps } from './workload';
import { TASK } from '../private/defaults';
import * as k8s from '../private/k8s';
import { Shape } from '../private/shape';

/** Props of a `Task`. */
export interface TaskProps extends JobProps {}

/** The known props of this archetype (src/private/shape.ts). @internal */
export const TASK_SHAPE: Shape = JOB_SHAPE;

/**
 * A one-off run to completion (a data fix, a report, a re-index): a batch/v1
 * Job with the restricted pod, its own ServiceAccount (no token) and a
 * NetworkPolicy with no ingress and egress to DNS and `connectsTo` peers only.
 */
export class Task extends Workload {
  /** A task serves no port. */
  public readonly port?: number = undefined;
  /** The Job. */
  public readonly job: k8s.KubeJob;

  constructor(scope: Construct, id: string, given: TaskProps) {
    const { props, problems } = checkedProps(given, TASK_SHAPE);
    super(scope, id, props, TASK.component);
    this.problems.addAll(problems);
    this.job = new k8s.KubeJob(this, 'Job', { metadata: this.metadata(), spec: this.jobSpec(this.props, TASK.backoffLimit) });
    this.node.defaultChild = this.job;
  }
}
