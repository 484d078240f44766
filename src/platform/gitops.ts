import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Environment } from './environments';
import { Platform } from './platform';
import { NotificationChannel, NotificationSubscription, NotificationTrigger } from '../core/notifications';
import { NOTIFICATIONS_SHAPE } from '../core/types';
import { suppressionAnnotation } from '../policy/annotations';
import { constructArgs, checkScope } from '../private/construct-args';
import { ARGO_CD, SYNC_WAVES } from '../private/defaults';
import { Shape, ShapeProblem, required, shapeProblems } from '../private/shape';
import { SynthError } from '../private/synth-error';
import { Problems, checkName, checkReference, show } from '../private/validate';

/** The annotation Argo CD orders a sync by. */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/** The annotation of per-object Argo CD sync options. */
export const SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';

/**
 * Marks an object that holds data (a Namespace and everything in it, a StatefulSet and its volume claims)
 * so Argo CD never deletes it: not when it is removed from Git (prune), not when the Application is deleted.
 * Removing it is a deliberate `kubectl delete`. @internal
 */
export function keepOnDelete(obj: ApiObject): void {
  obj.metadata.addAnnotation(SYNC_OPTIONS_ANNOTATION, ARGO_CD.keepSyncOptions);
}

const overrides = new WeakMap<IConstruct, number>();
const tiers = new WeakMap<IConstruct, string>();

/** Argo CD sync ordering. */
export class SyncWave {
  /** Puts every object beneath `scope` into `wave` (lower waves are applied first). */
  public static set(scope: IConstruct, wave: number): void {
    checkScope(scope, 'SyncWave.set(scope, wave)', 'the construct (a Chart, a workload) whose objects the wave applies to');
    if (!Number.isInteger(wave)) {
      new Problems(scope as Construct).add('SyncWave.set wave', wave, 'is not a whole number', 'use an integer such as -1, 0 or 5');
    }
    overrides.set(scope, wave);
  }

  /**
   * Marks `scope` as a tier ("namespace", "config", "store", "app", "hook")
   * for the derived wave. Archetypes call this; users normally don't.
   */
  public static tier(scope: IConstruct, tier: string): void {
    checkScope(scope, 'SyncWave.tier(scope, tier)', 'the construct whose objects belong to the tier');
    const known = Object.keys(SYNC_WAVES.byTier);
    if (!known.includes(tier)) {
      new Problems(scope).add('SyncWave.tier tier', tier, 'is not a tier', `use one of ${known.map(t => `"${t}"`).join(', ')}`);
      return;
    }
    tiers.set(scope, tier);
  }

  /**
   * The wave of one object: an explicit `SyncWave.set` on it or a parent wins;
   * otherwise namespace and RBAC first, then config, then stores, then apps, then hooks.
   */
  public static of(obj: ApiObject): number {
    if (!ApiObject.isApiObject(obj)) throw new SynthError([`SyncWave.of(obj): obj ${show(obj)} is not an ApiObject: pass one of the app's objects`]);
    for (const s of [...obj.node.scopes].reverse()) {
      const wave = overrides.get(s);
      if (wave !== undefined) return wave;
    }
    const byKind = (SYNC_WAVES.byKind as { [kind: string]: number })[obj.kind];
    if (byKind !== undefined) return byKind;
    for (const s of [...obj.node.scopes].reverse()) {
      const tier = tiers.get(s);
      if (tier !== undefined) return (SYNC_WAVES.byTier as { [tier: string]: number })[tier] ?? SYNC_WAVES.byTier.app;
    }
    return SYNC_WAVES.byTier.app;
  }
}

/** Writes the sync-wave annotation on every object of the app that has none. @internal */
export function annotateSyncWaves(objects: ApiObject[]): void {
  for (const obj of objects) {
    if (syncWaveOf(obj.metadata) === undefined) {
      obj.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, String(SyncWave.of(obj)));
    }
  }
}

/**
 * The object's sync-wave annotation as it will be rendered. A plain string (or
 * none) is read from the annotations as given; only a token (a Lazy) needs
 * `metadata.toJson()`, which resolves all the metadata and cost a sixth of
 * render time when done for every object.
 */
function syncWaveOf(metadata: ApiObject['metadata']): unknown {
  const given = (metadata as unknown as { annotations?: unknown }).annotations;
  if (given && typeof given === 'object') {
    const value = (given as { [key: string]: unknown })[SYNC_WAVE_ANNOTATION];
    if (value === undefined || typeof value === 'string') return value;
  }
  return metadata.toJson().annotations?.[SYNC_WAVE_ANNOTATION];
}

