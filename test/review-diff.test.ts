import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { copyDist, DIST, obj, review, tmpDir } from './review-util';

// `cdk8s-patterns diff` on two versions of the reference app: each kind of
// change lands in its class, the exit code follows the most severe one.

const tmp = tmpDir();
let n = 0;
/** The reference app with `edit` applied, diffed against dist/ as JSON. */
function diffAfter(edit: (objects: any[]) => void, extra: string[] = []) {
  const dir = copyDist(path.join(tmp, `v${++n}`), edit);
  const r = review(['diff', DIST, dir, '--format', 'json', ...extra]);
  return { ...r, json: r.stdout ? JSON.parse(r.stdout) : undefined };
}

test('identical folders: no changes, exit 0', () => {
  const r = diffAfter(() => {});
  expect(r.code).toBe(0);
  expect(r.json.changes).toEqual([]);
  expect(r.json.mostSevere).toBeNull();
});

test.each([
  ['bump an image', 'pods-restart', 7, 'Deployment shop/storefront', 'spec.template.spec.containers[main].image',
    (o: any[]) => { obj(o, 'Deployment', 'storefront').spec.template.spec.containers[0].image = 'ghcr.io/acme/storefront:1.4.3'; }],
  ['shrink a volume claim template', 'data-at-risk', 9, 'StatefulSet shop/orders-db', 'spec.volumeClaimTemplates[data].spec.resources.requests.storage',
    (o: any[]) => { obj(o, 'StatefulSet', 'orders-db').spec.volumeClaimTemplates[0].spec.resources.requests.storage = '10Gi'; }],
  ['open a network peer', 'access-widened', 5, 'NetworkPolicy shop/orders-db', 'spec.ingress[8]',
    (o: any[]) => { obj(o, 'NetworkPolicy', 'orders-db').spec.ingress.push({ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'storefront' } } }] }); }],
  ['promote blue-green', 'traffic-moves', 6, 'Service shop/checkout', 'spec.selector["cdk8s-patterns.io/colour"]',
    (o: any[]) => { obj(o, 'Service', 'checkout').spec.selector['cdk8s-patterns.io/colour'] = 'green'; }],
  ['change a workload selector', 'fails-to-apply', 8, 'Deployment shop/storefront', 'spec.selector.matchLabels["app.kubernetes.io/instance"]',
    (o: any[]) => { obj(o, 'Deployment', 'storefront').spec.selector.matchLabels['app.kubernetes.io/instance'] = 'shop-front'; }],
  ['change a StatefulSet serviceName', 'fails-to-apply', 8, 'StatefulSet shop/orders-db', 'spec.serviceName',
    (o: any[]) => { obj(o, 'StatefulSet', 'orders-db').spec.serviceName = 'db'; }],
  ['delete a Namespace', 'data-at-risk', 9, 'Namespace node-agents', '(object)',
    (o: any[]) => { obj(o, 'Namespace', 'node-agents').kind = 'Gone'; }],
  ['add a verb to a Role', 'access-widened', 5, 'Role shop/shop-deployer', 'rules[0].verbs[deletecollection]',
    (o: any[]) => { obj(o, 'Role', 'shop-deployer').rules[0].verbs.push('deletecollection'); }],
  ['lower the Pod Security level', 'access-widened', 5, 'Namespace shop', 'metadata.labels["pod-security.kubernetes.io/enforce"]',
    (o: any[]) => { obj(o, 'Namespace', 'shop').metadata.labels['pod-security.kubernetes.io/enforce'] = 'baseline'; }],
  ['change the route backend', 'traffic-moves', 6, 'HTTPRoute shop/storefront', 'spec.rules[0].backendRefs[checkout]',
    (o: any[]) => { obj(o, 'HTTPRoute', 'storefront').spec.rules[0].backendRefs[0].name = 'checkout'; }],
  ['raise the HPA maximum', 'other', 3, 'HorizontalPodAutoscaler shop/storefront', 'spec.maxReplicas',
    (o: any[]) => { obj(o, 'HorizontalPodAutoscaler', 'storefront').spec.maxReplicas = 20; }],
])('%s: %s, exit %d', (_what, cls, code, object, field, edit) => {
  const r = diffAfter(edit);
  expect(r.json.mostSevere).toBe(cls);
  expect(r.code).toBe(code);
  expect(r.json.changes).toContainEqual(expect.objectContaining({ class: cls, object, path: field }));
});

