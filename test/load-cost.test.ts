import { spawnSync } from 'child_process';
import * as fs from 'fs';
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
  expect(fs.readFileSync(OUTPUT, 'utf8')).toBe(generate().text);
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
