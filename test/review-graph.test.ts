import * as fs from 'fs';
import * as path from 'path';
import { copyDist, DIST, obj, parseDiagram, review, tmpDir } from './review-util';
import { main } from '../src/synth/cli';

// `cdk8s-patterns graph`: the Mermaid parses with mermaid's own parser, the DOT
// renders with Graphviz (@viz-js/viz), and the traffic drawn is what the
// NetworkPolicies allow.

const tmp = tmpDir();

/** Mermaid node id of the box labelled `label`. */
function idOf(mermaid: string, label: string): string {
  const m = new RegExp(`^\\s*(n\\d+)[[({>/]+"${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`, 'm').exec(mermaid);
  if (!m) throw new Error(`no box "${label}" in\n${mermaid}`);
  return m[1];
}

/** Every edge as "from-label ARROW to-label|edge label". */
function edges(mermaid: string): string[] {
  const labels = new Map<string, string>();
  for (const m of mermaid.matchAll(/^\s*(n\d+)[[({>/]+"([^"]+)"/gm)) labels.set(m[1], m[2]);
  return [...mermaid.matchAll(/^\s*(n\d+) (-->|==>|-\.-x)(?:\|"([^"]*)"\|)? (n\d+)$/gm)]
    .map(m => `${labels.get(m[1])} ${m[2]} ${labels.get(m[4])}${m[3] ? `|${m[3]}` : ''}`);
}

describe('the reference app', () => {
  const mermaid = review(['graph', DIST]);
  const dot = review(['graph', DIST, '--format', 'dot']);

  test('Mermaid parses with the mermaid package', () => {
    expect(mermaid.code).toBe(0);
    expect(parseDiagram('mermaid', mermaid.stdout)).toEqual({ ok: true, output: 'flowchart-v2\n' });
  });

  test('DOT renders with Graphviz', () => {
    expect(dot.code).toBe(0);
    const r = parseDiagram('dot', dot.stdout);
    expect(r.ok).toBe(true);
    expect(r.output).toMatch(/^svg \d+/);
  });

  test('the parsers reject broken diagrams, so the two tests above can fail', () => {
    expect(parseDiagram('mermaid', mermaid.stdout.replace(/\]$/m, '')).ok).toBe(false);
    expect(parseDiagram('dot', dot.stdout.replace(/}\n$/, '')).ok).toBe(false);
  });

  test('namespaces are subgraphs; routes, Services, workloads and volumes are linked', () => {
    expect(mermaid.stdout).toContain('subgraph ns_');
    expect(mermaid.stdout).toContain('"namespace shop"');
    const e = edges(mermaid.stdout);
    expect(e).toEqual(expect.arrayContaining([
      'HTTPRoute storefront --> Service storefront',
      'Service storefront --> Deployment storefront',
      'Service checkout --> Deployment checkout-blue',
      'Service checkout-preview --> Deployment checkout-green',
      'StatefulSet orders-db --> claims data-orders-db-N (20Gi each)|x3',
      'CronJob orders-db-backup --> PVC orders-db-backups|mounts backup',
    ]));
  });

  test('traffic is what both sides\' NetworkPolicies allow, with ports', () => {
    const e = edges(mermaid.stdout);
    expect(e).toEqual(expect.arrayContaining([
      'Deployment storefront ==> Deployment checkout-blue|TCP 8080',
      'Deployment checkout-blue ==> StatefulSet orders-db|TCP 5432',
      'CronJob orders-db-backup ==> StatefulSet orders-db|TCP 5432',
      'Deployment storefront ==> pods k8s-app=kube-dns in kube-system|UDP 53, TCP 53',
      'any pod in any namespace ==> Deployment storefront|TCP 8080, TCP 9090',
    ]));
    // nothing allows storefront to reach the database directly
    expect(e.filter(x => x.startsWith('Deployment storefront') && x.includes('orders-db'))).toEqual([]);
    expect(e.some(x => x.includes('-.-x'))).toBe(false);
  });

  test('default deny is shown as a note in each namespace', () => {
    expect(mermaid.stdout).toContain('[/"default deny ingress and egress: only the traffic drawn is allowed"/]');
  });
});

test('a peer opened on one side only is drawn as denied, naming the policy that blocks it', () => {
  const dir = copyDist(path.join(tmp, 'half-open'), o => {
    // storefront may now send to the backup pods, but their policy accepts nothing
    // (the database itself accepts its metrics port from every namespace)
    obj(o, 'NetworkPolicy', 'storefront').spec.egress.push({ to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'orders-db-backup' } } }], ports: [{ port: 5432, protocol: 'TCP' }] });
  });
  const r = review(['graph', dir]);
  expect(edges(r.stdout)).toContain('Deployment storefront -.-x CronJob orders-db-backup|denied by ingress policy of CronJob orders-db-backup');
  expect(parseDiagram('mermaid', r.stdout).ok).toBe(true);
  const dot = review(['graph', dir, '--format', 'dot']).stdout;
  expect(dot).toMatch(/label="denied by ingress policy of CronJob orders-db-backup", style=dashed, color=red/);
});

