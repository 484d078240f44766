import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import { Duration, Testing } from 'cdk8s';
import { PercentOrAbsolute } from 'cdk8s-plus-28';
import { parse } from 'yaml';
import { CanaryStep, Colour, IngressScope, Platform, Probe, Release, ReleaseEngine, ReleaseStrategy, WebApp, WebAppProps } from '../src';
import { all, find, schemaProblems, synth, synthErrors } from './util';

const v141 = 'ghcr.io/acme/storefront:1.4.1';
const v142 = 'ghcr.io/acme/storefront:1.4.2';
const colour = 'cdk8s-patterns.io/colour';
const track = 'cdk8s-patterns.io/track';
const analysis = {
  prometheusAddress: 'http://prometheus-operated.monitoring.svc:9090',
  query: 'sum(rate(http_requests_total{service="storefront-canary",code!~"5.."}[2m])) / sum(rate(http_requests_total{service="storefront-canary"}[2m]))',
  successCondition: 'result[0] >= 0.99',
};

function web(props: Partial<WebAppProps> = {}) {
  const chart = Testing.chart();
  const app = new WebApp(chart, 'storefront', { image: v141, ...props });
  return { chart, app, objects: () => synth(chart) };
}

const blueGreen = (active: Colour, more: object = {}) => Release.blueGreen({ active, blueImage: v141, greenImage: v142, ...more });

/** True when a Service or PDB selector picks a pod with these labels. */
function selects(selector: { [key: string]: string }, podLabels: { [key: string]: string }): boolean {
  return Object.entries(selector).every(([k, v]) => podLabels[k] === v);
}

/** Names of the Deployments whose pods `selector` picks. */
function selectedDeployments(objects: any[], selector: { [key: string]: string }): string[] {
  return all(objects, 'Deployment').filter(d => selects(selector, d.spec.template.metadata.labels)).map(d => d.metadata.name);
}

/** Every leaf that differs between two synths, as "Kind/name path". */
function diff(before: any[], after: any[]): string[] {
  const key = (o: any) => `${o.kind}/${o.metadata.name}`;
  const out: string[] = [];
  const walk = (k: string, p: string, a: any, b: any) => {
    if (a && b && typeof a === 'object' && typeof b === 'object') {
      for (const f of new Set([...Object.keys(a), ...Object.keys(b)])) walk(k, p ? `${p}.${f}` : f, a[f], b[f]);
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      out.push(`${k} ${p}`);
    }
  };
  const byKey = (os: any[]) => new Map(os.map(o => [key(o), o]));
  const a = byKey(before);
  const b = byKey(after);
  for (const k of new Set([...a.keys(), ...b.keys()])) walk(k, '', a.get(k), b.get(k));
  return out.sort();
}

// The Argo Rollouts CRDs (v1.9.1) this library's imports/ were generated from (crds/ in the repository).
const CRDS = path.resolve(__dirname, '..', 'crds');
const crdValidators = new Map<string, ValidateFunction>();

/** Problems of a custom object against its CRD's openAPIV3Schema, made strict: unknown fields are errors (the API server would silently prune them). */
function crdProblems(obj: any): string[] {
  const file = { Rollout: 'argo-rollouts-rollout-crd.yaml', AnalysisTemplate: 'argo-rollouts-analysis-template-crd.yaml' }[obj.kind as string];
  if (!file) throw new Error(`no CRD for ${obj.kind}`);
  let validate = crdValidators.get(obj.kind);
  if (!validate) {
    const crd = parse(fs.readFileSync(path.join(CRDS, file), 'utf8'));
    const version = crd.spec.versions.find((v: any) => `${crd.spec.group}/${v.name}` === obj.apiVersion);
    const schema = version.schema.openAPIV3Schema;
    strictify(schema);
    validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
    crdValidators.set(obj.kind, validate);
  }
  if (validate(obj)) return [];
  return (validate.errors ?? []).map(e => `${e.instancePath || '(root)'}: ${e.keyword === 'additionalProperties' ? `unknown field "${(e.params as any).additionalProperty}"` : e.message}`);
}

