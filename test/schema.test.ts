import { isKnownCustomKind, isKnownKind, validateSchema } from '../src/policy/schema';

// Strict schema: core kinds against the 1.28 definitions, the CRD kinds of
// imports/ against their own openAPIV3Schema, both refusing unknown fields.

const rollout = (spec: any = {}, metadata: any = { name: 'web' }) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata,
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'web:1.0', resources: { limits: { cpu: 1, memory: '1Gi' } } }] } },
    strategy: { canary: { maxSurge: '25%', maxUnavailable: 0, steps: [{ setWeight: 20 }, { pause: {} }] } },
    ...spec,
  },
});

const serviceMonitor = (endpoint: any) => ({
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'ServiceMonitor',
  metadata: { name: 'web' },
  spec: { selector: { matchLabels: { app: 'web' } }, endpoints: [endpoint] },
});

test('knows core and custom kinds apart', () => {
  expect(isKnownKind('apps/v1', 'Deployment')).toBe(true);
  expect(isKnownKind('argoproj.io/v1alpha1', 'Rollout')).toBe(false);
  expect(['Rollout', 'AnalysisTemplate', 'AnalysisRun'].map(k => isKnownCustomKind('argoproj.io/v1alpha1', k))).toEqual([true, true, true]);
  expect(['ServiceMonitor', 'PodMonitor', 'PrometheusRule'].map(k => isKnownCustomKind('monitoring.coreos.com/v1', k))).toEqual([true, true, true]);
  expect(validateSchema({ apiVersion: 'example.com/v1', kind: 'Widget' })).toBeUndefined();
});

test('a valid Rollout passes (int-or-string fields take both)', () => {
  expect(validateSchema(rollout())).toEqual([]);
});

test('unknown fields in a custom resource are errors, at any depth', () => {
  expect(validateSchema(serviceMonitor({ port: 'http', intervall: '30s' }))).toEqual(['spec.endpoints[0]: unknown field "intervall"']);
  expect(validateSchema(rollout({ strategy: { canary: { stepz: [] } } }))).toEqual(['spec.strategy.canary: unknown field "stepz"']);
});

test('types from the CRD are enforced', () => {
  expect(validateSchema(rollout({ replicas: 'three' }))).toEqual(['spec.replicas: must be integer']);
});

test('metadata of a custom resource is checked as an ObjectMeta', () => {
  expect(validateSchema(rollout({}, { name: 'web', labelz: {} }))).toEqual(['metadata: unknown field "labelz"']);
});

test('fields the CRD leaves open (x-kubernetes-preserve-unknown-fields) stay open', () => {
  const r = rollout();
  r.spec.strategy.canary.steps.push({ plugin: { name: 'acme/step', config: { anything: { goes: true } } } } as any);
  expect(validateSchema(r)).toEqual([]);
});
