import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import { Policy, Severity, SynthError, WebApp } from '../src';
import { render, renderReport, synthesize, synthesizeOrExit } from '../src/synth/synth';

// GIVEN an app with a previous dist/, WHEN synth fails for any reason (a prop,
// a rule, the schema), THEN every error is listed with its construct path and
// dist/ is exactly what it was.

const image = 'ghcr.io/acme/web:1.4.2';

let dir: string;
let outdir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-'));
  outdir = path.join(dir, 'dist');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  process.exitCode = undefined;
});

function app(): { app: App; chart: Chart } {
  const a = new App({ outdir });
  return { app: a, chart: new Chart(a, 'shop', { namespace: 'shop' }) };
}

/** A raw object next to the archetypes: escape hatches are checked like everything else. */
function privilegedPod(chart: Chart): ApiObject {
  return new ApiObject(chart, 'debug', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'debug' },
    spec: {
      restartPolicy: 'Never',
      securityContext: { runAsNonRoot: true, runAsUser: 10001 },
      containers: [{
        name: 'main',
        image: 'busybox:1.36',
        imagePullPolicy: 'Always',
        resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
        securityContext: { privileged: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
      }],
    },
  });
}

function snapshotDir(d: string): { [file: string]: string } {
  return Object.fromEntries(fs.readdirSync(d).sort().map(f => [f, fs.readFileSync(path.join(d, f), 'utf8')]));
}

describe('nothing partial', () => {
  beforeEach(() => {
    fs.mkdirSync(outdir);
    fs.writeFileSync(path.join(outdir, 'shop.k8s.yaml'), 'previous: output\n');
    fs.writeFileSync(path.join(outdir, 'other.k8s.yaml'), 'kept: too\n');
  });

  test('a rule error leaves dist/ exactly as it was, with no staging folder behind', () => {
    const { app: a, chart } = app();
    new WebApp(chart, 'web', { image });
    privilegedPod(chart);
    const before = snapshotDir(outdir);
    expect(() => synthesize(a)).toThrow(SynthError);
    expect(snapshotDir(outdir)).toEqual(before);
    expect(fs.readdirSync(dir)).toEqual(['dist']);
  });

  test('a schema error leaves dist/ as it was', () => {
    const { app: a, chart } = app();
    new WebApp(chart, 'web', { image });
    // a raw object keeps what it is given (the typed L1 classes drop unknown fields on their own)
    const extra = new ApiObject(chart, 'extra', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'extra' } });
    extra.addJsonPatch(JsonPatch.add('/dataa', { key: 'value' }));
    const before = snapshotDir(outdir);
    expect(() => synthesize(a)).toThrow('[shop/extra] schema (ConfigMap shop/extra): (root): unknown field "dataa"');
    expect(snapshotDir(outdir)).toEqual(before);
  });

  test('a passing synth replaces dist/ whole', () => {
    const { app: a, chart } = app();
    new WebApp(chart, 'web', { image });
    synthesize(a);
    expect(fs.readdirSync(outdir)).toEqual(['shop.k8s.yaml']);
    expect(fs.readFileSync(path.join(outdir, 'shop.k8s.yaml'), 'utf8')).toContain('kind: Deployment');
    expect(fs.readdirSync(dir)).toEqual(['dist']);
  });
});

describe('one list of errors', () => {
  test('prop, rule and schema errors of different constructs are reported together, each with its construct path', () => {
    const { app: a, chart } = app();
    new WebApp(chart, 'broken', { image: 'nginx' });
    privilegedPod(chart);
    new WebApp(chart, 'web', { image });
    new ApiObject(chart, 'front', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'front' }, spec: { selectr: {}, ports: [{ port: 80 }] } });
    let error: SynthError | undefined;
    try { render(a); } catch (e) { error = e as SynthError; }
    expect(error).toBeInstanceOf(SynthError);
    expect(error!.errors).toEqual([
      '[shop/broken] image "nginx" has no tag: pin a version such as "nginx:1.2.3" or a digest "nginx@sha256:..."',
      '[shop/debug] no-privileged (Pod shop/debug): containers[main].securityContext.privileged true runs the container as root on the node: '
        + 'set it to false and add only the capability needed, or suppress this rule with the reason the agent needs the host',
      '[shop/front] schema (Service shop/front): spec: unknown field "selectr"',
    ]);
    expect(error!.message).toMatch(/^synth failed with 3 errors:\n {2}\[shop\/broken\]/);
  });

  test('objects under a construct with prop errors are not checked again', () => {
    const { app: a, chart } = app();
    new WebApp(chart, 'broken', { image: 'nginx:latest' });
    const findings = renderReport(a).findings;
    // the prop error says it once; image-pinned on the Deployment would say it twice
    expect(findings.map(f => [f.rule, f.path])).toEqual([['props', 'shop/broken']]);
  });

  test('warnings do not fail synth and come with their construct paths', () => {
    const { app: a, chart } = app();
    // a CPU limit removed by an escape hatch, with no reason given: a warning
    new WebApp(chart, 'web', { image }).deployment!.addJsonPatch(JsonPatch.remove('/spec/template/spec/containers/0/resources/limits/cpu'));
    const report = renderReport(a);
    expect(report.findings.map(f => [f.rule, f.severity, f.path])).toEqual([['cpu-limit-set', Severity.WARNING, 'shop/web/Deployment']]);
    expect(() => render(a)).not.toThrow();
  });

  test('a broken escape hatch is an error on its construct path, not a stack trace', () => {
    const { app: a, chart } = app();
    const web = new WebApp(chart, 'web', { image });
    web.service.addJsonPatch(JsonPatch.replace('/spec/no/such/path', 1));
    let error: SynthError | undefined;
    try { render(a); } catch (e) { error = e as SynthError; }
    expect(error).toBeInstanceOf(SynthError);
    expect(error!.errors).toEqual([expect.stringMatching(
      /^\[shop\/web\/Service\] cannot be rendered \(.+\): check the escape hatches of this object \(addJsonPatch, raw ApiObject props\)$/)]);
  });

  test('options turn the schema or the rules off', () => {
    const { app: a, chart } = app();
    privilegedPod(chart);
    new ApiObject(chart, 'widget', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } });
    const rules = (o = {}) => [...new Set(renderReport(a, o).findings.map(f => f.rule))];
    expect(rules()).toEqual(['no-privileged', 'unknown-kind']);
    expect(rules({ schema: false })).toEqual(['no-privileged']);
    expect(rules({ rules: false })).toEqual(['unknown-kind']);
  });
});

