// One measurement, run in a fresh process by bench/bench.mjs (which times the
// whole process). Prints one JSON line on stdout: what was built and how long
// each phase took inside the process.
//
//   node bench/child.cjs require lib|plus
//   node bench/child.cjs workload lib|plus|floor|floor-cdk8s N [out.yaml]
//   node bench/child.cjs template            (lib objects of one app: the floor's template)
'use strict';
const path = require('path');
const fs = require('fs');

const root = path.resolve(__dirname, '..');
// what `require('cdk8s-patterns')` loads: package.json's main (lib/bundle.js)
const LIB_ENTRY = require.resolve(root);
const IMAGE = 'ghcr.io/acme/app:1.0.0';
const PORT = 8080;

const ms = t0 => Number(process.hrtime.bigint() - t0) / 1e6;
const appName = i => `app-${String(i).padStart(5, '0')}`;
// Every app is the same five objects, as in issue 19: Deployment, Service,
// ServiceAccount, NetworkPolicy and PodDisruptionBudget (no HPA).

function report(result) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function kindCounts(objects) {
  const kinds = {};
  for (const o of objects) kinds[o.kind] = (kinds[o.kind] ?? 0) + 1;
  return kinds;
}

/** The YAML library and options of cdk8s `Yaml.stringify` (its bundled copy of `yaml`). */
function cdk8sYaml() {
  const YAML = require(require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s'))] }));
  const src = fs.readFileSync(require.resolve('cdk8s/lib/yaml.js'), 'utf8');
  // the floor must serialize exactly as cdk8s does; fail loudly if cdk8s changes how
  if (!src.includes("YAML.stringify(r, { keepUndefined: true, lineWidth: 0, version: yamlSchemaVersion })") ||
      !src.includes("const yamlSchemaVersion = '1.1'") || !src.includes(".join('---\\n')")) {
    throw new Error('cdk8s Yaml.stringify changed: update the floor in bench/child.cjs to mirror it');
  }
  const options = { keepUndefined: true, lineWidth: 0, version: '1.1' };
  return docs => docs.map(d => (d === undefined ? '\n' : YAML.stringify(d, options))).join('---\n');
}

/** This library's YAML writer (src/private/yaml-writer.ts), the one synth uses. */
function libYaml() {
  const { stringifyYaml } = require(path.join(root, 'lib', 'src', 'private', 'yaml-writer.js'));
  return docs => stringifyYaml(...docs);
}

/** This library: WebApp with its production set, through the public synth path. */
function buildLib(n) {
  const { App, Chart } = require('cdk8s');
  const lib = require(LIB_ENTRY);
  // the writer synth uses (src/private/yaml-writer.ts)
  const { stringifyYaml } = require(path.join(root, 'lib', 'src', 'private', 'yaml-writer.js'));
  const t0 = process.hrtime.bigint();
  const app = new App();
  const chart = new Chart(app, 'bench', { namespace: 'bench' });
  for (let i = 0; i < n; i++) {
    new lib.WebApp(chart, appName(i), { image: IMAGE, port: PORT });
  }
  const tBuild = ms(t0);
  const t1 = process.hrtime.bigint();
  const files = lib.render(app);
  const tRender = ms(t1);
  const t2 = process.hrtime.bigint();
  const yaml = files.map(f => stringifyYaml(...f.objects)).join('');
  const tYaml = ms(t2);
  return { objects: files.flatMap(f => f.objects), yaml, phases: { build: tBuild, render: tRender, yaml: tYaml } };
}

/** cdk8s-plus-28 L2 constructs (L1 for the PDB, which has no L2), same kinds and counts, no checks. */
function buildPlus(n) {
  const { App, Chart, Duration, Size } = require('cdk8s');
  const kplus = require('cdk8s-plus-28');
  const t0 = process.hrtime.bigint();
  const app = new App();
  const chart = new Chart(app, 'bench', { namespace: 'bench' });
  const dns = kplus.Pods.select(chart, 'dns', {
    labels: { 'k8s-app': 'kube-dns' },
    namespaces: kplus.Namespaces.select(chart, 'kube-system', { names: ['kube-system'] }),
  });
  const cluster = kplus.Namespaces.all(chart, 'cluster');
  for (let i = 0; i < n; i++) {
    const name = appName(i);
    const labels = {
      'app.kubernetes.io/component': 'web',
      'app.kubernetes.io/instance': name,
      'app.kubernetes.io/managed-by': 'bench',
      'app.kubernetes.io/name': name,
      'app.kubernetes.io/part-of': 'bench',
      'app.kubernetes.io/version': '1.0.0',
    };
    const selectorLabels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name };
    const metadata = { name, labels };
    const sa = new kplus.ServiceAccount(chart, `${name}-sa`, { metadata, automountToken: false });
    const deployment = new kplus.Deployment(chart, name, {
      metadata,
      replicas: 2,
      serviceAccount: sa,
      automountServiceAccountToken: false,
      podMetadata: { labels },
      containers: [{
        name: 'main',
        image: IMAGE,
        portNumber: PORT,
        resources: {
          cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
          memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
          ephemeralStorage: { request: Size.gibibytes(1), limit: Size.gibibytes(2) }, // cdk8s-plus renders whole Gi only
        },
        readiness: kplus.Probe.fromHttpGet('/healthz', { port: PORT, periodSeconds: Duration.seconds(5) }),
        liveness: kplus.Probe.fromTcpSocket({ port: PORT, periodSeconds: Duration.seconds(10), failureThreshold: 6 }),
        lifecycle: { preStop: kplus.Handler.fromCommand(['sleep', '5']) },
        volumeMounts: [{ path: '/tmp', volume: kplus.Volume.fromEmptyDir(chart, `${name}-tmp`, 'tmp', { sizeLimit: Size.mebibytes(64) }) }],
      }],
    });
    deployment.scheduling.spread({ topology: kplus.Topology.HOSTNAME, weight: 100 });
    new kplus.Service(chart, `${name}-svc`, { metadata, selector: deployment, ports: [{ port: 80, targetPort: PORT }] });
    new kplus.k8s.KubePodDisruptionBudget(chart, `${name}-pdb`, {
      metadata,
      spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(1), selector: { matchLabels: selectorLabels } },
    });
    new kplus.NetworkPolicy(chart, `${name}-np`, {
      metadata,
      selector: deployment,
      ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY, rules: [{ peer: cluster, ports: [kplus.NetworkPolicyPort.tcp(PORT)] }] },
      egress: { default: kplus.NetworkPolicyTrafficDefault.DENY, rules: [{ peer: dns, ports: [kplus.NetworkPolicyPort.udp(53), kplus.NetworkPolicyPort.tcp(53)] }] },
    });
  }
  const tBuild = ms(t0);
  const t1 = process.hrtime.bigint();
  const yaml = app.synthYaml();
  const tSynth = ms(t1);
  // counting is outside the timed phases; parse only the kind lines
  const objects = [...yaml.matchAll(/^kind: (\S+)$/gm)].map(m => ({ kind: m[1] }));
  return { objects, yaml, phases: { build: tBuild, synthYaml: tSynth } };
}

