import { Duration, Size, Testing } from 'cdk8s';
import {
  AntiAffinity, EnvValue, EnvironmentProfile, IngressScope, Platform, PodManagement, Probe, StatefulStore, StatefulStoreProps, WebApp,
} from '../src';
import { all, find, schemaProblems, synth, synthErrors } from './util';
import { STATEFUL_STORE } from '../src/private/defaults';

const image = 'postgres:16.4';
const minimal: StatefulStoreProps = {
  image,
  port: 5432,
  storage: { size: Size.gibibytes(20) },
  dataPath: '/var/lib/postgresql/data',
};

function store(props: Partial<StatefulStoreProps> = {}, id = 'orders-db') {
  const chart = Testing.chart();
  const db = new StatefulStore(chart, id, { ...minimal, ...props });
  return { chart, db, objects: () => synth(chart) };
}

const custom: StatefulStoreProps = {
  image: 'registry.example.com/acme/etcd:3.5.15',
  name: 'config-store',
  namespace: 'platform',
  port: 2379,
  peerPorts: [2380],
  replicas: 3,
  partition: 2,
  podManagement: PodManagement.PARALLEL,
  antiAffinity: AntiAffinity.PREFERRED,
  storage: { size: Size.gibibytes(50), storageClassName: 'fast-ssd', accessModes: ['ReadWriteOncePod'], name: 'state' },
  extraStorage: [{ name: 'wal', size: Size.mebibytes(1536), mountPath: '/var/lib/etcd/wal', storageClassName: 'fast-ssd' }],
  dataPath: '/var/lib/etcd',
  env: {
    ETCD_NAME: EnvValue.fromField('metadata.name'),
    ETCD_ROOT_PASSWORD: EnvValue.fromSecret('config-store-auth', 'root-password'),
  },
  probes: { readiness: Probe.exec(['etcdctl', 'endpoint', 'health']) },
  resources: { cpuRequest: '500m', memoryRequest: '1Gi', memoryLimit: '2Gi' },
  terminationGracePeriod: Duration.seconds(180),
  ingressScope: IngressScope.NAMESPACE,
  backup: {
    schedule: '30 2 * * *',
    timeZone: 'Europe/Berlin',
    image: 'registry.example.com/acme/etcd-backup:1.2.0',
    command: ['sh', '-c', 'etcdctl --endpoints "$STORE_HOST:$STORE_PORT" snapshot save /backup/snapshot-$(date +%F).db'],
    env: { ETCDCTL_PASSWORD: EnvValue.fromSecret('config-store-auth', 'root-password') },
    envFromSecrets: ['backup-bucket'],
    claimName: 'config-store-backups',
    timeout: Duration.minutes(30),
    startingDeadline: Duration.minutes(5),
    allowInternetEgress: true,
    resources: { memoryLimit: '512Mi' },
  },
};

describe('snapshots', () => {
  test('defaults', () => {
    expect(store().objects()).toMatchSnapshot();
  });

  test('customised: 3 replicas, 2 volumes, backup, partition', () => {
    const chart = Testing.chart();
    new StatefulStore(chart, 'config', custom);
    expect(synth(chart)).toMatchSnapshot();
  });
});

