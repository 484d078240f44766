import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { PolicyValidation, PolicyViolation } from '../src';

// The rule pack as a cdk8s CLI validation plugin: unit-level through the
// plugin contract, and end to end through the real cdk8s CLI, offline.

const ROOT = path.resolve(__dirname, '..');
const CDK8S = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');

/** A folder inside the repository (so the app resolves cdk8s from node_modules), removed after the test. */
function workdir(): string {
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
  return fs.mkdtempSync(path.join(ROOT, '.tmp', 'plugin-'));
}

// a cdk8s-plus-only app with a privileged, unpinned container and no probes
const PLAIN_APP = `
const { App, Chart } = require('cdk8s');
const kplus = require('cdk8s-plus-28');
const app = new App();
const chart = new Chart(app, 'plain');
new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx', securityContext: { privileged: true, ensureNonRoot: false } }] });
app.synth();
`;

function writeProject(dir: string, validations: boolean, from: 'sources' | 'bundle' = 'sources'): void {
  // the plugin package: this repository's sources, run through the same swc hook as `npm run synth`,
  // or the built package's main file (lib/bundle.js), as an installed cdk8s-patterns loads
  fs.mkdirSync(path.join(dir, 'plugin'));
  fs.writeFileSync(path.join(dir, 'plugin', 'index.js'), from === 'bundle'
    ? `module.exports = require(${JSON.stringify(path.join(ROOT, 'lib', 'bundle.js'))});\n`
    : `require(${JSON.stringify(path.join(ROOT, 'scripts', 'swc-register.js'))});\nmodule.exports = require(${JSON.stringify(path.join(ROOT, 'src', 'index.ts'))});\n`);
  fs.writeFileSync(path.join(dir, 'app.js'), PLAIN_APP);
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), [
    'language: typescript',
    'app: node app.js',
    'output: dist',
    // the CLI needs an exact version even for a local package (it crashes on none)
    ...(validations ? ['validations:', '  - package: ./plugin', '    class: PolicyValidation', '    version: 0.0.0'] : []),
    '',
  ].join('\n'));
}

function cdk8sSynth(dir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };
  delete env.CDK8S_OUTDIR;
  return spawnSync(process.execPath, [CDK8S, 'synth'], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
}

describe('PolicyValidation through the cdk8s CLI', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(d => fs.rmSync(d, { recursive: true, force: true })));

  test('cdk8s synth fails on a cdk8s-plus app that breaks the rules, naming rule, construct path and fix', () => {
    const dir = workdir();
    dirs.push(dir);
    writeProject(dir, true);
    const r = cdk8sSynth(dir);
    const out = `${r.stdout}\n${r.stderr}`;
    expect(r.status).not.toBe(0);
    expect(out).toContain('no-privileged (error)');
    expect(out).toContain('image-pinned (error)');
    expect(out).toContain('Construct Path: plain/web/Resource');
    expect(out).toMatch(/pin a version/);
    expect(out).not.toMatch(/A new version/);
  }, 90_000);

  test('an app of several Environments: cdk8s synth writes dist/<env>/ and the plugin checks each environment on its own (app and plugin from the built package)', () => {
    const dir = workdir();
    dirs.push(dir);
    writeProject(dir, true, 'bundle');
    // development: replicas, no HPA; production: an HPA of the same Deployment name (checked together, hpa-owns-replicas would fire)
    fs.writeFileSync(path.join(dir, 'app.js'), `
const { Chart } = require('cdk8s');
const { Environments, WebApp, synthesizeOrExit } = require('./plugin');
const envs = new Environments({ environments: [{ name: 'development' }, { name: 'production' }] });
for (const env of envs.environments) new WebApp(new Chart(env, 'shop', { namespace: 'shop' }), 'web', { image: 'ghcr.io/acme/web:1.0.0', port: 8080 });
synthesizeOrExit(envs);
`);
    const r = cdk8sSynth(dir);
    expect({ status: r.status, out: `${r.stdout}${r.stderr}` }).toEqual({ status: 0, out: expect.stringContaining('dist/production/shop.k8s.yaml') });
    expect(`${r.stdout}${r.stderr}`).not.toContain('hpa-owns-replicas');
    expect(`${r.stdout}${r.stderr}`).toContain('Validations ended succesfully'); // (sic, the CLI's words): the plugin ran
    expect(fs.readdirSync(path.join(dir, 'dist')).sort()).toEqual(['development', 'production']);
  }, 90_000);

  test('without the plugin the same app passes: the plugin is what fails it', () => {
    const dir = workdir();
    dirs.push(dir);
    writeProject(dir, false);
    const r = cdk8sSynth(dir);
    expect(r.status).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'dist'))).toEqual(['plain.k8s.yaml']);
  }, 90_000);
});

describe('PolicyValidation contract', () => {
  function run(manifest: string, props = {}) {
    const dir = workdir();
    const file = path.join(dir, 'm.k8s.yaml');
    fs.writeFileSync(file, manifest);
    const violations: PolicyViolation[] = [];
    let status = '';
    let metadata: { [k: string]: string } = {};
    return new PolicyValidation(props).validate({
      manifests: [file],
      report: {
        addViolation: v => violations.push(v),
        submit: (s, m) => { status = s; metadata = m ?? {}; },
      },
    }).then(() => {
      fs.rmSync(dir, { recursive: true, force: true });
      return { violations, status, metadata, file };
    });
  }

  test('a schema error is a failure with the object, manifest path and fix', async () => {
    const r = await run('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  size: 3\n');
    expect(r.status).toBe('failure');
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0].ruleName).toBe('schema (error)');
    expect(r.violations[0].violatingResources).toEqual([{ resourceName: 'settings', locations: ['ConfigMap settings'], manifestPath: r.file }]);
    expect(r.metadata.errors).toBe('1');
  });

  test('a clean object is a success; warnings are counted, and listed only on request', async () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  size: "3"\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n';
    const quiet = await run(cm);
    expect(quiet.status).toBe('success');
    expect(quiet.violations).toEqual([]);
    expect(quiet.metadata.warnings).toBe('1');
    const loud = await run(cm, { reportWarnings: true });
    expect(loud.status).toBe('success');
    expect(loud.violations.map(v => v.ruleName)).toEqual(['unknown-kind (warning)']);
  });
});
