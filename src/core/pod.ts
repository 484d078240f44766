// What a pod holds besides its main container: sidecars, init containers, pull
// secrets and files. Every archetype takes these props; the shared pod template
// (workloads/workload.ts) builds them once.
import { Duration, Size } from 'cdk8s';
import { EnvVar } from './env';
import { HealthProbe } from './probe';
import { ResourceProps } from './types';

/** A container next to the main one (sidecar) or before it (init container), restricted like it. */
export interface ContainerProps {
  /** Container name, a DNS-1123 label other than "main" and unique in the pod. */
  readonly name: string;
  /** Image, pinned to a tag or digest. */
  readonly image: string;
  /**
   * Entrypoint override.
   * @default the image's ENTRYPOINT
   */
  readonly command?: string[];
  /**
   * Arguments.
   * @default the image's CMD
   */
  readonly args?: string[];
  /**
   * Environment variables (credentials with `EnvVar.fromSecret`).
   * @default none
   */
  readonly env?: { [name: string]: EnvVar };
  /**
   * Ports the container listens on (never the main container's). Sidecars only.
   * @default none
   */
  readonly ports?: number[];
  /**
   * Requests and limits.
   * @default cpu 50m/200m, memory 64Mi/128Mi, ephemeral-storage 64Mi/256Mi (request/limit)
   */
  readonly resources?: ResourceProps;
  /**
   * Readiness probe of a sidecar that serves a port.
   * @default none
   */
  readonly readiness?: HealthProbe;
  /**
   * Liveness probe of a sidecar; must differ from its readiness.
   * @default none
   */
  readonly liveness?: HealthProbe;
  /**
   * Volumes of the pod (`emptyDirs`, `secretFiles` by their volume name) this container mounts, name to mount path.
   * @default /tmp only
   */
  readonly mounts?: { [volumeName: string]: string };
}

/** A Secret, or some of its keys, mounted read-only as files. */
export interface SecretFileProps {
  /** The existing Secret. */
  readonly secretName: string;
  /** Directory the files appear in (one file per key). */
  readonly mountPath: string;
  /**
   * Keys to mount, each as a file of the same name; a missing key fails the pod's start.
   * @default every key of the Secret
   */
  readonly keys?: string[];
  /**
   * Name of the volume, for sidecars' `mounts`.
   * @default "secret-<secretName>"
   */
  readonly volumeName?: string;
}

/** A ServiceAccount token for one audience (Vault, a cloud IAM, another service), mounted read-only as a file. */
export interface ServiceAccountTokenProps {
  /** Who the token is for: the `aud` claim the receiver checks. */
  readonly audience: string;
  /** Directory of the token; the file is `<mountPath>/token`. */
  readonly mountPath: string;
  /**
   * Token lifetime; kubelet refreshes it at 80%. At least 10 minutes.
   * @default 1 hour
   */
  readonly expiration?: Duration;
  /**
   * Name of the volume, for sidecars' `mounts`.
   * @default "token-<index>"
   */
  readonly volumeName?: string;
}

/** A writable scratch directory (emptyDir) with a size limit. */
export interface EmptyDirProps {
  /** Volume name, a DNS-1123 label; sidecars mount it by this name. */
  readonly name: string;
  /** Where the main container mounts it. */
  readonly mountPath: string;
  /** Size limit; the pod is evicted above it. */
  readonly size: Size;
  /**
   * Keep it in memory (tmpfs; counts against the memory limit).
   * @default false: on the node's disk
   */
  readonly memory?: boolean;
}

/** Pod composition every archetype takes. */
export interface PodCompositionProps {
  /**
   * Secrets (type kubernetes.io/dockerconfigjson) to pull images from private registries; added to the
   * organisation's `imagePullSecrets`.
   * @default the organisation default, else none
   */
  readonly imagePullSecrets?: string[];
  /**
   * Containers that run next to the main one for the pod's whole life (proxy, log forwarder). Regular containers,
   * as Kubernetes 1.28 needs; each gets the restricted security context and its own resources.
   * @default none
   */
  readonly sidecars?: ContainerProps[];
  /**
   * Run `sidecars` as native sidecars: init containers with `restartPolicy: Always` that start before the others
   * and stop with the pod. Needs Kubernetes >= 1.29 (beta, on by default); required for sidecars of a Task,
   * ScheduledTask, Migration or SmokeTest, whose pod would otherwise never complete.
   * @default false: regular containers, as Kubernetes 1.28 needs
   */
  readonly nativeSidecars?: boolean;
  /**
   * Containers that run to completion, in order, before the main one starts.
   * @default none
   */
  readonly initContainers?: ContainerProps[];
  /**
   * Secrets mounted as read-only files (mode 0400) in the main container; `EnvVar.fromSecret` is the
   * environment route.
   * @default none
   */
  readonly secretFiles?: SecretFileProps[];
  /**
   * Projected ServiceAccount tokens for an audience, mounted read-only in the main container (the API token stays
   * unmounted unless `mountServiceAccountToken`).
   * @default none
   */
  readonly serviceAccountTokens?: ServiceAccountTokenProps[];
  /**
   * Extra writable scratch directories with size limits, mounted in the main container.
   * @default /tmp only
   */
  readonly emptyDirs?: EmptyDirProps[];
}