describe('synthesizeOrExit', () => {
  let out: string;
  let err: string;
  beforeEach(() => {
    out = '';
    err = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((s: any) => { out += s; return true; });
    jest.spyOn(process.stderr, 'write').mockImplementation((s: any) => { err += s; return true; });
  });
  afterEach(() => jest.restoreAllMocks());

  test('on success writes dist/, prints the warnings table on stderr and a summary on stdout', () => {
    const { app: a, chart } = app();
    // a CPU limit removed by an escape hatch, with no reason given: a warning
    new WebApp(chart, 'web', { image }).deployment!.addJsonPatch(JsonPatch.remove('/spec/template/spec/containers/0/resources/limits/cpu'));
    synthesizeOrExit(a);
    expect(process.exitCode).toBeUndefined();
    expect(fs.readdirSync(outdir)).toEqual(['shop.k8s.yaml']);
    expect(err.split('\n')[0]).toBe('1 warning:');
    expect(err.split('\n')[1]).toMatch(/^SEVERITY\s+RULE\s+WHERE\s+OBJECT\s+MESSAGE$/);
    expect(err.split('\n')[2]).toMatch(/^warning\s+cpu-limit-set\s+shop\/web\/Deployment\s+Deployment shop\/web\s+containers\[main\]\.resources\.limits\.cpu is not set/);
    expect(out).toBe(`synthesized 5 objects into ${outdir}/ (shop.k8s.yaml): 0 errors, 1 warning\n`);
  });

  test('on failure prints every error and where, writes nothing and exits 1', () => {
    const { app: a, chart } = app();
    new WebApp(chart, 'web', { image });
    privilegedPod(chart);
    synthesizeOrExit(a);
    expect(process.exitCode).toBe(1);
    expect(fs.existsSync(outdir)).toBe(false);
    expect(err).toContain('synth failed with 1 error:\n  [shop/debug] no-privileged (Pod shop/debug)');
    expect(err).toContain(`nothing was written: ${outdir}/ is unchanged`);
    expect(out).toBe('');
  });

  test('an output folder that cannot be written is one line and exit 1, not a stack trace', () => {
    fs.writeFileSync(path.join(dir, 'file'), 'not a folder');
    const a = new App({ outdir: path.join(dir, 'file', 'dist') });
    new WebApp(new Chart(a, 'shop', { namespace: 'shop' }), 'web', { image });
    synthesizeOrExit(a);
    expect(process.exitCode).toBe(1);
    expect(err).toMatch(new RegExp(`^could not write ${dir}/file/dist/: EEXIST: file already exists, mkdir .*\nnothing was written: ${dir}/file/dist/ is unchanged\n$`));
    expect(out).toBe('');
  });

  test('a suppressed rule passes and is counted', () => {
    const { app: a, chart } = app();
    Policy.suppress(privilegedPod(chart), 'no-privileged', 'one-off debugging pod, deleted after the incident');
    synthesizeOrExit(a);
    expect(process.exitCode).toBeUndefined();
    expect(out).toContain(': 0 errors, 0 warnings, 1 suppressed');
    expect(fs.readFileSync(path.join(outdir, 'shop.k8s.yaml'), 'utf8'))
      .toContain('cdk8s-patterns.io/suppress.no-privileged: one-off debugging pod, deleted after the incident');
  });
});

test('render validates each construct a bounded number of times, however many charts there are', () => {
  const many = Testing.app();
  let validations = 0;
  for (let i = 0; i < 6; i++) {
    // one namespace per chart: the same objects in one namespace would be one object (the identity check)
    const chart = new Chart(many, `c${i}`, { namespace: `team-${i}` });
    new WebApp(chart, 'web', { image: 'ghcr.io/acme/web:1.0.0' });
    chart.node.addValidation({ validate: () => { validations++; return []; } });
  }
  render(many);
  // once in render's own pass, once when the first chart resolves the app (not once per chart)
  expect(validations).toBe(12);
});
