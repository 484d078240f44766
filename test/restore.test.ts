import { ApiObject, App, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import { EnvVar, ExistingSecret, RestoreProps, StatefulStore, StatefulStoreProps, TeamNamespace } from '../src';
import { find, schemaProblems, synth, synthErrors } from './util';
import { requiredLevel } from '../src/private/pod-security';
import { render, renderReport } from '../src/synth/synth';

const image = 'postgres:16.4';
const storeProps: StatefulStoreProps = {
  image,
  port: 5432,
  storage: { size: Size.gibibytes(20) },
  dataPath: '/var/lib/postgresql/data',
  backup: {
    schedule: '0 3 * * *',
    image,
    command: ['sh', '-c', 'pg_dump -h "$STORE_HOST" -p "$STORE_PORT" -U postgres -Fc > /backup/orders-$(date +%F).dump'],
    env: { PGPASSWORD: EnvVar.fromSecret('orders-db-auth', 'password') },
    claimName: 'orders-db-backups',
  },
};
const restoreProps: RestoreProps = {
  backup: 'orders-db-backup',
  backupId: 'orders-2026-12-01.dump',
  command: ['sh', '-c', 'pg_restore -h "$STORE_HOST" -p "$STORE_PORT" -U postgres -d postgres --clean "/backup/$BACKUP_ID"'],
};

function build(store: Partial<StatefulStoreProps>, use: (db: StatefulStore) => void): { app: App; chart: Chart } {
  const app = Testing.app();
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  // the store's password is created outside the app
  new ExistingSecret(chart, 'orders-db-auth', { keys: ['password'] });
  use(new StatefulStore(chart, 'orders-db', { ...storeProps, ...store }));
  return { app, chart };
}

describe('restore through the store port', () => {
  const { app, chart } = build({}, db => db.restore('dec01', restoreProps));
  const objects = synth(chart);
  const job = find(objects, 'Job', 'orders-db-restore-dec01');
  const pod = job.spec.template.spec;

  test('a Job running the restricted pod with the backup claim read-only and BACKUP_ID set', () => {
    expect(job.spec.backoffLimit).toBe(0);
    expect(job.spec.activeDeadlineSeconds).toBe(7200);
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, fsGroup: 10001 });
    expect(pod.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(pod.containers[0].image).toBe(image);
    expect(pod.containers[0].env).toEqual([
      { name: 'STORE_HOST', value: 'orders-db' },
      { name: 'STORE_PORT', value: '5432' },
      { name: 'BACKUP_ID', value: 'orders-2026-12-01.dump' },
      { name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: 'orders-db-auth', key: 'password' } } },
    ]);
    expect(pod.volumes).toContainEqual({ name: 'backup', persistentVolumeClaim: { claimName: 'orders-db-backups', readOnly: true } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'backup', mountPath: '/backup', readOnly: true });
    expect(job.spec.template.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'orders-db-restore', 'app.kubernetes.io/instance': 'orders-db-restore-dec01', 'app.kubernetes.io/component': 'restore',
    });
  });

  test('its own NetworkPolicy: nothing in, DNS and the store port out; the store (PEERS) lets it in', () => {
    const policy = find(objects, 'NetworkPolicy', 'orders-db-restore-dec01');
    expect(policy.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/instance': 'orders-db-restore-dec01' } });
    expect(policy.spec.ingress).toEqual([]);
    expect(policy.spec.egress).toHaveLength(2);
    expect(policy.spec.egress[1]).toEqual({ to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'orders-db' } } }], ports: [{ protocol: 'TCP', port: 5432 }] });
    expect(find(objects, 'NetworkPolicy', 'orders-db').spec.ingress).toContainEqual({
      from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'orders-db-restore-dec01' } } }], ports: [{ protocol: 'TCP', port: 5432 }],
    });
  });

  test('snapshot of the restore objects', () => {
    expect(objects.filter(o => o.metadata.name === 'orders-db-restore-dec01')).toMatchSnapshot();
  });

  test('strict schema, Pod Security restricted and the rule pack', () => {
    expect(schemaProblems(objects)).toEqual({});
    expect(requiredLevel(pod)).toBe('restricted');
    expect(renderReport(app).findings.filter(f => f.severity === 'error' && !f.suppressed)).toEqual([]);
  });
});

