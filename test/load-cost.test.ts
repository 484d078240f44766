import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Yaml } from 'cdk8s';
import * as plus from 'cdk8s-plus-28/lib/imports/k8s';
import { OUTPUT, generate, namesUsedBySrc } from '../scripts/gen-k8s';
import * as ours from '../src/private/k8s';

// What `require('cdk8s-patterns')` reads decides the start-up cost of every
// synth (issue 19): these tests pin what it must not read, and that the
// trimmed L1 module (scripts/gen-k8s.ts) behaves as cdk8s-plus-28's own.

const root = path.join(__dirname, '..');

/** The files a fresh process has loaded after requiring the library's source. */
function loadedByRequire(): string[] {
  const script = 'require(\'./src/index.ts\'); process.stdout.write(JSON.stringify(Object.keys(require.cache)));';
  const run = spawnSync(process.execPath, ['-r', './scripts/swc-register.js', '-e', script], { cwd: root, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return (JSON.parse(run.stdout) as string[]).map(f => path.relative(root, f));
}

test('requiring the library reads none of cdk8s-plus-28, the policy engine, the validators or the CRD imports', () => {
  const loaded = loadedByRequire();
  expect(loaded).toContain(path.join('src', 'private', 'k8s.js'));
  // the peer check reads cdk8s-plus-28's package.json; its code is read only when an app uses it
  expect(loaded.filter(f => f.includes(path.join('node_modules', 'cdk8s-plus-28')))).toEqual([path.join('node_modules', 'cdk8s-plus-28', 'package.json')]);
  // the engine and the rule pack load at the first synth, a kind's validator when it is met
  expect(loaded.filter(f => /src[\\/]policy[\\/](engine\.ts|rules[\\/]index\.ts|validators)|^imports[\\/]/.test(f))).toEqual([]);
  expect(loaded).toContain(path.join('src', 'policy', 'engine-loader.ts'));
});

test('the trimmed L1 module is the one generated from the installed cdk8s-plus-28', () => {
  expect(fs.readFileSync(OUTPUT, 'utf8')).toBe(generate());
});

test('every k8s value src/ names is in the trimmed module, and nothing is left out that cdk8s-plus-28 has', () => {
  const values = [...namesUsedBySrc()].filter(n => typeof (plus as any)[n] === 'function' || typeof (plus as any)[n] === 'object');
  expect(values.length).toBeGreaterThan(20);
  for (const name of values) expect([name, typeof (ours as any)[name]]).toEqual([name, typeof (plus as any)[name]]);
  // much smaller than the module it is cut from
  expect(fs.statSync(OUTPUT).size).toBeLessThan(fs.statSync(require.resolve('cdk8s-plus-28/lib/imports/k8s')).size / 10);
});

test('each kept API class renders the reference app\'s objects exactly as cdk8s-plus-28\'s class does', () => {
  const objects = fs.readdirSync(path.join(root, 'dist', 'production'))
    .flatMap(f => Yaml.load(path.join(root, 'dist', 'production', f)) as any[]);
  const classes = Object.keys(ours).filter(n => n.startsWith('Kube') && typeof (ours as any)[n] === 'function');
  const rendered = new Set<string>();
  for (const name of classes) {
    const Ours = (ours as any)[name];
    const Plus = (plus as any)[name];
    expect(Ours.GVK).toEqual(Plus.GVK);
    for (const o of objects.filter(x => x.apiVersion === Ours.GVK.apiVersion && x.kind === Ours.GVK.kind)) {
      const { apiVersion, kind, ...props } = o;
      const render = (cls: any) => {
        const chart = new Chart(new App(), 'c');
        return new cls(chart, 'o', props).toJson();
      };
      const json = render(Ours);
      expect(json).toEqual(render(Plus));
      // all of it but the IntOrString and Quantity fields, which the classes read from instances
      expect(Object.keys(json).sort()).toEqual(Object.keys(o).sort());
      rendered.add(name);
    }
  }
  // the reference app covers the classes the archetypes build most
  expect([...rendered]).toEqual(expect.arrayContaining(['KubeDeployment', 'KubeStatefulSet', 'KubeDaemonSet', 'KubeService', 'KubeNetworkPolicy', 'KubeCronJob']));
});

describe('the bundle (lib/bundle.js, what `require(\'cdk8s-patterns\')` loads)', () => {
  const bundle = path.join(root, 'lib', 'bundle.js');

  test('is the package\'s main file, built (npm ci builds it: prepare)', () => {
    expect(require.resolve(root)).toBe(bundle);
    expect(fs.existsSync(bundle)).toBe(true);
  });

  test('synthesizes the reference app as committed in dist/, reading no other module of lib/src/ than the validators\' own', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
    try {
      // src/main.ts builds the app with the bundle in place of ./index
      const script = `
        const Module = require('module');
        const resolve = Module._resolveFilename;
        Module._resolveFilename = function (request, parent, ...rest) {
          if (request === './index' && parent && parent.filename.endsWith('main.ts')) return ${JSON.stringify(bundle)};
          return resolve.call(this, request, parent, ...rest);
        };
        const { buildEnvironments } = require('./src/main.ts');
        const lib = require(${JSON.stringify(bundle)});
        lib.synthesize(buildEnvironments(${JSON.stringify(out)}));
        process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
      const run = spawnSync(process.execPath, ['-r', './scripts/swc-register.js', '-e', script], { cwd: root, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      for (const env of ['development', 'production']) {
        for (const file of fs.readdirSync(path.join(root, 'dist', env))) {
          expect([env, file, fs.readFileSync(path.join(out, env, file), 'utf8')]).toEqual([env, file, fs.readFileSync(path.join(root, 'dist', env, file), 'utf8')]);
        }
      }
      const ownModules = (JSON.parse(run.stdout) as string[]).map(f => path.relative(root, f)).filter(f => f.startsWith(path.join('lib', 'src')));
      expect(ownModules.length).toBeGreaterThan(3); // the validators of the kinds met
      // the generated validators require their format checks (stateless) by path, beside them
      expect(ownModules.filter(f => !/^lib[\\/]src[\\/](policy[\\/](validators[\\/]|schema-source\.js)|private[\\/](k8s-formats|facts[\\/]\w+)\.js)/.test(f))).toEqual([]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  test('renders an Argo Rollouts canary (the CRD classes it loads on first use) as the sources do', () => {
    const app = `
      const { App, Chart } = require('cdk8s');
      const app = new App();
      const chart = new Chart(app, 'c', { namespace: 'shop' });
      new lib.WebApp(chart, 'web', { image: 'ghcr.io/acme/web:1.4.2', port: 8080,
        release: lib.Release.canary({ canaryImage: 'ghcr.io/acme/web:1.4.3', engine: lib.ReleaseEngine.ARGO_ROLLOUTS }) });
      process.stdout.write(JSON.stringify(lib.render(app).flatMap(f => f.objects)));`;
    const objects = (lib: string) => {
      const run = spawnSync(process.execPath, ['-r', './scripts/swc-register.js', '-e', `const lib = require(${JSON.stringify(lib)});${app}`], { cwd: root, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      return JSON.parse(run.stdout) as any[];
    };
    const fromBundle = objects(bundle);
    expect(fromBundle.map(o => o.kind)).toContain('Rollout');
    expect(fromBundle).toEqual(objects('./src/index.ts'));
  });
});
