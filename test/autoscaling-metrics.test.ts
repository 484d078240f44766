import { Testing } from 'cdk8s';
import { AutoscalingProps, Colour, MetricType, Release, WebApp } from '../src';
import { all, find, schemaProblems, synth, synthErrors } from './util';

const image = 'ghcr.io/acme/shop:1.4.2';

function hpaOf(autoscaling: AutoscalingProps) {
  const chart = Testing.chart();
  new WebApp(chart, 'web', { image, autoscaling });
  const objects = synth(chart);
  return { objects, hpa: find(objects, 'HorizontalPodAutoscaler', 'web') };
}

describe('autoscaling on custom and external metrics', () => {
  test('requestsPerSecond: a Pods metric averaged per pod, and no default CPU target beside it', () => {
    const { hpa } = hpaOf({ maxReplicas: 10, requestsPerSecond: 50 });
    expect(hpa.spec.metrics).toEqual([{
      type: 'Pods',
      pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: 50 } },
    }]);
  });

  test('a named request metric, CPU kept when asked for, Object and External metrics', () => {
    const { objects, hpa } = hpaOf({
      maxReplicas: 20,
      cpuUtilization: 80,
      requestsPerSecond: 50,
      requestsMetric: 'nginx_ingress_requests_per_second',
      metrics: [
        { type: MetricType.OBJECT, name: 'requests_per_second', value: '2k', describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'web' } },
        { type: MetricType.EXTERNAL, name: 'sqs_messages_visible', selector: { queue: 'orders' }, averageValue: 30 },
      ],
    });
    expect(hpa.spec.metrics.map((m: any) => m.type)).toEqual(['Resource', 'Pods', 'Object', 'External']);
    expect(hpa.spec.metrics[1].pods.metric.name).toBe('nginx_ingress_requests_per_second');
    expect(hpa.spec.metrics[2].object).toEqual({
      metric: { name: 'requests_per_second' },
      target: { type: 'Value', value: '2k' },
      describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'web' },
    });
    expect(hpa.spec.metrics[3].external).toEqual({
      metric: { name: 'sqs_messages_visible', selector: { matchLabels: { queue: 'orders' } } },
      target: { type: 'AverageValue', averageValue: 30 },
    });
    expect(hpa.spec).toMatchSnapshot();
    expect(schemaProblems(objects)).toEqual({});
  });

  test('without custom metrics the CPU default is unchanged', () => {
    expect(hpaOf({ maxReplicas: 4 }).hpa.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
    ]);
  });

  test('every HPA of a blue-green pair scales on the same metrics', () => {
    const chart = Testing.chart();
    new WebApp(chart, 'web', {
      image,
      autoscaling: { maxReplicas: 6, requestsPerSecond: 40 },
      release: Release.blueGreen({ active: Colour.BLUE, blueImage: image, greenImage: 'ghcr.io/acme/shop:1.5.0' }),
    });
    const hpas = all(synth(chart), 'HorizontalPodAutoscaler');
    expect(hpas).toHaveLength(2);
    for (const hpa of hpas) expect(hpa.spec.metrics[0].pods.target.averageValue).toBe(40);
  });
});

describe('bad input', () => {
  const bad = (m: any) => ({ maxReplicas: 5, metrics: [m] });
  test.each<[string, AutoscalingProps, string]>([
    ['unknown metric type', bad({ type: 'Resource', name: 'cpu', averageValue: 1 }), 'autoscaling.metrics[0].type "Resource" is not a metric type: use MetricType.PODS'],
    ['Pods metric without averageValue', bad({ type: MetricType.PODS, name: 'x' }), 'autoscaling.metrics[0].averageValue undefined is required for a Pods metric'],
    ['Pods metric with a value', bad({ type: MetricType.PODS, name: 'x', averageValue: 1, value: 2 }), 'autoscaling.metrics[0].value 2 is not allowed for a Pods metric'],
    ['External metric with no target', bad({ type: MetricType.EXTERNAL, name: 'q' }), 'autoscaling.metrics[0] "q" has no target: give exactly one of `value`'],
    ['Object metric without its object', bad({ type: MetricType.OBJECT, name: 'rps', value: 10 }), 'autoscaling.metrics[0].describedObject undefined is incomplete'],
    ['External metric with an object', bad({ type: MetricType.EXTERNAL, name: 'q', value: 1, describedObject: { apiVersion: 'v1', kind: 'Service', name: 's' } }),
      'autoscaling.metrics[0].describedObject {"apiVersion":"v1","kind":"Service","name":"s"} is not allowed for a External metric'],
    ['not a quantity', bad({ type: MetricType.EXTERNAL, name: 'q', value: 'lots' }), 'autoscaling.metrics[0].value "lots" is not a positive quantity'],
    ['empty metric name', bad({ type: MetricType.PODS, name: '', averageValue: 1 }), 'autoscaling.metrics[0].name "" is empty: give the name the metrics adapter serves'],
    ['a metric name that is not one', bad({ type: MetricType.PODS, name: 'requests/s', averageValue: 1 }), 'autoscaling.metrics[0].name "requests/s" is not a metric name'],
    ['zero requests per second', { maxReplicas: 5, requestsPerSecond: 0 }, 'autoscaling.requestsPerSecond 0 is not a positive number'],
    ['scale to zero (the same check as a Worker)', { minReplicas: 0, maxReplicas: 5, requestsPerSecond: 10 },
      'autoscaling.minReplicas 0 cannot scale to zero: a HorizontalPodAutoscaler accepts minReplicas 0 only with the alpha HPAScaleToZero feature gate'],
    ['request metric without a target', { maxReplicas: 5, requestsMetric: 'rps' }, 'autoscaling.requestsMetric "rps" is set without requestsPerSecond'],
  ])('%s', (_what, autoscaling, message) => {
    const chart = Testing.chart();
    new WebApp(chart, 'web', { image, autoscaling });
    expect(synthErrors(chart)).toContain(`[test/web] ${message}`);
  });
});