describe('default output', () => {
  const objects = store().objects();
  const sts = find(objects, 'StatefulSet', 'orders-db');
  const pod = sts.spec.template.spec;
  const container = pod.containers[0];

  test('emits exactly StatefulSet, two Services, ServiceAccount and NetworkPolicy (no PDB at one replica)', () => {
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'NetworkPolicy/orders-db', 'Service/orders-db', 'Service/orders-db-headless', 'ServiceAccount/orders-db', 'StatefulSet/orders-db',
    ]);
  });

  test.each([
    ['replicas', sts.spec.replicas, 1],
    ['podManagementPolicy', sts.spec.podManagementPolicy, 'OrderedReady'],
    ['updateStrategy', sts.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }],
    ['revisionHistoryLimit', sts.spec.revisionHistoryLimit, 10],
    ['minReadySeconds', sts.spec.minReadySeconds, 10],
    ['serviceName is the headless Service', sts.spec.serviceName, 'orders-db-headless'],
    ['PVC retention', sts.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' }],
    ['terminationGracePeriodSeconds', pod.terminationGracePeriodSeconds, 120],
    ['preStop', container.lifecycle.preStop.exec.command, ['sleep', '5']],
    ['pod securityContext', pod.securityContext, {
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, fsGroupChangePolicy: 'OnRootMismatch', seccompProfile: { type: 'RuntimeDefault' },
    }],
    ['container securityContext', container.securityContext, {
      allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] },
    }],
    ['resources', container.resources, {
      requests: { 'cpu': '250m', 'memory': '512Mi', 'ephemeral-storage': '128Mi' },
      limits: { 'cpu': '1', 'memory': '1Gi', 'ephemeral-storage': '512Mi' },
    }],
    ['writable /tmp and the data path on the volume', container.volumeMounts, [
      { name: 'tmp', mountPath: '/tmp' }, { name: 'data', mountPath: '/var/lib/postgresql/data' },
    ]],
    ['only /tmp is a pod volume (data comes from the claim template)', pod.volumes.map((v: any) => v.name), ['tmp']],
    ['container port', container.ports, [{ name: 'tcp', containerPort: 5432, protocol: 'TCP' }]],
    ['automountServiceAccountToken (pod)', pod.automountServiceAccountToken, false],
    ['no anti-affinity at one replica', pod.affinity, undefined],
    ['zone spread', pod.topologySpreadConstraints, [{
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'orders-db', 'app.kubernetes.io/instance': 'orders-db' } },
    }]],
  ])('%s', (_what, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  test('volumeClaimTemplates: size, ReadWriteOnce, the cluster default class, immutable labels only', () => {
    expect(sts.spec.volumeClaimTemplates).toEqual([{
      metadata: { name: 'data', labels: { 'app.kubernetes.io/name': 'orders-db', 'app.kubernetes.io/instance': 'orders-db' } },
      spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem', resources: { requests: { storage: '20Gi' } } },
    }]);
  });

  test('readiness and a startup probe covering crash recovery; no liveness, which would repeat readiness', () => {
    expect(container.readinessProbe).toEqual({
      tcpSocket: { port: 5432 }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3, successThreshold: 1,
    });
    expect(container.livenessProbe).toBeUndefined();
    expect(container.startupProbe).toMatchObject({ tcpSocket: { port: 5432 }, periodSeconds: 5, failureThreshold: 60 });
    // the decision and its reason, for our rule and every scanner
    expect(sts.metadata.annotations).toMatchObject({
      'cdk8s-patterns.io/suppress.probes-set': STATEFUL_STORE.noLivenessReason,
      'checkov.io/skip1': `CKV_K8S_8=${STATEFUL_STORE.noLivenessReason}`,
      'polaris.fairwinds.com/livenessProbeMissing-exempt': 'true',
    });
  });

  test('a liveness probe with the same check as readiness is refused, whatever its timings', () => {
    const chart = Testing.chart();
    new StatefulStore(chart, 'db', { image: 'postgres:16.4', port: 5432, storage: { size: Size.gibibytes(20) }, probes: { liveness: Probe.tcp({ period: Duration.seconds(30), failureThreshold: 10 }) } });
    expect(synthErrors(chart)).toMatch(/probes.liveness "tcp on 5432" runs the same check as the readiness probe/);
    const ok = Testing.chart();
    new StatefulStore(ok, 'db', { image: 'postgres:16.4', port: 5432, storage: { size: Size.gibibytes(20) }, probes: { liveness: Probe.exec(['pgrep', 'postgres']) } });
    expect(synth(ok).find(o => o.kind === 'StatefulSet').spec.template.spec.containers[0].livenessProbe.exec).toEqual({ command: ['pgrep', 'postgres'] });
  });

  test('headless Service for peers: no cluster IP, publishes not-ready pods', () => {
    expect(find(objects, 'Service', 'orders-db-headless').spec).toEqual({
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: { 'app.kubernetes.io/name': 'orders-db', 'app.kubernetes.io/instance': 'orders-db' },
      ports: [{ name: 'tcp', port: 5432, targetPort: 'tcp', protocol: 'TCP' }],
    });
  });

  test('client Service: ClusterIP on the store port, ready pods only', () => {
    const spec = find(objects, 'Service', 'orders-db').spec;
    expect(spec).toEqual({
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'orders-db', 'app.kubernetes.io/instance': 'orders-db' },
      ports: [{ name: 'tcp', port: 5432, targetPort: 'tcp', protocol: 'TCP' }],
    });
  });

  test('labels: the recommended set with component "database", selectors without version', () => {
    for (const o of objects) {
      expect(o.metadata.labels).toEqual({
        'app.kubernetes.io/name': 'orders-db',
        'app.kubernetes.io/instance': 'orders-db',
        'app.kubernetes.io/version': '16.4',
        'app.kubernetes.io/component': 'database',
        'app.kubernetes.io/part-of': 'test',
        'app.kubernetes.io/managed-by': 'cdk8s-patterns',
      });
    }
    expect(sts.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'orders-db', 'app.kubernetes.io/instance': 'orders-db' });
  });

  test('NetworkPolicy: deny by default (IngressScope.PEERS), egress only to DNS', () => {
    const np = find(objects, 'NetworkPolicy', 'orders-db').spec;
    expect(np.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'orders-db' } });
    expect(np.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.ingress).toEqual([]);
    expect(np.egress).toHaveLength(1);
    expect(np.egress[0].ports.map((x: any) => `${x.protocol}/${x.port}`)).toEqual(['UDP/53', 'TCP/53']);
  });

  test('no literal credential anywhere: secrets are references', () => {
    const chart = Testing.chart();
    new StatefulStore(chart, 'db', { ...minimal, env: { POSTGRES_PASSWORD: EnvValue.fromSecret('db-auth', 'password') } });
    const c = find(synth(chart), 'StatefulSet', 'db').spec.template.spec.containers[0];
    expect(c.env).toEqual([{ name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-auth', key: 'password' } } }]);
  });
});

describe('immutable fields', () => {
  test('an image bump changes nothing the API server refuses to update on a StatefulSet', () => {
    const immutable = (objects: any[]) => {
      const spec = find(objects, 'StatefulSet', 'orders-db').spec;
      return {
        selector: spec.selector,
        serviceName: spec.serviceName,
        podManagementPolicy: spec.podManagementPolicy,
        volumeClaimTemplates: spec.volumeClaimTemplates,
        services: all(objects, 'Service').map(s => s.spec.selector),
      };
    };
    const before = store().objects();
    const after = store({ image: 'postgres:16.6', labels: { team: 'orders' } }).objects();
    expect(immutable(after)).toEqual(immutable(before));
    expect(find(after, 'StatefulSet', 'orders-db').metadata.labels['app.kubernetes.io/version']).toBe('16.6');
  });
});

describe('replicas and disruption', () => {
  test.each([
    [3, 2], [4, 3], [5, 3], [7, 4],
  ])('%i quorum replicas: PDB keeps %i available', (replicas, minAvailable) => {
    const pdb = find(store({ replicas }).objects(), 'PodDisruptionBudget', 'orders-db');
    expect(pdb.spec).toEqual({
      minAvailable,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'orders-db', 'app.kubernetes.io/instance': 'orders-db' } },
    });
  });

  test('a primary/standby pair (quorum: false) may lose one pod at a time', () => {
    const objects = store({ replicas: 2, quorum: false }).objects();
    expect(find(objects, 'PodDisruptionBudget', 'orders-db').spec.maxUnavailable).toBe(1);
    expect(find(objects, 'PodDisruptionBudget', 'orders-db').spec.minAvailable).toBeUndefined();
  });

  test('replicated: required host anti-affinity, preferred on request', () => {
    const required = find(store({ replicas: 3 }).objects(), 'StatefulSet', 'orders-db').spec.template.spec.affinity;
    expect(required).toEqual({
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{
          topologyKey: 'kubernetes.io/hostname',
          labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'orders-db', 'app.kubernetes.io/instance': 'orders-db' } },
        }],
      },
    });
    const preferred = find(store({ replicas: 3, antiAffinity: AntiAffinity.PREFERRED }).objects(), 'StatefulSet', 'orders-db')
      .spec.template.spec.affinity.podAntiAffinity;
    expect(preferred.requiredDuringSchedulingIgnoredDuringExecution).toBeUndefined();
    expect(preferred.preferredDuringSchedulingIgnoredDuringExecution[0]).toMatchObject({ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname' } });
  });

  test('replicated: replicas reach each other on the store and peer ports, whatever the client scope', () => {
    const np = find(store({ replicas: 3, peerPorts: [7000] }).objects(), 'NetworkPolicy', 'orders-db').spec;
    const self = { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'orders-db' } } };
    const ports = [{ protocol: 'TCP', port: 5432 }, { protocol: 'TCP', port: 7000 }];
    expect(np.ingress).toEqual([{ from: [self], ports }]);
    expect(np.egress).toContainEqual({ to: [self], ports });
  });

  test('peer ports are declared on the container and the headless Service, not the client Service', () => {
    const objects = store({ replicas: 3, peerPorts: [7000] }).objects();
    expect(find(objects, 'StatefulSet', 'orders-db').spec.template.spec.containers[0].ports).toEqual([
      { name: 'tcp', containerPort: 5432, protocol: 'TCP' }, { name: 'peer-7000', containerPort: 7000, protocol: 'TCP' },
    ]);
    expect(find(objects, 'Service', 'orders-db-headless').spec.ports.map((x: any) => x.name)).toEqual(['tcp', 'peer-7000']);
    expect(find(objects, 'Service', 'orders-db').spec.ports.map((x: any) => x.name)).toEqual(['tcp']);
  });

  test('staged rollout: partition and Parallel pod management on request', () => {
    const spec = find(store({ replicas: 3, partition: 2, podManagement: PodManagement.PARALLEL }).objects(), 'StatefulSet', 'orders-db').spec;
    expect(spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 2 } });
    expect(spec.podManagementPolicy).toBe('Parallel');
  });

  test('partition equal to replicas holds every pod at the current revision', () => {
    const spec = find(store({ replicas: 3, partition: 3 }).objects(), 'StatefulSet', 'orders-db').spec;
    expect(spec.updateStrategy.rollingUpdate.partition).toBe(3);
  });

  test('environment profiles set replicas and anti-affinity; explicit props win', () => {
    const chart = Testing.chart();
    Platform.configure(chart, { profile: EnvironmentProfile.PRODUCTION });
    new StatefulStore(chart, 'prod-db', minimal);
    new StatefulStore(chart, 'small-db', { ...minimal, replicas: 1 });
    const objects = synth(chart);
    const prod = find(objects, 'StatefulSet', 'prod-db').spec;
    expect(prod.replicas).toBe(3);
    expect(prod.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
    expect(find(objects, 'PodDisruptionBudget', 'prod-db').spec.minAvailable).toBe(2);
    expect(find(objects, 'StatefulSet', 'small-db').spec.replicas).toBe(1);

    const dev = Testing.chart();
    Platform.configure(dev, { profile: EnvironmentProfile.DEVELOPMENT });
    new StatefulStore(dev, 'dev-db', { ...minimal, replicas: 3 });
    expect(find(synth(dev), 'StatefulSet', 'dev-db').spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
  });
});

