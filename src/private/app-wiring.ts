import { createHash } from 'crypto';
import { Construct } from 'constructs';
import { serviceMonitors } from './crds';
import { METRICS_EXPORTER, PROBES, WEB_APP, WORKLOAD } from './defaults';
import { stringMapBytes } from './facts/labels';
import { CONFIG_MAP_MAX_BYTES, configKeyProblem } from './facts/names';
import * as k8s from './k8s';
import { definedOnly, sortedKeys } from './objects';
import { Problems, checkEnv, checkImage, checkReference, checkResources } from './validate';
import type { ServiceMonitor } from '../../imports/service-monitor-monitoring.coreos.com';
import { HealthProbe } from '../core/probe';
import { MetricsExporter, MetricsProps, ResourceProps } from '../core/types';

// How an app's config files and metrics reach its pods, the same for every
// archetype that takes `configFiles` or `metrics` (WebApp, NodeAgent, StatefulStore).

/** Annotation key under which a workload's owned config checksum is kept. */
export const CONFIG_CHECKSUM_ANNOTATION = 'cdk8s-patterns.io/config-checksum';

/** The ConfigMap of `configFiles` and what mounts it. */
export interface ConfigFilesWiring {
  readonly configMap: k8s.KubeConfigMap;
  readonly volume: k8s.Volume;
  readonly mount: k8s.VolumeMount;
  /** A checksum of the content: a change rolls the pods. */
  readonly annotations: { [key: string]: string };
}

/** Emits the ConfigMap (id `ConfigMap`) holding `files`, mounted read-only at `mountPath`. */
export function configFiles(scope: Construct, metadata: k8s.ObjectMeta, files: { [fileName: string]: string }, mountPath: string): ConfigFilesWiring {
  const data = sortedKeys(files);
  const configMap = new k8s.KubeConfigMap(scope, 'ConfigMap', { metadata, data });
  return {
    configMap,
    volume: { name: 'config', configMap: { name: configMap.name } },
    mount: { name: 'config', mountPath, readOnly: true },
    annotations: { [CONFIG_CHECKSUM_ANNOTATION]: createHash('sha256').update(JSON.stringify(data)).digest('hex') },
  };
}

/** `prometheus.io/*` pod annotations, when metrics are scraped without a ServiceMonitor. */
export function scrapeAnnotations(metrics: MetricsProps | undefined, port: number | undefined): { [key: string]: string } {
  if (!metrics || metrics.serviceMonitor !== false || port === undefined) return {};
  return {
    'prometheus.io/scrape': 'true',
    'prometheus.io/port': String(port),
    'prometheus.io/path': metrics.path ?? WEB_APP.metricsPath,
  };
}

/** A ServiceMonitor scraping the Service port `portName` of the pods `selector` picks. */
export function serviceMonitor(
  scope: Construct, metadata: k8s.ObjectMeta, selector: { [key: string]: string }, portName: string, metrics: MetricsProps): ServiceMonitor {
  return new (serviceMonitors().ServiceMonitor)(scope, 'ServiceMonitor', {
    metadata,
    spec: {
      selector: { matchLabels: selector },
      endpoints: [{
        port: portName,
        path: metrics.path ?? WEB_APP.metricsPath,
        interval: metrics.interval ?? WEB_APP.metricsInterval,
      }],
    },
  });
}

/**
 * The exporter sidecar of `metrics.exporter`: restricted like the main container, serving `path` on `port`
 * (readiness an HTTP GET of it, liveness a TCP connect), with its own small requests and limits.
 */
export function exporterContainer(p: Problems, exporter: MetricsExporter, port: number, path: string | undefined): k8s.Container {
  checkImage(p, 'metrics.exporter.image', exporter.image);
  checkEnv(p, 'metrics.exporter.env', exporter.env);
  exporter.envFromSecrets?.forEach((name, i) => checkReference(p, `metrics.exporter.envFromSecrets[${i}]`, name));
  const res: { [key in keyof typeof METRICS_EXPORTER.resources]: string } & ResourceProps = {
    ...METRICS_EXPORTER.resources, ...definedOnly(exporter.resources ?? {}),
  };
  checkResources(p, exporter.resources as { [prop: string]: unknown } | undefined, {
    cpuRequest: res.cpuRequest,
    cpuLimit: res.omitCpuLimit ? undefined : res.cpuLimit,
    memoryRequest: res.memoryRequest,
    memoryLimit: res.memoryLimit,
    ephemeralStorageRequest: res.ephemeralStorageRequest ?? res.storageRequest,
    ephemeralStorageLimit: res.ephemeralStorageLimit ?? res.storageLimit,
  }, 'metrics.exporter.resources');
  const q = (v: string) => k8s.Quantity.fromString(v);
  const limits: { [key: string]: k8s.Quantity } = {
    'cpu': q(res.cpuLimit), 'memory': q(res.memoryLimit), 'ephemeral-storage': q(res.ephemeralStorageLimit ?? res.storageLimit),
  };
  if (res.omitCpuLimit) delete limits.cpu;
  const env = Object.entries(exporter.env ?? {}).map(([name, value]) => value._render(name));
  const envFrom = (exporter.envFromSecrets ?? []).map(name => ({ secretRef: { name } }));
  return {
    name: METRICS_EXPORTER.containerName,
    image: exporter.image,
    imagePullPolicy: WORKLOAD.imagePullPolicy,
    args: exporter.args,
    ports: [{ name: METRICS_EXPORTER.portName, containerPort: port, protocol: 'TCP' }],
    env: env.length ? env : undefined,
    envFrom: envFrom.length ? envFrom : undefined,
    resources: {
      requests: { 'cpu': q(res.cpuRequest), 'memory': q(res.memoryRequest), 'ephemeral-storage': q(res.ephemeralStorageRequest ?? res.storageRequest) },
      limits,
    },
    readinessProbe: HealthProbe.http(path ?? WEB_APP.metricsPath)._render(port, PROBES.readiness),
    livenessProbe: HealthProbe.tcp()._render(port, PROBES.liveness),
    securityContext: {
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    },
  };
}

/** `configFiles`: keys the API server accepts, at most 1 MiB in all, mounted where nothing else is. */
export function checkConfigFiles(problems: Problems, files: { [fileName: string]: string } | undefined, mountPath: string | undefined): void {
  if (!files) return;
  for (const name of Object.keys(files)) {
    const bad = configKeyProblem(name);
    if (bad) problems.add('configFiles key', name, bad.problem, bad.fix);
  }
  const bytes = stringMapBytes(files);
  if (bytes > CONFIG_MAP_MAX_BYTES) {
    problems.add('configFiles', `(${bytes} bytes)`, `is over the ${CONFIG_MAP_MAX_BYTES} bytes (1 MiB) a ConfigMap may hold`,
      'keep large files in the image or a volume, and only settings in configFiles');
  }
  if (mountPath !== undefined && mountPath.replace(/\/+$/, '') === WORKLOAD.tmpPath) {
    problems.add('configMountPath', mountPath, `clashes with the writable scratch volume at ${WORKLOAD.tmpPath}`,
      `mount the files elsewhere, such as "${WORKLOAD.configDir}/app" (the default is ${WORKLOAD.configDir}/<name>)`);
  }
}
