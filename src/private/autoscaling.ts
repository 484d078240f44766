import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { WEB_APP } from './defaults';
import { isQuantity, parseQuantity } from './facts/quantity';
import * as k8s from './k8s';
import { Problems, checkCount, checkLabels } from './validate';
import { AutoscalingMetric, AutoscalingProps, MetricType } from '../core/types';

// The HorizontalPodAutoscaler (autoscaling/v2) of every archetype that autoscales (WebApp, Worker):
// its props checked, its metrics (CPU and memory utilisation, request rate per pod, queue length,
// custom or external metrics) and the object itself rendered, in one place.

/** The HPA of `target`, from `minReplicas` to `auto.maxReplicas`, on every metric of `auto`. */
export function horizontalPodAutoscaler(
  scope: Construct, id: string, metadata: ApiObjectMetadata, target: k8s.CrossVersionObjectReferenceV2, auto: AutoscalingProps, minReplicas: number,
): k8s.KubeHorizontalPodAutoscalerV2 {
  return new k8s.KubeHorizontalPodAutoscalerV2(scope, id, {
    metadata,
    spec: { scaleTargetRef: target, minReplicas, maxReplicas: auto.maxReplicas, metrics: hpaMetrics(auto) },
  });
}

/**
 * Records every problem of `auto`, and of `replicas` set beside it (the HPA owns the count);
 * `defaultMin` is the archetype's minReplicas when `auto` gives none; `prop` is where `auto` was given.
 */
export function checkAutoscaling(p: Problems, auto: AutoscalingProps, replicas: number | undefined, defaultMin: number, prop = 'autoscaling'): void {
  if (replicas !== undefined) {
    p.add('replicas', replicas, 'is set together with autoscaling', 'remove `replicas` and set `autoscaling.minReplicas` instead: the HPA owns the replica count');
  }
  if (auto.minReplicas === 0) {
    // Kubernetes 1.28 (the API this library targets) accepts minReplicas 0 only with the alpha HPAScaleToZero gate
    p.add(`${prop}.minReplicas`, 0,
      'cannot scale to zero: a HorizontalPodAutoscaler accepts minReplicas 0 only with the alpha HPAScaleToZero feature gate, off by default on Kubernetes 1.28',
      'use 1 or more; to scale to zero, leave out `autoscaling` and scale the workload with a KEDA ScaledObject with minReplicaCount: 0 (KEDA creates and owns its own HPA)');
  } else {
    checkCount(p, `${prop}.minReplicas`, auto.minReplicas, 1);
  }
  checkCount(p, `${prop}.maxReplicas`, auto.maxReplicas, 1);
  const min = auto.minReplicas ?? defaultMin;
  if (auto.maxReplicas < min) {
    p.add(`${prop}.maxReplicas`, auto.maxReplicas, `is below minReplicas ${min}`, `set maxReplicas to ${min} or more`);
  }
  for (const key of ['cpuUtilization', 'memoryUtilization'] as const) {
    const v = auto[key];
    if (v !== undefined && (!Number.isInteger(v) || v < 1 || v > 100)) {
      p.add(`${prop}.${key}`, v, 'is not a percentage', 'use a whole number from 1 to 100, such as 70');
    }
  }
  checkAutoscalingMetrics(p, auto, prop);
}

/** Every metric of `auto`, CPU first; CPU at the default target when no other target is given. */
function hpaMetrics(auto: AutoscalingProps): k8s.MetricSpecV2[] {
  const custom = customMetrics(auto);
  const cpu = auto.cpuUtilization ?? (auto.memoryUtilization === undefined && custom.length === 0 ? WEB_APP.hpaCpuUtilization : undefined);
  return [
    ...(cpu !== undefined ? [resourceMetric('cpu', cpu)] : []),
    ...(auto.memoryUtilization !== undefined ? [resourceMetric('memory', auto.memoryUtilization)] : []),
    ...custom.map(metricSpec),
  ];
}

/** Records every problem of the request-rate, queue-length and custom metrics of `auto`. */
function checkAutoscalingMetrics(p: Problems, auto: AutoscalingProps, prop: string): void {
  if (auto.requestsPerSecond !== undefined && !(typeof auto.requestsPerSecond === 'number' && auto.requestsPerSecond > 0)) {
    p.add(`${prop}.requestsPerSecond`, auto.requestsPerSecond, 'is not a positive number', 'give the requests per second one pod should serve, such as 50');
  }
  if (auto.requestsMetric !== undefined) checkMetricName(p, `${prop}.requestsMetric`, auto.requestsMetric, 'http_requests_per_second');
  if (auto.requestsMetric !== undefined && auto.requestsPerSecond === undefined) {
    p.add(`${prop}.requestsMetric`, auto.requestsMetric, 'is set without requestsPerSecond', 'set `requestsPerSecond`, the target per pod');
  }
  const queue = auto.queueLength;
  if (queue !== undefined) {
    checkMetricName(p, `${prop}.queueLength.name`, queue.name, 'rabbitmq_queue_messages_ready');
    checkLabels(p, `${prop}.queueLength.selector`, queue.selector);
    if (!(typeof queue.messagesPerPod === 'number' && queue.messagesPerPod > 0 && Number.isFinite(queue.messagesPerPod))) {
      p.add(`${prop}.queueLength.messagesPerPod`, queue.messagesPerPod, 'is not a positive number', 'give the waiting messages one pod should have, such as 30');
    }
  }
  (auto.metrics ?? []).forEach((m, i) => checkMetric(p, `${prop}.metrics[${i}]`, m));
}

