import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { copyDist, DIST_ENVIRONMENTS, obj, review, tmpDir } from './review-util';
import {
  ArgoCdApplication, Environment, EnvironmentProfile, EnvironmentProps, Environments, render, SynthError, synthesize,
  synthesizeOrExit, TeamNamespace, WebApp,
} from '../src';

// GIVEN one app definition and several environments, WHEN synthesized together,
// THEN each environment lands in its own folder with its own profile, namespace
// names and Argo CD Application, and one bad environment writes nothing at all.

const image = 'ghcr.io/acme/shop:1.4.2';

/** A small app: a namespace, a web app, the Application, and a status page only production has. */
class ShopChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: Environment.namespace(scope, 'shop') });
    new TeamNamespace(this, 'shop', { name: Environment.namespace(this, 'shop') });
    new WebApp(this, 'web', { image, port: 8080 });
    new ArgoCdApplication(this, 'shop-app', { repoURL: 'https://git.example.com/acme/shop.git' });
    if (Environment.of(this)?.name === 'production') {
      new WebApp(this, 'status-page', { image: 'ghcr.io/acme/status-page:2.0.1', port: 8080 });
    }
  }
}

function build(environments: EnvironmentProps[], outdir?: string): Environments {
  const envs = new Environments({ environments, outdir });
  for (const env of envs.environments) new ShopChart(env, 'shop');
  return envs;
}

const twoEnvironments: EnvironmentProps[] = [{ name: 'development', namespaces: { shop: 'shop-dev' } }, { name: 'production' }];

function objectsByEnv(envs: Environments): { [env: string]: any[] } {
  const out: { [env: string]: any[] } = {};
  for (const f of render(envs)) {
    const env = f.fileName.split('/')[0];
    out[env] = [...out[env] ?? [], ...f.objects];
  }
  return out;
}

function errorsOf(envs: Environments): string[] {
  try {
    render(envs);
  } catch (e) {
    if (e instanceof SynthError) return e.errors;
    throw e;
  }
  return [];
}

describe('one app, several environments', () => {
  const objects = objectsByEnv(build(twoEnvironments));

  test('each environment is a folder of its own files', () => {
    expect(render(build(twoEnvironments)).map(f => f.fileName)).toEqual(['development/shop.k8s.yaml', 'production/shop.k8s.yaml']);
  });

  test('each gets the profile of its name', () => {
    const deployment = (env: string) => obj(objects[env], 'Deployment', 'web');
    expect(deployment('development').spec.replicas).toBe(1);
    expect(deployment('development').metadata.labels['cdk8s-patterns.io/profile']).toBe('development');
    expect(deployment('production').spec.replicas).toBeUndefined(); // the production profile autoscales
    expect(obj(objects.production, 'HorizontalPodAutoscaler', 'web').spec).toMatchObject({ minReplicas: 3, maxReplicas: 10 });
  });

  test('a renamed namespace is renamed everywhere it is named, and only in that environment', () => {
    const namespaces = (env: string) => [...new Set(objects[env].map(o => (o.kind === 'Namespace' ? o.metadata.name : o.metadata.namespace)).filter(Boolean))].sort();
    expect(namespaces('development')).toEqual(['argocd', 'shop-dev']);
    expect(namespaces('production')).toEqual(['argocd', 'shop']);
    expect(obj(objects.development, 'RoleBinding', 'shop-dev-deployer').subjects[0].namespace).toBe('shop-dev');
  });

  test('each has its own Argo CD Application syncing its own folder', () => {
    expect(obj(objects.development, 'Application', 'shop-app').spec.source.path).toBe('dist/development');
    expect(obj(objects.production, 'Application', 'shop-app').spec.source.path).toBe('dist/production');
  });

  test('objects only production has stay possible', () => {
    expect(obj(objects.production, 'Deployment', 'status-page').spec.template.spec.containers[0].image).toBe('ghcr.io/acme/status-page:2.0.1');
    expect(objects.development.filter(o => o.metadata.name === 'status-page')).toEqual([]);
  });

  test('an explicit profile and Application path win over the defaults', () => {
    const envs = new Environments({ environments: [{ name: 'qa', profile: EnvironmentProfile.STAGING }] });
    const chart = new Chart(envs.environments[0], 'gitops');
    new ArgoCdApplication(chart, 'app', { repoURL: 'https://git.example.com/acme/shop.git', path: 'deploy/qa' });
    new WebApp(chart, 'web', { image, port: 8080, namespace: 'shop' });
    const all = render(envs).flatMap(f => f.objects);
    expect(obj(all, 'Application', 'app').spec.source.path).toBe('deploy/qa');
    expect(obj(all, 'Deployment', 'web').metadata.labels['cdk8s-patterns.io/profile']).toBe('staging');
  });

  test('one Environment on its own App: the same scope, profile and paths, for an app that synthesizes one environment per run', () => {
    const env = new Environment(new App(), { name: 'development' }, { labels: { 'example.com/team': 'shop' } });
    new ShopChart(env, 'shop');
    const files = render(env.app);
    expect(files.map(f => f.fileName)).toEqual(['shop.k8s.yaml']);
    const deployment = obj(files[0].objects, 'Deployment', 'web');
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.metadata.labels).toMatchObject({ 'cdk8s-patterns.io/profile': 'development', 'example.com/team': 'shop' });
  });

  test('outside an Environment nothing changes: namespaces keep their names, no environment is found', () => {
    const chart = new Chart(new Construct(undefined as any, ''), 'plain');
    expect(Environment.namespace(chart, 'shop')).toBe('shop');
    expect(Environment.of(chart)).toBeUndefined();
  });

  test('the output folder defaults to CDK8S_OUTDIR (as cdk8s sets it), else dist', () => {
    const saved = process.env.CDK8S_OUTDIR;
    try {
      delete process.env.CDK8S_OUTDIR;
      expect(new Environments({ environments: [] }).outdir).toBe('dist');
      process.env.CDK8S_OUTDIR = 'out';
      expect(new Environments({ environments: [{ name: 'staging' }] }).environments[0].app.outdir).toBe(path.join('out', 'staging'));
    } finally {
      if (saved === undefined) delete process.env.CDK8S_OUTDIR;
      else process.env.CDK8S_OUTDIR = saved;
    }
  });
});