describe('storage', () => {
  test('more than one volume: each a claim template and a mount', () => {
    const spec = find(store({
      storage: { size: Size.tebibytes(1), storageClassName: 'gp3', accessModes: ['ReadWriteOncePod'] },
      extraStorage: [{ name: 'wal', size: Size.mebibytes(1536), mountPath: '/wal' }],
    }).objects(), 'StatefulSet', 'orders-db').spec;
    const claims = spec.volumeClaimTemplates.map((t: any) =>
      [t.metadata.name, t.spec.resources.requests.storage, t.spec.storageClassName, t.spec.accessModes]);
    expect(claims).toEqual([['data', '1Ti', 'gp3', ['ReadWriteOncePod']], ['wal', '1536Mi', undefined, ['ReadWriteOnce']]]);
    expect(spec.template.spec.containers[0].volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp' }, { name: 'data', mountPath: '/var/lib/postgresql/data' }, { name: 'wal', mountPath: '/wal' },
    ]);
  });

  test('data path from storage.mountPath, else /data', () => {
    const mount = (props: Partial<StatefulStoreProps>) =>
      find(store(props).objects(), 'StatefulSet', 'orders-db').spec.template.spec.containers[0].volumeMounts[1].mountPath;
    expect(mount({ dataPath: undefined, storage: { size: Size.gibibytes(1), mountPath: '/srv' } })).toBe('/srv');
    expect(mount({ dataPath: undefined })).toBe('/data');
  });
});