function strictify(node: any): void {
  if (Array.isArray(node)) return node.forEach(strictify);
  if (!node || typeof node !== 'object' || node['x-kubernetes-preserve-unknown-fields'] === true) return;
  if (node.properties && node.additionalProperties === undefined) node.additionalProperties = false;
  if (node['x-kubernetes-int-or-string'] === true && !node.type && !node.anyOf) node.anyOf = [{ type: 'integer' }, { type: 'string' }];
  Object.values(node).forEach(strictify);
}

describe('snapshots: one per strategy and engine', () => {
  test.each<[string, Release]>([
    ['rolling (custom budget)', Release.rolling({ maxSurge: PercentOrAbsolute.absolute(1), maxUnavailable: PercentOrAbsolute.absolute(0) })],
    ['recreate', Release.recreate()],
    ['blue-green, native', blueGreen(Colour.BLUE, { idleReplicas: 1 })],
    ['blue-green, Argo Rollouts', blueGreen(Colour.GREEN, { engine: ReleaseEngine.ARGO_ROLLOUTS, autoPromotion: true, scaleDownDelay: Duration.minutes(2) })],
    ['canary, native', Release.canary({ canaryImage: v142, canaryReplicas: 1 })],
    ['canary, Argo Rollouts with analysis', Release.canary({
      canaryImage: v142,
      engine: ReleaseEngine.ARGO_ROLLOUTS,
      analysis: { ...analysis, startingStep: 1 },
      steps: [CanaryStep.setWeight(10), CanaryStep.pause(Duration.minutes(2)), CanaryStep.setWeight(40), CanaryStep.pause()],
    })],
  ])('%s', (_what, release) => {
    expect(web({ release, replicas: 4 }).objects()).toMatchSnapshot();
  });
});

describe('rolling and recreate', () => {
  test('the default is the rolling update of the production defaults', () => {
    const implicit = web().objects();
    expect(web({ release: Release.rolling() }).objects()).toEqual(implicit);
    expect(find(implicit, 'Deployment', 'storefront').spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
    expect(web().app.release.strategy).toBe(ReleaseStrategy.ROLLING);
  });

  test('surge and unavailability are configurable, as counts or percentages', () => {
    const release = Release.rolling({ maxSurge: PercentOrAbsolute.absolute(0), maxUnavailable: PercentOrAbsolute.percent(50) });
    const objects = web({ release }).objects();
    expect(find(objects, 'Deployment', 'storefront').spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '50%' } });
  });

  test('recreate stops the old pods first and keeps the rollback history', () => {
    const deployment = find(web({ release: Release.recreate() }).objects(), 'Deployment', 'storefront');
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    expect(deployment.spec.revisionHistoryLimit).toBe(10);
  });
});