describe('bad input fails synth with the environment, the prop and the fix', () => {
  test('a name that is not a DNS-1123 label, or given twice', () => {
    expect(errorsOf(build([{ name: 'Prod', profile: EnvironmentProfile.PRODUCTION }, { name: 'staging' }, { name: 'staging' }]))).toEqual([
      '[Prod] name "Prod" is not a valid DNS-1123 label: use at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit, such as "storefront"',
      '[staging] name "staging" is given to two environments: give each environment its own name: it names its folder',
    ]);
  });

  test('a name that is no built-in profile, without a profile', () => {
    expect(errorsOf(build([{ name: 'prod' }]))).toEqual([
      '[prod] profile is not given, and "prod" is not a built-in profile: give one, such as EnvironmentProfile.PRODUCTION or '
      + 'EnvironmentProfile.custom({ name: "qa" }), or name the environment "development", "staging" or "production"',
    ]);
  });

  test('an object left in a renamed namespace, and a rename no chart asks for', () => {
    const envs = new Environments({ environments: [{ name: 'development', namespaces: { shop: 'shop-dev', shp: 'x' } }] });
    const chart = new Chart(envs.environments[0], 'shop', { namespace: 'shop' }); // the literal name, not Environment.namespace
    new WebApp(chart, 'web', { image, port: 8080 });
    Environment.namespace(chart, 'unrelated');
    const errors = errorsOf(envs);
    expect(errors).toContain('[development] Deployment "web" (development/shop/web/Deployment) is in namespace "shop", which this environment renames to "shop-dev": '
      + 'name the namespace with Environment.namespace(this, "shop") in its chart');
    expect(errors).toContain('[development] namespaces.shp "x" is never used: no chart names its namespace with Environment.namespace(this, "shp"); fix the name or remove the rename');
  });

  test('a rename to a name that is not a namespace name', () => {
    expect(errorsOf(build([{ name: 'development', namespaces: { shop: 'Shop_Dev' } }]))).toContain(
      '[development] namespaces.shop "Shop_Dev" is not a valid DNS-1123 label: use at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit, such as "storefront"');
  });

  test('one mistake in an environment\'s props is reported once, by the environment', () => {
    const js = (v: unknown) => v as any;
    expect(errorsOf(new Environments({ environments: [js({ name: 5 })] }))).toEqual(['[environment] name 5 is a number, not a string: give a string']);
    expect(errorsOf(new Environments({ environments: [js({})] }))).toEqual(['[environment] name undefined is required: give a string']);
    expect(errorsOf(new Environments({ environments: [{ name: 'staging', namespaces: js({ shop: 5 }) }] }))).toEqual([
      '[staging] namespaces {"shop":5} has a value that is not a string: give every value as a string, such as "true" or "3"',
    ]);
  });

  test('one mistake in the organisation defaults is reported once, however many environments share them', () => {
    const two = [{ name: 'staging' }, { name: 'production' }];
    expect(errorsOf(new Environments({ environments: two, defaults: { imageRegistry: ' ' } }))).toEqual([
      '[staging] defaults.imageRegistry " " is not a registry host: give a host and optional path, such as "registry.example.com/team"',
    ]);
    expect(errorsOf(new Environments({ environments: two, defaults: { imageRegistry: 5 as any } }))).toEqual([
      '[staging] defaults.imageRegistry 5 is a number, not a string: give a string',
    ]);
  });

  test('no environment at all', () => {
    expect(errorsOf(new Environments({ environments: [] }))).toEqual(['[Environments] environments is empty: give at least one, such as { name: "production" }']);
  });
});

