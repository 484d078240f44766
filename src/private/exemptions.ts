import { EXTRA_CONTAINER } from './defaults';
import * as k8s from './k8s';
import { EnvVar } from '../core/env';
import { HealthProbe } from '../core/probe';
import { ResourceProps } from '../core/types';
import { Exemption } from '../policy/scanners';

// The exemptions a pod shows: each setting weaker than the restricted default, with the reason its props give.
// A weaker setting without a reason gets no exemption, so every scanner still reports it (its prop check asks
// for the reason first; a Secret read into the environment is the user's choice to explain or not).

/** What a pod's props say about each weaker setting. */
export interface PodReasons {
  readonly imagePullPolicy?: string;
  readonly mountServiceAccountToken?: string;
  readonly useImageUser?: string;
  readonly readOnlyRootFilesystem?: string;
  /** Why each Secret is read into the environment, by `secretEnvKey`. */
  readonly secretEnv: ReadonlyMap<string, string>;
  /** Why a container has no CPU limit, by container name. */
  readonly omitCpuLimit: ReadonlyMap<string, string>;
  /** Why a sidecar has no probe (`HealthProbe.none(reason)`), by `<container>\u0000readiness|liveness`. */
  readonly sidecarProbes: ReadonlyMap<string, string>;
  /** Why the main container has no readiness probe (`HealthProbe.none(reason)`). */
  readonly noReadiness?: string;
  /** Why the main container has no liveness probe (`HealthProbe.none(reason)`). */
  readonly noLiveness?: string;
}

/** The props of a workload that carry reasons. */
interface ReasonProps {
  readonly imagePullPolicyReason?: string;
  readonly mountServiceAccountTokenReason?: string;
  readonly security?: { readonly useImageUserReason?: string; readonly readOnlyRootFilesystemReason?: string };
  readonly envFromSecrets?: string[];
  readonly envFromSecretsReason?: string;
}

/** Why the main container has no readiness or liveness probe. */
interface ProbeReasons {
  readonly noReadiness?: string;
  readonly noLiveness?: string;
}

/** The props of one container that carry reasons. */
interface ContainerReasons {
  readonly name: string;
  readonly env?: { [name: string]: EnvVar };
  readonly resources?: ResourceProps;
  readonly readiness?: HealthProbe;
  readonly liveness?: HealthProbe;
}

/** The reasons of `pod` as its props give them: the workload's own, its containers' env and resources. */
export function podReasons(props: ReasonProps, containers: ReadonlyArray<ContainerReasons | undefined>, probes: ProbeReasons = {}): PodReasons {
  const secretEnv = new Map<string, string>();
  const omitCpuLimit = new Map<string, string>();
  const sidecarProbes = new Map<string, string>();
  for (const c of containers) {
    if (!c) continue;
    for (const kind of ['readiness', 'liveness'] as const) {
      const reason = c[kind] instanceof HealthProbe ? c[kind]!._noneReason() : undefined;
      if (reason) sidecarProbes.set(`${c.name}\u0000${kind}`, reason);
    }
    for (const [name, value] of Object.entries(c.env ?? {})) {
      const reason = value instanceof EnvVar ? value._reason() : undefined;
      const ref = reason ? value._render(name).valueFrom?.secretKeyRef : undefined;
      if (reason && ref) secretEnv.set(secretEnvKey(name, ref.name ?? '', ref.key), reason);
    }
    const cpuReason = c.resources?.omitCpuLimitReason;
    if (typeof cpuReason === 'string' && cpuReason.trim()) omitCpuLimit.set(c.name, cpuReason.trim());
  }
  const envFrom = props.envFromSecretsReason;
  if (typeof envFrom === 'string' && envFrom.trim()) for (const name of props.envFromSecrets ?? []) secretEnv.set(secretEnvKey(undefined, name), envFrom.trim());
  return {
    imagePullPolicy: props.imagePullPolicyReason,
    mountServiceAccountToken: props.mountServiceAccountTokenReason,
    useImageUser: props.security?.useImageUserReason,
    readOnlyRootFilesystem: props.security?.readOnlyRootFilesystemReason,
    secretEnv,
    omitCpuLimit,
    sidecarProbes,
    ...probes,
  };
}

/**
 * The exemptions `pod` needs, in a fixed order: a cached image, sidecars without probes, a main container without
 * probes, a mounted token, the image's own user, a writable root file system, a missing CPU limit, Secrets read into
 * the environment, a credential-named variable holding a Secret file's path, an image pinned by tag, not digest.
 */
