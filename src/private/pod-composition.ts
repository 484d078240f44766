// Sidecars, init containers, pull secrets and file volumes: built once for every
// archetype by the shared pod template (workloads/workload.ts).
import { EXTRA_CONTAINER, POD_FILES, WORKLOAD, PROBES } from './defaults';
import { configKeyProblem } from './facts/names';
import { sameProbe } from './facts/probes';
import * as k8s from './k8s';
import { Problems, checkAbsolutePath, checkEnv, checkImage, checkName, checkPort, checkReference, checkResources } from './validate';
import { ContainerProps, PodCompositionProps } from '../core/pod';
import { ResourceProps } from '../core/types';

/** What the main container already holds, for clash checks. */
export interface MainContainer {
  readonly ports: number[];
  readonly mountPaths: string[];
  /** Volumes of the archetype (config, data, backup), which sidecars may mount too. */
  readonly volumeNames: string[];
  /** Those the main container mounts read-only (a NodeAgent's host paths): sidecars get them read-only too. */
  readonly readOnlyVolumeNames: string[];
  readonly imagePullPolicy: string;
  readonly securityContext: k8s.SecurityContext;
  /** The pod runs as root (a NodeAgent opt-in): extra containers still run as the non-root default user. */
  readonly runAsRoot: boolean;
  /** The pod runs to completion (Job, CronJob, test Pod): a regular sidecar would keep it running forever. */
  readonly runToCompletion: boolean;
}

/** The pod parts `composePod` adds. */
export interface PodComposition {
  readonly volumes: k8s.Volume[];
  readonly mainMounts: k8s.VolumeMount[];
  readonly sidecars: k8s.Container[];
  readonly initContainers?: k8s.Container[];
  readonly imagePullSecrets?: k8s.LocalObjectReference[];
  /** Secret and token files are root-owned 0400 unless the pod has an fsGroup: then they are group-readable (0440). */
  readonly needsFsGroup: boolean;
}

const q = (v: string) => k8s.Quantity.fromString(v);

