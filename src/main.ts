import { App, Chart, Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import {
  ArgoCdApplication, Colour, EnvironmentProps, Environments, EnvVar, ExternalSecret, HealthProbe, Migration,
  NodeAgent, NotificationChannel, NotificationTrigger, PodSecurityLevel, Release, ScheduledTask, SecretStoreKind,
  SmokeTest, StatefulStore, synthesizeOrExit, TeamNamespace, WebApp, Worker,
} from './index';

/** Namespaces first: their file sorts first, so `kubectl apply -f dist/<environment>/` creates them before anything lands in them. */
export class PlatformChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new TeamNamespace(this, 'shop');
    new TeamNamespace(this, 'node-agents', { podSecurity: PodSecurityLevel.PRIVILEGED });
    // inside an Environment, it syncs that environment's folder: dist/<environment>
    new ArgoCdApplication(this, 'shop-app', {
      repoURL: 'https://git.example.com/acme/shop.git',
      notifications: [
        {
          on: [NotificationTrigger.ON_SYNC_FAILED, NotificationTrigger.ON_HEALTH_DEGRADED],
          channels: [NotificationChannel.slack('shop-alerts'), NotificationChannel.email('shop-oncall@example.com')],
        },
        { on: [NotificationTrigger.ON_DEPLOYED], channels: [NotificationChannel.slack('shop-deploys')] },
      ],
    });
  }
}

/**
 * The online shop: a storefront, a checkout released blue-green with its schema migration, the orders database,
 * an order-events worker and a nightly report. The acme images come from a private registry.
 */
export class ShopChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'shop' });

    // the database credentials live in the organisation's Vault; the operator keeps a Secret in sync
    const dbAuth = new ExternalSecret(this, 'orders-db-auth', {
      store: { name: 'vault', kind: SecretStoreKind.CLUSTER_SECRET_STORE },
      keys: {
        password: { key: 'shop/orders-db', property: 'password' },
        url: { key: 'shop/orders-db', property: 'url' },
      },
    });

    const db = new StatefulStore(this, 'orders-db', {
      image: 'postgres:16.4',
      port: 5432,
      storage: { size: Size.gibibytes(20) },
      dataPath: '/var/lib/postgresql/data',
      env: {
        PGDATA: EnvVar.value('/var/lib/postgresql/data/pgdata'),
        // the postgres image reads the password from a file when given its path
        POSTGRES_PASSWORD_FILE: EnvVar.value('/etc/orders-db/password'),
      },
      secretFiles: [{ secretName: 'orders-db-auth', mountPath: '/etc/orders-db', keys: ['password'] }],
      args: ['-c', 'unix_socket_directories=/tmp'],
      probes: { readiness: HealthProbe.exec(['pg_isready', '-h', '127.0.0.1', '-p', '5432']) },
      backup: {
        schedule: '0 3 * * *',
        image: 'postgres:16.4',
        command: ['sh', '-c', 'pg_dump -h "$STORE_HOST" -p "$STORE_PORT" -U postgres -Fc > /backup/orders-$(date +%F).dump'],
        env: { PGPASSWORD: dbAuth.envVar('password', { reason: 'pg_dump reads the password from PGPASSWORD or a .pgpass file, and the Secret holds the bare password' }) },
        claimName: 'orders-db-backups',
      },
      metrics: {
        port: 9187,
        exporter: {
          image: 'quay.io/prometheuscommunity/postgres-exporter:v0.15.0',
          env: {
            DATA_SOURCE_URI: EnvVar.value('127.0.0.1:5432/postgres?sslmode=disable'),
            DATA_SOURCE_USER: EnvVar.value('postgres'),
            DATA_SOURCE_PASS: dbAuth.envVar('password', { reason: 'secretFiles reach the main container only; the exporter sidecar reads its password from the environment' }),
          },
        },
      },
    });
    // a restore drill: read one nightly backup into a fresh volume and list what it holds
    db.restore('drill', {
      backup: 'orders-db-backup',
      backupId: 'orders-2026-12-01.dump',
      volume: { size: Size.gibibytes(20) },
      command: ['sh', '-c', 'pg_restore --list "/backup/$BACKUP_ID" > /restore/contents.txt'],
    });

    const checkout = new WebApp(this, 'checkout', {
      image: 'ghcr.io/acme/checkout:2.3.0',
      port: 8080,
      release: Release.blueGreen({ active: Colour.BLUE, blueImage: 'ghcr.io/acme/checkout:2.3.0', greenImage: 'ghcr.io/acme/checkout:2.4.0' }),
      // the database URL as a 0400 file, as the migration of the same image reads it
      secretFiles: [{ secretName: 'orders-db-auth', mountPath: '/etc/orders-db', keys: ['url'] }],
    });

    const storefront = new WebApp(this, 'storefront', {
      image: 'ghcr.io/acme/storefront:1.4.2',
      port: 8080,
      slowStart: Duration.seconds(60),
      // the platform team's Gateway terminates TLS for shop.example.com
      route: { gateway: { name: 'public', namespace: 'gateway-system', sectionName: 'https' }, hostnames: ['shop.example.com'] },
      metrics: { port: 9090 },
      configFiles: { 'storefront.yaml': 'checkout: http://checkout\ncurrency: EUR\n' },
    });

    storefront.connectsTo(checkout);
    checkout.connectsTo(db);
    new SmokeTest(this, 'storefront-smoke', { target: storefront, path: '/healthz' });

    // the schema change ships with the version being released (green), and runs before either colour rolls out
    const migration = new Migration(this, 'checkout-migrate', {
      before: checkout,
      image: 'ghcr.io/acme/checkout:2.4.0',
      command: ['./migrate', 'up'],
      // the database URL as a 0400 file, not an environment variable
      secretFiles: [{ secretName: 'orders-db-auth', mountPath: '/etc/orders-db', keys: ['url'] }],
      // waits on the database most of the time
      resources: { cpuLimit: '250m' },
      imagePullSecrets: ['acme-registry'],
    });
    migration.connectsTo(db);

    const events = new Worker(this, 'order-events', {
      image: 'ghcr.io/acme/order-events:1.0.3',
      // about 100 waiting messages per pod, read from RabbitMQ's metrics through the external metrics API (docs/worker.md)
      autoscaling: {
        minReplicas: 2,
        maxReplicas: 6,
        queueLength: { name: 'rabbitmq_queue_messages_ready', selector: { queue: 'order-events' }, messagesPerPod: 100 },
      },
      secretFiles: [{ secretName: 'orders-db-auth', mountPath: '/etc/orders-db', keys: ['url'] }],
      metrics: {},
      // the consumer's own checks: connected to the broker (readiness), and not stalled (liveness)
      probes: {
        readiness: HealthProbe.exec(['/app/order-events', 'check', '--connected']),
        liveness: HealthProbe.exec(['/app/order-events', 'check', '--max-lag=5m']),
      },
      imagePullSecrets: ['acme-registry'],
      emptyDirs: [{ name: 'logs', mountPath: '/var/log/order-events', size: Size.mebibytes(256) }],
      sidecars: [{
        name: 'log-forwarder',
        image: 'fluent/fluent-bit:3.1.9',
        args: ['-H', '-i', 'tail', '-p', 'path=/var/log/order-events/*.log', '-o', 'stdout'],
        ports: [2020],
        readiness: HealthProbe.http('/api/v1/health'),
        liveness: HealthProbe.tcp(),
        mounts: { logs: '/var/log/order-events' },
      }],
    });
    events.connectsTo(db);

    const report = new ScheduledTask(this, 'nightly-report', {
      image: 'ghcr.io/acme/reports:2.0.1',
      schedule: '0 4 * * *',
      timeZone: 'Europe/Berlin',
      command: ['./report', '--since=24h'],
      resources: { cpuLimit: '250m' },
      secretFiles: [{ secretName: 'orders-db-auth', mountPath: '/etc/orders-db', keys: ['url'] }],
      imagePullSecrets: ['acme-registry'],
    });
    report.connectsTo(db);
  }
}

