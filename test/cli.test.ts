import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildEnvironments } from '../src/main';
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
          imagePullPolicy: Always
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

test('the reference app\'s synthesized output passes the check command, each environment on its own', () => {
  for (const f of render(buildEnvironments())) write(`dist/${f.fileName}`, stringifyYaml(...f.objects));
  expect(check('dist')).toBe(0);
  // per environment: the log shipper runs as root, the store has no liveness probe (a reasoned exception), the Application is an unpinned CRD
  expect(out).toMatch(/^checked \d+ objects in 6 files: 0 errors, 0 warnings, 14 suppressed\n$/);
});

test('a folder of environments: objects of one environment never meet another\'s', () => {
  // staging's Deployment sets replicas; the HPA that would own it is production's
  const deployment = (replicas?: number) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { ...replicas === undefined ? {} : { replicas }, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27.2' }] } } },
  });
  const hpa = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 3, maxReplicas: 10 },
  };
  write('envs/staging/web.yaml', stringifyYaml(deployment(2)));
  write('envs/production/web.yaml', stringifyYaml(deployment(), hpa));
  check('envs', '--no-schema');
  expect(out).not.toContain('hpa-owns-replicas');
  // the same objects in one flat folder are one set: the rule sees the pair
  out = '';
  write('flat/staging-web.yaml', stringifyYaml(deployment(2), hpa));
  check('flat', '--no-schema');
  expect(out).toContain('hpa-owns-replicas');
  // and so are folders given one by one (a cdk8s folder-per-chart output: check dist/*)
  out = '';
  check('envs/staging', 'envs/production', '--no-schema');
  expect(out).toContain('hpa-owns-replicas');
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

/** The command failed with one line on stderr, exit 2, and no stack trace. */
function expectInputError(code: number, says: RegExp): void {
  expect({ code, err }).toEqual({ code: 2, err: expect.stringMatching(says) });
  expect(err.trimEnd().split('\n')).toHaveLength(1);
  expect(err).not.toMatch(/\bat .*:\d+:\d+/);
}