/** Checks the composition props and renders them; every problem is recorded on `p`. */
export function composePod(p: Problems, props: PodCompositionProps, orgPullSecrets: string[] | undefined, main: MainContainer): PodComposition {
  const pullSecrets = [...new Set([...(orgPullSecrets ?? []), ...(props.imagePullSecrets ?? [])])];
  (props.imagePullSecrets ?? []).forEach((s, i) => checkReference(p, `imagePullSecrets[${i}]`, s));

  const volumes: k8s.Volume[] = [];
  const mainMounts: k8s.VolumeMount[] = [];
  const readOnlyVolumes = new Set<string>(main.readOnlyVolumeNames);
  const names = new Set<string>([WORKLOAD.tmpVolumeName, ...main.volumeNames]);
  const paths = new Set<string>([WORKLOAD.tmpPath, ...main.mountPaths]);
  const claim = (prop: string, volumeName: string, mountPath: string) => {
    checkName(p, `${prop} volume name`, volumeName);
    if (names.has(volumeName)) p.add(`${prop} volume name`, volumeName, 'is already a volume of the pod', 'give it a `volumeName` of its own');
    names.add(volumeName);
    checkAbsolutePath(p, `${prop}.mountPath`, mountPath);
    if (mountPath === '/') p.add(`${prop}.mountPath`, mountPath, 'is the root directory', 'mount it at a directory of its own, such as "/etc/secrets"');
    else if (paths.has(mountPath)) p.add(`${prop}.mountPath`, mountPath, 'is already a mount point', 'choose another path');
    paths.add(mountPath);
  };

  (props.secretFiles ?? []).forEach((f, i) => {
    const prop = `secretFiles[${i}]`;
    checkReference(p, `${prop}.secretName`, f.secretName);
    const name = f.volumeName ?? `${POD_FILES.secretVolumePrefix}${String(f.secretName).replace(/\./g, '-')}`.slice(0, 63).replace(/-+$/, '');
    claim(prop, name, f.mountPath);
    (f.keys ?? []).forEach((key, k) => {
      const bad = configKeyProblem(key);
      if (bad) p.add(`${prop}.keys[${k}]`, key, 'is not a Secret key', bad.fix);
    });
    if (f.keys && f.keys.length === 0) p.add(`${prop}.keys`, f.keys, 'is empty', 'leave it out to mount every key');
    const items = f.keys?.length ? f.keys.map(key => ({ key, path: key })) : undefined;
    volumes.push({ name, secret: { secretName: f.secretName, defaultMode: POD_FILES.secretDefaultMode, items } });
    mainMounts.push({ name, mountPath: f.mountPath, readOnly: true });
    readOnlyVolumes.add(name);
  });

  (props.serviceAccountTokens ?? []).forEach((t, i) => {
    const prop = `serviceAccountTokens[${i}]`;
    const name = t.volumeName ?? `${POD_FILES.tokenVolumePrefix}${i}`;
    claim(prop, name, t.mountPath);
    if (typeof t.audience !== 'string' || t.audience.trim() === '') {
      p.add(`${prop}.audience`, t.audience, 'is empty', 'name who the token is for, such as "vault" or "sts.amazonaws.com"');
    }
    const expirationSeconds = t.expiration?.toSeconds() ?? POD_FILES.tokenExpirationSeconds;
    if (!Number.isInteger(expirationSeconds) || expirationSeconds < 600) {
      p.add(`${prop}.expiration`, `${expirationSeconds}s`, 'is shorter than 10 minutes (the API server refuses it)', 'use Duration.minutes(10) or more, such as Duration.hours(1)');
    }
    volumes.push({
      name,
      projected: {
        defaultMode: POD_FILES.secretDefaultMode,
        sources: [{ serviceAccountToken: { audience: t.audience, expirationSeconds, path: POD_FILES.tokenPath } }],
      },
    });
    mainMounts.push({ name, mountPath: t.mountPath, readOnly: true });
    readOnlyVolumes.add(name);
  });

  (props.emptyDirs ?? []).forEach((d, i) => {
    const prop = `emptyDirs[${i}]`;
    claim(prop, d.name, d.mountPath);
    const size = mebibytesOf(d.size);
    if (size === undefined) p.add(`${prop}.size`, String(d.size), 'is not a whole number of mebibytes', 'use a size such as Size.mebibytes(256) or Size.gibibytes(1)');
    volumes.push({ name: d.name, emptyDir: { medium: d.memory ? 'Memory' : '', sizeLimit: q(`${size ?? 0}Mi`) } });
    mainMounts.push({ name: d.name, mountPath: d.mountPath });
  });

  const containerNames = new Set<string>(['main']);
  const ports = new Set<number>(main.ports);
  const extra = (list: ContainerProps[] | undefined, field: 'sidecars' | 'initContainers') => (list ?? []).map((c, i) =>
    extraContainer(p, `${field}[${i}]`, c, field === 'initContainers', { main, containerNames, ports, volumeNames: names, readOnlyVolumes }));
  const initContainers = extra(props.initContainers, 'initContainers');
  const sidecars = extra(props.sidecars, 'sidecars');
  const native = props.nativeSidecars ?? EXTRA_CONTAINER.nativeSidecars;
  if (main.runToCompletion && sidecars.length && !native) {
    p.add('sidecars', sidecars.map(c => c.name), 'would keep the pod running forever: a regular container never exits, so the run never completes',
      'set `nativeSidecars: true` (Kubernetes >= 1.29 stops native sidecars when the main container ends), or run the helper as an init container');
  }
  // native sidecars start first, so regular init containers can use them too
  const allInit = native ? [...sidecars.map(c => ({ ...c, restartPolicy: 'Always' })), ...initContainers] : initContainers;

  return {
    volumes,
    mainMounts,
    sidecars: native ? [] : sidecars,
    initContainers: allInit.length ? allInit : undefined,
    imagePullSecrets: pullSecrets.length ? pullSecrets.map(name => ({ name })) : undefined,
    needsFsGroup: volumes.some(v => v.secret || v.projected),
  };
}

interface Seen {
  readonly main: MainContainer;
  readonly containerNames: Set<string>;
  readonly ports: Set<number>;
  readonly volumeNames: Set<string>;
  readonly readOnlyVolumes: Set<string>;
}