describe('network', () => {
  test('web.connectsTo(db): egress on the web policy, ingress on the db policy', () => {
    const chart = Testing.chart();
    const web = new WebApp(chart, 'shop', { image: 'ghcr.io/acme/shop:1.4.2' });
    const db = new StatefulStore(chart, 'orders-db', { ...minimal, ingressScope: IngressScope.PEERS });
    web.connectsTo(db);
    const objects = synth(chart);
    expect(find(objects, 'NetworkPolicy', 'shop').spec.egress).toContainEqual({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'orders-db' } } }],
      ports: [{ protocol: 'TCP', port: 5432 }],
    });
    expect(find(objects, 'NetworkPolicy', 'orders-db').spec.ingress).toEqual([{
      from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'shop' } } }],
      ports: [{ protocol: 'TCP', port: 5432 }],
    }]);
  });

  test('db.connectsTo(web) the other way (a store calling a webhook)', () => {
    const chart = Testing.chart();
    const web = new WebApp(chart, 'hooks', { image: 'ghcr.io/acme/hooks:2.0.0', ingressScope: IngressScope.PEERS });
    const db = new StatefulStore(chart, 'orders-db', minimal);
    db.connectsTo(web);
    const objects = synth(chart);
    expect(find(objects, 'NetworkPolicy', 'orders-db').spec.egress).toContainEqual({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'hooks' } } }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    });
    expect(find(objects, 'NetworkPolicy', 'hooks').spec.ingress).toEqual([{
      from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'orders-db' } } }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    }]);
  });

  test('IngressScope.NAMESPACE opens the store port to the namespace', () => {
    const np = find(store({ ingressScope: IngressScope.NAMESPACE }).objects(), 'NetworkPolicy', 'orders-db').spec;
    expect(np.ingress).toEqual([{ from: [{ podSelector: {} }], ports: [{ protocol: 'TCP', port: 5432 }] }]);
  });
});