describe('blue-green, native', () => {
  test('two colour Deployments with their own instance, colour, image and version; no plain Deployment', () => {
    const objects = web({ release: blueGreen(Colour.BLUE) }).objects();
    expect(all(objects, 'Deployment').map(d => d.metadata.name)).toEqual(['storefront-blue', 'storefront-green']);
    for (const [name, c, image, version] of [['storefront-blue', 'blue', v141, '1.4.1'], ['storefront-green', 'green', v142, '1.4.2']]) {
      const d = find(objects, 'Deployment', name);
      expect(d.metadata.labels).toMatchObject({ 'app.kubernetes.io/instance': name, 'app.kubernetes.io/version': version, [colour]: c });
      expect(d.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'storefront', 'app.kubernetes.io/instance': name });
      expect(d.spec.template.metadata.labels).toMatchObject({ 'app.kubernetes.io/instance': name, 'app.kubernetes.io/version': version, [colour]: c });
      expect(d.spec.template.spec.containers[0].image).toBe(image);
      expect(d.spec.revisionHistoryLimit).toBe(10);
      // spread and anti-affinity count this colour's pods, not the other's
      expect(d.spec.template.spec.topologySpreadConstraints[0].labelSelector.matchLabels).toEqual(d.spec.selector.matchLabels);
    }
  });

  test.each([Colour.BLUE, Colour.GREEN])('active %s: the main Service selects exactly that colour, the preview Service exactly the other', active => {
    const idle = active === Colour.BLUE ? 'green' : 'blue';
    const objects = web({ release: blueGreen(active) }).objects();
    const main = find(objects, 'Service', 'storefront').spec.selector;
    const preview = find(objects, 'Service', 'storefront-preview').spec.selector;
    expect(selectedDeployments(objects, main)).toEqual([`storefront-${active}`]);
    expect(selectedDeployments(objects, preview)).toEqual([`storefront-${idle}`]);
    expect(main).toEqual({ 'app.kubernetes.io/name': 'storefront', [colour]: active });
  });

  test('the idle colour keeps full size by default and can be scaled down', () => {
    const full = web({ release: blueGreen(Colour.GREEN), replicas: 3 }).objects();
    expect(all(full, 'Deployment').map(d => [d.metadata.name, d.spec.replicas])).toEqual([['storefront-blue', 3], ['storefront-green', 3]]);
    const scaled = web({ release: blueGreen(Colour.GREEN, { idleReplicas: 0 }), replicas: 3 }).objects();
    expect(all(scaled, 'Deployment').map(d => [d.metadata.name, d.spec.replicas])).toEqual([['storefront-blue', 0], ['storefront-green', 3]]);
  });

  test('promotion changes only the Service selectors', () => {
    const blue = web({ release: blueGreen(Colour.BLUE) }).objects();
    const green = web({ release: blueGreen(Colour.GREEN) }).objects();
    expect(diff(blue, green)).toEqual([
      `Service/storefront spec.selector.${colour}`,
      `Service/storefront-preview spec.selector.${colour}`,
    ]);
  });

  test('promotion with a scaled-down idle colour also changes only the two scales', () => {
    const blue = web({ release: blueGreen(Colour.BLUE, { idleReplicas: 0 }) }).objects();
    const green = web({ release: blueGreen(Colour.GREEN, { idleReplicas: 0 }) }).objects();
    expect(diff(blue, green)).toEqual([
      'Deployment/storefront-blue spec.replicas',
      'Deployment/storefront-green spec.replicas',
      `Service/storefront spec.selector.${colour}`,
      `Service/storefront-preview spec.selector.${colour}`,
    ]);
  });

  test('a new version goes to the idle colour only', () => {
    const before = web({ release: Release.blueGreen({ active: Colour.BLUE, blueImage: v141, greenImage: v141 }) }).objects();
    const after = web({ release: Release.blueGreen({ active: Colour.BLUE, blueImage: v141, greenImage: v142 }) }).objects();
    expect(diff(before, after).every(d => d.startsWith('Deployment/storefront-green '))).toBe(true);
    expect(diff(before, after)).toContain('Deployment/storefront-green spec.template.spec.containers.0.image');
  });

  test('each colour has its own PDB and HPA, targeting that colour only', () => {
    const objects = web({ release: blueGreen(Colour.BLUE), autoscaling: { minReplicas: 2, maxReplicas: 6 } }).objects();
    for (const name of ['storefront-blue', 'storefront-green']) {
      const pdb = find(objects, 'PodDisruptionBudget', name);
      expect(selectedDeployments(objects, pdb.spec.selector.matchLabels)).toEqual([name]);
      expect(find(objects, 'HorizontalPodAutoscaler', name).spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
      expect(find(objects, 'Deployment', name).spec.replicas).toBeUndefined();
    }
    expect(all(objects, 'PodDisruptionBudget')).toHaveLength(2);
    expect(all(objects, 'HorizontalPodAutoscaler')).toHaveLength(2);
  });

  test('typed fields point at the serving objects', () => {
    const { app } = web({ release: blueGreen(Colour.GREEN) });
    expect(app.deployment!.name).toBe('storefront-green');
    expect(app.deployments.map(d => d.name)).toEqual(['storefront-blue', 'storefront-green']);
    expect(app.pdb!.name).toBe('storefront-green');
    expect(app.previewService!.name).toBe('storefront-preview');
    expect(app.rollout).toBeUndefined();
  });

  test('the organisation registry applies to the colour images as it does to `image`', () => {
    const chart = Testing.chart();
    Platform.configure(chart, { defaults: { imageRegistry: 'registry.example.com' } });
    new WebApp(chart, 'storefront', { image: 'acme/storefront:1.4.1', release: Release.blueGreen({ active: Colour.BLUE, blueImage: 'acme/storefront:1.4.1', greenImage: 'acme/storefront:1.4.2' }) });
    const objects = synth(chart);
    expect(all(objects, 'Deployment').map(d => d.spec.template.spec.containers[0].image)).toEqual([
      'registry.example.com/acme/storefront:1.4.1', 'registry.example.com/acme/storefront:1.4.2',
    ]);
    expect(find(objects, 'Deployment', 'storefront-green').metadata.labels['app.kubernetes.io/version']).toBe('1.4.2');
  });

  test('the NetworkPolicy and peers cover both colours', () => {
    const chart = Testing.chart();
    const api = new WebApp(chart, 'api', { image: v141, ingressScope: IngressScope.PEERS, release: Release.blueGreen({ active: Colour.BLUE, blueImage: v141, greenImage: v142 }) });
    const front = new WebApp(chart, 'front', { image: v141 });
    front.connectsTo(api);
    const objects = synth(chart);
    const podSelector = find(objects, 'NetworkPolicy', 'api').spec.podSelector.matchLabels;
    expect(selectedDeployments(objects, podSelector)).toEqual(['api-blue', 'api-green']);
  });
});

