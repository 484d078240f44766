import { ApiObject, App, Chart, Duration, Size, Testing } from 'cdk8s';
import {
  ArgoCdApplication, CanaryStep, Colour, EnvironmentProfile, EnvVar, ExistingSecret, HealthProbe, NodeAgent, Platform, Policy, Release,
  ReleaseEngine, SmokeTest, StatefulStore, SynthError, TeamNamespace, WebApp, Worker, render, ExternalSecret, HttpRoute, GrpcRoute, WorkloadAlerts,
} from '../src';

// Issue 14: every value the API server would refuse fails synth with a clear
// error (construct path, prop, value, fix), every input a JavaScript caller
// can pass is a prop error rather than a stack trace, and one synth lists
// every error of the app. Each row builds a small app; the synth must fail
// with a SynthError whose message contains the expected text.

const image = 'ghcr.io/acme/shop:1.4.2';
const storage = { size: Size.gibibytes(10) };
const js = (v: unknown): any => v;

type Build = (chart: Chart, app: App) => void;

/** Builds an app in chart "prod" (namespace "shop"), renders it, and returns the SynthError message ('' when it passed). */
function synthMessage(build: Build): string {
  const app = Testing.app();
  const chart = new Chart(app, 'prod', { namespace: 'shop' });
  build(chart, app);
  try {
    render(app);
  } catch (e) {
    expect(e).toBeInstanceOf(SynthError);
    return (e as Error).message;
  }
  return '';
}

const web = (props: object, id = 'web'): Build => chart => new WebApp(chart, id, js({ image, ...props }));
const store = (props: object): Build => chart => new StatefulStore(chart, 'db', js({ image, port: 5432, storage, ...props }));
const agent = (props: object): Build => chart => new NodeAgent(chart, 'agent', js({ image, ...props }));
const backup = (props: object) => store({ backup: { schedule: '0 3 * * *', image, command: ['backup'], ...props } });

