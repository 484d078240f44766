import { App, Chart, Testing } from 'cdk8s';
import { EnvironmentProfile, Platform, WebApp, WebAppProps } from '../src';
import { find, schemaProblems, synth, synthErrors } from './util';
import { scaleQuantity } from '../src/private/platform-defaults';

const image = 'acme/storefront:1.4.2';

function container(chart: Chart, name = 'storefront') {
  return find(synth(chart), 'Deployment', name).spec.template.spec.containers[0];
}

describe('precedence: explicit props > organisation defaults > profile > built-in', () => {
  test('resources', () => {
    const app = Testing.app();
    Platform.configure(app, {
      profile: EnvironmentProfile.DEVELOPMENT, // halves built-in resources
      defaults: { resourceClasses: { small: { memoryLimit: '192Mi' } } },
    });
    const chart = new Chart(app, 'c');
    new WebApp(chart, 'builtin-scaled', { image });
    new WebApp(chart, 'org-class', { image, resourceClass: 'small' });
    new WebApp(chart, 'explicit', { image, resourceClass: 'small', resources: { memoryLimit: '1Gi' } });
    const objects = synth(chart);
    const limits = (name: string) => find(objects, 'Deployment', name).spec.template.spec.containers[0].resources.limits;
    expect(limits('builtin-scaled')).toEqual({ 'cpu': '250m', 'memory': '128Mi', 'ephemeral-storage': '512Mi' });
    expect(limits('org-class')).toEqual({ 'cpu': '250m', 'memory': '192Mi', 'ephemeral-storage': '512Mi' });
    expect(limits('explicit')).toEqual({ 'cpu': '250m', 'memory': '1Gi', 'ephemeral-storage': '512Mi' });
  });

  test('without any platform settings the built-in defaults apply', () => {
    const chart = Testing.chart();
    new WebApp(chart, 'storefront', { image });
    expect(container(chart).resources.limits).toEqual({ 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '512Mi' });
  });

  test('labels, annotations, security and priority class', () => {
    const app = Testing.app();
    Platform.configure(app, {
      profile: EnvironmentProfile.PRODUCTION,
      defaults: {
        labels: { 'example.com/team': 'platform', 'example.com/cost-centre': '42' },
        annotations: { 'example.com/owner': 'platform' },
        security: { user: 20000 },
        priorityClassName: 'business-critical',
      },
    });
    const chart = new Chart(app, 'c');
    new WebApp(chart, 'storefront', { image, labels: { 'example.com/team': 'shop' }, security: { group: 30000 } });
    const d = find(synth(chart), 'Deployment', 'storefront');
    expect(d.metadata.labels).toMatchObject({ 'example.com/team': 'shop', 'example.com/cost-centre': '42', 'cdk8s-patterns.io/profile': 'production' });
    expect(d.metadata.annotations).toMatchObject({ 'example.com/owner': 'platform' });
    expect(d.spec.template.spec.securityContext).toMatchObject({ runAsUser: 20000, runAsGroup: 30000 });
    expect(d.spec.template.spec.priorityClassName).toBe('business-critical');
    // labels never leak into selectors
    expect(d.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'storefront', 'app.kubernetes.io/instance': 'storefront' });
  });

  test('a Chart overrides its App', () => {
    const app = Testing.app();
    Platform.configure(app, { defaults: { priorityClassName: 'app-wide' } });
    const chart = new Chart(app, 'c');
    Platform.configure(chart, { defaults: { priorityClassName: 'chart-wide' } });
    new WebApp(chart, 'storefront', { image });
    expect(find(synth(chart), 'Deployment', 'storefront').spec.template.spec.priorityClassName).toBe('chart-wide');
  });

  test('a cached image as the organisation default: its reason reaches every scanner; a workload\'s own policy needs its own', () => {
    const app = Testing.app();
    const reason = 'nodes pre-load images from an air-gapped mirror';
    Platform.configure(app, { defaults: { imagePullPolicy: 'IfNotPresent', imagePullPolicyReason: reason } });
    const chart = new Chart(app, 'c');
    new WebApp(chart, 'storefront', { image });
    new WebApp(chart, 'always', { image, imagePullPolicy: 'Always' });
    const objects = synth(chart);
    const d = find(objects, 'Deployment', 'storefront');
    expect(d.spec.template.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(d.metadata.annotations).toMatchObject({
      'cdk8s-patterns.io/suppress.image-pull-always': reason,
      'polaris.fairwinds.com/pullPolicyNotAlways-exempt': 'true',
      'kube-score/ignore': 'container-image-pull-policy',
      'checkov.io/skip1': `CKV_K8S_15=${reason}`,
    });
    const always = find(objects, 'Deployment', 'always');
    expect(always.spec.template.spec.containers[0].imagePullPolicy).toBe('Always');
    expect(always.metadata.annotations['kube-score/ignore']).toBeUndefined();
    const own = new Chart(Testing.app(), 'c');
    Platform.configure(own, { defaults: { imagePullPolicy: 'IfNotPresent', imagePullPolicyReason: reason } });
    new WebApp(own, 'never', { image, imagePullPolicy: 'Never' });
    expect(synthErrors(own)).toContain('[c/never] imagePullPolicyReason "" is empty while imagePullPolicy is "Never"');
  });

  test('image registry prefix only for images that name no registry', () => {
    const app = Testing.app();
    Platform.configure(app, { defaults: { imageRegistry: 'registry.example.com/mirror' } });
    const chart = new Chart(app, 'c');
    new WebApp(chart, 'a', { image: 'acme/a:1.0.0' });
    new WebApp(chart, 'b', { image: 'ghcr.io/acme/b:1.0.0' });
    new WebApp(chart, 'c', { image: 'nginx:1.27.2' });
    const objects = synth(chart);
    const img = (n: string) => find(objects, 'Deployment', n).spec.template.spec.containers[0].image;
    expect([img('a'), img('b'), img('c')]).toEqual([
      'registry.example.com/mirror/acme/a:1.0.0', 'ghcr.io/acme/b:1.0.0', 'registry.example.com/mirror/nginx:1.27.2',
    ]);
    expect(schemaProblems(objects)).toEqual({});
  });
});

