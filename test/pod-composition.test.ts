import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import {
  EnvVar, ExistingSecret, HealthProbe, NodeAgent, Platform, PodCompositionProps, ScheduledTask, SmokeTest, StatefulStore, Task, WebApp, Worker,
  renderReport,
} from '../src';
import { schemaProblems, synth, synthErrors } from './util';
import { podTemplateOf } from '../src/policy/context';
import { podSecurityNeeds } from '../src/private/pod-security';

const image = 'ghcr.io/acme/app:1.0.0';

const composition: PodCompositionProps = {
  imagePullSecrets: ['acme-registry'],
  initContainers: [{ name: 'wait-for-db', image: 'ghcr.io/acme/wait:1.0.0', command: ['wait-for', 'db:5432'] }],
  sidecars: [{
    name: 'log-forwarder',
    image: 'fluent/fluent-bit:3.1.9',
    ports: [2020],
    readiness: HealthProbe.http('/api/v1/health'),
    liveness: HealthProbe.tcp(),
    env: { FORWARD_TOKEN: EnvVar.fromSecret('forwarder', 'token', { reason: 'the forwarder reads its token from the environment only' }) },
    mounts: { logs: '/var/log/app' },
  }],
  secretFiles: [{ secretName: 'app-tls', mountPath: '/etc/tls', keys: ['tls.crt', 'tls.key'] }],
  serviceAccountTokens: [{ audience: 'vault', mountPath: '/var/run/secrets/vault' }],
  emptyDirs: [{ name: 'logs', mountPath: '/var/log/app', size: Size.mebibytes(256) }],
};

/** Run-to-completion pods need native sidecars (a regular one never exits). */
const native: PodCompositionProps = { ...composition, nativeSidecars: true };

/** Every archetype with the same composition, each in its own chart of one app; true: native sidecars. */
const ARCHETYPES: Array<[string, boolean, (chart: Chart) => void]> = [
  ['WebApp', false, c => new WebApp(c, 'w', { image, ...composition })],
  ['StatefulStore', false, c => new StatefulStore(c, 'w', { image, port: 5432, storage: { size: Size.gibibytes(1) }, ...composition })],
  ['NodeAgent', false, c => new NodeAgent(c, 'w', { image, port: 9100, ...composition })],
  ['Worker', false, c => new Worker(c, 'w', { image, ...composition })],
  ['Task', true, c => new Task(c, 'w', { image, ...native })],
  ['ScheduledTask', true, c => new ScheduledTask(c, 'w', { image, schedule: '@daily', ...native })],
  ['SmokeTest', true, c => new SmokeTest(c, 'w', { target: new WebApp(c, 'target', { image }), ...native })],
];

function podOf(build: (chart: Chart) => void, app: App = Testing.app()): { spec: any; objects: any[] } {
  const chart = new Chart(app, 'c', { namespace: 'team' });
  build(chart);
  const objects = synth(chart);
  const owner = objects.find(o => o.metadata.name === 'w' && podTemplateOf(o));
  return { spec: podTemplateOf(owner)!.spec, objects };
}