/** Props of an `ArgoCdApplication`. */
export interface ArgoCdApplicationProps {
  /**
   * Application name.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace Argo CD runs in.
   * @default "argocd"
   */
  readonly namespace?: string;
  /** Git repository holding the synthesized manifests. */
  readonly repoURL: string;
  /**
   * Folder of the manifests in the repository.
   * @default "dist", or "dist/<name>" inside an `Environment`
   */
  readonly path?: string;
  /**
   * Branch, tag or commit.
   * @default "HEAD"
   */
  readonly targetRevision?: string;
  /**
   * Argo CD project.
   * @default "default"
   */
  readonly project?: string;
  /**
   * Namespace objects without one are applied to.
   * @default none: every object names its namespace
   */
  readonly destinationNamespace?: string;
  /**
   * Cluster API server.
   * @default "https://kubernetes.default.svc" (the cluster Argo CD runs in)
   */
  readonly destinationServer?: string;
  /**
   * Delete objects that are no longer in Git.
   * @default true
   */
  readonly prune?: boolean;
  /**
   * Revert changes made in the cluster outside Git.
   * @default true
   */
  readonly selfHeal?: boolean;
  /**
   * Delete what the Application deployed when it is deleted (Argo CD's resources finalizer). Only for an
   * Application that owns its objects exclusively; Namespaces and stores are kept either way (`Delete=false`).
   * @default false: deleting the Application leaves the objects running
   */
  readonly cascadeDelete?: boolean;
  /**
   * Argo CD notification subscriptions, written as `notifications.argoproj.io/subscribe.<trigger>.<service>` annotations;
   * the organisation defaults' `notifications` are added to them.
   * @default the organisation defaults' subscriptions, else none
   */
  readonly notifications?: NotificationSubscription[];
}

/** Prefix of Argo CD notifications subscription annotations. */
export const NOTIFICATION_SUBSCRIBE_PREFIX = 'notifications.argoproj.io/subscribe';

/** The known props of an ArgoCdApplication (src/private/shape.ts). @internal */
export const ARGO_CD_APPLICATION_SHAPE: Shape = {
  name: 'string',
  namespace: 'string',
  repoURL: required('string'),
  path: 'string',
  targetRevision: 'string',
  project: 'string',
  destinationNamespace: 'string',
  destinationServer: 'string',
  prune: 'boolean',
  selfHeal: 'boolean',
  cascadeDelete: 'boolean',
  notifications: NOTIFICATIONS_SHAPE,
};

/**
 * An Argo CD `Application` that syncs the synthesized folder automatically
 * (inside an `Environment`, that environment's folder).
 * A small typed construct instead of an import of the Application CRD: it needs
 * ten fields, and the CRD is not among the pinned CRDs this project imports.
 */
export class ArgoCdApplication extends ApiObject {
  constructor(scope: Construct, id: string, given: ArgoCdApplicationProps) {
    [scope, id] = constructArgs(scope, id, 'ArgoCdApplication');
    const { value: props, problems: misfits } = shapeProblems(given, ARGO_CD_APPLICATION_SHAPE, '') as { value: ArgoCdApplicationProps; problems: ShapeProblem[] };
    const name = props.name ?? id;
    const env = Environment.of(scope);
    const folder = props.path ?? (env ? `${ARGO_CD.path}/${env.name}` : ARGO_CD.path);
    super(scope, id, {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name,
        namespace: props.namespace ?? ARGO_CD.namespace,
        finalizers: props.cascadeDelete ? [ARGO_CD.cascadeFinalizer] : undefined,
      } as ApiObjectMetadata,
      spec: {
        project: props.project ?? ARGO_CD.project,
        source: {
          repoURL: props.repoURL,
          path: folder,
          targetRevision: props.targetRevision ?? ARGO_CD.targetRevision,
          directory: { recurse: false },
        },
        destination: {
          server: props.destinationServer ?? ARGO_CD.server,
          namespace: props.destinationNamespace,
        },
        syncPolicy: {
          automated: { prune: props.prune ?? true, selfHeal: props.selfHeal ?? true },
          syncOptions: [...ARGO_CD.syncOptions],
        },
      },
    });
    const problems = new Problems(this);
    problems.addAll(misfits);
    checkName(problems, props.name ? 'name' : 'id (the default name)', name);
    if (props.namespace !== undefined) checkName(problems, 'namespace', props.namespace);
    if (props.destinationNamespace !== undefined) checkName(problems, 'destinationNamespace', props.destinationNamespace);
    if (props.project !== undefined) checkReference(problems, 'project', props.project);
    if (props.destinationServer !== undefined && !/^https?:\/\/[^\s/]+/.test(props.destinationServer)) {
      problems.add('destinationServer', props.destinationServer, 'is not an API server URL', 'give the cluster\'s URL as Argo CD knows it, such as "https://kubernetes.default.svc"');
    }
    if (!/^(https:\/\/[^\s/]+\/\S+|ssh:\/\/\S+|[\w.-]+@[\w.-]+:\S+)$/.test(props.repoURL ?? '')) {
      problems.add('repoURL', props.repoURL, 'is not an https or ssh Git URL',
        'use "https://git.example.com/acme/shop.git" or "git@git.example.com:acme/shop.git": plain http and other schemes let anyone on the path change what is deployed');
    }
    const path = props.path ?? ARGO_CD.path;
    if (path.startsWith('/')) {
      problems.add('path', props.path, 'is absolute', 'give the folder relative to the repository root, such as "dist"');
    } else if (path.split(/[\\/]/).includes('..')) {
      problems.add('path', props.path, 'leaves the repository', 'give a folder inside the repository, such as "dist", without ".."');
    }
    const subscriptions = [
      ...(Platform.of(this).defaults?.notifications ?? []).map((x, i) => [`defaults.notifications[${i}]`, x] as const),
      ...(props.notifications ?? []).map((x, i) => [`notifications[${i}]`, x] as const),
    ];
    for (const [key, value] of Object.entries(subscriptionAnnotations(problems, subscriptions))) this.metadata.addAnnotation(key, value);
    SyncWave.set(this, SYNC_WAVES.byTier.namespace);
    this.metadata.addAnnotation(suppressionAnnotation('unknown-kind'),
      'the Argo CD Application CRD is not among the pinned CRDs; its fields are typed by ArgoCdApplicationProps');
  }
}