/** One sidecar or init container: validated like the main one, restricted like it, with its own resources. */
function extraContainer(p: Problems, prop: string, c: ContainerProps, init: boolean, seen: Seen): k8s.Container {
  checkName(p, `${prop}.name`, c.name);
  if (seen.containerNames.has(c.name)) {
    p.add(`${prop}.name`, c.name, c.name === 'main' ? 'is the main container\'s name' : 'is already the name of another container', 'give each container its own name, such as "log-forwarder"');
  }
  seen.containerNames.add(c.name);
  checkImage(p, `${prop}.image`, c.image);
  checkEnv(p, `${prop}.env`, c.env);
  const ports = c.ports ?? [];
  if (init && ports.length) p.add(`${prop}.ports`, ports, 'are set on an init container', 'leave them out: an init container finishes before the pod serves');
  if (init && (c.readiness || c.liveness)) p.add(`${prop}`, c.name, 'has probes on an init container', 'leave them out: Kubernetes refuses probes on init containers');
  ports.forEach((port, k) => {
    checkPort(p, `${prop}.ports[${k}]`, port);
    if (seen.main.ports.includes(port)) p.add(`${prop}.ports[${k}]`, port, 'is the main container\'s port', 'give the sidecar a port of its own');
    else if (seen.ports.has(port)) p.add(`${prop}.ports[${k}]`, port, 'is already the port of another container', 'give each container its own port');
    seen.ports.add(port);
  });
  const mounts: k8s.VolumeMount[] = [{ name: WORKLOAD.tmpVolumeName, mountPath: WORKLOAD.tmpPath }];
  for (const [volume, mountPath] of Object.entries(c.mounts ?? {})) {
    if (!seen.volumeNames.has(volume)) {
      p.add(`${prop}.mounts`, volume, 'is not a volume of the pod', `use one of ${[...seen.volumeNames].map(n => `"${n}"`).join(', ')}, or add it to \`emptyDirs\``);
    }
    checkAbsolutePath(p, `${prop}.mounts.${volume}`, mountPath);
    if (volume === WORKLOAD.tmpVolumeName) continue;
    mounts.push({ name: volume, mountPath, readOnly: seen.readOnlyVolumes.has(volume) || undefined });
  }

  const port = ports[0];
  c.readiness?._validate(p, `${prop}.readiness`, port);
  c.liveness?._validate(p, `${prop}.liveness`, port);
  const readinessProbe = init ? undefined : c.readiness?._render(port, PROBES.readiness);
  const livenessProbe = init ? undefined : c.liveness?._render(port, PROBES.liveness);
  if (readinessProbe && livenessProbe && sameProbe(readinessProbe, livenessProbe)) {
    p.add(`${prop}.liveness`, c.liveness!._describe(port), 'is identical to the readiness probe', 'make liveness more tolerant or a cheaper check');
  }
  const env = Object.entries(c.env ?? {}).map(([name, value]) => value._render(name));
  return {
    name: c.name,
    image: c.image,
    imagePullPolicy: seen.main.imagePullPolicy,
    command: c.command,
    args: c.args,
    ports: ports.length && !init ? ports.map(containerPort => ({ containerPort, protocol: 'TCP' })) : undefined,
    env: env.length ? env : undefined,
    resources: resourcesOf(p, `${prop}.resources`, c.resources),
    readinessProbe,
    livenessProbe,
    securityContext: {
      ...seen.main.securityContext,
      capabilities: { drop: ['ALL'] },
      runAsNonRoot: true,
      // in a pod that runs as root (a reasoned NodeAgent opt-in) the helpers still do not
      runAsUser: seen.main.runAsRoot ? WORKLOAD.user : undefined,
      runAsGroup: seen.main.runAsRoot ? WORKLOAD.group : undefined,
    },
    volumeMounts: mounts,
  };
}

/** The container's requests and limits: `given` over the extra-container defaults, checked under `prop`. */
function resourcesOf(p: Problems, prop: string, given: ResourceProps = {}): k8s.ResourceRequirements {
  const d = EXTRA_CONTAINER.resources;
  const r = {
    cpuRequest: given.cpuRequest ?? d.cpuRequest,
    cpuLimit: given.cpuLimit ?? d.cpuLimit,
    memoryRequest: given.memoryRequest ?? d.memoryRequest,
    memoryLimit: given.memoryLimit ?? d.memoryLimit,
    ephemeralStorageRequest: given.ephemeralStorageRequest ?? d.storageRequest,
    ephemeralStorageLimit: given.ephemeralStorageLimit ?? d.storageLimit,
  };
  checkResources(p, given as { [prop: string]: unknown }, { ...r, cpuLimit: given.omitCpuLimit ? undefined : r.cpuLimit }, prop);
  const limits: { [key: string]: k8s.Quantity } = {
    'cpu': q(r.cpuLimit),
    'memory': q(r.memoryLimit),
    'ephemeral-storage': q(r.ephemeralStorageLimit),
  };
  if (given.omitCpuLimit) delete limits.cpu;
  return {
    requests: {
      'cpu': q(r.cpuRequest),
      'memory': q(r.memoryRequest),
      'ephemeral-storage': q(r.ephemeralStorageRequest),
    },
    limits,
  };
}

function mebibytesOf(size: { toMebibytes(): number } | undefined): number | undefined {
  try {
    const mi = size?.toMebibytes();
    return mi !== undefined && Number.isInteger(mi) && mi > 0 ? mi : undefined;
  } catch {
    return undefined;
  }
}