/** A log shipper on every node, in a namespace that admits hostPath. */
export class NodeAgentsChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'node-agents' });
    new NodeAgent(this, 'log-shipper', {
      image: 'fluent/fluent-bit:3.1.9',
      hostPaths: [{ path: '/var/log', mountPath: '/var/log', reason: 'ships the container logs the kubelet writes under /var/log/pods' }],
      permissions: [{ resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] }],
      port: 2020,
      healthPath: '/api/v1/health',
      metrics: { path: '/api/v2/metrics/prometheus' },
      runAsRoot: { reason: 'container log files under /var/log/pods are readable by root only' },
    });
  }
}

/** The environments the reference app ships to: each its own cluster, so namespaces keep their names. */
export const REFERENCE_ENVIRONMENTS: EnvironmentProps[] = [{ name: 'development' }, { name: 'production' }];

/**
 * Builds the reference app for each environment (each written to
 * `<outdir>/<name>/`, with the profile of its name); exported for tests.
 */
export function buildEnvironments(outdir?: string, environments: EnvironmentProps[] = REFERENCE_ENVIRONMENTS): Environments {
  const envs = new Environments({
    outdir,
    environments,
    // every workload gets alerts derived from its settings (team: its part-of label)
    defaults: { labels: { 'example.com/team': 'shop' }, ingressClassName: 'nginx', alerts: {} },
  });
  for (const env of envs.environments) {
    const platform = new PlatformChart(env, 'platform');
    for (const chart of [new ShopChart(env, 'shop'), new NodeAgentsChart(env, 'node-agents')]) chart.addDependency(platform);
  }
  return envs;
}

/** One environment of the reference app (its App writes `<outdir>/<name>/`); exported for tests that look at one. */
export function buildApp(outdir?: string, environment: string = 'production'): App {
  return buildEnvironments(outdir, [{ name: environment }]).environments[0].app;
}

if (require.main === module) {
  synthesizeOrExit(buildEnvironments());
}