/**
 * The floor: the same objects as this library emits, as plain object literals
 * (generated by bench.mjs from the library's own output for one app, so they
 * stay identical), serialized with this library's YAML writer ("floor"), or
 * with the YAML library and options of cdk8s ("floor-cdk8s").
 */
function buildFloor(n, templateModule, writer) {
  const stringify = writer === 'cdk8s' ? cdk8sYaml() : libYaml();
  const makeApp = require(templateModule);
  const t0 = process.hrtime.bigint();
  const objects = [];
  for (let i = 0; i < n; i++) objects.push(...makeApp(appName(i)));
  const tBuild = ms(t0);
  const t1 = process.hrtime.bigint();
  const yaml = stringify(objects);
  return { objects, yaml, phases: { build: tBuild, yaml: ms(t1) } };
}

function main() {
  const [mode, which, arg, out] = process.argv.slice(2);
  if (mode === 'require') {
    const target = which === 'lib' ? LIB_ENTRY : which === 'plus' ? 'cdk8s-plus-28' : undefined;
    if (!target) throw new Error(`unknown require target ${which}`);
    const t0 = process.hrtime.bigint();
    require(target);
    report({ phases: { require: ms(t0) } });
    return;
  }
  if (mode === 'template') {
    const { App, Chart } = require('cdk8s');
    const lib = require(LIB_ENTRY);
    const app = new App();
    const chart = new Chart(app, 'bench', { namespace: 'bench' });
    new lib.WebApp(chart, appName(0), { image: IMAGE, port: PORT });
    const objects = lib.render(app).flatMap(f => f.objects);
    report({ name: appName(0), objects });
    return;
  }
  if (mode === 'workload') {
    const n = Number(arg);
    const floor = process.env.BENCH_FLOOR_MODULE;
    const built = which === 'lib' ? buildLib(n) : which === 'plus' ? buildPlus(n)
      : which === 'floor' ? buildFloor(n, floor, 'lib') : which === 'floor-cdk8s' ? buildFloor(n, floor, 'cdk8s') : undefined;
    if (!built) throw new Error(`unknown workload ${which}`);
    // every way writes its YAML to disk, timed
    const t0 = process.hrtime.bigint();
    if (out) fs.writeFileSync(out, built.yaml);
    built.phases.write = ms(t0);
    report({ objects: built.objects.length, kinds: kindCounts(built.objects), bytes: Buffer.byteLength(built.yaml), phases: built.phases });
    return;
  }
  throw new Error(`unknown mode ${mode}`);
}

main();