describe.each(ARCHETYPES)('%s', (_, nativeSidecars, build) => {
  const { spec, objects } = podOf(build);
  const main = spec.containers[0];
  const sidecar = nativeSidecars ? spec.initContainers[0] : spec.containers[1];
  const init = spec.initContainers[nativeSidecars ? 1 : 0];

  test('pull secrets, init container and sidecar (after main, or a native one before the init containers)', () => {
    expect(spec.imagePullSecrets).toEqual([{ name: 'acme-registry' }]);
    if (nativeSidecars) {
      expect(spec.initContainers.map((c: any) => [c.name, c.restartPolicy])).toEqual([['log-forwarder', 'Always'], ['wait-for-db', undefined]]);
      expect(spec.containers.map((c: any) => c.name)).toEqual(['main']);
    } else {
      expect(spec.initContainers.map((c: any) => c.name)).toEqual(['wait-for-db']);
      expect(spec.containers.map((c: any) => c.name)).toEqual(['main', 'log-forwarder']);
    }
  });

  test('sidecar and init container are restricted and sized', () => {
    for (const c of [init, sidecar]) {
      expect(c.securityContext).toMatchObject({
        allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] },
      });
      expect(c.resources).toEqual({
        requests: { 'cpu': '50m', 'memory': '64Mi', 'ephemeral-storage': '64Mi' },
        limits: { 'cpu': '200m', 'memory': '128Mi', 'ephemeral-storage': '256Mi' },
      });
      expect(c.imagePullPolicy).toBe(main.imagePullPolicy);
    }
  });

  test('Secret files read-only with mode 0400, a projected token for an audience, a sized emptyDir', () => {
    const volumes = Object.fromEntries(spec.volumes.map((v: any) => [v.name, v]));
    expect(volumes['secret-app-tls'].secret).toEqual({
      secretName: 'app-tls', defaultMode: 0o400, items: [{ key: 'tls.crt', path: 'tls.crt' }, { key: 'tls.key', path: 'tls.key' }],
    });
    expect(volumes['token-0'].projected).toEqual({
      defaultMode: 0o400, sources: [{ serviceAccountToken: { audience: 'vault', expirationSeconds: 3600, path: 'token' } }],
    });
    expect(volumes.logs.emptyDir).toEqual({ medium: '', sizeLimit: '256Mi' });
    expect(main.volumeMounts).toEqual(expect.arrayContaining([
      { name: 'secret-app-tls', mountPath: '/etc/tls', readOnly: true },
      { name: 'token-0', mountPath: '/var/run/secrets/vault', readOnly: true },
      { name: 'logs', mountPath: '/var/log/app' },
    ]));
    expect(sidecar.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }, { name: 'logs', mountPath: '/var/log/app' }]);
  });

  test('the pod gets an fsGroup so the non-root user can read the 0400 files', () => {
    expect(spec.securityContext.fsGroup).toBe(spec.securityContext.runAsGroup);
  });

  test('passes the strict schema and Pod Security restricted', () => {
    expect(schemaProblems(objects)).toEqual({});
    expect(podSecurityNeeds(spec)).toEqual([]);
  });
});

test('the rule pack passes on every archetype with sidecars', () => {
  const app = new App();
  for (const [name, , build] of ARCHETYPES) {
    // one namespace per archetype: the same workload name twice in one namespace is one object to the API server (check `identity`)
    const chart = new Chart(app, name.toLowerCase(), { namespace: `team-${name.toLowerCase()}` });
    // the Secrets the composition reads, created outside the app (the secret-references rule checks they are declared)
    new ExistingSecret(chart, 'forwarder', { keys: ['token'] });
    new ExistingSecret(chart, 'app-tls', { keys: ['tls.crt', 'tls.key'] });
    build(chart);
  }
  expect(renderReport(app).findings.filter(f => !f.suppressed)).toEqual([]);
});

test('no composition props, no change: no pull secrets, no init containers, one container', () => {
  const { spec } = podOf(c => new WebApp(c, 'w', { image }));
  expect([spec.imagePullSecrets, spec.initContainers, spec.containers.length, spec.securityContext.fsGroup])
    .toEqual([undefined, undefined, 1, undefined]);
});

test('organisation pull secrets apply to every workload, its own are added', () => {
  const app = Testing.app();
  Platform.configure(app, { defaults: { imagePullSecrets: ['org-registry'] } });
  expect(podOf(c => new Worker(c, 'w', { image, imagePullSecrets: ['team-registry', 'org-registry'] }), app).spec.imagePullSecrets)
    .toEqual([{ name: 'org-registry' }, { name: 'team-registry' }]);
});

test('a StatefulStore backup pod gets the store\'s pull secrets but not its sidecars', () => {
  const chart = Testing.chart();
  new StatefulStore(chart, 'db', {
    image,
    port: 5432,
    storage: { size: Size.gibibytes(1) },
    ...composition,
    backup: { schedule: '@daily', image: 'ghcr.io/acme/dump:1.0.0', command: ['dump'] },
  });
  const cron = synth(chart).find(o => o.kind === 'CronJob');
  const pod = cron.spec.jobTemplate.spec.template.spec;
  expect(pod.imagePullSecrets).toEqual([{ name: 'acme-registry' }]);
  expect(pod.containers.map((c: any) => c.name)).toEqual(['main']);
});

test('a sidecar of a root NodeAgent still runs as the non-root user; host paths stay read-only in it', () => {
  const { spec } = podOf(c => new NodeAgent(c, 'w', {
    image,
    hostPaths: [{ path: '/var/log', mountPath: '/var/log' }],
    runAsRoot: { reason: 'reads root-only logs' },
    sidecars: [{ name: 'tail', image: 'ghcr.io/acme/tail:1.0.0', mounts: { [hostVolumeName()]: '/host/log' } }],
  }));
  expect(spec.containers[1].securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001 });
  expect(spec.containers[1].volumeMounts[1]).toMatchObject({ mountPath: '/host/log', readOnly: true });
});