describe('writing: every environment or none', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'environments-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('synthesize writes dist/<env>/ for each, replacing what was there', () => {
    const outdir = path.join(dir, 'dist');
    fs.mkdirSync(path.join(outdir, 'old'), { recursive: true });
    fs.writeFileSync(path.join(outdir, 'old', 'stale.k8s.yaml'), 'old');
    synthesize(build(twoEnvironments, outdir));
    expect(fs.readdirSync(outdir).sort()).toEqual(['development', 'production']);
    expect(fs.readdirSync(path.join(outdir, 'production'))).toEqual(['shop.k8s.yaml']);
    expect(fs.readdirSync(dir)).toEqual(['dist']);
  });

  test('an error in one environment: nothing is written for any, every error printed, exit 1', () => {
    const outdir = path.join(dir, 'dist');
    synthesize(build(twoEnvironments, outdir));
    const before = fs.readFileSync(path.join(outdir, 'development', 'shop.k8s.yaml'), 'utf8');
    const envs = build(twoEnvironments, outdir);
    new WebApp(envs.environments[1].node.findChild('shop') as Chart, 'broken', { image: 'nginx', port: 8080 });
    let err = '';
    const write = process.stderr.write;
    process.stderr.write = ((t: string) => { err += t; return true; }) as any;
    try {
      synthesizeOrExit(envs);
    } finally {
      process.stderr.write = write;
    }
    expect(process.exitCode).toBe(1);
    process.exitCode = 0;
    expect(err).toContain('[production/shop/broken] image "nginx" has no tag');
    expect(err).toContain(`nothing was written: ${outdir}/ is unchanged`);
    expect(fs.readFileSync(path.join(outdir, 'development', 'shop.k8s.yaml'), 'utf8')).toBe(before);
    expect(fs.readdirSync(path.join(outdir, 'production'))).toEqual(['shop.k8s.yaml']);
  });
});

describe('the review commands on the reference app\'s dist/ (a folder of environments)', () => {
  const tmp = tmpDir();

  test('graph asks for one environment, and draws it with --env', () => {
    const all = review(['graph', DIST_ENVIRONMENTS]);
    expect(all.code).toBe(2);
    expect(all.stderr).toBe(`cdk8s-patterns: "${DIST_ENVIRONMENTS}" holds environments development, production: pick one with --env\n`);
    const dev = review(['graph', DIST_ENVIRONMENTS, '--env', 'development']);
    expect(dev.code).toBe(0);
    expect(dev.stdout).toContain('["Deployment storefront"]');
  });

  test('report covers every environment, each namespace against its own quota', () => {
    const r = review(['report', DIST_ENVIRONMENTS, '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const line = (env: string, resource: string) => report.namespaces
      .find((n: any) => n.env === env && n.namespace === 'shop').lines.find((l: any) => l.resource === resource);
    // development: one replica each (order-events autoscales 2-6 in every environment), half-size resources,
    // against its own quota. pods: orders-db 1 + backup 1 + restore drill 1 + 3 web deployments x (1 + 1 surge)
    // + smoke 1 + migration 1 + order-events (2 + 1 surge) + report 1 = 15; the quota counts order-events at
    // its HPA maximum: (1 + 1 + 1 + 3 + 1 + 1 + 6 + 1) x 1.5 = 22.5, rounded up to 23
    expect(line('development', 'pods')).toMatchObject({ peak: 15, hard: 23, status: 'ok' });
    // limits.cpu, derived from the limits, no longer sits on its 4-core floor: orders-db 700m + backup 1 + drill 1
    // + 3 x 250m + smoke 100m + migration 250m + order-events 6 x (250m + 200m sidecar) + report 250m = 6750m, x 1.5
    const devLimits = line('development', 'limits.cpu');
    expect(devLimits).toMatchObject({ hard: 10.125, status: 'ok' });
    // the report's peak at the HPA maximum counts surge pods: 700m + 1 + 1 + 3 x 2 x 250m + 100m + 250m + 8 x 450m + 250m
    expect(devLimits.peakAtMax).toBeCloseTo(8.4);
    // production: 17 + restore drill 1 + migration 1 + order-events (2 + 1 surge) + report 1 = 23;
    // the quota: (3 + 1 + 1 + 30 + 1 + 1 + 6 + 1) x 1.5 = 66
    expect(line('production', 'pods')).toMatchObject({ peak: 23, hard: 66, status: 'ok' });
    // the store's one 20Gi claim and the restore drill's fresh 20Gi claim
    expect(line('development', 'requests.storage')).toMatchObject({ peak: 40 * 2 ** 30 });
  });

  test('diff names the environment of each change', () => {
    const next = path.join(tmp, 'next');
    copyDist(path.join(next, 'development'), () => {}, path.join(DIST_ENVIRONMENTS, 'development'));
    copyDist(path.join(next, 'production'), o => { obj(o, 'Deployment', 'storefront').spec.template.spec.containers[0].image = 'ghcr.io/acme/storefront:1.5.0'; });
    const r = review(['diff', DIST_ENVIRONMENTS, next, '--format', 'json']);
    expect(JSON.parse(r.stdout).changes.map((c: any) => `${c.env}: ${c.object} ${c.class}`)).toEqual(['production: Deployment shop/storefront pods-restart']);
    expect(r.code).toBe(7);
  });
});
