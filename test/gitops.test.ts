import { ApiObject, Chart, Lazy, Size, Testing } from 'cdk8s';
import { ArgoCdApplication, StatefulStore, SyncWave, TeamNamespace, WebApp } from '../src';
import { find, synth, synthErrors } from './util';
import { annotateSyncWaves } from '../src/platform/gitops';

const image = 'ghcr.io/acme/storefront:1.4.2';

function waves(chart: Chart): { [object: string]: string } {
  annotateSyncWaves(chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject));
  return Object.fromEntries(synth(chart).map(o => [`${o.kind}/${o.metadata.name}`, o.metadata.annotations?.['argocd.argoproj.io/sync-wave']]));
}

describe('sync waves', () => {
  test('namespace and RBAC first, then config, then apps', () => {
    const chart = Testing.chart();
    new TeamNamespace(chart, 'shop');
    new WebApp(chart, 'storefront', { image, namespace: 'shop', configFiles: { 'a.yaml': 'a: 1' } });
    const w = waves(chart);
    expect(w['Namespace/shop']).toBe('-3');
    expect(w['ResourceQuota/shop']).toBe('-2');
    expect(w['NetworkPolicy/default-deny']).toBe('-2');
    expect(w['Role/shop-deployer']).toBe('-2');
    expect(w['ServiceAccount/storefront']).toBe('-2');
    expect(w['ConfigMap/storefront-config']).toBe('-1');
    expect(w['Deployment/storefront']).toBe('1');
    expect(w['Service/storefront']).toBe('1');
    const order = ['Namespace/shop', 'ResourceQuota/shop', 'ConfigMap/storefront-config', 'Deployment/storefront'].map(k => Number(w[k]));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test('SyncWave.set overrides the derived wave for everything beneath a construct', () => {
    const chart = Testing.chart();
    const web = new WebApp(chart, 'storefront', { image });
    SyncWave.set(web, 7);
    const w = waves(chart);
    expect(new Set(Object.values(w))).toEqual(new Set(['7']));
  });

  test('an annotation set by hand is kept', () => {
    const chart = Testing.chart();
    const web = new WebApp(chart, 'storefront', { image });
    web.deployment!.metadata.addAnnotation('argocd.argoproj.io/sync-wave', '42');
    expect(waves(chart)['Deployment/storefront']).toBe('42');
  });

  test('an annotation set by hand as a Lazy is kept, and one that resolves to nothing gets the derived wave', () => {
    const chart = Testing.chart();
    const web = new WebApp(chart, 'storefront', { image });
    web.deployment!.metadata.addAnnotation('argocd.argoproj.io/sync-wave', Lazy.any({ produce: () => '42' }) as unknown as string);
    web.service!.metadata.addAnnotation('argocd.argoproj.io/sync-wave', Lazy.any({ produce: () => undefined }) as unknown as string);
    const w = waves(chart);
    expect(w['Deployment/storefront']).toBe('42');
    expect(w['Service/storefront']).toBe('1'); // a Service's derived wave
  });
});

describe('ArgoCdApplication', () => {
  test('points at the synthesized folder with automated sync, prune and self-heal', () => {
    const chart = Testing.chart();
    new ArgoCdApplication(chart, 'shop', { repoURL: 'https://git.example.com/acme/shop.git' });
    const app = find(synth(chart), 'Application', 'shop');
    expect(app).toMatchSnapshot();
    expect(app.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(app.spec.source).toEqual({ repoURL: 'https://git.example.com/acme/shop.git', path: 'dist', targetRevision: 'HEAD', directory: { recurse: false } });
    expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
  });

  test('bad input', () => {
    const chart = Testing.chart();
    new ArgoCdApplication(chart, 'shop', { repoURL: 'git.example.com/acme', path: '/dist' });
    const message = synthErrors(chart);
    expect(message).toContain('[test/shop] repoURL "git.example.com/acme" is not an https or ssh Git URL');
    expect(message).toContain('[test/shop] path "/dist" is absolute');
  });

  test.each([
    ['http://git.example.com/acme/shop.git', 'repoURL "http://git.example.com/acme/shop.git" is not an https or ssh Git URL: use "https://'],
    ['file:///srv/git/shop.git', 'repoURL "file:///srv/git/shop.git" is not an https or ssh Git URL'],
  ])('repoURL %s is refused: plain http lets anyone on the path change what is deployed', (repoURL, message) => {
    const chart = Testing.chart();
    new ArgoCdApplication(chart, 'shop', { repoURL });
    expect(synthErrors(chart)).toContain(`[test/shop] ${message}`);
  });

  test.each(['https://git.example.com/acme/shop.git', 'ssh://git@git.example.com/acme/shop.git', 'git@github.com:acme/shop.git'])('repoURL %s is accepted', repoURL => {
    const chart = Testing.chart();
    new ArgoCdApplication(chart, 'shop', { repoURL });
    expect(find(synth(chart), 'Application', 'shop').spec.source.repoURL).toBe(repoURL);
  });

  test.each(['../other', 'dist/../../secrets', 'a\\..\\..'])('path %s leaves the repository and is refused', path => {
    const chart = Testing.chart();
    new ArgoCdApplication(chart, 'shop', { repoURL: 'https://git.example.com/acme/shop.git', path });
    expect(synthErrors(chart)).toContain(`[test/shop] path ${JSON.stringify(path)} leaves the repository: give a folder inside the repository`);
  });
});

describe('deleting cannot delete data', () => {
  test('the Application does not cascade-delete by default; cascadeDelete opts in', () => {
    const chart = Testing.chart();
    new ArgoCdApplication(chart, 'shop', { repoURL: 'https://git.example.com/acme/shop.git' });
    new ArgoCdApplication(chart, 'owned', { repoURL: 'https://git.example.com/acme/shop.git', cascadeDelete: true });
    expect(find(synth(chart), 'Application', 'shop').metadata.finalizers).toBeUndefined();
    expect(find(synth(chart), 'Application', 'owned').metadata.finalizers).toEqual(['resources-finalizer.argocd.argoproj.io']);
  });

  test('Namespaces and stores are kept on prune and on Application deletion; stateless objects are not', () => {
    const chart = Testing.chart();
    new TeamNamespace(chart, 'shop');
    new StatefulStore(chart, 'db', { image: 'postgres:16.4', port: 5432, namespace: 'shop', storage: { size: Size.gibibytes(10) } });
    new WebApp(chart, 'storefront', { image, namespace: 'shop' });
    const objects = synth(chart);
    const kept = objects.filter(o => o.metadata.annotations?.['argocd.argoproj.io/sync-options'] === 'Prune=false,Delete=false').map(o => `${o.kind}/${o.metadata.name}`);
    expect(kept).toEqual(['Namespace/shop', 'StatefulSet/db']);
  });
});
