import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp } from '../src/main';
import { stringifyYaml } from '../src/private/yaml-writer';
import { main } from '../src/synth/cli';
import { render } from '../src/synth/synth';

// `cdk8s-patterns check` on folders of good and bad manifests: exit codes,
// table, summary line and JSON report.

const good = `# a compliant Deployment and Service, written by hand
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      securityContext: { runAsNonRoot: true, runAsUser: 10001 }
      containers:
        - name: main
          image: ghcr.io/acme/web:1.4.2
          ports: [{ containerPort: 8080 }]
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { cpu: 500m, memory: 256Mi }
          readinessProbe: { httpGet: { path: /healthz, port: 8080 } }
          livenessProbe: { tcpSocket: { port: 8080 }, failureThreshold: 6 }
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: { drop: [ALL] }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: 8080 }]
---
`;

const bad = `apiVersion: v1
kind: Service
metadata: { name: api, namespace: shop }
spec:
  selector: { app: apii }
  ports: [{ port: 80 }]
---
apiVersion: v1
kind: ConfigMap
metadata: { name: api, namespace: shop }
data:
  DB_PASSWORD: hunter2
`;

let dir: string;
let out: string;
let err: string;
const io = { stdout: (t: string) => { out += t; }, stderr: (t: string) => { err += t; } };

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-'));
  out = '';
  err = '';
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
}

const check = (...args: string[]) => main(['check', ...args], io, dir);

describe('exit codes and summary', () => {
  test('a folder of good manifests passes with exit 0', () => {
    write('good/app.yaml', good);
    expect(check('good')).toBe(0);
    expect(out).toBe('checked 2 objects in 1 file: 0 errors, 0 warnings\n');
    expect(err).toBe('');
  });

  test('bad manifests print a table and fail with exit 1', () => {
    write('m/a-good.yaml', good);
    write('m/b-bad.yml', bad);
    expect(check('m')).toBe(1);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SEVERITY\s+RULE\s+WHERE\s+OBJECT\s+MESSAGE$/);
    expect(lines.slice(1, -1)).toEqual([
      expect.stringMatching(/^error\s+service-selects-pods\s+m\/b-bad\.yml#1\s+Service shop\/api\s+spec\.selector \{"app":"apii"\} selects no pod template in namespace "shop"/),
      expect.stringMatching(/^error\s+no-credentials-in-configmap\s+m\/b-bad\.yml#2\s+ConfigMap shop\/api\s+data\.DB_PASSWORD holds a literal value under a credential name/),
    ]);
    expect(lines[lines.length - 1]).toBe('checked 4 objects in 2 files: 2 errors, 0 warnings');
    expect(out).not.toContain('hunter2');
  });

  test('warnings alone exit 0', () => {
    write('w.yaml', good.replace('limits: { cpu: 500m, memory: 256Mi }', 'limits: { memory: 256Mi }'));
    expect(check('w.yaml')).toBe(0);
    expect(out).toMatch(/^warning\s+cpu-limit-set\s+w\.yaml#1/m);
    expect(out).toMatch(/checked 2 objects in 1 file: 0 errors, 1 warning\n$/);
  });

  test('a suppression annotation in the YAML is honoured and counted', () => {
    write('s.yaml', bad.replace('metadata: { name: api, namespace: shop }\nspec:',
      'metadata:\n  name: api\n  namespace: shop\n  annotations:\n    cdk8s-patterns.io/suppress.service-selects-pods: endpoints are managed by the mesh\nspec:').split('---')[0]);
    expect(check('s.yaml')).toBe(0);
    expect(out).toBe('checked 1 object in 1 file: 0 errors, 0 warnings, 1 suppressed\n');
  });

  test('JSON, nested folders and kind: List are read; hidden folders and other files are not', () => {
    write('tree/a/list.json', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { mode: 'x' } }] }));
    write('tree/b/c/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: b }\n');
    write('tree/.git/ignored.yaml', 'not: [valid');
    write('tree/README.md', '# not a manifest');
    expect(check('tree')).toBe(0);
    expect(out).toBe('checked 2 objects in 2 files: 0 errors, 0 warnings\n');
  });

  test('a file that is not YAML is an error, not a crash', () => {
    write('broken.yaml', 'apiVersion: v1\nkind: [ConfigMap\n');
    expect(check('broken.yaml')).toBe(1);
    expect(out).toMatch(/^error\s+schema\s+broken\.yaml#1\s+\(unparsed\)\s+is not valid YAML or JSON: /m);
  });

  test('--no-schema skips the schema, not the rules', () => {
    write('x.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\ndataa: {}\n');
    expect(check('x.yaml')).toBe(1);
    expect(out).toContain('unknown field "dataa"');
    out = '';
    expect(check('x.yaml', '--no-schema')).toBe(0);
  });

  test.each([
    [[], 'no folder or file to check'],
    [['missing'], 'not found: missing'],
    [['.', '--strict'], 'unknown option "--strict"'],
    [['.', '--json'], '--json needs a file name'],
  ])('usage error %j exits 2', (args, says) => {
    expect(check(...args)).toBe(2);
    expect(err).toContain(`cdk8s-patterns: ${says}\nusage: cdk8s-patterns check`);
  });

  test('an unknown command exits 2; help and rules exit 0', () => {
    expect(main(['chek'], io, dir)).toBe(2);
    expect(err).toContain('unknown command "chek"');
    expect(main(['--help'], io, dir)).toBe(0);
    out = '';
    expect(main(['rules'], io, dir)).toBe(0);
    expect(out).toMatch(/^image-pinned\s+error\s+A moving or missing tag/m);
    expect(out).toMatch(/^unknown-kind\s+warning\s+/m);
  });
});

describe('JSON report', () => {
  test('--json writes counts, files and every finding, suppressed ones included', () => {
    write('m/bad.yaml', bad);
    write('m/ok.yaml', good);
    expect(check('m', '--json', 'report.json')).toBe(1);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'));
    expect(report.checked).toEqual({ objects: 4, files: ['m/bad.yaml', 'm/ok.yaml'] });
    expect(report.summary).toEqual({ errors: 2, warnings: 0, suppressed: 0 });
    expect(report.findings.map((f: any) => [f.rule, f.severity, f.path, f.object])).toEqual([
      ['service-selects-pods', 'error', 'm/bad.yaml#1', 'Service shop/api'],
      ['no-credentials-in-configmap', 'error', 'm/bad.yaml#2', 'ConfigMap shop/api'],
    ]);
  });

  test('--json= form and a clean run', () => {
    write('ok.yaml', good);
    expect(check('ok.yaml', '--json=r.json')).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8')).summary).toEqual({ errors: 0, warnings: 0, suppressed: 0 });
  });
});

test('the reference app\'s synthesized output passes the check command', () => {
  for (const f of render(buildApp())) write(`dist/${f.fileName}`, stringifyYaml(...f.objects));
  expect(check('dist')).toBe(0);
  expect(out).toMatch(/^checked \d+ objects in 3 files: 0 errors, 0 warnings, 3 suppressed\n$/);
});

test('the command runs as a process: exit code and output', () => {
  write('m/bad.yaml', bad);
  const root = path.join(__dirname, '..');
  const run = spawnSync(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), path.join(root, 'src', 'synth', 'cli.ts'), 'check', 'm'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, TS_NODE_PROJECT: path.join(root, 'tsconfig.json') },
  });
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1, stderr: '' });
  expect(run.stdout).toMatch(/checked 2 objects in 1 file: 2 errors, 0 warnings\n$/);
}, 30_000);