describe('backup', () => {
  const backup = { schedule: '0 3 * * *', image: 'postgres:16.4', command: ['sh', '-c', 'pg_dump -h "$STORE_HOST" -p "$STORE_PORT" > /backup/dump.sql'], claimName: 'orders-db-backups' };
  const objects = store({ backup }).objects();
  const cron = find(objects, 'CronJob', 'orders-db-backup');
  const job = cron.spec.jobTemplate.spec;
  const pod = job.template.spec;

  test.each([
    ['apiVersion', cron.apiVersion, 'batch/v1'],
    ['schedule', cron.spec.schedule, '0 3 * * *'],
    ['concurrencyPolicy', cron.spec.concurrencyPolicy, 'Forbid'],
    ['startingDeadlineSeconds', cron.spec.startingDeadlineSeconds, 600],
    ['successfulJobsHistoryLimit', cron.spec.successfulJobsHistoryLimit, 3],
    ['failedJobsHistoryLimit', cron.spec.failedJobsHistoryLimit, 3],
    ['activeDeadlineSeconds', job.activeDeadlineSeconds, 3600],
    ['backoffLimit', job.backoffLimit, 2],
    ['restartPolicy', pod.restartPolicy, 'Never'],
    ['no preStop', pod.containers[0].lifecycle, undefined],
    ['no probes', [pod.containers[0].readinessProbe, pod.containers[0].livenessProbe, pod.containers[0].startupProbe], [undefined, undefined, undefined]],
    ['restricted pod', pod.securityContext, {
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, fsGroupChangePolicy: 'OnRootMismatch', seccompProfile: { type: 'RuntimeDefault' },
    }],
    ['restricted container', pod.containers[0].securityContext.readOnlyRootFilesystem, true],
    ['resources', pod.containers[0].resources, {
      requests: { 'cpu': '100m', 'memory': '256Mi', 'ephemeral-storage': '128Mi' },
      limits: { 'cpu': '1', 'memory': '1Gi', 'ephemeral-storage': '1Gi' },
    }],
    ['mounts the target claim', pod.containers[0].volumeMounts, [{ name: 'tmp', mountPath: '/tmp' }, { name: 'backup', mountPath: '/backup' }]],
    ['claim volume', pod.volumes[1], { name: 'backup', persistentVolumeClaim: { claimName: 'orders-db-backups' } }],
    ['reaches the store through its client Service', pod.containers[0].env, [{ name: 'STORE_HOST', value: 'orders-db' }, { name: 'STORE_PORT', value: '5432' }]],
  ])('%s', (_what, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  test('backup pods have their own name, so no Service or StatefulSet selects them', () => {
    expect(job.template.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'orders-db-backup', 'app.kubernetes.io/instance': 'orders-db-backup', 'app.kubernetes.io/component': 'backup',
    });
    const selector = find(objects, 'StatefulSet', 'orders-db').spec.selector.matchLabels;
    expect(Object.entries(selector).every(([k, v]) => job.template.metadata.labels[k] === v)).toBe(false);
  });

  test('network: the store admits the backup pods; the backup reaches only DNS and the store', () => {
    const storeNp = find(objects, 'NetworkPolicy', 'orders-db').spec;
    expect(storeNp.ingress).toEqual([{
      from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'orders-db-backup' } } }],
      ports: [{ protocol: 'TCP', port: 5432 }],
    }]);
    const np = find(objects, 'NetworkPolicy', 'orders-db-backup').spec;
    expect(np.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'orders-db-backup' } });
    expect(np.ingress).toEqual([]);
    expect(np.egress).toHaveLength(2);
    expect(np.egress[1]).toEqual({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'orders-db' } } }], ports: [{ protocol: 'TCP', port: 5432 }],
    });
  });

  test('object storage: no claim, no fsGroup, internet egress on request', () => {
    const o = store({ backup: { schedule: '@daily', image: 'ghcr.io/acme/s3-dump:1.0.0', command: ['dump'], envFromSecrets: ['bucket'], allowInternetEgress: true } }).objects();
    const spec = find(o, 'CronJob', 'orders-db-backup').spec.jobTemplate.spec.template.spec;
    expect(spec.volumes.map((v: any) => v.name)).toEqual(['tmp']);
    expect(spec.securityContext.fsGroup).toBeUndefined();
    expect(spec.containers[0].envFrom).toEqual([{ secretRef: { name: 'bucket' } }]);
    expect(find(o, 'NetworkPolicy', 'orders-db-backup').spec.egress[2]).toEqual({
      to: [
        { ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16'] } },
        { ipBlock: { cidr: '::/0', except: ['::1/128', 'fc00::/7', 'fe80::/10'] } },
      ],
    });
  });
});