test('five changes at once: each in its class, most severe first, exit by the worst', () => {
  const r = diffAfter(o => {
    obj(o, 'Deployment', 'storefront').spec.template.spec.containers[0].image = 'ghcr.io/acme/storefront:1.4.3';
    obj(o, 'StatefulSet', 'orders-db').spec.volumeClaimTemplates[0].spec.resources.requests.storage = '10Gi';
    obj(o, 'NetworkPolicy', 'orders-db').spec.ingress.push({ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'storefront' } } }], ports: [{ port: 5432 }] });
    obj(o, 'Service', 'checkout').spec.selector['cdk8s-patterns.io/colour'] = 'green';
    obj(o, 'Deployment', 'checkout-green').spec.selector.matchLabels.tier = 'web';
  });
  expect(r.json.changes.map((c: any) => `${c.class} ${c.object}`)).toEqual([
    'data-at-risk StatefulSet shop/orders-db',
    'fails-to-apply Deployment shop/checkout-green',
    'pods-restart Deployment shop/storefront',
    'traffic-moves Service shop/checkout',
    'access-widened NetworkPolicy shop/orders-db',
  ]);
  expect(r.json.changes[3].consequence).toMatch(/blue-green switch/);
  expect(r.json.changes[4].consequence).toBe('ingress rule added: from pods app.kubernetes.io/name=storefront on TCP 5432: more traffic into the selected pods is allowed');
  expect(r.code).toBe(9);
});

test('a privileged container restarts the pods and widens access', () => {
  const r = diffAfter(o => {
    obj(o, 'DaemonSet', 'log-shipper').spec.template.spec.containers[0].securityContext.capabilities.add = ['NET_ADMIN'];
  });
  const classes = r.json.changes.map((c: any) => c.class);
  expect(classes).toEqual(['pods-restart', 'access-widened']);
  expect(r.json.changes[1].consequence).toBe('capability NET_ADMIN added');
  expect(r.json.changes[0].consequence).toMatch(/one pod per node/);
});

test('removing a peer narrows (plain change); emptying the peer list opens the rule to every source', () => {
  const narrowed = diffAfter(o => { obj(o, 'NetworkPolicy', 'orders-db').spec.ingress.pop(); });
  expect(narrowed.json.mostSevere).toBe('other');
  const opened = diffAfter(o => { delete obj(o, 'NetworkPolicy', 'orders-db').spec.ingress[0].from; });
  expect(opened.json.changes[0]).toMatchObject({ class: 'access-widened', path: 'spec.ingress[0].from' });
  expect(opened.json.changes[0].consequence).toMatch(/allows every source/);
});

test('--fail-on turns the exit code into 0 or 1 for CI', () => {
  const shrink = (o: any[]) => { obj(o, 'StatefulSet', 'orders-db').spec.volumeClaimTemplates[0].spec.resources.requests.storage = '10Gi'; };
  const image = (o: any[]) => { obj(o, 'Deployment', 'storefront').spec.template.spec.containers[0].image = 'x:2'; };
  expect(diffAfter(shrink, ['--fail-on', 'data-at-risk']).code).toBe(1);
  expect(diffAfter(image, ['--fail-on', 'data-at-risk']).code).toBe(0);
  expect(diffAfter(image, ['--fail-on', 'pods-restart']).code).toBe(1);
});

