import { spawn } from 'child_process';
import * as http from 'http';
import { AddressInfo } from 'net';
import { Chart, Duration, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Colour, IngressScope, Release, SmokeTest, SmokeTestProps, WebApp, Workload } from '../src';
import { find, schemaProblems, synth, synthErrors } from './util';

const image = 'ghcr.io/acme/storefront:1.4.2';

function smoke(props: Partial<SmokeTestProps> = {}, webProps: object = {}, chart: Chart = Testing.chart()) {
  const web = new WebApp(chart, 'storefront', { image, ...webProps });
  const test = new SmokeTest(chart, 'storefront-smoke', { target: web, path: '/healthz', ...props });
  return { chart, web, test, objects: () => synth(chart) };
}

describe('snapshots', () => {
  test('defaults', () => {
    expect(smoke().objects().filter(o => o.metadata.name === 'storefront-smoke')).toMatchSnapshot();
  });

  test('customised: preview Service of a blue-green app in another namespace, narrowed ingress', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'tests' });
    const web = new WebApp(chart, 'storefront', {
      image,
      namespace: 'shop',
      servicePort: 8080,
      ingressScope: IngressScope.PEERS,
      release: Release.blueGreen({ active: Colour.BLUE, blueImage: image, greenImage: 'ghcr.io/acme/storefront:1.5.0' }),
    });
    new SmokeTest(chart, 'preview-smoke', {
      target: web,
      serviceName: web.previewService!.name,
      path: '/ready?deep=1',
      attempts: 3,
      timeout: Duration.seconds(2),
      interval: Duration.seconds(1),
      image: 'docker.io/curlimages/curl:8.10.1',
      labels: { team: 'checkout' },
      annotations: { 'example.com/owner': 'checkout' },
      resources: { cpuLimit: '200m' },
    });
    expect(synth(chart)).toMatchSnapshot();
  });
});

describe('default output', () => {
  const objects = smoke({}, { namespace: 'shop' }).objects();
  const pod = find(objects, 'Pod', 'storefront-smoke');
  const container = pod.spec.containers[0];

  test.each([
    ['restartPolicy', pod.spec.restartPolicy, 'Never'],
    ['Argo CD hook', pod.metadata.annotations['argocd.argoproj.io/hook'], 'PostSync'],
    ['Argo CD hook delete policy', pod.metadata.annotations['argocd.argoproj.io/hook-delete-policy'], 'BeforeHookCreation,HookSucceeded'],
    ['image, pinned', container.image, 'docker.io/curlimages/curl:8.11.1'],
    ['URL, attempts, timeout, interval', container.args, ['http://storefront.shop.svc:80/healthz', '10', '5', '3']],
    ['overall deadline', pod.spec.activeDeadlineSeconds, 140],
    ['resources', container.resources, {
      requests: { 'cpu': '10m', 'memory': '16Mi', 'ephemeral-storage': '16Mi' },
      limits: { 'cpu': '100m', 'memory': '64Mi', 'ephemeral-storage': '64Mi' },
    }],
    ['pod securityContext', pod.spec.securityContext, { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } }],
    ['container securityContext', container.securityContext, {
      allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] },
    }],
    ['no token', pod.spec.automountServiceAccountToken, false],
    ['own ServiceAccount', pod.spec.serviceAccountName, 'storefront-smoke'],
    ['no probes, no preStop', [container.readinessProbe, container.livenessProbe, container.lifecycle], [undefined, undefined, undefined]],
    ['namespace follows the target', pod.metadata.namespace, 'shop'],
    ['component', pod.metadata.labels['app.kubernetes.io/component'], 'smoke-test'],
  ])('%s', (_what, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  test('NetworkPolicy: egress only to DNS and the target pods on their container port, no ingress', () => {
    const np = find(objects, 'NetworkPolicy', 'storefront-smoke').spec;
    expect(np.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'storefront-smoke' } });
    expect(np.ingress).toEqual([]);
    expect(np.egress).toHaveLength(2);
    expect(np.egress[0].ports.map((p: any) => `${p.protocol}/${p.port}`)).toEqual(['UDP/53', 'TCP/53']);
    expect(np.egress[1]).toEqual({ to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'storefront' } } }], ports: [{ protocol: 'TCP', port: 8080 }] });
  });

  test('emits exactly a Pod, its ServiceAccount and NetworkPolicy', () => {
    expect(objects.filter(o => o.metadata.name === 'storefront-smoke').map(o => o.kind).sort()).toEqual(['NetworkPolicy', 'Pod', 'ServiceAccount']);
  });
});