describe('restore into a volume', () => {
  test('a fresh claim, mounted at /restore', () => {
    const { chart } = build({}, db => db.restore('new', { ...restoreProps, volume: { size: Size.gibibytes(20), storageClassName: 'fast-ssd' } }));
    const objects = synth(chart);
    const claim = find(objects, 'PersistentVolumeClaim', 'orders-db-restore-new');
    expect(claim.spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'fast-ssd', volumeMode: 'Filesystem', resources: { requests: { storage: '20Gi' } } });
    const pod = find(objects, 'Job', 'orders-db-restore-new').spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'restore', persistentVolumeClaim: { claimName: 'orders-db-restore-new' } });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'restore', mountPath: '/restore' });
    expect(schemaProblems(objects)).toEqual({});
  });

  test('an existing claim (a replica\'s volume, store scaled down)', () => {
    const { chart } = build({}, db => db.restore('inplace', { ...restoreProps, volume: { claimName: 'data-orders-db-0' } }));
    const objects = synth(chart);
    expect(objects.filter(o => o.kind === 'PersistentVolumeClaim')).toEqual([]);
    expect(find(objects, 'Job', 'orders-db-restore-inplace').spec.template.spec.volumes).toContainEqual({ name: 'restore', persistentVolumeClaim: { claimName: 'data-orders-db-0' } });
  });
});

describe('VolumeSnapshot variant', () => {
  const { app, chart } = build({ replicas: 3 }, db => {
    const snap = db.snapshot('pre-upgrade', { volumeSnapshotClassName: 'csi-snapclass', ordinal: 2 });
    db.restore('from-snap', { ...restoreProps, volume: { size: Size.gibibytes(20), fromSnapshot: snap.name }, command: ['sh', '-c', 'test -s /restore/pgdata/PG_VERSION'] });
  });
  const objects = synth(chart);
  const snap = find(objects, 'VolumeSnapshot', 'orders-db-pre-upgrade');

  test('a VolumeSnapshot of one replica\'s volume and a claim filled from it', () => {
    expect(snap.apiVersion).toBe('snapshot.storage.k8s.io/v1');
    expect(snap.spec).toEqual({ volumeSnapshotClassName: 'csi-snapclass', source: { persistentVolumeClaimName: 'data-orders-db-2' } });
    expect(find(objects, 'PersistentVolumeClaim', 'orders-db-restore-from-snap').spec.dataSource).toEqual({
      apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'orders-db-pre-upgrade',
    });
    expect(snap).toMatchSnapshot();
  });

  test('the VolumeSnapshot is checked against its vendored CRD and passes: no finding names it', () => {
    const report = renderReport(app);
    expect(report.findings.filter(f => f.severity === 'error' && !f.suppressed)).toEqual([]);
    expect(report.findings.filter(f => f.object.startsWith('VolumeSnapshot '))).toEqual([]);
    expect(schemaProblems([snap])).toEqual({});
  });
});

