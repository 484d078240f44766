import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { JOB_SHAPE, JobProps, Workload, checkedProps } from './workload';
import { SyncWave } from '../platform/gitops';
import { MIGRATION } from '../private/defaults';
import * as k8s from '../private/k8s';
import { Shape, required } from '../private/shape';

/** Props of a `Migration`. */
export interface MigrationProps extends Omit<JobProps, 'image'> {
  /** The workload whose pods roll out only after the migration has succeeded. */
  readonly before: Workload;
  /**
   * Image of the migration, pinned.
   * @default the guarded workload's image, so code and schema ship together
   */
  readonly image?: string;
}

/** Kinds whose rollout a migration holds back. */
const POD_OWNERS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Rollout'];

/** The known props of this archetype (src/private/shape.ts). @internal */
export const MIGRATION_SHAPE: Shape = { ...JOB_SHAPE, image: 'string', before: required('any') };

/**
 * A Task that must finish before a workload rolls out (a database schema
 * migration): a Job with the guarded workload's image by default. With Argo
 * CD it is a Sync hook, re-created on every sync, in the sync wave just before
 * the workload's pods, which move one wave later; a failed migration stops the
 * sync before any new pod starts. With plain kubectl, apply and wait for it
 * first (see the README): `kubectl apply -l app.kubernetes.io/name=<name>`,
 * `kubectl wait --for=condition=complete job/<name>`, then apply the rest.
 * Run it after declaring its peers: `migration.connectsTo(db)`.
 */
export class Migration extends Workload {
  /** A migration serves no port. */
  public readonly port?: number = undefined;
  /** The workload it guards. */
  public readonly before: Workload;
  /** The Job. */
  public readonly job: k8s.KubeJob;

  constructor(scope: Construct, id: string, given: MigrationProps) {
    const { props, problems } = checkedProps(given, MIGRATION_SHAPE);
    const before = props.before;
    super(scope, id, { ...props, image: props.image ?? before?.image ?? '' }, MIGRATION.component);
    this.problems.addAll(problems);
    this.before = before;
    const p = this.problems;
    if (!(before instanceof Workload)) {
      p.add('before', before, 'is not a workload', 'pass the WebApp, Worker or StatefulStore the migration must precede, such as `before: web`');
    } else {
      if ((this.namespace ?? '') !== (before.namespace ?? '')) {
        p.add('before', before.node.path, `is in namespace "${before.namespace ?? '(none)'}", the migration in "${this.namespace ?? '(none)'}"`,
          `create the migration in the workload's namespace (set \`namespace: "${before.namespace ?? ''}"\` or use its chart): Argo CD orders a sync per namespace-scoped app, and the migration reaches the same database`);
      }
      if (props.image === undefined && !props.command?.length) {
        p.add('command', props.command, 'is not set while the image defaults to the guarded workload\'s',
          `give the migration command, such as ["./migrate", "up"]: the entrypoint of ${before.image} starts the app, not the migration`);
      }
    }

    const metadata = this.metadata();
    this.job = new k8s.KubeJob(this, 'Job', {
      metadata: { ...metadata, annotations: { ...metadata.annotations, ...MIGRATION.hookAnnotations } },
      spec: this.jobSpec(this.props, MIGRATION.backoffLimit),
    });
    this.node.defaultChild = this.job;
    if (before instanceof Workload) holdBack(before, this.job);
  }
}

/** Puts `job` in the sync wave of `before`'s pods and moves those pods one wave later. */
function holdBack(before: Workload, job: ApiObject): void {
  const owners = before.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && POD_OWNERS.includes(c.kind));
  if (owners.length === 0) return;
  const wave = Math.max(...owners.map(o => SyncWave.of(o)));
  SyncWave.set(job, wave);
  for (const owner of owners) SyncWave.set(owner, wave + 1);
}
