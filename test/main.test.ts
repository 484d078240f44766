import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as api from '../src';
import { documentation, schemaProblems } from './util';
import { buildApp, buildEnvironments } from '../src/main';
import { stringifyYaml } from '../src/private/yaml-writer';
import { render, synthesize } from '../src/synth/synth';

const yamlOf = (profile = 'production') => render(buildApp(undefined, profile)).map(f => `# ${f.fileName}\n${stringifyYaml(...f.objects)}`).join('');

test.each(['development', 'staging', 'production'])('reference app output under the %s profile is pinned', profile => {
  expect(yamlOf(profile)).toMatchSnapshot();
});

test('profiles change what they say and nothing else breaks', () => {
  const objectsOf = (profile: string) => render(buildApp(undefined, profile)).flatMap(f => f.objects);
  const dev = objectsOf('development');
  const prod = objectsOf('production');
  const storefront = (all: any[]) => all.find(o => o.kind === 'Deployment' && o.metadata.name === 'storefront');
  expect(storefront(dev).spec.replicas).toBe(1);
  expect(storefront(prod).spec.replicas).toBeUndefined();
  expect(prod.filter(o => o.kind === 'HorizontalPodAutoscaler').map(o => o.spec.minReplicas)).toContain(3);
  expect(prod.find(o => o.kind === 'StatefulSet').spec.replicas).toBe(3);
  expect(dev.find(o => o.kind === 'StatefulSet').spec.replicas).toBe(1);
});

test('an environment that is not a built-in profile and gives none fails synth with the fix', () => {
  expect(() => render(buildApp(undefined, 'prod'))).toThrow('[prod] profile is not given, and "prod" is not a built-in profile: give one, such as EnvironmentProfile.PRODUCTION');
});

test('the reference app ships two environments, each in its own folder with its own Argo CD Application', () => {
  const files = render(buildEnvironments());
  expect(files.map(f => f.fileName)).toEqual([
    'development/0000-platform.k8s.yaml', 'development/0001-shop.k8s.yaml', 'development/0002-node-agents.k8s.yaml',
    'production/0000-platform.k8s.yaml', 'production/0001-shop.k8s.yaml', 'production/0002-node-agents.k8s.yaml',
  ]);
  for (const env of ['development', 'production']) {
    const objects = files.filter(f => f.fileName.startsWith(`${env}/`)).flatMap(f => f.objects);
    expect(objects.filter(o => o.kind === 'Application').map(o => o.spec.source.path)).toEqual([`dist/${env}`]);
    expect(new Set(objects.filter(o => o.metadata.labels?.['cdk8s-patterns.io/profile']).map(o => o.metadata.labels['cdk8s-patterns.io/profile']))).toEqual(new Set([env]));
  }
});

test('kubectl apply -f dist/<environment>/ creates namespaces first: their file sorts first and starts with them', () => {
  const files = render(buildApp());
  expect(files.map(f => f.fileName)).toEqual([...files.map(f => f.fileName)].sort());
  const seen = new Set<string>();
  for (const o of files[0].objects) {
    if (o.kind === 'Namespace') seen.add(o.metadata.name);
    else if (o.metadata.namespace && o.metadata.namespace !== 'argocd') expect({ o: o.metadata.name, nsBefore: seen.has(o.metadata.namespace) }).toEqual({ o: o.metadata.name, nsBefore: true });
  }
  const namespaces = new Set(files[0].objects.filter(o => o.kind === 'Namespace').map(o => o.metadata.name));
  for (const f of files.slice(1)) {
    for (const o of f.objects.filter(x => x.metadata.namespace)) expect(namespaces.has(o.metadata.namespace)).toBe(true);
  }
});

test('two synths of the same app give identical YAML', () => {
  expect(yamlOf()).toEqual(yamlOf());
});