const cases: Array<[string, Build, string]> = [
  // names
  ['a Service name must be DNS-1035', web({ name: '1web' }), '[prod/web] name "1web" starts with a digit: a Service name is a DNS-1035 label: start it with a letter, such as "web"'],
  ['a Service name of a plain ApiObject', chart => new ApiObject(chart, 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: '1svc' }, spec: { ports: [{ port: 80 }] } }),
    '[prod/svc] kubernetes (Service shop/1svc): metadata.name "1svc" of a Service is not a valid DNS-1035 label'],
  ['chart namespace Shop_1', (_c, app) => new WebApp(new Chart(app, 'other', { namespace: 'Shop_1' }), 'web', { image }),
    'metadata.namespace "Shop_1" is not a valid DNS-1123 label'],
  ['a 60-character WebApp with a canary: "<name>-canary" is over 63', web({ name: 'a'.repeat(60), release: Release.canary({ canaryImage: 'ghcr.io/acme/shop:1.5.0' }) }),
    `[prod/web] name "${'a'.repeat(60)}" is 60 characters, so the release's Service "${'a'.repeat(60)}-canary" would be 67, over the 63 a Service name may have: use at most 56 characters`],
  ['a 58-character blue-green WebApp: "<name>-preview" is over 63', web({ name: 'b'.repeat(58), release: Release.blueGreen({ active: Colour.BLUE, blueImage: image, greenImage: image }) }),
    `[prod/web] name "${'b'.repeat(58)}" is 58 characters, so the release's Service "${'b'.repeat(58)}-preview" would be 66`],
  ['a 50-character store with a backup: derived names are too long', chart => new StatefulStore(chart, 'db', {
    image, port: 5432, storage, name: 'c'.repeat(50), backup: { schedule: '@daily', image, command: ['backup'] },
  }), `[prod/db] name "${'c'.repeat(50)}" is 50 characters long: use at most 45`],
  ['a CronJob name over 52 characters (a raw ApiObject)', chart => new ApiObject(chart, 'cron', {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'd'.repeat(53) },
    spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'x', image }] } } } } },
  }), `metadata.name "${'d'.repeat(53)}" of a CronJob is 53 characters, over the 52 allowed`],
  ['workload name with capitals', web({ name: 'Web' }), '[prod/web] name "Web" is not a valid DNS-1123 label'],
  ['two workloads with one name in one namespace', chart => { new WebApp(chart, 'a', { image, name: 'web' }); new WebApp(chart, 'b', { image, name: 'web' }); },
    '[prod/b/Deployment] identity (Deployment shop/web): apps/Deployment shop/web is also defined at prod/a/Deployment'],
  ['two charts with the same namespace', (_c, app) => {
    new WebApp(new Chart(app, 'one', { namespace: 'team' }), 'web', { image });
    new WebApp(new Chart(app, 'two', { namespace: 'team' }), 'web', { image });
  }, 'core/Service team/web is also defined at one/web/Service'],
  ['two TeamNamespaces with one name', chart => { new TeamNamespace(chart, 'a', { name: 'team' }); new TeamNamespace(chart, 'b', { name: 'team' }); },
    'core/Namespace team is also defined at prod/a/Namespace'],
  // labels and annotations
  ['label key with a space', web({ labels: { 'Bad Key': 'x' } }), '[prod/web] labels key "Bad Key" is not a valid qualified name'],
  ['label value with spaces', web({ labels: { team: 'shop team' } }), '[prod/web] labels.team "shop team" is not a valid label value: use at most 63'],
  ['label value of 64 characters', web({ labels: { team: 'x'.repeat(64) } }), 'is 64 characters, over the 63 a label value may have'],
  ['version with a space', web({ version: '1.2 beta' }), '[prod/web] version "1.2 beta" is not a valid label value: use at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit, such as "1.2-beta"'],
  ['partOf with a space', web({ partOf: 'Shop Team' }), '[prod/web] partOf "Shop Team" is not a valid label value'],
  ['chart id that is no label value (the partOf default)', (_c, app) => new WebApp(new Chart(app, 'Shop Team', { namespace: 'x' }), 'web', { image }),
    '[Shop Team/web] partOf (default: the chart id) "Shop Team" is not a valid label value'],
  ['empty annotation key', web({ annotations: { '': 'x' } }), '[prod/web] annotations key "" is an empty key'],
  ['300 kB annotation', web({ annotations: { 'example.com/blob': 'x'.repeat(300_000) } }), 'is over the 262144 bytes (256 KiB) of annotations an object may carry'],
  ['podAnnotations key with a slash too many', web({ podAnnotations: { 'a/b/c': 'x' } }), '[prod/web] podAnnotations key "a/b/c"'],
  ['nodeSelector value with a space', web({ nodeSelector: { pool: 'big pool' } }), '[prod/web] nodeSelector.pool "big pool" is not a valid label value'],
  // quantities
  ['cpuRequest banana', web({ resources: { cpuRequest: 'banana' } }), '[prod/web] resources.cpuRequest "banana" is not a Kubernetes quantity: give cores or millicores'],
  ['memoryRequest above the default limit', web({ resources: { memoryRequest: '1Gi' } }),
    '[prod/web] resources.memoryRequest "1Gi" is above the memory limit "256Mi" (the default limit): set resources.memoryLimit to at least "1Gi", or lower the request'],
  ['request above the given limit', web({ resources: { cpuRequest: '2', cpuLimit: '1' } }), '[prod/web] resources.cpuRequest "2" is above the cpu limit "1" (resources.cpuLimit)'],
  ['zero memory limit', web({ resources: { memoryLimit: '0', memoryRequest: '0' } }), '[prod/web] resources.memoryLimit "0" is a zero limit'],
  ['quota cpu lots', chart => new TeamNamespace(chart, 'team', { quota: { cpu: 'lots', memory: '8Gi' } }), '"lots"'],
  ['store storage request above limit', store({ resources: { ephemeralStorageRequest: '10Gi', ephemeralStorageLimit: '1Gi' } }),
    'resources.ephemeralStorageRequest "10Gi" is above the ephemeral-storage limit "1Gi"'],
  // enums and formats
  ['serviceType Loadbalancer', web({ serviceType: 'Loadbalancer' }), '[prod/web] serviceType "Loadbalancer" is not one of "ClusterIP", "NodePort", "LoadBalancer": did you mean "LoadBalancer"?'],
  ['imagePullPolicy Sometimes', web({ imagePullPolicy: 'Sometimes' }), '[prod/web] imagePullPolicy "Sometimes" is not an image pull policy'],
  ['toleration effect Sometimes', web({ tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'Sometimes' }] }),
    '[prod/web] tolerations[0].effect "Sometimes" is not one of "NoSchedule", "PreferNoSchedule", "NoExecute"'],
  ['toleration operator Equals', web({ tolerations: [{ key: 'gpu', operator: 'Equals', value: 'x' }] }), 'did you mean "Equal"?'],
  ['env name 1A', web({ env: { '1A': EnvVar.value('x') } }), '[prod/web] env name "1A" is not a valid environment variable name'],
  ['env name A=B', web({ env: { 'A=B': EnvVar.value('x') } }), '[prod/web] env name "A=B" is not a valid environment variable name: use letters, digits, "_", "-" and ".", not starting with a digit (no "="), such as "A_B"'],
  ['empty env name', web({ env: { '': EnvVar.value('x') } }), '[prod/web] env name "" is not a valid environment variable name'],
  ['envFromSecrets Bad_Name', web({ envFromSecrets: ['Bad_Name'] }), '[prod/web] envFromSecrets[0] "Bad_Name" is not a valid DNS-1123 subdomain: use lower-case letters, digits, "-" and ".", starting and ending with a letter or digit, such as "bad-name"'],
  ['envFromConfigMaps with a capital', web({ envFromConfigMaps: ['Settings'] }), '[prod/web] envFromConfigMaps[0] "Settings" is not a valid DNS-1123 subdomain'],
  ['storageClassName Fast_SSD', store({ storage: { size: Size.gibibytes(1), storageClassName: 'Fast_SSD' } }), '[prod/db] storage.storageClassName "Fast_SSD" is not a valid DNS-1123 subdomain'],
  ['priorityClassName with a capital', web({ priorityClassName: 'High' }), '[prod/web] priorityClassName "High" is not a valid DNS-1123 subdomain'],
  ['ingress host with capitals', web({ ingress: { host: 'Shop.Example.com' } }), '[prod/web] ingress.host "Shop.Example.com" is not a DNS host name: give a lower-case name without scheme, port or path, such as "shop.example.com"'],
  ['ingress host as a URL', web({ ingress: { host: 'https://shop.example.com/x' } }), '[prod/web] ingress.host "https://shop.example.com/x" is not a DNS host name'],
  ['ingress path without a slash', web({ ingress: { host: 'shop.example.com', path: 'api' } }), '[prod/web] ingress.path "api" does not start with "/": write it as "/api"'],
  ['ConfigMap key with a slash', web({ configFiles: { 'conf/app.yaml': 'a: 1' } }), '[prod/web] configFiles key "conf/app.yaml" is not a valid ConfigMap key'],
  ['2 MiB of config', web({ configFiles: { 'big.txt': 'x'.repeat(2 * 1024 * 1024) } }), 'is over the 1048576 bytes (1 MiB) a ConfigMap may hold'],
  ['configMountPath /tmp', web({ configFiles: { 'app.yaml': 'a: 1' }, configMountPath: '/tmp' }), '[prod/web] configMountPath "/tmp" clashes with the writable scratch volume at /tmp'],
  ['metrics.port equal to servicePort', web({ metrics: { port: 80 } }), '[prod/web] metrics.port 80 is also the Service\'s http port (servicePort 80)'],
  ['replicas 2**31', web({ replicas: 2 ** 31 }), '[prod/web] replicas 2147483648 is above 2147483647'],
  ['security.user 2**40', web({ security: { user: 2 ** 40 } }), '[prod/web] security.user 1099511627776 is not a non-root id from 1 to 2147483647'],
  ['cron 61 25 * * *', backup({ schedule: '61 25 * * *' }), '[prod/db] backup.schedule "61 25 * * *" is not a cron schedule (minute "61" is not a value from 0 to 59)'],
  ['cron with six fields', backup({ schedule: '0 0 3 * * *' }), 'backup.schedule "0 0 3 * * *" is not a cron schedule (6 fields, not 5)'],
  ['time zone Mars/Olympus', backup({ timeZone: 'Mars/Olympus' }), '[prod/db] backup.timeZone "Mars/Olympus" is not in the time zone database'],
  ['CIDR 999.1.1.1/99', agent({ permissions: [{ resources: ['pods'], verbs: ['get'] }], apiServerCidrs: ['999.1.1.1/99'] }),
    '[prod/agent] apiServerCidrs[0] "999.1.1.1/99" does not start with an IPv4 or IPv6 address'],
  ['IPv6 CIDR with a prefix over 128', agent({ permissions: [{ resources: ['pods'], verbs: ['get'] }], apiServerCidrs: ['fd00::/129'] }),
    'apiServerCidrs[0] "fd00::/129" has an IPv6 prefix length over 128'],
  ['digest of the wrong length', web({ image: 'nginx@sha256:abc' }), '[prod/web] image "nginx@sha256:abc" has an invalid digest "sha256:abc"'],
  ['upper-case repository', web({ image: 'NGINX:1.2' }), '[prod/web] image "NGINX:1.2" has upper-case letters in its repository name: write the repository in lower case, such as "nginx:1.2"'],
  ['empty tag', web({ image: 'nginx:' }), '[prod/web] image "nginx:" has an invalid tag ""'],
  ['no repository', web({ image: ':1.2' }), '[prod/web] image ":1.2" has no repository name'],
  // what crashed with a stack trace
  ['sub-second terminationGracePeriod', web({ terminationGracePeriod: Duration.millis(1500) }),
    '[prod/web] terminationGracePeriod "Duration" is 1500 ms, not a whole number of seconds (Kubernetes counts these in seconds): use Duration.seconds(2)'],
  ['sub-second preStopDelay', web({ preStopDelay: Duration.millis(500) }), '[prod/web] preStopDelay "Duration" is 500 ms'],
  ['sub-second slowStart', store({ slowStart: Duration.millis(1500) }), '[prod/db] slowStart "Duration" is 1500 ms'],
  ['sub-second probe period', web({ probes: { liveness: HealthProbe.tcp({ period: Duration.millis(1500) }) } }), '[prod/web] probes.liveness period "Duration" is 1500 ms'],
  ['sub-second backup timeout', backup({ timeout: Duration.millis(100) }), '[prod/db] backup.timeout "Duration" is 100 ms'],
  ['sub-second smoke test interval', chart => new SmokeTest(chart, 'smoke', { target: new WebApp(chart, 'web', { image }), interval: Duration.millis(10) }),
    '[prod/smoke] interval "Duration" is 10 ms'],
  ['sub-second canary pause', web({ release: Release.canary({ canaryImage: 'ghcr.io/acme/shop:1.5.0', steps: [CanaryStep.setWeight(20), CanaryStep.pause(Duration.millis(1500))], engine: ReleaseEngine.ARGO_ROLLOUTS }) }),
    'release.steps[1].pause "1.5s" is not a whole number of seconds >= 1'],
  ['tmpSize of 1 KiB', web({ tmpSize: Size.kibibytes(1) }), '[prod/web] tmpSize "Size" is 1 KiB, not a whole number of mebibytes: use Size.mebibytes(1)'],
  // cdk8s's Size.mebibytes(-5) throws in cdk8s itself, before any construct sees it; a zero Size reaches the props
  ['zero tmpSize', web({ tmpSize: Size.mebibytes(0) }), '[prod/web] tmpSize "Size" is not a positive, finite Size'],
  ['zero storage size', store({ storage: { size: Size.gibibytes(0) } }), '[prod/db] storage.size'],
  ['undefined props', chart => new WebApp(chart, 'web', js(undefined)), '[prod/web] image undefined is required: give a string'],
  ['null props', chart => new WebApp(chart, 'web', js(null)), '[prod/web] props null is not an object of props'],
  ['null for a string', web({ name: null }), '[prod/web] name null is null, not a string: give a string'],
  ['a number for the image', web({ image: 42 }), '[prod/web] image 42 is a number, not a string'],
  ['a string for a number', web({ replicas: '3' }), '[prod/web] replicas "3" is a string, not a whole number'],
  ['a string for a boolean', web({ mountServiceAccountToken: 'yes' }), '[prod/web] mountServiceAccountToken "yes" is a string, not true or false'],
  ['a string for a Duration', web({ preStopDelay: '5s' }), '[prod/web] preStopDelay "5s" is a string, not a Duration: give a Duration such as Duration.seconds(30)'],
  ['a string for a Size', web({ tmpSize: '64Mi' }), '[prod/web] tmpSize "64Mi" is a string, not a Size'],
  ['release as a string', web({ release: 'canary' }), '[prod/web] release "canary" is a string, not a Release: give a Release such as Release.rolling()'],
  ['non-array hostPaths', agent({ hostPaths: '/var/log' }), '[prod/agent] hostPaths "/var/log" is a string, not a list of object with path, mountPath, type, writable'],
  ['hostPath without a path', agent({ hostPaths: [{ mountPath: '/x' }] }), '[prod/agent] hostPaths[0].path undefined is required'],
  ['NaN replicas', web({ replicas: NaN }), '[prod/web] replicas NaN is not a finite number'],
  ['Infinity port', web({ port: Infinity }), '[prod/web] port Infinity is not a finite number'],
  ['a fractional port', web({ port: 80.5 }), '[prod/web] port 80.5 is not a whole number'],
  ['metrics.path without a slash', web({ metrics: { path: 'metrics' } }), '[prod/web] metrics.path "metrics" does not start with "/": write it as "/metrics"'],
  ['probe port out of range', web({ probes: { liveness: HealthProbe.tcp({ port: 70000 }) } }), '[prod/web] probes.liveness port 70000 is not a port number'],
  ['agent apiServerCidrs without permissions', agent({ apiServerCidrs: ['x'] }), '[prod/agent] apiServerCidrs[0] "x" is not a CIDR block'],
  ['agent maxUnavailable over int32', agent({ maxUnavailable: 2 ** 40 }), '[prod/agent] maxUnavailable 1099511627776 is above 2147483647'],
  ['agent configMountPath without configFiles', agent({ configMountPath: 'etc/agent' }), '[prod/agent] configMountPath "etc/agent" is not an absolute path'],
  ['TeamNamespace expectedNodes below 1', chart => new TeamNamespace(chart, 'team', { expectedNodes: -1 }), '[prod/team] expectedNodes -1 is not a whole number >= 1'],
  ['ArgoCdApplication destinationServer that is no URL', chart => new ArgoCdApplication(chart, 'argo', { repoURL: 'https://git.example.com/shop.git', destinationServer: 'cluster' }),
    '[prod/argo] destinationServer "cluster" is not an API server URL'],
  ['env fieldRef that is no pod field', web({ env: { NODE: EnvVar.fromField('spec.node') } }), 'valueFrom.fieldRef.fieldPath "spec.node" is not a pod field the API server can expose'],
  ['ingress TLS Secret with a capital', web({ ingress: { host: 'shop.example.com', tlsSecretName: 'Shop-TLS' } }), '[prod/web] ingress.tlsSecretName "Shop-TLS" is not a valid DNS-1123 subdomain'],
  ['misspelled replicas', web({ replica: 3 }), '[prod/web] replica 3 is not a known prop: did you mean `replicas`?'],
  ['misspelled nested prop', web({ resources: { cpuRequets: '1' } }), '[prod/web] resources.cpuRequets "1" is not a known prop: did you mean `cpuRequest`?'],
  ['env value that is no EnvVar', web({ env: { LOG: 'info' } }), '[prod/web] env.LOG "info" is a string, not an EnvVar'],
  ['EnvVar.value of a number', web({ env: { N: EnvVar.value(js(3)) } }), '[prod/web] env.N value 3 is a number, not a string'],
  ['EnvVar.fromSecret without a key', web({ env: { P: EnvVar.fromSecret('db', js(undefined)) } }), '[prod/web] env.P key undefined is a undefined, not a string'],
  ['HealthProbe.http of a number', web({ probes: { readiness: HealthProbe.http(js(8080)) } }), '[prod/web] probes.readiness path 8080 is a number, not a string'],
  ['HealthProbe.exec of a string', web({ probes: { liveness: HealthProbe.exec(js('pg_isready')) } }), '[prod/web] probes.liveness command "pg_isready" is a string, not a list of strings'],
  ['probe that is no HealthProbe', web({ probes: { readiness: '/healthz' } }), '[prod/web] probes.readiness "/healthz" is a string, not a HealthProbe'],
  ['canary without its image', web({ release: Release.canary(js({})) }), '[prod/web] release.canaryImage undefined is required'],
  ['canary steps that are numbers', web({ release: Release.canary(js({ canaryImage: 'ghcr.io/acme/shop:1.5.0', steps: [20] })) }), '[prod/web] release.steps[0] 20 is a number, not a CanaryStep'],
  ['rolling budget as a string', web({ release: Release.rolling(js({ maxSurge: '25%' })) }), '[prod/web] release.maxSurge "25%" is a string, not PercentOrAbsolute.percent(25) or PercentOrAbsolute.absolute(1)'],
  ['blue-green without options', web({ release: Release.blueGreen(js(undefined)) }), '[prod/web] release.active'],
  ['store port as a string', store({ port: '5432' }), '[prod/db] port "5432" is a string, not a whole number'],
  ['storage size as a string', store({ storage: { size: '10Gi' } }), '[prod/db] storage.size'],
  ['backup without a schedule', backup({ schedule: undefined }), '[prod/db] backup.schedule undefined is required'],
  ['SmokeTest without a target', chart => new SmokeTest(chart, 'smoke', js({})), '[prod/smoke] target undefined is required: give a Workload such as a WebApp of this app'],
  ['SmokeTest target that is a string', chart => new SmokeTest(chart, 'smoke', js({ target: 'web' })), '[prod/smoke] target "web" is a string, not a Workload: give a Workload such as a WebApp of this app'],
  ['TeamNamespace quota as a string', chart => new TeamNamespace(chart, 'team', js({ quota: '8 cores' })), '[prod/team] quota "8 cores" is a string'],
  ['TeamNamespace misspelled prop', chart => new TeamNamespace(chart, 'team', js({ podSecurty: 'baseline' })), '[prod/team] podSecurty "baseline" is not a known prop: did you mean `podSecurity`?'],
  ['TeamNamespace label key', chart => new TeamNamespace(chart, 'team', { labels: { 'Bad Key': 'x' } }), '[prod/team] labels key "Bad Key"'],
  ['ArgoCdApplication repoURL as a number', chart => new ArgoCdApplication(chart, 'argo', js({ repoURL: 42 })), '[prod/argo] repoURL 42 is a number, not a string'],
  ['ArgoCdApplication without props', chart => new ArgoCdApplication(chart, 'argo', js(undefined)), '[prod/argo] repoURL undefined is required'],
  ['Platform.configure with a wrong profile', chart => Platform.configure(chart, js({ profile: 'production' })), '[prod] profile "production" is a string, not an EnvironmentProfile'],
  ['Platform.configure misspelled defaults', chart => Platform.configure(chart, js({ default: {} })), '[prod] default {} is not a known prop: did you mean `defaults`?'],
  ['organisation label value', chart => Platform.configure(chart, { defaults: { labels: { team: 'a b' } } }), '[prod] defaults.labels.team "a b" is not a valid label value'],
  ['custom profile with a string count', chart => Platform.configure(chart, { profile: EnvironmentProfile.custom(js({ name: 'big', webReplicas: 'three' })) }),
    '[prod] profile.webReplicas "three" is a string, not a whole number'],
  ['ExistingSecret keys as a string', chart => new ExistingSecret(chart, 'creds', js({ keys: 'password' })), '[prod/creds] keys "password" is a string, not a list of strings'],
  ['ExternalSecret without props', chart => new ExternalSecret(chart, 'creds', js(undefined)), '[prod/creds] store.name undefined is not set'],
  ['ExternalSecret remote key that is a number', chart => new ExternalSecret(chart, 'creds', js({ store: { name: 'vault' }, keys: { password: 5 } })),
    '[prod/creds] keys.password 5 is a number, not an object with key, property, version'],
  ['HttpRoute without props', chart => new HttpRoute(chart, 'route', js(null)), '[prod/route] props null is not an object of props'],
  ['GrpcRoute with a string gateway', chart => new GrpcRoute(chart, 'route', js({ gateway: 'gw', backends: [] })), '[prod/route] gateway "gw" is a string, not an object with name'],
  ['WorkloadAlerts without a workload', chart => new WorkloadAlerts(chart, 'alerts', js({})), '[prod/alerts] workload undefined is required'],
  ['connectsTo something that is no workload', chart => new WebApp(chart, 'web', { image }).connectsTo(js('db')), '[prod/web] connectsTo "db" is not a workload'],
  ['connectsTo with a string port', chart => { const db = new StatefulStore(chart, 'db', { image, port: 5432, storage }); new WebApp(chart, 'web', { image }).connectsTo(db, js({ port: '5432' })); },
    '[prod/web] connectsTo.port "5432" is a string, not a whole number'],
];