test('table and Markdown show the class, object, field and consequence', () => {
  const dir = copyDist(path.join(tmp, 'md'), o => { obj(o, 'Deployment', 'storefront').spec.template.spec.containers[0].image = 'x:2'; });
  const md = review(['diff', DIST, dir, '--format', 'markdown']);
  expect(md.stdout).toMatch(/^### Manifest diff: pods-restart\n/);
  expect(md.stdout).toContain('| **pods-restart** | `Deployment shop/storefront` | `spec.template.spec.containers[main].image` | every pod restarts (by a rolling update) |');
  const table = review(['diff', DIST, dir]);
  expect(table.stdout.split('\n')[0]).toMatch(/^CLASS\s+OBJECT\s+FIELD\s+CONSEQUENCE$/);
  expect(table.stdout).toContain('1 change: 1 pods-restart');
});

describe('a git ref as OLD', () => {
  const repo = path.join(tmp, 'repo');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
  beforeAll(() => {
    copyDist(path.join(repo, 'dist'));
    git('init', '-q');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'v1');
    copyDist(path.join(repo, 'dist'), o => { obj(o, 'Service', 'checkout').spec.selector['cdk8s-patterns.io/colour'] = 'green'; });
  });

  test('reads the folder as committed at the ref', () => {
    const r = review(['diff', 'HEAD', 'dist', '--format', 'json'], repo);
    expect(JSON.parse(r.stdout).changes.map((c: any) => c.object)).toEqual(['Service shop/checkout']);
    expect(r.code).toBe(6);
  });

  test('a ref that does not exist: one line, exit 2', () => {
    const r = review(['diff', 'no-such-branch', 'dist'], repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('cdk8s-patterns: "no-such-branch" is neither a folder nor a git commit, branch or tag: give an existing folder or a ref such as origin/main\n');
  });
});

describe('bad input: one line on stderr, exit 2', () => {
  const bad = path.join(tmp, 'bad');
  beforeAll(() => {
    fs.mkdirSync(path.join(bad, 'nokind'), { recursive: true });
    fs.writeFileSync(path.join(bad, 'nokind', 'a.yaml'), 'apiVersion: v1\nmetadata:\n  name: x\n');
    fs.mkdirSync(path.join(bad, 'broken'), { recursive: true });
    fs.writeFileSync(path.join(bad, 'broken', 'a.yaml'), 'kind: [unclosed\n');
    fs.mkdirSync(path.join(bad, 'twice'), { recursive: true });
    fs.writeFileSync(path.join(bad, 'twice', 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x, namespace: a }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: x, namespace: a }\n');
    fs.mkdirSync(path.join(bad, 'empty'), { recursive: true });
    fs.writeFileSync(path.join(bad, 'empty', 'notes.txt'), 'not a manifest');
  });
  test.each([
    [['diff', DIST, 'missing-folder'], /^cdk8s-patterns: folder "missing-folder" does not exist/],
    [['diff', DIST, 'bad/nokind'], /^cdk8s-patterns: .*a\.yaml#1 is not a Kubernetes object \(no kind\)/],
    [['diff', DIST, 'bad/broken'], /^cdk8s-patterns: .*a\.yaml#1 is not valid YAML or JSON/],
    [['diff', DIST, 'bad/twice'], /^cdk8s-patterns: .*a\.yaml#1 and .*a\.yaml#2 are both ConfigMap a\/x: keep one/],
    [['diff', DIST, 'bad/empty'], /^cdk8s-patterns: "bad\/empty" holds no Kubernetes manifests/],
    [['diff', DIST], /^cdk8s-patterns: diff takes OLD and NEW/],
    [['diff', DIST, DIST, '--fail-on', 'scary'], /^cdk8s-patterns: unknown --fail-on class "scary"/],
    [['diff', DIST, DIST, '--colour'], /^cdk8s-patterns: unknown option "--colour" for diff/],
  ])('%j', (args, message) => {
    const r = review(args as string[], tmp);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });
});