describe('canary, native', () => {
  const objects = web({ release: Release.canary({ canaryImage: v142 }), replicas: 4 }).objects();

  test('the stable Deployment is exactly the rolling one, so starting a canary restarts nothing', () => {
    const rolling = web({ replicas: 4 }).objects();
    expect(find(objects, 'Deployment', 'storefront')).toEqual(find(rolling, 'Deployment', 'storefront'));
    expect(find(objects, 'PodDisruptionBudget', 'storefront')).toEqual(find(rolling, 'PodDisruptionBudget', 'storefront'));
  });

  test('one canary pod of the new version with its own instance and track', () => {
    const c = find(objects, 'Deployment', 'storefront-canary');
    expect(c.spec.replicas).toBe(1);
    expect(c.spec.template.spec.containers[0].image).toBe(v142);
    expect(c.spec.template.metadata.labels).toMatchObject({ 'app.kubernetes.io/instance': 'storefront-canary', 'app.kubernetes.io/version': '1.4.2', [track]: 'canary' });
    expect(c.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'storefront', 'app.kubernetes.io/instance': 'storefront-canary' });
  });

  test('the main Service spans stable and canary (1 in 5 pods); the canary Service only the canary', () => {
    expect(selectedDeployments(objects, find(objects, 'Service', 'storefront').spec.selector)).toEqual(['storefront', 'storefront-canary']);
    expect(selectedDeployments(objects, find(objects, 'Service', 'storefront-canary').spec.selector)).toEqual(['storefront-canary']);
    expect(find(objects, 'Service', 'storefront-canary').spec.type).toBe('ClusterIP');
  });

  test('a one-pod canary has no PDB; the HPA scales the stable track only', () => {
    expect(all(objects, 'PodDisruptionBudget').map(p => p.metadata.name)).toEqual(['storefront']);
    const auto = web({ release: Release.canary({ canaryImage: v142, canaryReplicas: 2 }), autoscaling: { maxReplicas: 8 } }).objects();
    expect(all(auto, 'HorizontalPodAutoscaler').map(h => h.spec.scaleTargetRef)).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'storefront' }]);
    expect(find(auto, 'Deployment', 'storefront-canary').spec.replicas).toBe(2);
    expect(selectedDeployments(auto, find(auto, 'PodDisruptionBudget', 'storefront-canary').spec.selector.matchLabels)).toEqual(['storefront-canary']);
  });

  test('stable image can differ from the WebApp image; 0 canary pods pauses the canary', () => {
    const o = web({ release: Release.canary({ canaryImage: v142, stableImage: 'ghcr.io/acme/storefront:1.4.0', canaryReplicas: 0 }) }).objects();
    expect(find(o, 'Deployment', 'storefront').spec.template.spec.containers[0].image).toBe('ghcr.io/acme/storefront:1.4.0');
    expect(find(o, 'Deployment', 'storefront').spec.template.metadata.labels['app.kubernetes.io/version']).toBe('1.4.0');
    expect(find(o, 'Deployment', 'storefront-canary').spec.replicas).toBe(0);
  });
});