// each case fails synth with a SynthError (synthMessage checks the class) that lists prop errors: no stack trace, no crash
describe('bad input fails synth with a clear error', () => {
  test.each(cases)('%s', (_what, build, expected) => {
    const message = synthMessage(build);
    expect(message).not.toBe('');
    expect(message).toContain(expected);
    expect(message).not.toMatch(/\n\s+at /);
    expect(message).not.toMatch(/TypeError|Cannot read properties|is not a function|Failed serializing/);
  });
});

test('app.synth() reports the same errors through cdk8s, without a stack trace in the message', () => {
  const app = Testing.app();
  const chart = new Chart(app, 'prod', { namespace: 'shop' });
  new WebApp(chart, 'web', js({ image, replica: 3, preStopDelay: Duration.millis(1500) }));
  let message = '';
  try {
    app.synth();
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toMatch(/replica 3 is not a known prop: did you mean `replicas`\?/);
  expect(message).not.toMatch(/\n\s+at /);
  expect(message).toContain('preStopDelay "Duration" is 1500 ms');
});

test('every error of the app is listed at once', () => {
  const message = synthMessage(chart => {
    new WebApp(chart, 'a', js({ image: 'NGINX:1.2', replica: 3, serviceType: 'Loadbalancer' }));
    new StatefulStore(chart, 'b', js({ image, port: '5432', storage }));
    new TeamNamespace(chart, 'c', { name: 'Shop_1' });
  });
  for (const expected of ['[prod/a] image "NGINX:1.2"', '[prod/a] replica 3', '[prod/a] serviceType "Loadbalancer"', '[prod/b] port "5432"', '[prod/c] name "Shop_1"']) {
    expect(message).toContain(expected);
  }
});

test('two objects of one identity are reported even when one of them also has prop errors', () => {
  const message = synthMessage(chart => {
    new WebApp(chart, 'a', { image, name: 'web' });
    new WebApp(chart, 'b', js({ image, name: 'web', replica: 2 }));
  });
  expect(message).toContain('[prod/b] replica 2 is not a known prop');
  expect(message).toContain('[prod/b/Deployment] identity (Deployment shop/web): apps/Deployment shop/web is also defined at prod/a/Deployment');
});

test('the check command and Policy.check run the same object-level validation', () => {
  const findings = Policy.check([
    { apiVersion: 'v1', kind: 'Service', metadata: { name: '1svc', namespace: 'shop' }, spec: { ports: [{ port: 80 }] } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'shop', labels: { team: 'a b' } }, data: { 'conf/app.yaml': 'x' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'shop' }, data: {} },
  ]).filter(f => f.rule === 'kubernetes' || f.rule === 'identity').map(f => `${f.path} ${f.rule} ${f.message}`);
  expect(findings).toEqual([
    expect.stringMatching(/^\[0\] kubernetes metadata.name "1svc" of a Service is not a valid DNS-1035 label/),
    expect.stringMatching(/^\[1\] kubernetes metadata.labels\["team"\] "a b" is not a valid label value/),
    expect.stringMatching(/^\[1\] kubernetes data "conf\/app.yaml" key is not a valid ConfigMap key/),
    expect.stringMatching(/^\[2\] identity core\/ConfigMap shop\/cfg is also defined at \[1\]/),
  ]);
});