describe('YAML is read as kubectl reads it (YAML 1.1)', () => {
  const configMap = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: flags }\ndata:\n${data}`;

  test('an unquoted yes, on, n or 0777 in a string field is a schema error', () => {
    write('c.yaml', configMap('  enabled: yes\n  tls: on\n  debug: n\n  mode: 0777\n'));
    expect(check('c.yaml')).toBe(1);
    expect(out).toContain('data.enabled: must be a string, not the boolean true: quote the value');
    expect(out).toContain('data.tls: must be a string, not the boolean true');
    expect(out).toContain('data.debug: must be a string, not the boolean false');
    expect(out).toContain('data.mode: must be a string, not the number 511');
    expect(out).toMatch(/4 errors, 0 warnings\n$/);
  });

  test('quoted, the same values pass; dates and 1:20 stay strings as in go-yaml', () => {
    write('c.yaml', configMap('  enabled: "yes"\n  tls: \'on\'\n  day: 2024-01-02\n  time: 1:20\n'));
    expect(check('c.yaml')).toBe(0);
  });

  test('0o17, 0x1F and 1_000 are numbers (an int32 field takes them)', () => {
    write('d.yaml', good.replace('replicas: 2', 'replicas: 0o2').replace('containerPort: 8080', 'containerPort: 0x1F90'));
    expect(check('d.yaml')).toBe(0);
    write('e.yaml', good.replace('replicas: 2', 'replicas: 1_000_000_000_000'));
    expect(check('e.yaml')).toBe(1);
    expect(out).toContain('spec.replicas: 1000000000000 is not an integer from -2147483648 to 2147483647');
  });

  test('150 legitimate aliases and merge keys work', () => {
    const items = Array.from({ length: 150 }, (_, i) => `  KEY_${i}: *v`).join('\n');
    write('a.yaml', `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: &meta { name: many, labels: { app: web } }\n  data:\n    FIRST: &v value\n${items.replace(/^/gm, '  ')}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: { <<: *meta, name: merged }\n  data: { COPY: *v }\n`);
    expect(check('a.yaml')).toBe(0);
    expect(out).toBe('checked 2 objects in 1 file: 0 errors, 0 warnings\n');
  });

  test('an alias to an anchor of another document is a YAML error (exit 1)', () => {
    write('x.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: &m { name: a }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: *m\n');
    expect(check('x.yaml')).toBe(1);
    expect(out).toMatch(/^error\s+schema\s+x\.yaml#2\s+\(unparsed\)\s+is not valid YAML or JSON: /m);
  });

  test('an alias bomb (billion laughs) is refused, not expanded', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [prev, name] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'f'], ['f', 'g'], ['g', 'h'], ['h', 'i']]) {
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    write('bomb.yaml', `${levels.join('\n')}\n`);
    expectInputError(check('bomb.yaml'), /^cdk8s-patterns: bomb\.yaml#1 expands YAML aliases more than 10000 times/);
  });
});

describe('kinds and names', () => {
  test('an unknown kind in a Kubernetes API group is an error, with the nearest kind', () => {
    write('k.yaml', 'apiVersion: apps/v1\nkind: Deploymnet\nmetadata: { name: web }\n---\napiVersion: v1\nkind: Secrett\nmetadata: { name: s }\n');
    expect(check('k.yaml')).toBe(1);
    expect(out).toMatch(/^error\s+schema\s+k\.yaml#1\s+Deploymnet web\s+kind "Deploymnet" does not exist in apiVersion "apps\/v1" of Kubernetes 1\.28: did you mean "Deployment"\?$/m);
    expect(out).toContain('kind "Secrett" does not exist in apiVersion "v1" of Kubernetes 1.28: did you mean "Secret"?');
  });

  test('an unserved version of a Kubernetes group is an error; a removed one is reported once, by its rule', () => {
    write('v.yaml', 'apiVersion: batch/v3\nkind: Job\nmetadata: { name: j }\n---\napiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: { name: i }\n');
    expect(check('v.yaml')).toBe(1);
    expect(out).toContain('apiVersion "batch/v3" is not served by Kubernetes 1.28');
    expect(out.match(/v\.yaml#2/g)).toHaveLength(1);
    expect(out).toMatch(/^error\s+api-version-removed\s+v\.yaml#2/m);
  });

  test('an unknown CRD group stays a warning', () => {
    write('w.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n---\napiVersion: acme.io/v1alpha1\nkind: Gadget\nmetadata: { name: r }\n');
    expect(check('w.yaml')).toBe(0);
    expect(out).toMatch(/0 errors, 2 warnings\n$/);
  });

  test('an object without metadata.name is an error', () => {
    write('n.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { generateName: cm- }\n---\napiVersion: v1\nkind: ConfigMap\n');
    expect(check('n.yaml')).toBe(1);
    expect(out.match(/metadata\.name is missing: kubectl apply and Argo CD need a name/g)).toHaveLength(2);
  });
});

describe('fields of the wrong type: reported as errors, never an internal error', () => {
  const wrongTypes = [
    'apiVersion: v1\nkind: Service\nmetadata: { name: s }\nspec: { ports: 5, selector: [1] }',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d }\nspec: { template: { spec: { containers: [null, 5, { name: 5, image: [1], env: 5, ports: [null] }] } } }',
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: np }\nspec: { podSelector: 5, ingress: [5, { from: 5 }] }',
    'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: p }\nspec: { selector: { matchLabels: 5, matchExpressions: 5 } }',
    'apiVersion: v1\nkind: Pod\nmetadata: { name: pod }\nspec: 5',
  ].join('\n---\n');

  test('with the schema: exit 1, each object reported by the schema', () => {
    write('t.yaml', wrongTypes);
    expect(check('t.yaml')).toBe(1);
    expect(err).toBe('');
    for (const doc of ['#1', '#2', '#3', '#4', '#5']) expect(out).toMatch(new RegExp(`^error\\s+schema\\s+t\\.yaml${doc}\\s`, 'm'));
    expect(out).not.toMatch(/internal error|TypeError|is not iterable|is not a function/);
  });

  test('without the schema: exit 1, the object a rule cannot read is an error saying so', () => {
    write('t.yaml', wrongTypes);
    expect(check('t.yaml', '--no-schema')).toBe(1);
    expect(err).toBe('');
    expect(out).toMatch(/^error\s+schema\s+t\.yaml#4\s+PodDisruptionBudget p\s+has a field of the wrong type that "pdb-selects-pods" cannot read/m);
  });
});

describe('hostile input: one line, exit 2, never a stack trace', () => {
  test('a symbolic link loop between folders', () => {
    write('m/a.yaml', good);
    fs.symlinkSync('..', path.join(dir, 'm', 'up'));
    expectInputError(check('m'), /^cdk8s-patterns: m\/up\/m is a symbolic link loop \(it leads back to m\)/);
  });

  test('a link to itself', () => {
    fs.symlinkSync('self.yaml', path.join(dir, 'self.yaml'));
    fs.mkdirSync(path.join(dir, 'm'));
    fs.symlinkSync('../self.yaml', path.join(dir, 'm', 'x.yaml'));
    expectInputError(check('m'), /^cdk8s-patterns: m\/x\.yaml is a symbolic link loop/);
  });

  test('a dangling link in a folder', () => {
    write('m/a.yaml', good);
    fs.symlinkSync('gone.yaml', path.join(dir, 'm', 'b.yaml'));
    expectInputError(check('m'), /^cdk8s-patterns: m\/b\.yaml is a dangling symbolic link \(to gone\.yaml\)/);
  });

  test('a link to a file and a folder named like a manifest are followed', () => {
    write('real/a.yaml', good);
    write('m/dir.yaml/c.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n');
    fs.symlinkSync('../real/a.yaml', path.join(dir, 'm', 'link.yaml'));
    expect(check('m')).toBe(0);
    expect(out).toBe('checked 3 objects in 2 files: 0 errors, 0 warnings\n');
  });

  test('a file reached twice, given and through a link, is read once', () => {
    write('real/a.yaml', good);
    fs.mkdirSync(path.join(dir, 'm'));
    fs.symlinkSync('../real/a.yaml', path.join(dir, 'm', 'link.yaml'));
    expect(check('m', 'real', 'real/a.yaml', '--json', 'r.json')).toBe(0);
    expect(out).toBe('checked 2 objects in 1 file: 0 errors, 0 warnings\n');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8')).checked.files).toEqual(['m/link.yaml']);
  });

  test('a FIFO, given or in a folder, is refused without blocking', () => {
    fs.mkdirSync(path.join(dir, 'm'));
    expect(spawnSync('mkfifo', [path.join(dir, 'm', 'pipe.yaml')]).status).toBe(0);
    expectInputError(check('m'), /^cdk8s-patterns: m\/pipe\.yaml is not a regular file or folder \(a FIFO, socket or device\)/);
    err = '';
    expectInputError(check('m/pipe.yaml'), /^cdk8s-patterns: m\/pipe\.yaml is not a regular file or folder/);
  });

  test('an unwritable --json path', () => {
    write('ok.yaml', good);
    expectInputError(check('ok.yaml', '--json', 'missing/r.json'), /^cdk8s-patterns: cannot write the --json report missing\/r\.json: no such file or directory$/m);
    err = '';
    fs.mkdirSync(path.join(dir, 'taken'));
    expectInputError(check('ok.yaml', '--json', 'taken'), /^cdk8s-patterns: cannot write the --json report taken: /);
  });

  test('deep nesting is a YAML error, not a crash', () => {
    write('deep.yaml', `${'['.repeat(50_000)}${']'.repeat(50_000)}\n`);
    const code = check('deep.yaml');
    expect([1, 2]).toContain(code);
    expect(`${out}${err}`).toMatch(/deep\.yaml/);
    expect(`${out}${err}`).not.toMatch(/\bat .*:\d+:\d+/);
  });

  test('an unreadable file and folder (run as an unprivileged user)', () => {
    write('m/a.yaml', good);
    write('locked/b.yaml', good);
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(path.join(dir, 'm'), 0o755);
    fs.chmodSync(path.join(dir, 'm', 'a.yaml'), 0o600);
    fs.chmodSync(path.join(dir, 'locked'), 0o700);
    const root = path.join(__dirname, '..');
    const asNobody = (target: string) => spawnSync(process.execPath, ['-r', path.join(root, 'scripts', 'swc-register.js'), path.join(root, 'src', 'synth', 'cli.ts'), 'check', target], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
      // root reads every file whatever its mode: drop to "nobody" to see the error users get
      ...(process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}),
    });
    const file = asNobody('m');
    expect({ status: file.status, stderr: file.stderr }).toEqual({ status: 2, stderr: 'cdk8s-patterns: cannot read m/a.yaml: permission denied\n' });
    const folder = asNobody('locked');
    expect({ status: folder.status, stderr: folder.stderr }).toEqual({ status: 2, stderr: 'cdk8s-patterns: cannot read folder locked: permission denied\n' });
  }, 30_000);
});

describe('size limits (documented in the README)', () => {
  const MB = 1024 * 1024;

  test('a file above 32 MB is refused before it is parsed', () => {
    const doc = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: big }\ndata: { a: b }\n---\n';
    write('big/one.yaml', doc.repeat(Math.ceil((32 * MB + 1) / doc.length)));
    expectInputError(check('big'), /^cdk8s-patterns: big\/one\.yaml is 32\.0 MB, above the limit of 32 MB per file: split it$/m);
  });

  test('files adding up to more than 128 MB are refused', () => {
    // sparse files: the limit is checked on their size, before anything is read
    for (let i = 0; i < 5; i++) {
      write(`many/${i}.yaml`, '');
      fs.truncateSync(path.join(dir, 'many', `${i}.yaml`), 30 * MB);
    }
    expectInputError(check('many'), /^cdk8s-patterns: the 5 files add up to 150\.0 MB, above the limit of 128 MB per run: check the folders in several runs$/m);
  });

  test('a 4 MB file of 8,473 objects is read and checked, not refused', () => {
    const doc = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c${i} }\ndata: { MODE: production, NOTE: "${'x'.repeat(400)}" }\n---\n`;
    const count = Math.floor(4 * MB / doc(0).length);
    write('four.yaml', Array.from({ length: count }, (_, i) => doc(i)).join(''));
    expect(check('four.yaml')).toBe(0);
    expect(out).toBe(`checked ${count} objects in 1 file: 0 errors, 0 warnings\n`);
  }, 60_000);
});