describe('Argo Rollouts', () => {
  const bg = web({ release: blueGreen(Colour.GREEN, { engine: ReleaseEngine.ARGO_ROLLOUTS }), autoscaling: { minReplicas: 3, maxReplicas: 9 } });
  const bgObjects = bg.objects();
  const rollout = find(bgObjects, 'Rollout', 'storefront');

  test('a Rollout replaces the Deployments', () => {
    expect(all(bgObjects, 'Deployment')).toHaveLength(0);
    expect(rollout.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(bg.app.deployment).toBeUndefined();
    expect(bg.app.rollout!.name).toBe('storefront');
    expect(rollout.spec).toMatchObject({ revisionHistoryLimit: 10, progressDeadlineSeconds: 600, minReadySeconds: 5 });
    expect(rollout.spec.replicas).toBeUndefined();
  });

  test('blue-green: active and preview Services, manual promotion, 30s scale-down delay by default', () => {
    expect(rollout.spec.strategy).toEqual({
      blueGreen: { activeService: 'storefront', previewService: 'storefront-preview', autoPromotionEnabled: false, scaleDownDelaySeconds: 30 },
    });
    for (const name of ['storefront', 'storefront-preview']) {
      expect(find(bgObjects, 'Service', name).spec.selector).toEqual(rollout.spec.selector.matchLabels);
    }
  });

  test('the Rollout runs the restricted pod template of the Deployment, with the active colour\'s image', () => {
    const rolling = find(web({ image: v142, autoscaling: { minReplicas: 3, maxReplicas: 9 } }).objects(), 'Deployment', 'storefront');
    expect(rollout.spec.template).toEqual(rolling.spec.template);
    expect(rollout.spec.template.spec.containers[0].resources.limits).toEqual({ 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '512Mi' });
  });

  test('the HPA scales the Rollout and the PDB selects its pods', () => {
    expect(find(bgObjects, 'HorizontalPodAutoscaler', 'storefront').spec.scaleTargetRef).toEqual({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'storefront' });
    expect(find(bgObjects, 'PodDisruptionBudget', 'storefront').spec.selector.matchLabels).toEqual(rollout.spec.selector.matchLabels);
    expect(selects(rollout.spec.selector.matchLabels, rollout.spec.template.metadata.labels)).toBe(true);
  });

  test('canary: default steps, the canary Service, no stable Service (traffic by pod ratio)', () => {
    const objects = web({ release: Release.canary({ canaryImage: v142, engine: ReleaseEngine.ARGO_ROLLOUTS }) }).objects();
    const canary = find(objects, 'Rollout', 'storefront').spec.strategy.canary;
    expect(canary).toEqual({
      canaryService: 'storefront-canary',
      maxSurge: '25%',
      maxUnavailable: 0,
      steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 50 }, { pause: { duration: '5m' } }],
    });
    expect(find(objects, 'Rollout', 'storefront').spec.template.spec.containers[0].image).toBe(v142);
    expect(find(objects, 'Service', 'storefront-canary')).toBeDefined();
    expect(all(objects, 'AnalysisTemplate')).toHaveLength(0);
  });

  test('canary analysis: an AnalysisTemplate on the Prometheus query, run in the background', () => {
    const release = Release.canary({
      canaryImage: v142, engine: ReleaseEngine.ARGO_ROLLOUTS, analysis: { ...analysis, interval: Duration.seconds(30), failureLimit: 2 },
    });
    const { app, objects } = web({ release });
    const o = objects();
    const template = find(o, 'AnalysisTemplate', 'storefront');
    expect(template.spec.metrics).toEqual([{
      name: 'health',
      interval: '30s',
      failureLimit: 2,
      successCondition: 'result[0] >= 0.99',
      provider: { prometheus: { address: analysis.prometheusAddress, query: analysis.query } },
    }]);
    expect(find(o, 'Rollout', 'storefront').spec.strategy.canary.analysis).toEqual({ templates: [{ templateName: 'storefront' }] });
    expect(app.analysisTemplate!.name).toBe('storefront');
  });

  test('Rollouts and AnalysisTemplates validate against their CRD schemas', () => {
    const objects = [
      ...bgObjects,
      ...web({
        release: blueGreen(Colour.BLUE, { engine: ReleaseEngine.ARGO_ROLLOUTS, autoPromotion: true, scaleDownDelay: Duration.minutes(1) }),
        replicas: 3,
      }).objects(),
      ...web({
        release: Release.canary({
          canaryImage: v142,
          engine: ReleaseEngine.ARGO_ROLLOUTS,
          analysis: { ...analysis, startingStep: 2 },
          steps: [CanaryStep.setWeight(5), CanaryStep.pause(Duration.seconds(90)), CanaryStep.setWeight(100)],
        }),
        configFiles: { 'app.yaml': 'a: 1' },
        slowStart: Duration.minutes(1),
        metrics: { port: 9090 },
      }).objects(),
    ];
    const custom = objects.filter(o => o.apiVersion === 'argoproj.io/v1alpha1');
    expect(custom.map(o => o.kind).sort()).toEqual(['AnalysisTemplate', 'Rollout', 'Rollout', 'Rollout']);
    expect(Object.fromEntries(custom.map(o => [`${o.kind}/${o.metadata.name}`, crdProblems(o)]))).toEqual({
      'AnalysisTemplate/storefront': [], 'Rollout/storefront': [],
    });
    for (const o of custom) expect(crdProblems(o)).toEqual([]);
    // and through the library's own validator, which also checks metadata as an ObjectMeta
    expect(schemaProblems(custom)).toEqual({});
  });

  test('the CRD check catches an unknown field', () => {
    const bad = JSON.parse(JSON.stringify(rollout));
    bad.spec.strategy.blueGreen.activeServise = 'storefront';
    expect(crdProblems(bad)).toContain('/spec/strategy/blueGreen: unknown field "activeServise"');
    expect(schemaProblems([bad])['Rollout/storefront']).toContain('spec.strategy.blueGreen: unknown field "activeServise"');
  });
});

