import { Chart, Size, Testing } from 'cdk8s';
import { CONFIG_CHECKSUM_ANNOTATION, EnvVar, ExistingSecret, StatefulStore, StatefulStoreProps, WebApp } from '../src';
import { all, find, schemaProblems, synth, synthErrors } from './util';
import { requiredLevel } from '../src/private/pod-security';
import { renderReport } from '../src/synth/synth';

const base: StatefulStoreProps = {
  image: 'postgres:16.4',
  port: 5432,
  replicas: 3,
  storage: { size: Size.gibibytes(20) },
  dataPath: '/var/lib/postgresql/data',
};
const exporter = {
  image: 'quay.io/prometheuscommunity/postgres-exporter:v0.15.0',
  env: { DATA_SOURCE_PASS: EnvVar.fromSecret('orders-db-auth', 'password') },
};

function build(props: Partial<StatefulStoreProps>): { chart: Chart; objects: () => any[] } {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
  new StatefulStore(chart, 'db', { ...base, ...props });
  return { chart, objects: () => synth(chart) };
}

describe('StatefulStore metrics', () => {
  test('exporter sidecar: restricted container, headless Service port, ServiceMonitor, ingress from every namespace', () => {
    const objects = build({ metrics: { port: 9187, exporter } }).objects();
    const pod = find(objects, 'StatefulSet', 'db').spec.template.spec;
    expect(pod.containers.map((c: any) => c.name)).toEqual(['main', 'exporter']);
    const sidecar = pod.containers[1];
    expect(sidecar.ports).toEqual([{ name: 'metrics', containerPort: 9187, protocol: 'TCP' }]);
    expect(sidecar.securityContext).toEqual({
      allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] },
    });
    expect(sidecar.readinessProbe.httpGet).toMatchObject({ path: '/metrics', port: 9187 });
    expect(sidecar.livenessProbe.tcpSocket).toEqual({ port: 9187 });
    expect(sidecar.env).toEqual([{ name: 'DATA_SOURCE_PASS', valueFrom: { secretKeyRef: { name: 'orders-db-auth', key: 'password' } } }]);
    expect(find(objects, 'Service', 'db-headless').spec.ports.map((p: any) => p.name)).toEqual(['tcp', 'metrics']);
    expect(find(objects, 'Service', 'db').spec.ports.map((p: any) => p.name)).toEqual(['tcp']);
    expect(find(objects, 'ServiceMonitor', 'db').spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s' }]);
    expect(find(objects, 'NetworkPolicy', 'db').spec.ingress).toContainEqual({ from: [{ namespaceSelector: {} }], ports: [{ protocol: 'TCP', port: 9187 }] });
    expect(objects).toMatchSnapshot();
  });

  test('a store serving metrics itself gets a metrics port on its own container, no sidecar', () => {
    const objects = build({ metrics: { port: 9000, path: '/_metrics' } }).objects();
    const pod = find(objects, 'StatefulSet', 'db').spec.template.spec;
    expect(pod.containers).toHaveLength(1);
    expect(pod.containers[0].ports.map((p: any) => p.name)).toEqual(['tcp', 'metrics']);
    expect(find(objects, 'ServiceMonitor', 'db').spec.endpoints[0]).toMatchObject({ port: 'metrics', path: '/_metrics' });
  });

  test('serviceMonitor: false writes scrape annotations instead', () => {
    const objects = build({ metrics: { port: 9187, exporter, serviceMonitor: false } }).objects();
    expect(all(objects, 'ServiceMonitor')).toHaveLength(0);
    expect(find(objects, 'StatefulSet', 'db').spec.template.metadata.annotations).toEqual({
      'prometheus.io/path': '/metrics', 'prometheus.io/port': '9187', 'prometheus.io/scrape': 'true',
    });
  });

  test('the exporter passes the rule pack and Pod Security restricted', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new ExistingSecret(chart, 'orders-db-auth', { keys: ['password'] });
    new StatefulStore(chart, 'db', { ...base, metrics: { port: 9187, exporter } });
    const report = renderReport(app);
    expect(report.findings.filter(f => f.severity === 'error' && !f.suppressed)).toEqual([]);
    expect(requiredLevel(find(synth(chart), 'StatefulSet', 'db').spec.template.spec)).toBe('restricted');
  });
});

describe('StatefulStore configFiles', () => {
  const conf = { 'postgresql.conf': 'max_connections = 200\n' };

  test('a ConfigMap mounted read-only, with the same checksum annotation as a WebApp of the same files', () => {
    const objects = build({ configFiles: conf, args: ['-c', 'config_file=/etc/db/postgresql.conf'] }).objects();
    expect(find(objects, 'ConfigMap', 'db-config').data).toEqual(conf);
    const template = find(objects, 'StatefulSet', 'db').spec.template;
    expect(template.spec.containers[0].volumeMounts).toContainEqual({ name: 'config', mountPath: '/etc/db', readOnly: true });
    expect(template.spec.volumes).toContainEqual({ name: 'config', configMap: { name: 'db-config' } });
    const chart = Testing.chart();
    new WebApp(chart, 'web', { image: 'ghcr.io/acme/web:1.0.0', configFiles: conf });
    const webChecksum = find(synth(chart), 'Deployment', 'web').spec.template.metadata.annotations[CONFIG_CHECKSUM_ANNOTATION];
    expect(template.metadata.annotations[CONFIG_CHECKSUM_ANNOTATION]).toBe(webChecksum);
  });

  test('a change of a file changes the checksum, so the pods roll', () => {
    const checksum = (text: string) => find(build({ configFiles: { 'postgresql.conf': text } }).objects(), 'StatefulSet', 'db')
      .spec.template.metadata.annotations[CONFIG_CHECKSUM_ANNOTATION];
    expect(checksum('max_connections = 100\n')).not.toBe(checksum('max_connections = 200\n'));
  });

  test('metrics and config output pass the strict schema', () => {
    const objects = build({ configFiles: conf, metrics: { port: 9187, exporter } }).objects();
    expect(schemaProblems(objects)).toEqual({});
  });
});

describe('bad input', () => {
  test.each<[string, Partial<StatefulStoreProps>, string]>([
    ['metrics without a port', { metrics: {} as any }, 'metrics.port undefined is required: give the port the store (or its `exporter`) serves metrics on'],
    ['metrics on the store port', { metrics: { port: 5432 } }, 'metrics.port 5432 is already the store port or a peer port'],
    ['exporter image untagged', { metrics: { port: 9187, exporter: { image: 'postgres-exporter' } } }, 'metrics.exporter.image "postgres-exporter" has no tag'],
    ['exporter credential literal', { metrics: { port: 9187, exporter: { image: exporter.image, env: { DATA_SOURCE_PASSWORD: EnvVar.value('hunter2') } } } },
      'metrics.exporter.env.DATA_SOURCE_PASSWORD "(a literal, not shown)" would write a credential into the manifests'],
    ['config over the data volume', { configFiles: { a: 'b' }, configMountPath: '/var/lib/postgresql/data' },
      'configMountPath "/var/lib/postgresql/data" is already a mount point'],
  ])('%s', (_what, props, message) => {
    expect(synthErrors(build(props).chart)).toContain(`[test/db] ${message}`);
  });
});