function customMetrics(auto: AutoscalingProps): AutoscalingMetric[] {
  const rps: AutoscalingMetric[] = auto.requestsPerSecond === undefined ? [] : [{
    type: MetricType.PODS, name: auto.requestsMetric ?? WEB_APP.requestsMetric, averageValue: auto.requestsPerSecond,
  }];
  const queue: AutoscalingMetric[] = auto.queueLength === undefined ? [] : [{
    type: MetricType.EXTERNAL, name: auto.queueLength.name, selector: auto.queueLength.selector, averageValue: auto.queueLength.messagesPerPod,
  }];
  return [...rps, ...queue, ...auto.metrics ?? []];
}

function checkMetric(p: Problems, at: string, m: AutoscalingMetric): void {
  if (!Object.values(MetricType).includes(m?.type)) {
    p.add(`${at}.type`, m?.type, 'is not a metric type',
      'use MetricType.PODS ("Pods"), MetricType.OBJECT ("Object") or MetricType.EXTERNAL ("External"); CPU and memory are `cpuUtilization` and `memoryUtilization`');
    return;
  }
  checkMetricName(p, `${at}.name`, m.name, 'http_requests_per_second');
  for (const key of ['averageValue', 'value'] as const) {
    const v = m[key];
    if (v !== undefined && !(parseQuantity(typeof v === 'string' && !isQuantity(v) ? undefined : v) > 0)) {
      p.add(`${at}.${key}`, v, 'is not a positive quantity', 'use a number or a quantity such as 50 or "500m"');
    }
  }
  const targets = [m.averageValue, m.value].filter(v => v !== undefined).length;
  if (m.type === MetricType.PODS) {
    if (m.averageValue === undefined) p.add(`${at}.averageValue`, undefined, 'is required for a Pods metric', 'give the target per pod, such as 50');
    if (m.value !== undefined) p.add(`${at}.value`, m.value, 'is not allowed for a Pods metric', 'a Pods metric is averaged over the pods: use `averageValue`');
  } else if (targets !== 1) {
    p.add(at, m.name, `has ${targets === 0 ? 'no target' : 'two targets'}`, 'give exactly one of `value` (the metric as a whole) or `averageValue` (per pod)');
  }
  if (m.type === MetricType.OBJECT) {
    const o = m.describedObject;
    if (!o?.apiVersion || !o?.kind || !o?.name) {
      p.add(`${at}.describedObject`, o, 'is incomplete', 'name the object the metric describes: { apiVersion: "networking.k8s.io/v1", kind: "Ingress", name: "shop" }');
    }
  } else if (m.describedObject !== undefined) {
    p.add(`${at}.describedObject`, m.describedObject, `is not allowed for a ${m.type} metric`, 'leave it out, or use MetricType.OBJECT');
  }
}

function checkMetricName(p: Problems, prop: string, name: unknown, example: string): void {
  if (name === '') p.add(prop, name, 'is empty', `give the name the metrics adapter serves, such as "${example}"`);
  else if (!metricName(name)) p.add(prop, name, 'is not a metric name', `use the name the metrics adapter serves, such as "${example}"`);
}

function metricName(name: unknown): boolean {
  return typeof name === 'string' && /^[a-zA-Z_:][a-zA-Z0-9_:.|-]*$/.test(name);
}

function quantity(v: string | number): k8s.Quantity {
  return typeof v === 'number' ? k8s.Quantity.fromNumber(v) : k8s.Quantity.fromString(v);
}

function metricSpec(m: AutoscalingMetric): k8s.MetricSpecV2 {
  const metric = { name: m.name, selector: m.selector ? { matchLabels: { ...m.selector } } : undefined };
  const target: k8s.MetricTargetV2 = m.value !== undefined
    ? { type: 'Value', value: quantity(m.value) }
    : { type: 'AverageValue', averageValue: quantity(m.averageValue!) };
  switch (m.type) {
    case MetricType.PODS:
      return { type: 'Pods', pods: { metric, target } };
    case MetricType.OBJECT:
      return { type: 'Object', object: { metric, target, describedObject: { ...m.describedObject! } } };
    default:
      return { type: 'External', external: { metric, target } };
  }
}

function resourceMetric(name: string, averageUtilization: number): k8s.MetricSpecV2 {
  return { type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization } } };
}

/**
 * A Deployment's PodDisruptionBudget: whenever it can run two or more pods, and whenever an HPA owns the count
 * (scanners such as kube-score see no replicas and expect one); maxUnavailable 1 lets a drain evict the only pod of
 * a single-replica moment, so it never blocks. None at a fixed single replica.
 */
export function podDisruptionBudget(scope: Construct, id: string, metadata: ApiObjectMetadata, selector: { [key: string]: string },
  autoscaled: boolean, replicas: number): k8s.KubePodDisruptionBudget | undefined {
  if (!autoscaled && replicas < WEB_APP.pdbMinReplicas) return undefined;
  return new k8s.KubePodDisruptionBudget(scope, id, {
    metadata,
    spec: { maxUnavailable: k8s.IntOrString.fromNumber(WEB_APP.pdbMaxUnavailable), selector: { matchLabels: selector } },
  });
}