/** The volume name NodeAgent gives its first host path (read from its output, not assumed). */
function hostVolumeName(): string {
  const { spec } = podOf(c => new NodeAgent(c, 'w', { image, hostPaths: [{ path: '/var/log', mountPath: '/var/log' }] }));
  return spec.volumes.find((v: any) => v.hostPath).name;
}

describe('bad input', () => {
  const errors = (props: PodCompositionProps) => {
    const chart = Testing.chart();
    new WebApp(chart, 'web', { image, port: 8080, ...props });
    return synthErrors(chart);
  };
  const side = { image: 'ghcr.io/acme/side:1.0.0' };

  test.each([
    ['sidecar named main', { sidecars: [{ ...side, name: 'main' }] }, 'sidecars[0].name "main" is the main container\'s name: give each container its own name'],
    ['sidecar on the main port', { sidecars: [{ ...side, name: 'proxy', ports: [8080] }] }, 'sidecars[0].ports[0] 8080 is the main container\'s port: give the sidecar a port of its own'],
    ['two containers, one name', { sidecars: [{ ...side, name: 'a' }], initContainers: [{ ...side, name: 'a' }] }, 'sidecars[0].name "a" is already the name of another container'],
    ['two sidecars, one port', { sidecars: [{ ...side, name: 'a', ports: [9000] }, { ...side, name: 'b', ports: [9000] }] }, 'sidecars[1].ports[0] 9000 is already the port of another container'],
    ['sidecar image untagged', { sidecars: [{ name: 'a', image: 'envoy' }] }, 'sidecars[0].image "envoy" has no tag'],
    ['sidecar credential literal', { sidecars: [{ ...side, name: 'a', env: { API_TOKEN: EnvVar.value('abc') } }] }, 'sidecars[0].env.API_TOKEN'],
    ['sidecar mounts an unknown volume', { sidecars: [{ ...side, name: 'a', mounts: { cache: '/cache' } }] }, 'sidecars[0].mounts "cache" is not a volume of the pod'],
    ['init container with probes', { initContainers: [{ ...side, name: 'a', readiness: HealthProbe.tcp({ port: 1 }) }] }, 'has probes on an init container'],
    ['pull secret not a subdomain', { imagePullSecrets: ['Acme_Registry'] }, 'imagePullSecrets[0] "Acme_Registry" is not a valid DNS-1123 subdomain'],
    ['secret name not a subdomain', { secretFiles: [{ secretName: 'TLS', mountPath: '/etc/tls' }] }, 'secretFiles[0].secretName "TLS" is not a valid DNS-1123 subdomain'],
    ['secret file over /tmp', { secretFiles: [{ secretName: 'tls', mountPath: '/tmp' }] }, 'secretFiles[0].mountPath "/tmp" is already a mount point'],
    ['secret file relative', { secretFiles: [{ secretName: 'tls', mountPath: 'etc/tls' }] }, 'secretFiles[0].mountPath "etc/tls" is not an absolute path'],
    ['bad key', { secretFiles: [{ secretName: 'tls', mountPath: '/etc/tls', keys: ['../x'] }] }, 'secretFiles[0].keys[0] "../x" is not a Secret key'],
    // the ConfigMap/Secret key rule of facts/names.ts: a "..x" key and one over 253 characters used to pass
    ['key starting with ".."', { secretFiles: [{ secretName: 'tls', mountPath: '/etc/tls', keys: ['..data'] }] }, 'secretFiles[0].keys[0] "..data" is not a Secret key: use at most 253 letters'],
    ['key over 253 characters', { secretFiles: [{ secretName: 'tls', mountPath: '/etc/tls', keys: ['k'.repeat(254)] }] }, `secretFiles[0].keys[0] "${'k'.repeat(254)}" is not a Secret key`],
    ['token without audience', { serviceAccountTokens: [{ audience: '', mountPath: '/var/run/t' }] }, 'serviceAccountTokens[0].audience "" is empty'],
    ['token too short-lived', { serviceAccountTokens: [{ audience: 'vault', mountPath: '/var/run/t', expiration: Duration.minutes(5) }] }, 'serviceAccountTokens[0].expiration "300s" is shorter than 10 minutes'],
    ['emptyDir named tmp', { emptyDirs: [{ name: 'tmp', mountPath: '/scratch', size: Size.mebibytes(1) }] }, 'emptyDirs[0] volume name "tmp" is already a volume of the pod'],
    ['emptyDir of a fraction of a MiB', { emptyDirs: [{ name: 'x', mountPath: '/scratch', size: Size.kibibytes(100) }] }, 'emptyDirs[0].size'],
  ])('%s', (_, props, message) => {
    expect(errors(props as PodCompositionProps)).toContain(message);
  });

  test.each([
    ['Task', (c: Chart) => new Task(c, 'w', { image, sidecars: [{ ...side, name: 'proxy' }] })],
    ['SmokeTest', (c: Chart) => new SmokeTest(c, 'w', { target: new WebApp(c, 't', { image }), sidecars: [{ ...side, name: 'proxy' }] })],
  ])('a regular sidecar in a run-to-completion pod (%s)', (_, build) => {
    const chart = Testing.chart();
    build(chart);
    expect(synthErrors(chart)).toContain('sidecars ["proxy"] would keep the pod running forever: a regular container never exits, so the run never completes: '
      + 'set `nativeSidecars: true`');
  });

  test('an organisation pull secret that is not a subdomain', () => {
    const app = Testing.app();
    Platform.configure(app, { defaults: { imagePullSecrets: ['Org Registry'] } });
    expect(() => app.synth()).toThrow('defaults.imagePullSecrets[0] "Org Registry" is not a valid DNS-1123 subdomain');
  });
});