describe('the VolumeSnapshot CRD schema (crds/external-snapshotter-volumesnapshots.yaml)', () => {
  const appWith = (spec: any) => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new ApiObject(chart, 'snap', { apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshot', metadata: { name: 'snap' }, spec });
    return app;
  };

  test.each<[string, any, string]>([
    ['a misspelt source field', { source: { persistentVolumeClaim: 'data-orders-db-0' } },
      '[shop/snap] schema (VolumeSnapshot shop/snap): spec.source: unknown field "persistentVolumeClaim"'],
    ['no source', { volumeSnapshotClassName: 'csi-snapclass' }, "[shop/snap] schema (VolumeSnapshot shop/snap): spec: must have required property 'source'"],
    ['both sources (the CRD wants exactly one)', { source: { persistentVolumeClaimName: 'a', volumeSnapshotContentName: 'b' } },
      '[shop/snap] schema (VolumeSnapshot shop/snap): spec.source: must match exactly one schema in oneOf'],
    ['a class name that is not a string', { source: { persistentVolumeClaimName: 'a' }, volumeSnapshotClassName: 3 },
      '[shop/snap] schema (VolumeSnapshot shop/snap): spec.volumeSnapshotClassName: must be a string'],
  ])('%s fails synth against the CRD schema', (_what, spec, message) => {
    expect(() => render(appWith(spec))).toThrow(message);
  });

  test('its metadata is checked as an ObjectMeta, though this CRD does not list metadata', () => {
    const app = Testing.app();
    new ApiObject(new Chart(app, 'shop', { namespace: 'shop' }), 'snap', {
      apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshot', metadata: { name: 'snap' }, spec: { source: { persistentVolumeClaimName: 'a' } },
    }).addJsonPatch(JsonPatch.add('/metadata/labelz', {}));
    expect(() => render(app)).toThrow('[shop/snap] schema (VolumeSnapshot shop/snap): metadata: unknown field "labelz"');
  });

  test('a well-formed one passes', () => {
    expect(render(appWith({ source: { volumeSnapshotContentName: 'snapcontent-1' } }))[0].objects[0].spec).toEqual({ source: { volumeSnapshotContentName: 'snapcontent-1' } });
  });
});

describe('bad input', () => {
  test.each<[string, Partial<StatefulStoreProps>, (db: StatefulStore) => void, string]>([
    ['a backup the store does not define', {}, db => db.restore('x', { ...restoreProps, backup: 'orders-db-weekly' }),
      '[shop/orders-db/x] backup "orders-db-weekly" is not a backup of this store: use "orders-db-backup", the store\'s backup CronJob'],
    ['a store without a backup', { backup: undefined }, db => db.restore('x', { ...restoreProps, image }),
      '[shop/orders-db/x] backup "orders-db-backup" is not a backup of this store: define `backup` on the store first'],
    ['no backup id', {}, db => db.restore('x', { ...restoreProps, backupId: '' }), '[shop/orders-db/x] backupId "" is empty'],
    ['no command', {}, db => db.restore('x', { ...restoreProps, command: [] }), '[shop/orders-db/x] command [] is empty'],
    ['both claim and size', {}, db => db.restore('x', { ...restoreProps, volume: { claimName: 'a', size: Size.gibibytes(1) } }),
      '[shop/orders-db/x] volume "a" needs exactly one of claimName and size'],
    ['a snapshot into an existing claim', {}, db => db.restore('x', { ...restoreProps, volume: { claimName: 'a', fromSnapshot: 's' } }),
      '[shop/orders-db/x] volume.fromSnapshot "s" needs a fresh volume'],
    ['a bad envFromSecrets reference, as the backup checks it', {}, db => db.restore('x', { ...restoreProps, envFromSecrets: ['Orders_Auth'] }),
      '[shop/orders-db/x] envFromSecrets[0] "Orders_Auth" is not'],
    ['a snapshot of a missing replica', {}, db => db.snapshot('s', { ordinal: 1 }), '[shop/orders-db/s] ordinal 1 is not a replica of 1: use 0 to 0'],
    ['a snapshot of a missing volume', {}, db => db.snapshot('s', { volume: 'wal' }), '[shop/orders-db/s] volume "wal" is not a volume of this store: use one of "data"'],
  ])('%s is an error', (_what, store, use, message) => {
    expect(synthErrors(build(store, use).chart)).toContain(message);
  });
});

describe('the backup and restore pods share the store\'s pod settings', () => {
  test('the store\'s imagePullSecrets reach the restore Job as they reach the backup CronJob', () => {
    const objects = synth(build({ imagePullSecrets: ['regcred'] }, db => db.restore('dec01', restoreProps)).chart);
    const pullSecrets = (pod: any) => pod.spec.imagePullSecrets;
    expect(pullSecrets(find(objects, 'StatefulSet', 'orders-db').spec.template)).toEqual([{ name: 'regcred' }]);
    expect(pullSecrets(find(objects, 'CronJob', 'orders-db-backup').spec.jobTemplate.spec.template)).toEqual([{ name: 'regcred' }]);
    expect(pullSecrets(find(objects, 'Job', 'orders-db-restore-dec01').spec.template)).toEqual([{ name: 'regcred' }]);
  });
});

describe('namespace quota', () => {
  test('a restore\'s fresh claim counts towards the derived storage quota', () => {
    const quotaOf = (withRestore: boolean) => {
      const chart = new Chart(Testing.app(), 'shop');
      new TeamNamespace(chart, 'shop');
      const db = new StatefulStore(chart, 'orders-db', { ...storeProps, namespace: 'shop', storage: { size: Size.gibibytes(100) } });
      if (withRestore) db.restore('drill', { ...restoreProps, volume: { size: Size.gibibytes(100) } });
      return find(synth(chart), 'ResourceQuota', 'shop').spec.hard['requests.storage'];
    };
    expect(quotaOf(false)).toBe('153600Mi');
    expect(quotaOf(true)).toBe('307200Mi');
  });
});
