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
  expect(isKnownCustomKind('snapshot.storage.k8s.io/v1', 'VolumeSnapshot')).toBe(true);
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

describe('formats of the 1.28 definitions are enforced', () => {
  const deployment = (replicas: unknown, cpu: unknown) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'web:1.0', resources: { limits: { cpu } } }] } },
    },
  });

  test.each([0, 2147483647, -2147483648])('int32 %d is accepted', n => {
    expect(validateSchema(deployment(n, '1'))).toEqual([]);
  });

  test.each([2147483648, -2147483649])('int32 %d is out of range', n => {
    expect(validateSchema(deployment(n, '1'))).toEqual([`spec.replicas: ${n} is not an integer from -2147483648 to 2147483647`]);
  });

  test('int64 range: activeDeadlineSeconds', () => {
    const job = (s: number) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { activeDeadlineSeconds: s, template: { spec: { containers: [] } } } });
    expect(validateSchema(job(2 ** 40))).toEqual([]);
    expect(validateSchema(job(1e20))).toEqual(['spec.activeDeadlineSeconds: 100000000000000000000 is not an integer from -9223372036854775808 to 9223372036854775807']);
  });

  test.each(['1', '500m', '0.5', '.5', '1.', '128Mi', '1Gi', '2k', '1e3', '1E-2', '+1', '-1', '100n', '1u', '1Ei', 1, 0.25])('quantity %j is accepted', q => {
    expect(validateSchema(deployment(1, q))).toEqual([]);
  });

  test.each(['1x', '1K', '1KB', '1 Gi', '', 'one', '1.2.3', '1mi', 'Mi', '1e'])('quantity %j is refused', q => {
    expect(validateSchema(deployment(1, q))).toEqual([
      `spec.template.spec.containers[0].resources.limits.cpu: ${JSON.stringify(q)} is not a Kubernetes quantity such as "500m", "1.5", "128Mi" or "1e3"`,
    ]);
  });

  test('a quantity that is neither string nor number is a type error', () => {
    expect(validateSchema(deployment(1, true))).toEqual(['spec.template.spec.containers[0].resources.limits.cpu: must be string,number']);
  });

  test('byte: Secret data must be standard padded base64 (line breaks allowed, as Go decodes)', () => {
    const secret = (v: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { key: v } });
    for (const ok of ['', 'aGk=', 'aGVsbG8=', 'aGVsbG8hIQ==', 'aGVs\nbG8=', 'a+/9']) expect(validateSchema(secret(ok))).toEqual([]);
    expect(validateSchema(secret('hello'))).toEqual(['data.key: "hello" is not base64 (standard alphabet, padded with "=")']);
    expect(validateSchema(secret('aGk'))).toHaveLength(1);
    expect(validateSchema(secret('a-_9'))).toHaveLength(1);
  });

  test('formats hold in CRD schemas too (int32 in a Rollout)', () => {
    expect(validateSchema(rollout({ replicas: 2 ** 31 }))).toEqual(['spec.replicas: 2147483648 is not an integer from -2147483648 to 2147483647']);
  });
});