export function podExemptions(pod: k8s.PodSpec, reasons: PodReasons): Exemption[] {
  const containers = [...pod.initContainers ?? [], ...pod.containers];
  const out: Exemption[] = [];
  const add = (id: string, reason: string | undefined) => {
    if (typeof reason === 'string' && reason.trim()) out.push({ id, reason: reason.trim() });
  };
  if (containers.some(c => c.imagePullPolicy !== 'Always')) add('image-pull-always', reasons.imagePullPolicy);
  add('sidecar-no-readiness', sidecarProbeReason(pod.containers.slice(1), 'readiness', reasons.sidecarProbes));
  add('sidecar-no-liveness', sidecarProbeReason(pod.containers.slice(1), 'liveness', reasons.sidecarProbes));
  const main = pod.containers[0];
  const noReadiness = !main?.readinessProbe ? reasons.noReadiness : undefined;
  const noLiveness = !main?.livenessProbe ? reasons.noLiveness : undefined;
  if (noReadiness && noLiveness) add('no-probes', [...new Set([noReadiness, noLiveness])].join('; '));
  else if (noReadiness) add('no-readiness-probe', noReadiness);
  else if (noLiveness) add('no-liveness-probe', noLiveness);
  if (pod.automountServiceAccountToken === true) add('service-account-token', reasons.mountServiceAccountToken);
  if (pod.securityContext?.runAsUser === undefined) add('image-user', reasons.useImageUser);
  if (containers.some(c => c.securityContext?.readOnlyRootFilesystem !== true)) add('writable-root-fs', reasons.readOnlyRootFilesystem);
  add('no-cpu-limit', allReasoned(containers.filter(c => !c.resources?.limits?.cpu).map(c => c.name), reasons.omitCpuLimit));
  add('secret-env', allReasoned(containers.flatMap(secretEnvKeys), reasons.secretEnv));
  const paths = secretFilePathVars(pod, containers);
  if (paths?.length) add('secret-file-path', `${paths.join(', ')} ${paths.length > 1 ? 'hold' : 'holds'} the path of a Secret mounted as a file, not the secret`);
  const tagged = pod.containers.map(c => c.image).filter((image): image is string => typeof image === 'string' && !image.includes('@'));
  if (tagged.length) {
    add('image-digest', `${tagged.join(', ')} is pinned by tag, which the image-pinned rule accepts; pin a digest (name@sha256:...) to drop this exemption`);
  }
  return out;
}

/** The key of one Secret read into the environment: a variable, or (`name` undefined) a whole Secret as `envFrom`. */
function secretEnvKey(name: string | undefined, secretName: string, key?: string): string {
  return name === undefined ? `envFrom\u0000${secretName}` : `env\u0000${name}\u0000${secretName}\u0000${key}`;
}

function secretEnvKeys(c: k8s.Container): string[] {
  return [
    ...(c.env ?? []).flatMap(e => e.valueFrom?.secretKeyRef ? [secretEnvKey(e.name, e.valueFrom.secretKeyRef.name ?? '', e.valueFrom.secretKeyRef.key)] : []),
    ...(c.envFrom ?? []).flatMap(e => e.secretRef ? [secretEnvKey(undefined, e.secretRef.name ?? '')] : []),
  ];
}

/** The reasons of `keys`, joined; undefined when there are none, or when one of them has no reason. */
function allReasoned(keys: string[], reasons: ReadonlyMap<string, string>): string | undefined {
  if (keys.length === 0 || keys.some(k => !reasons.get(k))) return undefined;
  return [...new Set(keys.map(k => reasons.get(k)!))].join('; ');
}

/** Environment variable names Polaris' sensitiveContainerEnvVar refuses a literal value for (v10.2.2). */
const POLARIS_SENSITIVE_NAME = /^AWS_SECRET_ACCESS_KEY$|^GOOGLE_APPLICATION_CREDENTIALS$|^AZURE_.+KEY$|^OCI_CLI_KEY_CONTENT$|password|token|bearer|secret/i;

/**
 * The variables with a sensitive name whose literal value is a file in a Secret the container mounts
 * (POSTGRES_PASSWORD_FILE=/etc/db/password); undefined when another sensitively named variable has a literal value.
 */
function secretFilePathVars(pod: k8s.PodSpec, containers: k8s.Container[]): string[] | undefined {
  const secretVolumes = new Set((pod.volumes ?? []).filter(v => v.secret).map(v => v.name));
  const out: string[] = [];
  for (const c of containers) {
    const mounts = (c.volumeMounts ?? []).filter(m => secretVolumes.has(m.name)).map(m => m.mountPath.replace(/\/+$/, ''));
    for (const e of c.env ?? []) {
      if (e.value === undefined || !POLARIS_SENSITIVE_NAME.test(e.name)) continue;
      if (!mounts.some(m => e.value === m || e.value!.startsWith(`${m}/`))) return undefined;
      out.push(e.name);
    }
  }
  return [...new Set(out)];
}

/**
 * Why the sidecars without a `kind` probe have none: the reason given (`HealthProbe.none(reason)`), or, for a sidecar
 * that serves no port, that there is nothing to probe. Undefined when none lacks it, or one lacks a reason.
 */
function sidecarProbeReason(sidecars: k8s.Container[], kind: 'readiness' | 'liveness', given: ReadonlyMap<string, string>): string | undefined {
  const missing = sidecars.filter(c => !(kind === 'readiness' ? c.readinessProbe : c.livenessProbe));
  const reasons = new Map(missing.map(c => [c.name, given.get(`${c.name}\u0000${kind}`)
    ?? (c.ports?.length ? undefined : `sidecar ${c.name} ${EXTRA_CONTAINER.noPortReason}`)] as [string, string]));
  return allReasoned(missing.map(c => c.name), new Map([...reasons].filter(([, r]) => r !== undefined)));
}
