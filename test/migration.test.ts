import { App, Chart, Size, Testing } from 'cdk8s';
import { Colour, IngressScope, Migration, MigrationProps, Platform, Release, StatefulStore, WebApp, Worker, renderReport } from '../src';
import { find, schemaProblems, synth, synthErrors } from './util';
import { podSpecOf, requiredLevel } from '../src/private/pod-security';

const image = 'ghcr.io/acme/orders:3.1.0';
const wave = (o: any) => o.metadata.annotations['argocd.argoproj.io/sync-wave'];

function guarded(props: Partial<MigrationProps> = {}, webProps: object = {}) {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  const db = new StatefulStore(chart, 'orders-db', { image: 'postgres:16.4', port: 5432, storage: { size: Size.gibibytes(1) }, ingressScope: IngressScope.PEERS });
  const web = new WebApp(chart, 'orders', { image, ...webProps });
  const migration = new Migration(chart, 'orders-migrate', { command: ['./migrate', 'up'], before: web, ...props });
  migration.connectsTo(db);
  return { chart, web, migration, objects: () => synth(chart) };
}

test('snapshot', () => {
  expect(guarded().objects().filter(o => o.metadata.name === 'orders-migrate')).toMatchSnapshot();
});

describe('defaults', () => {
  const objects = guarded().objects();
  const job = find(objects, 'Job', 'orders-migrate');

  test.each([
    ['the guarded workload\'s image', job.spec.template.spec.containers[0].image, image],
    ['the migration command', job.spec.template.spec.containers[0].command, ['./migrate', 'up']],
    ['Argo CD Sync hook, re-created each sync', [job.metadata.annotations['argocd.argoproj.io/hook'], job.metadata.annotations['argocd.argoproj.io/hook-delete-policy']],
      ['Sync', 'BeforeHookCreation']],
    ['one retry at most', job.spec.backoffLimit, 1],
    ['restartPolicy Never', job.spec.template.spec.restartPolicy, 'Never'],
    ['component', job.metadata.labels['app.kubernetes.io/component'], 'migration'],
  ])('%s', (_, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  test('sync order: store, then the migration, then the guarded pods; the rest of the WebApp is unchanged', () => {
    expect(wave(find(objects, 'StatefulSet', 'orders-db'))).toBe('0');
    expect(wave(job)).toBe('1');
    expect(wave(find(objects, 'Deployment', 'orders'))).toBe('2');
    expect(wave(find(objects, 'Service', 'orders'))).toBe('1');
    expect(wave(find(objects, 'ServiceAccount', 'orders-migrate'))).toBe('-2');
  });

  test('reaches the database it connects to', () => {
    expect(find(objects, 'NetworkPolicy', 'orders-migrate').spec.egress[1].ports).toEqual([{ protocol: 'TCP', port: 5432 }]);
  });

  test('every guarded Deployment of a blue-green release waits', () => {
    const o = guarded({}, { release: Release.blueGreen({ active: Colour.BLUE, blueImage: image, greenImage: 'ghcr.io/acme/orders:3.2.0' }) }).objects();
    expect(['orders-blue', 'orders-green'].map(n => wave(find(o, 'Deployment', n)))).toEqual(['2', '2']);
  });

  test('own image and a Worker as the guarded workload', () => {
    const chart = Testing.chart();
    const worker = new Worker(chart, 'consumer', { image });
    new Migration(chart, 'm', { before: worker, image: 'ghcr.io/acme/migrator:1.0.0' });
    const o = synth(chart);
    expect(find(o, 'Job', 'm').spec.template.spec.containers[0].image).toBe('ghcr.io/acme/migrator:1.0.0');
    expect(wave(find(o, 'Deployment', 'consumer'))).toBe('2');
  });

  test('the default image carries the organisation registry like the workload\'s', () => {
    const app = Testing.app();
    Platform.configure(app, { defaults: { imageRegistry: 'registry.example.com' } });
    const chart = new Chart(app, 'c');
    const web = new WebApp(chart, 'web', { image: 'acme/orders:3.1.0' });
    new Migration(chart, 'm', { before: web, command: ['./migrate'] });
    expect(find(synth(chart), 'Job', 'm').spec.template.spec.containers[0].image).toBe('registry.example.com/acme/orders:3.1.0');
  });

  test('passes the strict schema, Pod Security restricted and every rule', () => {
    const app = new App();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    const web = new WebApp(chart, 'orders', { image });
    new Migration(chart, 'orders-migrate', { command: ['./migrate', 'up'], before: web });
    const out = synth(chart);
    expect(schemaProblems(out)).toEqual({});
    expect(requiredLevel(podSpecOf(find(out, 'Job', 'orders-migrate')))).toBe('restricted');
    expect(renderReport(app).findings).toEqual([]);
  });
});

describe('bad input', () => {
  test('before in another namespace', () => {
    const app = Testing.app();
    const web = new WebApp(new Chart(app, 'shop', { namespace: 'shop' }), 'orders', { image });
    const other = new Chart(app, 'jobs', { namespace: 'jobs' });
    new Migration(other, 'orders-migrate', { command: ['./migrate'], before: web });
    expect(synthErrors(other)).toContain('[jobs/orders-migrate] before "shop/orders" is in namespace "shop", the migration in "jobs": create the migration in the workload\'s namespace');
  });

  test('no command with the workload\'s image', () => {
    expect(synthErrors(guarded({ command: undefined }).chart))
      .toContain('command undefined is not set while the image defaults to the guarded workload\'s: give the migration command, such as ["./migrate", "up"]');
  });

  test('a 64-character name is one error (the DNS label check), not two', () => {
    const errors = synthErrors(guarded({ name: 'a'.repeat(64) }).chart);
    expect(errors).toContain(`name "${'a'.repeat(64)}" is not a valid DNS-1123 label: use at most 63`);
    expect(errors).not.toContain('characters long');
  });

  test('before missing', () => {
    expect(synthErrors(guarded({ before: undefined as any }).chart)).toContain('before undefined is not a workload');
  });
});
