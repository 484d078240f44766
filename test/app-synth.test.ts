import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { enforcePolicy, renderReport, WebApp } from '../src';
import { errorsOf, formatFinding } from '../src/policy/report';

// The cdk8s-native path: `app.synth()` (and `chart.toJson()`) enforce the same
// prop checks, output rules and strict schema as `synthesizeOrExit`.

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'app-synth-'));
}

function privilegedShop(outdir: string): App {
  const app = new App({ outdir });
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const web = new WebApp(chart, 'storefront', { image: 'ghcr.io/acme/storefront:1.4.2' });
  // an escape hatch that no prop would allow
  web.deployment!.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/securityContext/privileged', true));
  new ApiObject(chart, 'typo', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { size: 3 } as any });
  return app;
}

describe('app.synth()', () => {
  test('fails on an output rule and a schema error at once, naming both construct paths, and writes nothing', () => {
    const outdir = path.join(tmpdir(), 'dist');
    const app = privilegedShop(outdir);
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/\[shop\/storefront\/Deployment\] no-privileged \(Deployment shop\/storefront\)/);
    expect(message).toMatch(/\[shop\/typo\] schema \(ConfigMap shop\/settings\): data\.size/);
    expect(fs.existsSync(outdir) ? fs.readdirSync(outdir) : []).toEqual([]);
  });

  test('reports exactly the errors synthesizeOrExit reports', () => {
    const app = privilegedShop(path.join(tmpdir(), 'dist'));
    const expected = errorsOf(renderReport(app).findings).map(formatFinding);
    expect(expected.length).toBeGreaterThanOrEqual(2);
    const thrown = (() => {
      try {
        app.synth();
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    for (const line of expected) expect(thrown).toContain(line);
  });

  test('a clean app is written with the sync waves synthesizeOrExit writes', () => {
    const outdir = path.join(tmpdir(), 'dist');
    const app = new App({ outdir });
    new WebApp(new Chart(app, 'shop', { namespace: 'shop' }), 'storefront', { image: 'ghcr.io/acme/storefront:1.4.2' });
    app.synth();
    const yaml = fs.readFileSync(path.join(outdir, 'shop.k8s.yaml'), 'utf8');
    expect(yaml).toContain('kind: Deployment');
    expect(yaml).toContain('argocd.argoproj.io/sync-wave');
  });

  test('an app with only cdk8s-plus constructs is checked once enforcePolicy is called', () => {
    const app = new App({ outdir: path.join(tmpdir(), 'dist') });
    const chart = new Chart(app, 'plain');
    new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx', securityContext: { privileged: true, ensureNonRoot: false } }] });
    expect(() => app.synth()).not.toThrow(/no-privileged/);
    enforcePolicy(app);
    expect(() => app.synth()).toThrow(/\[plain\/web\/Resource\] no-privileged/);
    expect(() => app.synth()).toThrow(/image-pinned/);
  });
});

describe('peer dependencies', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { peerProblems } = require('../src/private/peers');
  const peers = { 'cdk8s': '^2.68.12', 'cdk8s-plus-28': '^2.5.6', 'constructs': '^10.3.0' };

  test('the installed peers are accepted', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const installed = (name: string) => require(`${name}/package.json`).version;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(peerProblems(require('../package.json').peerDependencies, installed)).toEqual([]);
  });

  test('a missing peer and an unsupported major are one line each, saying what to install', () => {
    const versions: { [name: string]: string } = { cdk8s: '3.0.1', constructs: '10.4.2' };
    expect(peerProblems(peers, (name: string) => versions[name])).toEqual([
      'cdk8s-patterns needs cdk8s ^2.68.12, but 3.0.1 is installed: run `npm install cdk8s@"^2.68.12"`',
      'cdk8s-patterns needs the peer dependency cdk8s-plus-28, which is not installed: run `npm install cdk8s-plus-28@"^2.5.6"`',
    ]);
  });
});

describe('a broken installation', () => {
  test('a missing schema data file is one line saying what to do, and nothing is written', () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const realFs = jest.requireActual('fs');
      jest.doMock('fs', () => ({
        ...realFs,
        readFileSync: (file: any, ...rest: any[]) => {
          if (String(file).endsWith(path.join('validators', 'index.json'))) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${file}'`), { code: 'ENOENT' });
          return realFs.readFileSync(file, ...rest);
        },
      }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const lib = require('../src');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const cdk8s = require('cdk8s');
      const outdir = path.join(tmpdir(), 'dist');
      const app = new cdk8s.App({ outdir });
      new lib.WebApp(new cdk8s.Chart(app, 'shop'), 'storefront', { image: 'ghcr.io/acme/storefront:1.4.2' });
      const written: string[] = [];
      const spy = jest.spyOn(process.stderr, 'write').mockImplementation((t: any) => { written.push(String(t)); return true; });
      try {
        lib.synthesizeOrExit(app);
      } finally {
        spy.mockRestore();
      }
      expect(process.exitCode).toBe(1);
      process.exitCode = 0;
      expect(written.join('')).toMatch(/^cdk8s-patterns: the schema data file \S+validators[/\\]index\.json is missing from the installed package: reinstall cdk8s-patterns/);
      expect(written.join('')).not.toMatch(/ENOENT|\n\s+at /);
      expect(fs.existsSync(outdir)).toBe(false);
    });
    jest.dontMock('fs');
  });
});