describe('schema', () => {
  test('every core object of every strategy validates against the strict 1.28 schema', () => {
    const chart = Testing.chart();
    const releases: Release[] = [
      Release.rolling({ maxSurge: PercentOrAbsolute.percent(50), maxUnavailable: PercentOrAbsolute.absolute(1) }),
      Release.recreate(),
      blueGreen(Colour.BLUE, { idleReplicas: 0 }),
      blueGreen(Colour.GREEN, { engine: ReleaseEngine.ARGO_ROLLOUTS }),
      Release.canary({ canaryImage: v142, canaryReplicas: 2 }),
      Release.canary({ canaryImage: v142, engine: ReleaseEngine.ARGO_ROLLOUTS, analysis }),
    ];
    releases.forEach((release, i) => new WebApp(chart, `app${i}`, { image: v141, release, serviceType: 'NodePort', serviceTypeReason: 'the edge load balancer targets node ports', metrics: { port: 9090 } }));
    [blueGreen(Colour.BLUE), ...releases.slice(3)].forEach((release, i) => new WebApp(chart, `auto${i}`, { image: v141, release, autoscaling: { maxReplicas: 5 } }));
    const objects = synth(chart);
    expect(objects.length).toBeGreaterThan(40);
    expect(schemaProblems(objects.filter(o => o.apiVersion !== 'argoproj.io/v1alpha1'))).toEqual({});
  });

  test('preview and canary Services are ClusterIP even when the main one is a NodePort', () => {
    const objects = web({ release: blueGreen(Colour.BLUE), serviceType: 'NodePort', serviceTypeReason: 'the edge load balancer targets node ports' }).objects();
    expect(find(objects, 'Service', 'storefront').spec.type).toBe('NodePort');
    expect(find(objects, 'Service', 'storefront-preview').spec.type).toBe('ClusterIP');
  });

  test('labels: instance equals metadata.name on every object of a release', () => {
    for (const release of [blueGreen(Colour.BLUE), Release.canary({ canaryImage: v142, canaryReplicas: 2 })]) {
      for (const o of web({ release }).objects()) expect(o.metadata.labels['app.kubernetes.io/instance']).toBe(o.metadata.name);
    }
  });
});