test('snapshot: a Worker with every composition prop', () => {
  expect(podOf(c => new Worker(c, 'w', { image, ...composition })).objects).toMatchSnapshot();
});

describe('extra containers are checked like the main one', () => {
  const side = { name: 'side', image: 'ghcr.io/acme/side:1.0.0' };
  const js = (v: unknown) => v as any;
  const errors = (build: (chart: Chart) => void) => {
    const chart = Testing.chart();
    build(chart);
    return synthErrors(chart);
  };
  const web = (props: PodCompositionProps) => (c: Chart) => new WebApp(c, 'web', { image, port: 8080, ...props });
  const store = (exporter: object) => (c: Chart) => new StatefulStore(c, 'db', {
    image, port: 5432, storage: { size: Size.gibibytes(1) }, metrics: { port: 9187, exporter: { image, ...exporter } },
  });

  test.each<[string, (chart: Chart) => void, string]>([
    // EnvVar arguments and names: these used to pass, leaving a secretKeyRef with no name
    ['a sidecar EnvVar.fromSecret without a Secret name', web({ sidecars: [{ ...side, env: { C: EnvVar.fromSecret(js(5), 'k') } }] }), 'sidecars[0].env.C '],
    ['an init container env name with "="', web({ initContainers: [{ ...side, env: { 'A=B': EnvVar.value('x') } }] }),
      'initContainers[0].env name "A=B" is not a valid environment variable name'],
    ['an exporter EnvVar.fromSecret without a Secret name', store({ env: { C: EnvVar.fromSecret(js(5), 'k') } }), 'metrics.exporter.env.C '],
    ['an exporter env name with "="', store({ env: { 'A=B': EnvVar.value('x') } }), 'metrics.exporter.env name "A=B" is not a valid environment variable name'],
    ['an exporter envFromSecrets name with a capital', store({ envFromSecrets: ['Db_Secret'] }),
      'metrics.exporter.envFromSecrets[0] "Db_Secret" is not a valid DNS-1123 subdomain'],
    // resources: these used to reach only the policy pass, against a manifest path
    ['a sidecar request above the default limit', web({ sidecars: [{ ...side, resources: { memoryRequest: '256Mi' } }] }),
      'sidecars[0].resources.memoryRequest "256Mi" is above the memory limit "128Mi" (the default limit): set sidecars[0].resources.memoryLimit to at least "256Mi"'],
    ['an init container cpu request that is no quantity', web({ initContainers: [{ ...side, resources: { cpuRequest: 'abc' } }] }),
      'initContainers[0].resources.cpuRequest "abc" is not a Kubernetes quantity'],
    ['an exporter request above its limit', store({ resources: { cpuRequest: '1', cpuLimit: '500m' } }),
      'metrics.exporter.resources.cpuRequest "1" is above the cpu limit "500m" (metrics.exporter.resources.cpuLimit)'],
    ['an exporter zero memory limit', store({ resources: { memoryLimit: '0' } }), 'metrics.exporter.resources.memoryLimit "0" is a zero limit'],
  ])('%s', (_, build, message) => {
    const found = errors(build);
    expect(found).toContain(message);
    expect(found).not.toContain('[Policy]');
  });
});