test('the committed dist/ is what the reference app synthesizes, and nothing else', () => {
  const dist = path.join(__dirname, '..', 'dist');
  const files = render(buildEnvironments());
  for (const f of files) {
    expect(fs.readFileSync(path.join(dist, f.fileName), 'utf8')).toEqual(stringifyYaml(...f.objects));
  }
  const committed = fs.readdirSync(dist).flatMap(env => fs.readdirSync(path.join(dist, env)).map(f => `${env}/${f}`));
  expect(committed.sort()).toEqual(files.map(f => f.fileName).sort());
});

test('every object of the reference app passes the strict 1.28 schema', () => {
  expect(schemaProblems(render(buildEnvironments()).flatMap(f => f.objects))).toEqual({});
});

test('the public entry point exports what the README shows', () => {
  const readme = documentation();
  const imported = new Set<string>();
  for (const m of readme.matchAll(/import \{([^}]+)\} from 'cdk8s-patterns'/g)) {
    for (const name of m[1].split(',')) imported.add(name.trim());
  }
  expect(imported.size).toBeGreaterThan(0);
  for (const name of imported) expect({ name, exported: (api as any)[name] !== undefined }).toEqual({ name, exported: true });
});

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

(kubectl ? test : test.skip)('kubectl kustomize builds dist/ unchanged: every object once, namespaces first', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kustomize-'));
  try {
    const files = render(buildApp());
    for (const f of files) fs.writeFileSync(path.join(dir, f.fileName), stringifyYaml(...f.objects));
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), stringifyYaml({
      apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: files.map(f => f.fileName),
    }));
    const built = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
    expect(built.stderr).toBe('');
    const kinds = built.stdout.split('\n').filter(l => l.startsWith('kind: ')).map(l => l.slice(6));
    expect(kinds).toHaveLength(files.reduce((n, f) => n + f.objects.length, 0));
    expect(kinds.slice(0, 2)).toEqual(['Namespace', 'Namespace']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('synthesize', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('writes one folder per environment, one file per chart, and replaces what was there', () => {
    const outdir = path.join(dir, 'dist');
    fs.mkdirSync(outdir);
    fs.writeFileSync(path.join(outdir, 'stale.k8s.yaml'), 'old');
    synthesize(buildEnvironments(outdir));
    expect(fs.readdirSync(outdir).sort()).toEqual(['development', 'production']);
    for (const env of ['development', 'production']) {
      expect(fs.readdirSync(path.join(outdir, env)).sort()).toEqual(['0000-platform.k8s.yaml', '0001-shop.k8s.yaml', '0002-node-agents.k8s.yaml']);
    }
    expect(fs.readdirSync(dir)).toEqual(['dist']);
  });

  test('a failing synth leaves the previous output untouched and lists every error', () => {
    const outdir = path.join(dir, 'dist');
    fs.mkdirSync(outdir);
    fs.writeFileSync(path.join(outdir, 'previous.k8s.yaml'), 'kept');
    const envs = buildEnvironments(outdir);
    // broken in production only: development is fine, and still nothing is written
    const chart = envs.environments[1].node.findChild('shop') as any;
    new api.WebApp(chart, 'broken', { image: 'nginx', port: 99999 });
    expect(() => synthesize(envs)).toThrow(api.SynthError);
    try { synthesize(envs); } catch (e) {
      expect((e as api.SynthError).errors).toEqual([
        '[production/shop/broken] image "nginx" has no tag: pin a version such as "nginx:1.2.3" or a digest "nginx@sha256:..."',
        '[production/shop/broken] port 99999 is not a port number: use a whole number from 1 to 65535, such as 8080',
      ]);
    }
    expect(fs.readdirSync(outdir)).toEqual(['previous.k8s.yaml']);
    expect(fs.readFileSync(path.join(outdir, 'previous.k8s.yaml'), 'utf8')).toBe('kept');
    expect(fs.readdirSync(dir)).toEqual(['dist']);
  });
});