test('--namespace keeps that namespace and what it connects to', () => {
  const r = review(['graph', DIST, '--namespace', 'node-agents']);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('DaemonSet log-shipper');
  expect(r.stdout).not.toContain('Deployment storefront');
  expect(r.stdout).toContain('pods k8s-app=kube-dns in kube-system');
  expect(idOf(r.stdout, 'Service log-shipper')).toMatch(/^n\d+$/);
  expect(parseDiagram('mermaid', r.stdout).ok).toBe(true);
});

test('a folder of environment folders: --env picks one, without it the error names them', () => {
  const envs = path.join(tmp, 'envs');
  copyDist(path.join(envs, 'dev'));
  copyDist(path.join(envs, 'prod'));
  expect(review(['graph', envs, '--env', 'prod']).stdout).toContain('Deployment storefront');
  const r = review(['graph', envs]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('holds environments dev, prod: pick one with --env');
  expect(review(['graph', envs, '--env', 'qa']).stderr).toContain('no environment "qa" in');
});

test('bad input: unknown namespace, unknown format, missing folder', () => {
  expect(review(['graph', DIST, '--namespace', 'nope']).stderr).toMatch(/^cdk8s-patterns: no objects in namespace "nope"/);
  expect(review(['graph', DIST, '--format', 'png']).stderr).toBe('cdk8s-patterns: unknown --format "png": use mermaid, dot\n');
  expect(review(['graph', path.join(tmp, 'nothing-here')]).code).toBe(2);
  expect(fs.existsSync(path.join(tmp, 'nothing-here'))).toBe(false);
});

test('the cdk8s-patterns command dispatches graph, diff and report, and lists them in --help', () => {
  let stdout = '';
  const out = { stdout: (t: string) => { stdout += t; }, stderr: () => {} };
  expect(main(['graph', DIST, '--format', 'dot'], out)).toBe(0);
  expect(stdout).toMatch(/^digraph topology \{/);
  stdout = '';
  main(['--help'], out);
  expect(stdout).toMatch(/^ {7}cdk8s-patterns diff <old folder or git ref> <new folder>/m);
  expect(stdout).toMatch(/^report {2}per-pod requests\/limits/m);
});

test('traffic is drawn on the ports both policies allow: a range covers a port, and no port in common is denied', () => {
  const egressTo = (o: any[], port: object) => {
    // storefront's egress rule that lets it reach checkout on 8080
    const rule = obj(o, 'NetworkPolicy', 'storefront').spec.egress.find((r: any) => r.ports?.some((p: any) => p.port === 8080));
    rule.ports = [port];
  };
  const ranged = review(['graph', copyDist(path.join(tmp, 'port-range'), o => egressTo(o, { port: 8000, endPort: 9000, protocol: 'TCP' }))]);
  expect(edges(ranged.stdout)).toContain('Deployment storefront ==> Deployment checkout-blue|TCP 8080');
  const apart = review(['graph', copyDist(path.join(tmp, 'port-apart'), o => egressTo(o, { port: 5432, protocol: 'TCP' }))]);
  expect(edges(apart.stdout)).toContain('Deployment storefront -.-x Deployment checkout-blue|denied: no port both policies allow');
  expect(edges(apart.stdout).filter(e => e.startsWith('Deployment storefront ==> Deployment checkout-blue'))).toEqual([]);
  expect(parseDiagram('mermaid', apart.stdout).ok).toBe(true);
});