describe('bad input', () => {
  test.each<[string, Release, string, Partial<WebAppProps>?]>([
    ['maxSurge and maxUnavailable both 0', Release.rolling({ maxSurge: PercentOrAbsolute.percent(0), maxUnavailable: PercentOrAbsolute.absolute(0) }),
      'release.maxSurge "0%" is 0 together with maxUnavailable 0, so a rollout could never replace a pod: allow a surge'],
    ['maxSurge 0 with the default maxUnavailable', Release.rolling({ maxSurge: PercentOrAbsolute.absolute(0) }), 'release.maxSurge 0 is 0 together with maxUnavailable 0'],
    ['percentage above 100', Release.rolling({ maxUnavailable: PercentOrAbsolute.percent(150) }), 'release.maxUnavailable "150%" is not a pod count or a percentage from 0 to 100'],
    ['negative count', Release.rolling({ maxSurge: PercentOrAbsolute.absolute(-1) }), 'release.maxSurge -1 is not a pod count or a percentage from 0 to 100'],
    ['blue-green without a green image', Release.blueGreen({ active: Colour.BLUE, blueImage: v141, greenImage: '' }),
      'release.greenImage "" is missing: give both colours a pinned image'],
    ['blue-green with an untagged image', Release.blueGreen({ active: Colour.BLUE, blueImage: 'ghcr.io/acme/storefront', greenImage: v142 }),
      'release.blueImage "ghcr.io/acme/storefront" has no tag'],
    ['unknown active colour', Release.blueGreen({ active: 'purple' as Colour, blueImage: v141, greenImage: v142 }),
      'release.active "purple" is not a colour: use Colour.BLUE or Colour.GREEN'],
    ['negative idle replicas', blueGreen(Colour.BLUE, { idleReplicas: -1 }), 'release.idleReplicas -1 is not a whole number >= 0'],
    ['idle replicas with autoscaling', blueGreen(Colour.BLUE, { idleReplicas: 0 }), 'release.idleReplicas 0 is set together with autoscaling: remove it', { autoscaling: { maxReplicas: 4 } }],
    ['idle replicas with Argo Rollouts', blueGreen(Colour.BLUE, { idleReplicas: 0, engine: ReleaseEngine.ARGO_ROLLOUTS }),
      'release.idleReplicas 0 applies only with ReleaseEngine.NATIVE: remove it: Argo Rollouts scales the old version down itself'],
    ['auto promotion without Argo Rollouts', blueGreen(Colour.BLUE, { autoPromotion: true }), 'release.autoPromotion true applies only with ReleaseEngine.ARGO_ROLLOUTS'],
    ['canary weight above 100', Release.canary({ canaryImage: v142, engine: ReleaseEngine.ARGO_ROLLOUTS, steps: [CanaryStep.setWeight(20), CanaryStep.setWeight(120)] }),
      'release.steps[1].setWeight 120 is not a percentage from 0 to 100: use a whole number such as 20'],
    ['negative canary weight', Release.canary({ canaryImage: v142, engine: ReleaseEngine.ARGO_ROLLOUTS, steps: [CanaryStep.setWeight(-5)] }),
      'release.steps[0].setWeight -5 is not a percentage from 0 to 100'],
    ['canary weights not increasing', Release.canary({ canaryImage: v142, engine: ReleaseEngine.ARGO_ROLLOUTS, steps: [CanaryStep.setWeight(50), CanaryStep.pause(), CanaryStep.setWeight(30)] }),
      'release.steps[2].setWeight 30 is not above the previous weight 50: make the weights increase step by step, such as 20, 50, 80'],
    ['zero-length pause', Release.canary({ canaryImage: v142, engine: ReleaseEngine.ARGO_ROLLOUTS, steps: [CanaryStep.setWeight(50), CanaryStep.pause(Duration.seconds(0))] }),
      'release.steps[1].pause "0s" is not a whole number of seconds >= 1'],
    ['analysis without a query', Release.canary({ canaryImage: v142, engine: ReleaseEngine.ARGO_ROLLOUTS, analysis: { ...analysis, query: '' } }),
      'release.analysis.query "" is empty: give a PromQL query that returns one number'],
    ['analysis without a Prometheus URL', Release.canary({ canaryImage: v142, engine: ReleaseEngine.ARGO_ROLLOUTS, analysis: { ...analysis, prometheusAddress: 'prometheus:9090' } }),
      'release.analysis.prometheusAddress "prometheus:9090" is not an http(s) URL'],
    ['analysis starting after the last step', Release.canary({ canaryImage: v142, engine: ReleaseEngine.ARGO_ROLLOUTS, analysis: { ...analysis, startingStep: 4 } }),
      'release.analysis.startingStep 4 is not the index of one of the 4 steps: use a whole number from 0 to 3'],
    ['analysis without Argo Rollouts', Release.canary({ canaryImage: v142, analysis }),
      'release.analysis "{...}" applies only with ReleaseEngine.ARGO_ROLLOUTS: use engine: ReleaseEngine.ARGO_ROLLOUTS'],
    ['steps without Argo Rollouts', Release.canary({ canaryImage: v142, steps: [CanaryStep.setWeight(20)] }),
      'release.steps "1 steps" applies only with ReleaseEngine.ARGO_ROLLOUTS: remove them and set `canaryReplicas`'],
    ['canary replicas with Argo Rollouts', Release.canary({ canaryImage: v142, canaryReplicas: 2, engine: ReleaseEngine.ARGO_ROLLOUTS }),
      'release.canaryReplicas 2 applies only with ReleaseEngine.NATIVE'],
    ['canary without an image', Release.canary({ canaryImage: '' }), 'release.canaryImage "" is missing'],
    ['canary with the latest tag', Release.canary({ canaryImage: 'ghcr.io/acme/storefront:latest' }), 'release.canaryImage "ghcr.io/acme/storefront:latest" uses the moving tag "latest"'],
  ])('%s', (_what, release, message, more = {}) => {
    const { chart } = web({ release, ...more });
    expect(synthErrors(chart)).toContain(`[test/storefront] ${message}`);
  });

  test('every release error of one synth is reported together, without a stack trace from cdk8s', () => {
    const { chart } = web({ release: Release.blueGreen({ active: 'red' as Colour, blueImage: '', greenImage: 'nginx' }) });
    const message = synthErrors(chart);
    expect(message).toContain('[test/storefront] release.active "red" is not a colour');
    expect(message).toContain('[test/storefront] release.blueImage "" is missing');
    expect(message).toContain('[test/storefront] release.greenImage "nginx" has no tag');
    expect(message).not.toMatch(/Failed serializing|TypeError/);
  });

  test('a pod template problem shared by both colours is reported once', () => {
    const { chart } = web({ release: blueGreen(Colour.BLUE), probes: { readiness: Probe.http('ready') } });
    const message = synthErrors(chart);
    expect(message.split('probes.readiness path "ready" does not start with "/"')).toHaveLength(2);
  });
});
