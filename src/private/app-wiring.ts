import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { serviceMonitors } from './crds';
import { WEB_APP, WORKLOAD } from './defaults';
import { CONFIG_MAP_MAX_BYTES, configKeyProblem } from './facts/names';
import { sortedKeys } from './objects';
import { Problems } from './validate';
import type { ServiceMonitor } from '../../imports/service-monitor-monitoring.coreos.com';
import { MetricsProps } from '../core/types';

// How an app's config files and metrics reach its pods, the same for every
// archetype that takes `configFiles` or `metrics` (WebApp, NodeAgent).

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

/** `configFiles`: keys the API server accepts, at most 1 MiB in all, mounted where nothing else is. */
export function checkConfigFiles(problems: Problems, files: { [fileName: string]: string } | undefined, mountPath: string | undefined): void {
  if (!files) return;
  let bytes = 0;
  for (const [name, content] of Object.entries(files)) {
    const bad = configKeyProblem(name);
    if (bad) problems.add('configFiles key', name, bad.problem, bad.fix);
    bytes += Buffer.byteLength(name) + Buffer.byteLength(content);
  }
  if (bytes > CONFIG_MAP_MAX_BYTES) {
    problems.add('configFiles', `(${bytes} bytes)`, `is over the ${CONFIG_MAP_MAX_BYTES} bytes (1 MiB) a ConfigMap may hold`,
      'keep large files in the image or a volume, and only settings in configFiles');
  }
  if (mountPath !== undefined && mountPath.replace(/\/+$/, '') === WORKLOAD.tmpPath) {
    problems.add('configMountPath', mountPath, `clashes with the writable scratch volume at ${WORKLOAD.tmpPath}`,
      `mount the files elsewhere, such as "${WORKLOAD.configDir}/app" (the default is ${WORKLOAD.configDir}/<name>)`);
  }
}
