import { k8s } from 'cdk8s-plus-28';
import { WEB_APP } from './defaults';
import { isQuantity, parseQuantity } from './facts/quantity';
import { Problems } from './validate';
import { AutoscalingMetric, AutoscalingProps, MetricType } from '../core/types';

// The metrics of a HorizontalPodAutoscaler (autoscaling/v2): CPU and memory utilisation,
// request rate per pod, and custom or external metrics, checked and rendered in one place.

/** Every metric of `auto`, CPU first; CPU at the default target when no other target is given. */
export function hpaMetrics(auto: AutoscalingProps): k8s.MetricSpecV2[] {
  const custom = customMetrics(auto);
  const cpu = auto.cpuUtilization ?? (auto.memoryUtilization === undefined && custom.length === 0 ? WEB_APP.hpaCpuUtilization : undefined);
  return [
    ...(cpu !== undefined ? [resourceMetric('cpu', cpu)] : []),
    ...(auto.memoryUtilization !== undefined ? [resourceMetric('memory', auto.memoryUtilization)] : []),
    ...custom.map(metricSpec),
  ];
}

/** Records every problem of the request-rate and custom metrics of `auto`. */
export function checkAutoscalingMetrics(p: Problems, auto: AutoscalingProps): void {
  if (auto.requestsPerSecond !== undefined && !(typeof auto.requestsPerSecond === 'number' && auto.requestsPerSecond > 0)) {
    p.add('autoscaling.requestsPerSecond', auto.requestsPerSecond, 'is not a positive number', 'give the requests per second one pod should serve, such as 50');
  }
  if (auto.requestsMetric !== undefined && !metricName(auto.requestsMetric)) {
    p.add('autoscaling.requestsMetric', auto.requestsMetric, 'is not a metric name', 'use the name the metrics adapter serves, such as "http_requests_per_second"');
  }
  if (auto.requestsMetric !== undefined && auto.requestsPerSecond === undefined) {
    p.add('autoscaling.requestsMetric', auto.requestsMetric, 'is set without requestsPerSecond', 'set `requestsPerSecond`, the target per pod');
  }
  (auto.metrics ?? []).forEach((m, i) => checkMetric(p, `autoscaling.metrics[${i}]`, m));
}

function customMetrics(auto: AutoscalingProps): AutoscalingMetric[] {
  const rps: AutoscalingMetric[] = auto.requestsPerSecond === undefined ? [] : [{
    type: MetricType.PODS, name: auto.requestsMetric ?? WEB_APP.requestsMetric, averageValue: auto.requestsPerSecond,
  }];
  return [...rps, ...auto.metrics ?? []];
}

function checkMetric(p: Problems, at: string, m: AutoscalingMetric): void {
  if (!Object.values(MetricType).includes(m?.type)) {
    p.add(`${at}.type`, m?.type, 'is not a metric type',
      'use MetricType.PODS ("Pods"), MetricType.OBJECT ("Object") or MetricType.EXTERNAL ("External"); CPU and memory are `cpuUtilization` and `memoryUtilization`');
    return;
  }
  if (!metricName(m.name)) p.add(`${at}.name`, m.name, 'is not a metric name', 'use the name the metrics adapter serves, such as "http_requests_per_second"');
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