/**
 * `notifications.argoproj.io/subscribe.<trigger>.<service>: <recipients>` of every subscription (recipients of one
 * trigger and service joined by ";", each once), after recording every problem under the prop it came from.
 */
function subscriptionAnnotations(p: Problems, subscriptions: ReadonlyArray<readonly [string, NotificationSubscription]>): { [key: string]: string } {
  const recipients = new Map<string, string[]>();
  for (const [prop, sub] of subscriptions) {
    const triggers = sub?.on ?? [];
    const channels = sub?.channels ?? [];
    if (!channels.length) {
      p.add(`${prop}.channels`, channels, 'is empty', 'send the events somewhere: NotificationChannel.slack("deploys"), .email("team@example.com") or .webhook("github")');
    }
    if (!triggers.length) {
      p.add(`${prop}.on`, triggers, 'is empty', 'name the events, such as [NotificationTrigger.ON_SYNC_FAILED, NotificationTrigger.ON_HEALTH_DEGRADED]');
    }
    for (const trigger of triggers) {
      if (!Object.values(NotificationTrigger).includes(trigger)) {
        p.add(`${prop}.on`, trigger, 'is not a notification trigger', `use one of ${Object.values(NotificationTrigger).map(t => `"${t}"`).join(', ')}`);
      }
    }
    channels.forEach((c, i) => checkChannel(p, `${prop}.channels[${i}]`, c));
    for (const trigger of triggers) {
      for (const c of channels.filter(usableChannel)) {
        const key = `${NOTIFICATION_SUBSCRIBE_PREFIX}.${trigger}.${c?.service}`;
        const list = recipients.get(key) ?? [];
        if (c?.recipient && !list.includes(c.recipient)) list.push(c.recipient);
        recipients.set(key, list);
      }
    }
  }
  return Object.fromEntries([...recipients].sort(([a], [b]) => a.localeCompare(b)).map(([key, list]) => [key, list.join(';')]));
}

/** A channel whose parts are strings (a JavaScript caller may pass anything to the factories). */
function usableChannel(c: NotificationChannel): boolean {
  return c instanceof NotificationChannel && typeof c.service === 'string' && typeof c.recipient === 'string';
}

function checkChannel(p: Problems, prop: string, c: NotificationChannel): void {
  if (!(c instanceof NotificationChannel)) {
    p.add(prop, c, 'is not a channel', 'use NotificationChannel.slack(...), .email(...) or .webhook(...)');
  } else if (!usableChannel(c)) {
    const given = typeof c.service === 'string' ? c.recipient : c.service;
    p.add(prop, given, `is ${given === null ? 'null' : `a ${typeof given}`}, not a string`,
      'give the channel, address or webhook name as a string, such as NotificationChannel.slack("shop-deploys")');
  } else if (c.kind === 'slack' && !/^[a-z0-9][a-z0-9_-]{0,79}$/.test(c.recipient)) {
    p.add(prop, c.recipient, 'is not a Slack channel name', 'give the name without "#", lower case, such as "shop-deploys"');
  } else if (c.kind === 'email' && !/^[^\s@;]+@[^\s@;]+\.[^\s@;]+$/.test(c.recipient)) {
    p.add(prop, c.recipient, 'is not an e-mail address', 'give one address, such as "shop-team@example.com"');
  } else if (c.kind === 'webhook' && !/^[a-zA-Z0-9][a-zA-Z0-9_-]*$/.test(c.service)) {
    p.add(prop, c.service, 'is not a webhook name', 'give the name of a `service.webhook.<name>` entry of argocd-notifications-cm, such as "github"');
  }
}