describe('valid inputs still pass', () => {
  test.each<[string, Build]>([
    ['a plain WebApp', web({})],
    ['a WebApp with a digest image, canary, metrics, config and ingress', (chart, app) => {
      new ExistingSecret(chart, 'creds', { name: 'db-creds', keys: ['pass-word_1'] });
      web({
        name: 'a'.repeat(56),
        image: `registry.example.com:5000/acme/shop@sha256:${'0a'.repeat(32)}`,
        release: Release.canary({ canaryImage: 'ghcr.io/acme/shop:1.5.0' }),
        metrics: { port: 9090 },
        configFiles: { 'app.yaml': 'a: 1', '.env': 'X=1' },
        configMountPath: '/etc/shop',
        ingress: { host: '*.shop.example.com', path: '/api' },
        labels: { 'example.com/team': 'shop_team.1' },
        annotations: { 'example.com/owner': 'anything goes here, spaces and all' },
        env: { 'my.var-1': EnvVar.value('x'), '_X': EnvVar.fromSecret('db-creds', 'pass-word_1') },
        resources: { cpuRequest: '1e3', cpuLimit: '2000', memoryRequest: '1Gi', memoryLimit: '1Gi' },
        tolerations: [{ key: 'example.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
        security: { user: 2 ** 31 - 1 },
        terminationGracePeriod: Duration.minutes(1),
        tmpSize: Size.gibibytes(1),
      })(chart, app);
    }],
    ['a blue-green WebApp', web({ release: Release.blueGreen({ active: Colour.BLUE, blueImage: image, greenImage: 'ghcr.io/acme/shop:1.5.0' }) })],
    ['a store with a backup in a time zone', backup({ schedule: '*/15 1-5 * JAN-MAR mon-fri', timeZone: 'Europe/Berlin' })],
    ['a store with an @daily backup', backup({ schedule: '@daily', timeZone: 'Etc/UTC' })],
    ['an agent with IPv4 and IPv6 API server ranges', agent({ permissions: [{ resources: ['pods'], verbs: ['get'] }], apiServerCidrs: ['10.0.0.1/32', 'fd00::/8'] })],
    ['the same workload name in two namespaces', (_c, app) => {
      new WebApp(new Chart(app, 'one', { namespace: 'team-a' }), 'web', { image });
      new WebApp(new Chart(app, 'two', { namespace: 'team-b' }), 'web', { image });
    }],
    ['a TeamNamespace with a quota', chart => new TeamNamespace(chart, 'team', { quota: { cpu: '8', memory: '16Gi' } })],
  ])('%s', (_what, build) => {
    expect(synthMessage(build)).toBe('');
  });
});

test('a prop of the wrong type is one error: later checks of the same prop see a stand-in and stay quiet', () => {
  const message = synthMessage(chart => new Worker(chart, 'w', js({ image, autoscaling: { maxReplicas: 3, queueLength: { name: 'q', messagesPerPod: NaN } } })));
  const lines = message.split('\n').filter(l => l.includes('messagesPerPod'));
  expect(lines).toEqual(['  [prod/w] autoscaling.queueLength.messagesPerPod NaN is not a finite number: give a number such as 3']);
});