describe('schema', () => {
  test('default, replicated and customised output validate against the strict 1.28 schema', () => {
    const chart = Testing.chart();
    new StatefulStore(chart, 'a', minimal);
    new StatefulStore(chart, 'b', { ...minimal, replicas: 5, quorum: false, backup: { schedule: '@hourly', image, command: ['true'] } });
    new StatefulStore(chart, 'c', custom);
    const objects = synth(chart);
    expect(objects.map(o => o.kind)).toEqual(expect.arrayContaining(['StatefulSet', 'PodDisruptionBudget', 'CronJob']));
    expect(schemaProblems(objects)).toEqual({});
  });
});

describe('bad input', () => {
  const js = (props: any) => props as Partial<StatefulStoreProps>;
  test.each<[string, Partial<StatefulStoreProps>, string]>([
    ['missing storage size', js({ storage: {} }),
      'storage.size undefined is missing: give the capacity of each replica\'s volume, such as Size.gibibytes(20)'],
    ['missing storage', js({ storage: undefined }), 'storage undefined is required: give the volume size of each replica'],
    ['size not a Size', js({ storage: { size: '20Gi' } }), 'storage.size "20Gi" is not a Size: use Size.gibibytes(20)'],
    ['size not a whole quantity', { storage: { size: Size.kibibytes(0.5) } },
      'storage.size "0.5 kibibytes" is not a valid quantity (not a whole number of kibibytes): use a whole amount'],
    ['size zero', { storage: { size: Size.gibibytes(0) } }, 'storage.size "0 gibibytes" is zero'],
    ['partition above replicas', { replicas: 3, partition: 4 },
      'partition 4 is above replicas 3: use 0 to 3 (2 updates the highest ordinal first; lower it step by step to 0)'],
    ['negative partition', { partition: -1 }, 'partition -1 is not a whole number >= 0'],
    ['quorum impossible at 2 replicas', { replicas: 2 },
      'replicas 2 cannot keep a quorum through a disruption (a majority of 2 is both pods, so every node drain would block): '
      + 'use 3 replicas (a majority of 2 survives one pod down), 1 replica, or set `quorum: false` for a primary/standby pair'],
    ['unknown access mode', { storage: { size: Size.gibibytes(1), accessModes: ['RWO'] } },
      'storage.accessModes "RWO" is not an access mode: use one of "ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"'],
    ['data path not absolute', { dataPath: 'var/lib/postgresql/data' },
      'dataPath "var/lib/postgresql/data" is not an absolute path: start it with "/", such as "/var/lib/postgresql/data"'],
    ['data path on /tmp', { dataPath: '/tmp' }, 'dataPath "/tmp" is already a mount point: choose another path: /tmp is the scratch emptyDir'],
    ['missing port', js({ port: undefined }), 'port undefined is required: give the port the store listens on, such as 5432 for PostgreSQL'],
    ['port out of range', { port: 0 }, 'port 0 is not a port number'],
    ['extra volume without a mount path', js({ extraStorage: [{ name: 'wal', size: Size.gibibytes(1) }] }), 'extraStorage[0].mountPath undefined is required'],
    ['extra volume without a name', js({ extraStorage: [{ size: Size.gibibytes(1), mountPath: '/wal' }] }), 'extraStorage[0].name undefined is required'],
    ['two volumes with one name', { extraStorage: [{ name: 'data', size: Size.gibibytes(1), mountPath: '/wal' }] },
      'extraStorage[0].name "data" is already used by another volume'],
    ['two volumes on one path', { extraStorage: [{ name: 'wal', size: Size.gibibytes(1), mountPath: '/var/lib/postgresql/data' }] },
      'extraStorage[0].mountPath "/var/lib/postgresql/data" is already a mount point'],
    ['conflicting data paths', { storage: { size: Size.gibibytes(1), mountPath: '/srv' } }, 'storage.mountPath "/srv" differs from dataPath "/var/lib/postgresql/data": set only one of them'],
    ['password as a literal', { env: { POSTGRES_PASSWORD: EnvValue.value('hunter2') } },
      'env.POSTGRES_PASSWORD "(a literal, not shown)" would write a credential into the manifests: keep it in an existing Secret'],
    ['name too long for a StatefulSet', { name: 'a'.repeat(53) }, `name "${'a'.repeat(53)}" is 53 characters long: use at most 52`],
    ['unknown anti-affinity', js({ antiAffinity: 'always' }), 'antiAffinity "always" is not an anti-affinity'],
    ['peer port repeating the port', { peerPorts: [5432] }, 'peerPorts[0] 5432 repeats `port`'],
    ['backup schedule not cron', { backup: { schedule: 'daily', image, command: ['dump'] } }, 'backup.schedule "daily" is not a cron schedule'],
    ['backup without command', { backup: { schedule: '@daily', image, command: [] } }, 'backup.command [] is empty'],
    ['backup image untagged', { backup: { schedule: '@daily', image: 'postgres', command: ['dump'] } }, 'backup.image "postgres" has no tag'],
    // one credential predicate with the no-credentials-in-env rule: DB_PWD used to pass here and fail there
    ['abbreviated password as a literal', { env: { DB_PWD: EnvValue.value('hunter2') } },
      'env.DB_PWD "(a literal, not shown)" would write a credential into the manifests'],
    ['backup credential literal', { backup: { schedule: '@daily', image, command: ['dump'], env: { AWS_SECRET_ACCESS_KEY: EnvValue.value('abc') } } },
      'backup.env.AWS_SECRET_ACCESS_KEY "(a literal, not shown)" would write a credential into the manifests'],
    ['config file key with a slash', { configFiles: { 'conf/postgresql.conf': 'max_connections = 100\n' } },
      'configFiles key "conf/postgresql.conf" is not a valid ConfigMap key'],
    ['metrics path without a slash', { metrics: { port: 9187, path: 'metrics' } }, 'metrics.path "metrics" does not start with "/": write it as "/metrics"'],
  ])('%s', (_what, props, message) => {
    const { chart } = store(props);
    expect(synthErrors(chart)).toContain(`[test/orders-db] ${message}`);
  });

  test('a literal credential is never echoed in the error', () => {
    const { chart } = store({ env: { POSTGRES_PASSWORD: EnvValue.value('hunter2') } });
    expect(synthErrors(chart)).not.toContain('hunter2');
  });

  test('flags that merely mention a password are not credentials', () => {
    const { objects } = store({ env: { MYSQL_ALLOW_EMPTY_PASSWORD: EnvValue.value('no'), POSTGRES_PASSWORD_FILE: EnvValue.value('/run/secrets/pw') } });
    expect(() => objects()).not.toThrow();
  });

  test('every error of one synth is reported together, once', () => {
    const chart = Testing.chart();
    new StatefulStore(chart, 'db', {
      ...minimal,
      replicas: 2,
      partition: 5,
      dataPath: 'data',
      security: { user: 0 },
      backup: { schedule: '@daily', image, command: ['dump'] },
    });
    const message = synthErrors(chart);
    expect(message).toContain('[test/db] replicas 2 cannot keep a quorum');
    expect(message).toContain('[test/db] partition 5 is above replicas 2');
    expect(message).toContain('[test/db] dataPath "data" is not an absolute path');
    expect(message.split('security.user 0 is not a non-root id')).toHaveLength(2);
  });
});

test('a user\'s HealthProbe.none(reason) for liveness is written, not replaced by the stock reason', () => {
  const set = (props: Partial<StatefulStoreProps>) => find(store(props).objects(), 'StatefulSet', 'orders-db');
  expect(set({}).metadata.annotations['cdk8s-patterns.io/suppress.probes-set']).toBe(STATEFUL_STORE.noLivenessReason);
  const own = set({ probes: { liveness: Probe.none('the store restarts itself on a stuck log') } });
  expect(own.metadata.annotations).toMatchObject({
    'cdk8s-patterns.io/suppress.probes-set': 'the store restarts itself on a stuck log',
    'checkov.io/skip1': 'CKV_K8S_8=the store restarts itself on a stuck log',
  });
  expect(own.spec.template.spec.containers[0].livenessProbe).toBeUndefined();
});
