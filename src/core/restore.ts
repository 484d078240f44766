// Props of a StatefulStore's restore Job and volume snapshots (`StatefulStore.restore`, `StatefulStore.snapshot`).
// Below every construct: this module imports no file of src/ but core/ types.
import { ApiObject, Duration, Size } from 'cdk8s';
import { EnvVar } from './env';
import { RESOURCE_SHAPE, ResourceProps } from './types';
import * as k8s from '../private/k8s';
import { Shape, required } from '../private/shape';

/** The volume a restore writes into, mounted at `/restore`. */
export interface RestoreVolume {
  /**
   * An existing PersistentVolumeClaim (a replica's `data-<store>-<ordinal>` with the store scaled down, or a
   * volume prepared for a new store). Not with `size`.
   * @default none: a fresh claim of `size`
   */
  readonly claimName?: string;
  /**
   * Size of a fresh PersistentVolumeClaim the restore emits (`<store>-restore-<id>`). Not with `claimName`.
   * @default none
   */
  readonly size?: Size;
  /**
   * StorageClass of the fresh claim.
   * @default the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Fill the fresh claim from this VolumeSnapshot (snapshot.storage.k8s.io/v1, CSI drivers only) instead of
   * an empty volume; the Job then verifies or adjusts what the snapshot holds.
   * @default an empty volume
   */
  readonly fromSnapshot?: string;
}

/** A restore Job: reads one backup of the store's backup into the store or a volume. */
export interface RestoreProps {
  /** Name of the backup to read: the store's backup CronJob (`<store>-backup`). */
  readonly backup: string;
  /** Which backup of it ("orders-2026-12-01.dump"); the command reads it as `$BACKUP_ID`. */
  readonly backupId: string;
  /** Command that restores; it finds the store at `$STORE_HOST:$STORE_PORT`, the backups at the backup's mount path, the target volume at `/restore`. */
  readonly command: string[];
  /**
   * Arguments of the command.
   * @default none
   */
  readonly args?: string[];
  /**
   * Image of the restore tool, pinned.
   * @default the backup's image
   */
  readonly image?: string;
  /**
   * Environment variables (credentials with `EnvVar.fromSecret`); STORE_HOST, STORE_PORT and BACKUP_ID are always set.
   * @default the backup's `env`
   */
  readonly env?: { [name: string]: EnvVar };
  /**
   * Existing Secrets whose keys all become environment variables.
   * @default the backup's `envFromSecrets`
   */
  readonly envFromSecrets?: string[];
  /**
   * The volume to restore into.
   * @default none: the command restores through the store's port (a logical restore such as pg_restore)
   */
  readonly volume?: RestoreVolume;
  /**
   * Allow egress to public addresses, for backups in object storage outside the cluster.
   * @default the backup's `allowInternetEgress`
   */
  readonly allowInternetEgress?: boolean;
  /**
   * A restore running longer is stopped.
   * @default 2 hours
   */
  readonly timeout?: Duration;
  /**
   * Requests and limits of the restore container.
   * @default the backup's `resources`, else cpu 100m/1, memory 256Mi/1Gi, ephemeral-storage 128Mi/1Gi
   */
  readonly resources?: ResourceProps;
}

/** What `StatefulStore.restore` emits. */
export interface StoreRestore {
  /** The Job (`<store>-restore-<id>`). */
  readonly job: k8s.KubeJob;
  /** The restore pods' NetworkPolicy: DNS and the store port only (public addresses when allowed). */
  readonly networkPolicy: k8s.KubeNetworkPolicy;
  /** The fresh PersistentVolumeClaim, when `volume.size` is given. */
  readonly claim?: k8s.KubePersistentVolumeClaim;
}

/** A CSI VolumeSnapshot of one replica's volume. */
export interface SnapshotProps {
  /**
   * Name of the VolumeSnapshot.
   * @default `<store>-<id>`
   */
  readonly name?: string;
  /**
   * VolumeSnapshotClass (the CSI driver's).
   * @default the cluster's default VolumeSnapshotClass
   */
  readonly volumeSnapshotClassName?: string;
  /**
   * Replica whose volume is snapshotted.
   * @default 0
   */
  readonly ordinal?: number;
  /**
   * Volume (claim template name) to snapshot.
   * @default the main volume ("data")
   */
  readonly volume?: string;
}

/** What `StatefulStore.snapshot` emits. */
export interface StoreSnapshot {
  /** The VolumeSnapshot (snapshot.storage.k8s.io/v1). */
  readonly volumeSnapshot: ApiObject;
  /** Its name, for `RestoreVolume.fromSnapshot`. */
  readonly name: string;
}

/** The known props of `StatefulStore.restore` (src/private/shape.ts). @internal */
export const RESTORE_SHAPE: Shape = {
  backup: required('string'),
  backupId: required('string'),
  command: required('strings'),
  args: 'strings',
  image: 'string',
  env: { map: { instance: EnvVar, example: 'an EnvVar such as EnvVar.fromSecret("db", "password")' } },
  envFromSecrets: 'strings',
  volume: { object: { claimName: 'string', size: 'size', storageClassName: 'string', fromSnapshot: 'string' } },
  allowInternetEgress: 'boolean',
  timeout: 'seconds',
  resources: { object: RESOURCE_SHAPE },
};

/** The known props of `StatefulStore.snapshot` (src/private/shape.ts). @internal */
export const SNAPSHOT_SHAPE: Shape = { name: 'string', volumeSnapshotClassName: 'string', ordinal: 'int', volume: 'string' };