describe('profiles', () => {
  function underProfile(profile: EnvironmentProfile, props: Partial<WebAppProps> = {}) {
    const app = Testing.app();
    Platform.configure(app, { profile });
    const chart = new Chart(app, 'c');
    new WebApp(chart, 'storefront', { image, ...props });
    return synth(chart);
  }

  test('development: one replica, so no PDB', () => {
    const objects = underProfile(EnvironmentProfile.DEVELOPMENT);
    expect(find(objects, 'Deployment', 'storefront').spec.replicas).toBe(1);
    expect(objects.filter(o => o.kind === 'PodDisruptionBudget')).toEqual([]);
  });

  test('production: HPA 3-10 and a PDB, unless the app sets replicas itself', () => {
    const objects = underProfile(EnvironmentProfile.PRODUCTION);
    expect(find(objects, 'HorizontalPodAutoscaler', 'storefront').spec).toMatchObject({ minReplicas: 3, maxReplicas: 10 });
    expect(find(objects, 'Deployment', 'storefront').spec.replicas).toBeUndefined();
    expect(find(objects, 'PodDisruptionBudget', 'storefront').spec.maxUnavailable).toBe(1);
    const fixed = underProfile(EnvironmentProfile.PRODUCTION, { replicas: 4 });
    expect(find(fixed, 'Deployment', 'storefront').spec.replicas).toBe(4);
    expect(fixed.filter(o => o.kind === 'HorizontalPodAutoscaler')).toEqual([]);
  });

  test('organisation ingress class applies unless the app names one', () => {
    const app = Testing.app();
    Platform.configure(app, { defaults: { ingressClassName: 'nginx' } });
    const chart = new Chart(app, 'c');
    new WebApp(chart, 'a', { image, ingress: { host: 'a.example.com' } });
    new WebApp(chart, 'b', { image, ingress: { host: 'b.example.com', className: 'traefik' } });
    const objects = synth(chart);
    expect(find(objects, 'Ingress', 'a').spec.ingressClassName).toBe('nginx');
    expect(find(objects, 'Ingress', 'b').spec.ingressClassName).toBe('traefik');
  });

  test('named profiles; unknown names are undefined so callers can report them', () => {
    expect(EnvironmentProfile.named('production')).toBe(EnvironmentProfile.PRODUCTION);
    expect(EnvironmentProfile.named('prod')).toBeUndefined();
    expect(EnvironmentProfile.custom({ name: 'perf', resourceScale: 2 }).name).toBe('perf');
  });

  test.each([
    ['250m', 0.5, '125m'], ['1', 0.5, '500m'], ['512Mi', 0.5, '256Mi'], ['1Gi', 2, '2048Mi'], ['100m', 0.001, '1m'],
  ])('scaleQuantity(%s, %d) = %s', (q, f, expected) => {
    expect(scaleQuantity(q, f)).toBe(expected);
  });
});

describe('bad input', () => {
  test('unknown resource class names the known ones', () => {
    const app = Testing.app();
    Platform.configure(app, { defaults: { resourceClasses: { small: {}, large: {} } } });
    const chart = new Chart(app, 'c');
    new WebApp(chart, 'storefront', { image, resourceClass: 'medium' });
    expect(synthErrors(chart)).toContain('[c/storefront] resourceClass "medium" is not defined by the organisation defaults: use one of "large", "small"');
  });

  test('a profile\'s web autoscaling is checked where the profile is configured, under its own prop', () => {
    const chart = new Chart(new App(), 'c');
    const profile = EnvironmentProfile.custom({ name: 'qa', webAutoscaling: { minReplicas: 3, maxReplicas: 2, cpuUtilization: 150, queueLength: { name: 'Bad Name', messagesPerPod: 30 } } });
    Platform.configure(chart, { profile });
    const errors = synthErrors(chart);
    expect(errors).toContain('[c] profile.webAutoscaling.maxReplicas 2 is below minReplicas 3');
    expect(errors).toContain('[c] profile.webAutoscaling.cpuUtilization 150 is not a percentage');
    expect(errors).toContain('[c] profile.webAutoscaling.queueLength.name "Bad Name"');
  });

  test('configuring the same scope twice is a conflict', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    Platform.configure(chart, { defaults: { priorityClassName: 'a' } });
    Platform.configure(chart, { defaults: { priorityClassName: 'b' } });
    expect(synthErrors(chart)).toContain('[c] Platform.configure "c" is called twice on the same scope');
  });

  test.each([
    [{ defaults: { imageRegistry: 'https://registry.example.com' } }, 'defaults.imageRegistry "https://registry.example.com" is not a registry host'],
    [{ defaults: { ingressClassName: 'Nginx' } }, 'defaults.ingressClassName "Nginx" is not a valid DNS-1123 label'],
    [{ profile: EnvironmentProfile.custom({ name: 'zero', resourceScale: 0 }) }, 'profile.resourceScale 0 is not a positive number'],
  ])('%j', (props, message) => {
    const app = new App();
    const chart = new Chart(app, 'c');
    Platform.configure(chart, props as any);
    expect(synthErrors(chart)).toContain(message);
  });
});