describe('reaching the target', () => {
  test('a target with narrowed ingress lets the smoke Pod in on its port', () => {
    const objects = smoke({}, { ingressScope: IngressScope.PEERS }).objects();
    expect(find(objects, 'NetworkPolicy', 'storefront').spec.ingress).toEqual([{
      from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'storefront-smoke' } } }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    }]);
  });

  test('a cluster-wide target needs no extra ingress rule', () => {
    const objects = smoke().objects();
    expect(find(objects, 'NetworkPolicy', 'storefront').spec.ingress).toEqual([{ from: [{ namespaceSelector: {} }], ports: [{ protocol: 'TCP', port: 8080 }] }]);
  });

  test('the Service port and name come from the target; the URL has no namespace when none is known', () => {
    const { test: t } = smoke({}, { servicePort: 8081, port: 3000 });
    expect(t.url).toBe('http://storefront:8081/healthz');
  });

  test('across namespaces: the Pod runs in the target namespace and egress names it', () => {
    const chart = new Chart(Testing.app(), 'tests', { namespace: 'ci' });
    const web = new WebApp(chart, 'storefront', { image, namespace: 'shop' });
    const elsewhere = new SmokeTest(chart, 'elsewhere', { target: web, namespace: 'ci' });
    const objects = synth(chart);
    expect(elsewhere.url).toBe('http://storefront.shop.svc:80/healthz');
    expect(find(objects, 'Pod', 'elsewhere').metadata.namespace).toBe('ci');
    expect(find(objects, 'NetworkPolicy', 'elsewhere').spec.egress[1].to[0].namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'shop' } });
  });

  test('any Workload with a Service named after it is a target', () => {
    class Store extends Workload {
      public readonly port = 5432;
      constructor(scope: Chart, id: string) {
        super(scope, id, { image: 'postgres:16.4' }, 'database');
        new k8s.KubeService(this, 'Client', {
          metadata: { name: this.name }, spec: { selector: this.selectorLabels, ports: [{ name: 'tcp', port: 5432 }] },
        });
      }
    }
    const chart = Testing.chart();
    const store = new Store(chart, 'orders-db');
    const t = new SmokeTest(chart, 'orders-db-smoke', { target: store, path: '/' });
    expect(t.url).toBe('http://orders-db:5432/');
    expect(find(synth(chart), 'NetworkPolicy', 'orders-db-smoke').spec.egress[1].ports).toEqual([{ protocol: 'TCP', port: 5432 }]);
  });
});

describe('schema', () => {
  test('every object validates against the strict 1.28 schema', () => {
    const { objects } = smoke({ attempts: 2 }, { namespace: 'shop', ingressScope: IngressScope.NAMESPACE });
    expect(schemaProblems(objects())).toEqual({});
  });
});

describe('the check itself (the Pod\'s script, run here with curl against a loopback server)', () => {
  const script = (): string[] => find(smoke().objects(), 'Pod', 'storefront-smoke').spec.containers[0].command;

  /** Runs the Pod's command with these args; resolves to [exit code, output]. */
  function run(args: string[]): Promise<[number, string]> {
    const [shell, ...rest] = script();
    return new Promise(resolve => {
      const child = spawn(shell, [...rest, ...args]);
      let out = '';
      child.stdout.on('data', d => out += d);
      child.stderr.on('data', d => out += d);
      child.on('close', code => resolve([code ?? -1, out]));
    });
  }

  /** A loopback server answering with `statuses` in turn (the last one repeats). */
  async function serve(statuses: number[]): Promise<{ url: string; close: () => void; hits: () => number }> {
    let hits = 0;
    const server = http.createServer((_req, res) => {
      res.writeHead(statuses[Math.min(hits++, statuses.length - 1)], { Location: '/elsewhere' });
      res.end();
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/healthz`, close: () => server.close(), hits: () => hits };
  }

  test.each<[string, number[], number, RegExp]>([
    ['passes on 200', [200], 0, /PASS: .* answered 200 \(attempt 1\/3\)/],
    ['passes on 204 after two 503s (retries)', [503, 503, 204], 0, /attempt 2\/3: .* answered 503\n.*PASS: .* answered 204 \(attempt 3\/3\)/],
    ['fails on 500', [500], 1, /FAIL: .* did not answer 2xx in 3 attempts/],
    ['fails on a redirect', [302], 1, /answered 302/],
  ])('%s', async (_what, statuses, exitCode, output) => {
    const server = await serve(statuses);
    try {
      const [code, out] = await run([server.url, '3', '2', '0']);
      expect(out).toMatch(output);
      expect(code).toBe(exitCode);
      expect(server.hits()).toBe(exitCode === 0 ? statuses.length : 3);
    } finally {
      server.close();
    }
  });

  test('fails when nothing answers', async () => {
    const server = await serve([200]);
    server.close(); // the port is free again: connection refused
    const [code, out] = await run([server.url, '2', '1', '0']);
    expect(out).toMatch(/attempt 1\/2: .* answered 000/);
    expect(code).toBe(1);
  });
});

describe('bad input', () => {
  test.each<[string, Partial<SmokeTestProps>, string]>([
    ['path without slash', { path: 'healthz' }, 'path "healthz" does not start with "/": write it as "/healthz"'],
    ['no attempts', { attempts: 0 }, 'attempts 0 is not a whole number >= 1'],
    ['zero timeout', { timeout: Duration.seconds(0) }, 'timeout "0s" is not a whole number of seconds >= 1'],
    ['port out of range', { port: 70000 }, 'port 70000 is not a port number'],
    ['service name not DNS', { serviceName: 'Store_Front' }, 'serviceName "Store_Front" is not a valid DNS-1123 label'],
    ['untagged image', { image: 'curlimages/curl' }, 'image "curlimages/curl" has no tag'],
  ])('%s', (_what, props, message) => {
    const { chart } = smoke(props);
    expect(synthErrors(chart)).toContain(`[test/storefront-smoke] ${message}`);
  });

  test('a target without a Service', () => {
    class Agent extends Workload {
      public readonly port = 9100;
      constructor(scope: Chart, id: string) {
        super(scope, id, { image: 'prom/node-exporter:v1.8.2' }, 'agent');
      }
    }
    const chart = Testing.chart();
    new SmokeTest(chart, 'agent-smoke', { target: new Agent(chart, 'agent') });
    expect(synthErrors(chart)).toContain('[test/agent-smoke] target "test/agent" has no Service named after it to take the port from: give `serviceName` and `port`');
  });
});
