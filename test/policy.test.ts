import { ApiObject, App, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import { Colour, Policy, Release, ReleaseEngine, Severity, SmokeTest, SynthError, WebApp, suppressionAnnotation } from '../src';
import * as archetypes from '../src';
import { documentation } from './util';
import { buildApp } from '../src/main';
import { evaluate } from '../src/policy/engine';
import { RULES } from '../src/policy/rules';
import { STATEFUL_STORE } from '../src/private/defaults';
import { credentialName } from '../src/private/facts/credentials';
import { render, renderReport } from '../src/synth/synth';

// A compliant set of objects (GIVEN), one mutation per rule (WHEN), the rule's
// findings (THEN). Each rule gets a passing and a failing manifest.

const labels = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' };

function container(overrides: any = {}): any {
  return {
    name: 'main',
    image: 'ghcr.io/acme/web:1.4.2',
    imagePullPolicy: 'Always',
    ports: [{ name: 'http', containerPort: 8080 }],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
    livenessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 10, failureThreshold: 6 },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    ...overrides,
  };
}

function deployment(spec: any = {}, podSpec: any = {}, c: any = {}): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels: { ...labels, 'app.kubernetes.io/version': '1.4.2' } },
        spec: { securityContext: { runAsNonRoot: true, runAsUser: 10001 }, containers: [container(c)], ...podSpec },
      },
      ...spec,
    },
  };
}

const service = (selector: any = labels) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { selector, ports: [{ port: 80, targetPort: 'http' }] },
});
const pdb = (spec: any = {}) => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { maxUnavailable: 1, selector: { matchLabels: labels }, ...spec },
});
const networkPolicy = (podSelector: any = { matchLabels: { 'app.kubernetes.io/name': 'web' } }) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { podSelector, policyTypes: ['Ingress'], ingress: [] },
});
const hpa = (spec: any = {}) => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 6, ...spec },
});
const configMap = (data: any) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web', namespace: 'shop' }, data });
const clusterRole = (rules: any[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'agent' }, rules });
const autoscaled = (spec: any = {}) => deployment({ replicas: undefined, ...spec });

function messages(objects: any[], rule: string): string[] {
  return Policy.check(objects, { schema: false }).filter(f => f.rule === rule).map(f => f.message);
}

interface Case {
  readonly rule: string;
  readonly good: any[];
  readonly bad: any[];
  /** What the failing manifest's message must say. */
  readonly says: RegExp;
}

const cases: Case[] = [
  { rule: 'image-pinned', good: [deployment({}, {}, { image: 'nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef' })], bad: [deployment({}, {}, { image: 'registry:5000/nginx' })], says: /containers\[main\]\.image "registry:5000\/nginx" has no tag: pin a version such as "registry:5000\/nginx:1\.2\.3"/ },
  { rule: 'image-pinned', good: [deployment({}, {}, { image: 'nginx:1.27.2' })], bad: [deployment({}, {}, { image: 'nginx:latest' })], says: /uses the moving tag "latest"/ },
  // the same predicate as the prop check (private/facts/image.ts): whitespace is not a reference
  { rule: 'image-pinned', good: [deployment({}, {}, { image: 'nginx:1.27.2' })], bad: [deployment({}, {}, { image: 'nginx :1.27.2' })], says: /image "nginx :1\.27\.2" is not an image reference/ },
  { rule: 'no-credentials-in-env', good: [deployment()], bad: [deployment({}, {}, { env: [{ name: 'DB_PWD', value: 'hunter2' }] })], says: /env\[DB_PWD\] holds a literal value under a credential name/ },
  { rule: 'requests-set', good: [deployment()], bad: [deployment({}, {}, { resources: { limits: { memory: '1Gi' } } })], says: /containers\[main\]\.resources\.requests\.cpu is not set/ },
  { rule: 'memory-limit-set', good: [deployment()], bad: [deployment({}, {}, { resources: { requests: { cpu: '1', memory: '1Gi' } } })], says: /resources\.limits\.memory is not set/ },
  { rule: 'cpu-limit-set', good: [deployment()], bad: [deployment({}, {}, { resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '1Gi' } } })], says: /resources\.limits\.cpu is not set/ },
  { rule: 'probes-set', good: [deployment(), deployment({}, {}, { ports: undefined, readinessProbe: undefined, livenessProbe: undefined })], bad: [deployment({}, {}, { readinessProbe: undefined })], says: /containers\[main\]\.readinessProbe is not set/ },
  {
    rule: 'probes-differ',
    good: [deployment({}, {}, { readinessProbe: { httpGet: { path: '/healthz', port: 8080 } }, livenessProbe: { tcpSocket: { port: 8080 }, failureThreshold: 6 } })],
    bad: [deployment({}, {}, { readinessProbe: { httpGet: { port: 8080, path: '/healthz' } }, livenessProbe: { initialDelaySeconds: 10, httpGet: { path: '/healthz', port: 8080 } } })],
    says: /livenessProbe runs the same check as the readiness probe/,
  },
  {
    // kube-score's definition: the handler, not the timings
    rule: 'probes-differ',
    good: [deployment({}, {}, { readinessProbe: { exec: { command: ['pg_isready'] } }, livenessProbe: { exec: { command: ['pgrep', 'postgres'] } } })],
    bad: [deployment({}, {}, {
      readinessProbe: { tcpSocket: { port: 5432 }, periodSeconds: 5 },
      livenessProbe: { tcpSocket: { port: 5432 }, periodSeconds: 30, failureThreshold: 10 },
    })],
    says: /livenessProbe runs the same check as the readiness probe/,
  },
  { rule: 'image-pull-always', good: [deployment()], bad: [deployment({}, {}, { imagePullPolicy: 'IfNotPresent' }), deployment({}, {}, { imagePullPolicy: undefined })], says: /containers\[main\]\.imagePullPolicy "IfNotPresent" is not "Always"/ },
  { rule: 'no-privileged', good: [deployment()], bad: [deployment({}, {}, { securityContext: { ...container().securityContext, privileged: true } })], says: /securityContext\.privileged true runs the container as root on the node/ },
  { rule: 'no-privilege-escalation', good: [deployment()], bad: [deployment({}, {}, { securityContext: { readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } } })], says: /allowPrivilegeEscalation is not set \(it defaults to true\)/ },
  { rule: 'no-host-network', good: [deployment({}, { hostNetwork: false })], bad: [deployment({}, { hostNetwork: true })], says: /spec\.hostNetwork true puts the pod in the node's network namespace/ },
  { rule: 'no-host-pid', good: [deployment()], bad: [deployment({}, { hostPID: true })], says: /spec\.hostPID true/ },
  { rule: 'no-host-ipc', good: [deployment()], bad: [deployment({}, { hostIPC: true })], says: /spec\.hostIPC true/ },
  {
    rule: 'no-dangerous-capabilities',
    good: [deployment({}, {}, { securityContext: { ...container().securityContext, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } } })],
    bad: [deployment({}, {}, { securityContext: { ...container().securityContext, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE', 'SYS_ADMIN'] } } })],
    says: /capabilities\.add \["SYS_ADMIN"\] grants more than the Pod Security Standard baseline/,
  },
  {
    // names compared exactly, as Pod Security admission compares them (one predicate: private/facts/capabilities.ts)
    rule: 'no-dangerous-capabilities',
    good: [deployment({}, {}, { securityContext: { ...container().securityContext, capabilities: { drop: ['ALL'], add: ['CHOWN'] } } })],
    bad: [deployment({}, {}, { securityContext: { ...container().securityContext, capabilities: { drop: ['ALL'], add: ['CAP_CHOWN'] } } })],
    says: /capabilities\.add \["CAP_CHOWN"\] grants more than the Pod Security Standard baseline/,
  },
  { rule: 'drop-all-capabilities', good: [deployment()], bad: [deployment({}, {}, { securityContext: { ...container().securityContext, capabilities: { drop: ['NET_RAW'] } } })], says: /capabilities\.drop \["NET_RAW"\] does not include ALL/ },
  {
    rule: 'run-as-non-root',
    good: [deployment({}, { securityContext: { runAsNonRoot: true } })],
    bad: [deployment({}, { securityContext: { runAsNonRoot: true, runAsUser: 0 } })],
    says: /spec\.securityContext\.runAsUser \(for containers\[main\]\) 0 is root/,
  },
  { rule: 'run-as-non-root', good: [deployment()], bad: [deployment({}, { securityContext: {} })], says: /runAsNonRoot \(for containers\[main\]\) is not set/ },
  { rule: 'read-only-root-fs', good: [deployment()], bad: [deployment({}, {}, { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } })], says: /readOnlyRootFilesystem is not true/ },
  {
    rule: 'secrets-as-files',
    good: [deployment({}, {}, { env: [{ name: 'DB_PASSWORD_FILE', value: '/run/secrets/db/password' }] })],
    bad: [deployment({}, {}, { env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] })],
    says: /env\[DB_PASSWORD\] "db" reads a Secret into the environment: mount it as a file \(secretFiles\)/,
  },
  {
    rule: 'secrets-as-files',
    good: [deployment()],
    bad: [deployment({}, {}, { envFrom: [{ secretRef: { name: 'db' } }] })],
    says: /envFrom "db" reads a whole Secret into the environment/,
  },
  {
    rule: 'no-credentials-in-env',
    good: [deployment({}, {}, { env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }, { name: 'DB_PASSWORD_FILE', value: '/run/secrets/db' }, { name: 'LOG_LEVEL', value: 'info' }, { name: 'MYSQL_ALLOW_EMPTY_PASSWORD', value: 'no' }] })],
    bad: [deployment({}, {}, { env: [{ name: 'DB_PASSWORD', value: 'hunter2' }] })],
    says: /containers\[main\]\.env\[DB_PASSWORD\] holds a literal value under a credential name: read it from a Secret/,
  },
  {
    rule: 'no-credentials-in-configmap',
    good: [configMap({ 'app.yaml': 'mode: production\n', 'secretName': 'db-credentials' })],
    bad: [configMap({ 'app.yaml': 'url: postgres://shop:hunter2@db:5432/shop\n' })],
    says: /data\.app\.yaml holds what looks like a password in a URL: move it to a Secret/,
  },
  {
    // a config file's lines are read: YAML, properties, .env; references the app resolves at run time pass
    rule: 'no-credentials-in-configmap',
    good: [configMap({ 'app.yaml': 'db:\n  password: ${DB_PASSWORD}\n  passwordFile: /run/secrets/db\n', 'app.properties': 'spring.datasource.password=\nauth.enabled=true\n' })],
    bad: [configMap({ 'app.yaml': 'db:\n  host: db\n  password: "hunter2" # rotate me\n' }), configMap({ 'application.properties': 'spring.datasource.url=jdbc:postgresql://db/shop\nspring.datasource.password=hunter2\n' })],
    says: /data\.app\.yaml has a line "password" that holds a literal value under a credential name/,
  },
  {
    rule: 'no-credentials-in-env',
    good: [deployment({}, {}, { command: ['app', '--password-file=/run/secrets/db'], args: ['--log-level', 'info', '--auth-mode', 'oidc'] })],
    bad: [deployment({}, {}, { args: ['--db-password', 'hunter2'] }), deployment({}, {}, { command: ['app', '--token=s3cr3t'] }), deployment({}, {}, { args: ['xoxb-0123456789-abcdefghij'] })],
    says: /containers\[main\]\.args argument 0 passes a literal value to the credential flag --db-password: read it from a Secret/,
  },
  {
    rule: 'no-credentials-in-annotations',
    good: [deployment({ }, {}, {}), { ...configMap({}), metadata: { name: 'web', namespace: 'shop', annotations: { 'example.com/auth-provider': 'oidc', 'vault.hashicorp.com/agent-inject-secret-db': 'database/creds/shop' } } }],
    bad: [{ ...configMap({}), metadata: { name: 'web', namespace: 'shop', annotations: { 'example.com/api-token': 'abc123', 'example.com/notes': 'db at postgres://shop:hunter2@db/shop' } } }],
    says: /metadata\.annotations\["example\.com\/api-token"\] holds a literal value under a credential name/,
  },
  { rule: 'rbac-no-wildcards', good: [clusterRole([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }])], bad: [clusterRole([{ apiGroups: [''], resources: ['pods'], verbs: ['*'] }])], says: /rules\[0\]\.verbs \["\*"\] contains "\*"/ },
  { rule: 'selector-matches-template', good: [deployment()], bad: [deployment({ selector: { matchLabels: { ...labels, 'app.kubernetes.io/version': '1.4.1' } } })], says: /spec\.selector .* does not match the pod template labels/ },
  { rule: 'service-selects-pods', good: [deployment(), service()], bad: [deployment(), service({ 'app.kubernetes.io/name': 'wbe' })], says: /spec\.selector \{"app\.kubernetes\.io\/name":"wbe"\} selects no pod template in namespace "shop"/ },
  { rule: 'pdb-selects-pods', good: [deployment(), pdb()], bad: [pdb()], says: /selects no pod template in namespace "shop"/ },
  { rule: 'pdb-allows-disruption', good: [deployment(), pdb()], bad: [deployment(), pdb({ maxUnavailable: 0 })], says: /spec\.maxUnavailable 0 allows no pod to be evicted/ },
  { rule: 'pdb-allows-disruption', good: [deployment({ replicas: 3 }), pdb({ maxUnavailable: undefined, minAvailable: 2 })], bad: [deployment(), pdb({ maxUnavailable: undefined, minAvailable: 2 })], says: /spec\.minAvailable 2 keeps all 2 selected pods up/ },
  { rule: 'pdb-allows-disruption', good: [autoscaled(), hpa({ minReplicas: 3 }), pdb({ maxUnavailable: undefined, minAvailable: '50%' })], bad: [autoscaled(), hpa({ minReplicas: 2 }), pdb({ maxUnavailable: undefined, minAvailable: '100%' })], says: /minAvailable "100%" allows no pod/ },
  { rule: 'network-policy-selects-pods', good: [deployment(), networkPolicy(), networkPolicy({})], bad: [deployment(), networkPolicy({ matchLabels: { 'app.kubernetes.io/name': 'other' } })], says: /spec\.podSelector .* selects no pod template/ },
  { rule: 'hpa-target-exists', good: [autoscaled(), hpa()], bad: [hpa()], says: /spec\.scaleTargetRef \{"kind":"Deployment","name":"web"\} is not an object in namespace "shop"/ },
  { rule: 'hpa-range', good: [autoscaled(), hpa({ minReplicas: undefined, maxReplicas: 1 })], bad: [autoscaled(), hpa({ minReplicas: 4, maxReplicas: 3 })], says: /spec\.maxReplicas 3 is below minReplicas 4: set it to 4 or more/ },
  { rule: 'hpa-owns-replicas', good: [autoscaled(), hpa()], bad: [deployment({ replicas: 3 }), hpa()], says: /spec\.replicas 3 is set while HorizontalPodAutoscaler "web" scales this Deployment/ },
  {
    rule: 'secret-references',
    good: [
      deployment({}, {}, { env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] }),
      { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'db', namespace: 'shop' }, spec: { secretStoreRef: { name: 'vault' }, data: [{ secretKey: 'password', remoteRef: { key: 'shop/db' } }] } },
    ],
    bad: [deployment({}, {}, { env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] })],
    says: /containers\[main\]\.env\[DB_PASSWORD\] \{"secret":"db","key":"password"\} names a Secret that nothing in namespace "shop" produces: declare it/,
  },
  {
    rule: 'secret-references',
    good: [deployment({}, { volumes: [{ name: 'certs', secret: { secretName: 'tls', items: [{ key: 'tls.crt', path: 'tls.crt' }] } }] }), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls', namespace: 'shop' }, data: { 'tls.crt': 'Y2VydA==' } }],
    bad: [deployment({}, { volumes: [{ name: 'certs', secret: { secretName: 'tls', items: [{ key: 'tls.key', path: 'tls.key' }] } }] }), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls', namespace: 'shop' }, data: { 'tls.crt': 'Y2VydA==' } }],
    says: /volumes\[certs\] \{"secret":"tls","key":"tls\.key"\} names a key that Secret shop\/tls does not provide \(it has "tls\.crt"\)/,
  },
  { rule: 'api-version-removed', good: [pdb(), deployment()], bad: [deployment(), { ...pdb(), apiVersion: 'policy/v1beta1' }], says: /apiVersion "policy\/v1beta1" is not served by Kubernetes 1\.28 for PodDisruptionBudget: use policy\/v1/ },
  {
    rule: 'api-version-deprecated',
    good: [{ apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema', metadata: { name: 'f' } }],
    bad: [{ apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kind: 'FlowSchema', metadata: { name: 'f' } }],
    says: /is deprecated in Kubernetes 1\.28 for FlowSchema: use flowcontrol\.apiserver\.k8s\.io\/v1beta3/,
  },
];

describe('every rule has a passing and a failing manifest', () => {
  test.each(cases.map(c => [c.rule, c] as const))('%s', (_, c) => {
    expect(messages(c.good, c.rule)).toEqual([]);
    const found = messages(c.bad, c.rule);
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toMatch(c.says);
  });

  test('no rule is left without a case', () => {
    expect(RULES.map(r => r.id).filter(id => !cases.some(c => c.rule === id))).toEqual([]);
  });

  test('the compliant fixtures pass every rule and the strict schema together', () => {
    const all = [autoscaled(), service(), pdb(), networkPolicy(), hpa(), configMap({ mode: 'production' }), clusterRole([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }])];
    expect(Policy.check(all)).toEqual([]);
  });
});

describe('rule details', () => {
  test('messages name the field, the value, the problem and the fix, and never echo a credential', () => {
    const [finding] = Policy.check([deployment({}, {}, { env: [{ name: 'API_TOKEN', value: 'ghp_0123456789abcdefghijABCDEFGHIJ012345' }] })], { schema: false })
      .filter(f => f.rule === 'no-credentials-in-env');
    expect(finding).toEqual({
      rule: 'no-credentials-in-env',
      severity: Severity.ERROR,
      path: '[0]',
      object: 'Deployment shop/web',
      message: 'containers[main].env[API_TOKEN] holds what looks like a GitHub token: read it from a Secret (valueFrom.secretKeyRef, EnvVar.fromSecret)',
    });
    expect(JSON.stringify(finding)).not.toContain('ghp_');
  });

  test.each([
    ['DB_PASSWORD', true], ['dbPassword', true], ['API_KEY', true], ['client_secret', true], ['AWS_SECRET_ACCESS_KEY', true], ['GITHUB_TOKEN', true],
    ['DB_PASS', true], ['PGPASS', true], ['MYSQL_PWD', true], ['REDIS_AUTH', true], ['SESSION_KEY', true], ['OAUTH_ACCESS_TOKEN', true], ['SIGNING_SECRET', true],
    ['PRIVATE_KEY', true], ['spring.datasource.password', true],
    ['DB_PASSWORD_FILE', false], ['SECRET_NAME', false], ['TOKEN_URL', false], ['LOG_LEVEL', false], ['KEY', false], ['MONKEY', false],
    ['AUTH_PROVIDER', false], ['BYPASS_CACHE', false], ['AUTHOR', false], ['PASSTHROUGH', false],
  ])('credential name %s: %s', (name, expected) => {
    expect(credentialName(name)).toBe(expected);
  });

  test('a private key in a ConfigMap is found whatever its key is called', () => {
    expect(messages([configMap({ 'tls.pem': '-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----\n' })], 'no-credentials-in-configmap'))
      .toEqual(['data.tls.pem holds what looks like a private key: move it to a Secret (or an external secret store) and reference the Secret instead']);
  });

  test('run-to-completion pods need no probes; a Pod that restarts does', () => {
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: 'shop' }, spec: { template: { metadata: { labels: {} }, spec: { restartPolicy: 'Never', containers: [container({ readinessProbe: undefined, livenessProbe: undefined })] } } } };
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, spec: { containers: [container({ readinessProbe: undefined })] } };
    expect(messages([job], 'probes-set')).toEqual([]);
    expect(messages([pod], 'probes-set')).toHaveLength(1);
    expect(messages([{ ...pod, spec: { ...pod.spec, restartPolicy: 'Never' } }], 'probes-set')).toEqual([]);
  });

  test('pod rules read CronJob, StatefulSet, DaemonSet and Argo Rollout templates', () => {
    const bad = container({ image: 'nginx' });
    const template = { metadata: { labels }, spec: { containers: [bad] } };
    const objects = [
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template } } } },
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' }, spec: { selector: { matchLabels: labels }, template } },
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: { selector: { matchLabels: labels }, template } },
      { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'r' }, spec: { selector: { matchLabels: labels }, template } },
    ];
    expect(Policy.check(objects, { schema: false }).filter(f => f.rule === 'image-pinned').map(f => f.object)).toEqual(['CronJob c', 'StatefulSet s', 'DaemonSet d', 'Rollout r']);
  });

  test('a Service selector matches only pods in its own namespace', () => {
    const other = deployment();
    other.metadata.namespace = 'elsewhere';
    expect(messages([other, service()], 'service-selects-pods')).toHaveLength(1);
  });

  test('a removed apiVersion is reported once, not also as an unknown kind', () => {
    const findings = Policy.check([{ apiVersion: 'extensions/v1beta1', kind: 'Ingress', metadata: { name: 'i' } }]);
    expect(findings.map(f => [f.rule, f.message])).toEqual([
      ['api-version-removed', 'apiVersion "extensions/v1beta1" is not served by Kubernetes 1.28 for Ingress: use networking.k8s.io/v1'],
    ]);
  });

  test('an unknown kind is a warning, not an error', () => {
    const findings = Policy.check([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }]);
    expect(findings.map(f => [f.rule, f.severity])).toEqual([['unknown-kind', Severity.WARNING]]);
  });

  test('something that is not an object is a schema error', () => {
    expect(Policy.check(['just a string']).map(f => [f.rule, f.message])).toEqual([['schema', 'is not a Kubernetes object: give it an apiVersion and a kind']]);
  });
});

describe('cross-object rules stay linear', () => {
  test('10,000 apps check in well under ten seconds', () => {
    const objects: any[] = [];
    for (let i = 0; i < 10_000; i++) {
      const l = { 'app.kubernetes.io/name': `web-${i}`, 'app.kubernetes.io/instance': `web-${i}` };
      const d = deployment({ selector: { matchLabels: l } });
      d.metadata.name = `web-${i}`;
      d.spec.template.metadata.labels = l;
      const s = service(l);
      s.metadata.name = `web-${i}`;
      const p = pdb({ selector: { matchLabels: l } });
      p.metadata.name = `web-${i}`;
      objects.push(d, s, p);
    }
    const start = Date.now();
    const findings = Policy.check(objects, { schema: false });
    expect(findings).toEqual([]);
    // a quadratic Service-to-pod match would take minutes here
    expect(Date.now() - start).toBeLessThan(10_000);
  });
});

test('a bad label or annotation key is reported on every object that has it, however many objects share good keys', () => {
  const objects = [0, 1, 2].map(i => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `config-${i}`,
      labels: { 'app.kubernetes.io/name': 'web', ...(i > 0 ? { 'Bad Key': 'x' } : {}) },
      annotations: { 'example.com/owner': 'team', ...(i > 0 ? { 'Example.com/x': 'y' } : {}) },
    },
  }));
  const problems = Policy.check(objects).filter(f => f.rule === 'kubernetes').map(f => `${f.path} ${f.message}`);
  expect(problems).toEqual([
    expect.stringMatching(/^\[1\] metadata\.labels "Bad Key" key is not a valid qualified name/),
    expect.stringMatching(/^\[1\] metadata\.annotations "Example\.com\/x" key has a prefix that is not a DNS subdomain/),
    expect.stringMatching(/^\[2\] metadata\.labels "Bad Key" key is not a valid qualified name/),
    expect.stringMatching(/^\[2\] metadata\.annotations "Example\.com\/x" key has a prefix that is not a DNS subdomain/),
  ]);
});

describe('one bad quantity is one error', () => {
  const errors = (obj: any) => Policy.check([obj]).filter(f => f.rule === 'schema' || f.rule === 'kubernetes').map(f => `${f.rule} ${f.message}`);
  const resources = (limits: any) => ({ requests: { cpu: '100m', memory: '1Gi' }, limits });

  test('a string that is no quantity: the schema says so, the API-server check does not repeat it', () => {
    expect(errors(deployment({}, {}, { resources: resources({ cpu: '1x', memory: '2Gi' }) }))).toEqual([
      expect.stringMatching(/^schema \S+\.limits\.cpu: "1x" is not a Kubernetes quantity such as/),
    ]);
    expect(errors({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'shop' }, spec: { hard: { cpu: 'abc' } } })).toEqual([
      expect.stringMatching(/^schema spec\.hard\.cpu: "abc" is not a Kubernetes quantity such as/),
    ]);
  });

  test('an Argo Rollout, whose CRD schema does not look at resources, still has it reported', () => {
    const rollout = { ...deployment({}, {}, { resources: resources({ cpu: '1x', memory: '2Gi' }) }), apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout' };
    expect(errors(rollout)).toEqual([expect.stringMatching(/^kubernetes \S+\.limits\.cpu "1x" is not a Kubernetes quantity: /)]);
  });

  test('a limit that is no valid quantity is not compared with the request', () => {
    expect(errors(deployment({}, {}, { resources: resources({ cpu: '500m', memory: -5 }) }))).toEqual([
      expect.stringMatching(/^kubernetes \S+\.limits\.memory -5 is not a non-negative quantity/),
    ]);
    expect(errors(deployment({}, {}, { resources: resources({ cpu: '500m', memory: '-5' }) }))).toEqual([
      expect.stringMatching(/^kubernetes \S+\.limits\.memory "-5" is negative/),
    ]);
  });
});

describe('suppressions', () => {
  function app() {
    const chart = Testing.chart();
    const web = new WebApp(chart, 'web', { image: 'ghcr.io/acme/web:1.4.2' });
    // a writable root made by an escape hatch: no reason recorded, so only a suppression waives the rule
    web.deployment!.addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem', false));
    return { chart, web };
  }

  test('a suppression with a reason waives the rule and is written into the manifest', () => {
    const { chart, web } = app();
    const before = evaluate(Testing.synth(chart).map((obj, i) => ({ obj, path: String(i) }))).filter(f => f.rule === 'read-only-root-fs');
    expect(before.map(f => [f.severity, f.suppressed])).toEqual([[Severity.WARNING, undefined]]);

    const checkovSkips = (o: any) => Object.entries<string>(o.metadata.annotations).filter(([k]) => k.startsWith('checkov.io/skip'));
    const own = checkovSkips(Testing.synth(chart).find(o => o.kind === 'Deployment'));
    Policy.suppress(web, 'read-only-root-fs', '  the image writes its cache under /var/lib/app ');
    const objects = Testing.synth(chart);
    const emitted = objects.find(o => o.kind === 'Deployment');
    expect(emitted.metadata.annotations).toMatchObject({ 'cdk8s-patterns.io/suppress.read-only-root-fs': 'the image writes its cache under /var/lib/app', 'argocd.argoproj.io/sync-wave': '1' });
    // the scanners that ask the same question get the same reason, beside the workload's own exemptions (skip numbers kept)
    const skips = checkovSkips(emitted);
    expect(skips).toContainEqual([expect.stringMatching(/^checkov\.io\/skip\d+$/), 'CKV_K8S_22=the image writes its cache under /var/lib/app']);
    // the workload's own skips keep their numbers and values; the suppression's is one more
    expect(own.length).toBeGreaterThan(0);
    expect(skips).toEqual(expect.arrayContaining(own));
    expect(skips).toHaveLength(own.length + 1);
    expect(skips.map(([, v]) => v)).toContainEqual(expect.stringMatching(/^CKV_K8S_43=/));
    expect(emitted.metadata.annotations['kube-score/ignore']).toContain('container-security-context-readonlyrootfilesystem');
    expect(emitted.metadata.annotations['polaris.fairwinds.com/notReadOnlyRootFilesystem-exempt']).toBe('true');
    // only the kinds the rule looks at carry the annotation
    expect(objects.filter(o => o.metadata.annotations?.[suppressionAnnotation('read-only-root-fs')]).map(o => o.kind)).toEqual(['Deployment']);
    const after = evaluate(objects.map((obj, i) => ({ obj, path: String(i) }))).filter(f => f.rule === 'read-only-root-fs');
    expect(after.map(f => f.suppressed)).toEqual(['the image writes its cache under /var/lib/app']);
  });

  test('a suppression reaches objects added under the construct after it', () => {
    const chart = Testing.chart();
    Policy.suppress(chart, 'no-host-network', 'the CNI agent configures the node network');
    new ApiObject(chart, 'raw', deployment({}, { hostNetwork: true }));
    const report = renderReport(App.of(chart) as App);
    expect(report.findings.filter(f => f.rule === 'no-host-network').map(f => [f.path, f.suppressed]))
      .toEqual([['test/raw', 'the CNI agent configures the node network']]);
  });

  test.each([
    ['', 'suppression "read-only-root-fs" has no reason: write why the rule does not apply'],
    ['   ', 'suppression "read-only-root-fs" has no reason'],
  ])('a suppression without a reason (%j) fails synth', (reason, says) => {
    const { chart, web } = app();
    Policy.suppress(web, 'read-only-root-fs', reason);
    expect(() => render(App.of(chart) as App)).toThrow(SynthError);
    try { render(App.of(chart) as App); } catch (e) {
      expect((e as SynthError).errors).toHaveLength(1);
      expect((e as SynthError).errors[0]).toContain(`[test/web] ${says}`);
    }
  });

  test('a suppression of an unknown rule, or of the schema, fails synth', () => {
    const { chart, web } = app();
    Policy.suppress(web, 'read-only-rootfs', 'typo');
    Policy.suppress(web, 'schema', 'not allowed');
    const errors = renderReport(App.of(chart) as App).findings.filter(f => f.rule === 'props').map(f => f.message);
    expect(errors).toEqual([
      expect.stringMatching(/^suppression "read-only-rootfs" names no suppressible rule: use one of image-pinned, /),
      expect.stringMatching(/^suppression "schema" names no suppressible rule/),
    ]);
  });

  test('a suppression that matches no object fails synth', () => {
    const { chart, web } = app();
    Policy.suppress(web, 'hpa-range', 'no HPA here');
    expect(renderReport(App.of(chart) as App).findings.map(f => f.message))
      .toEqual(['suppression "hpa-range" matches no object: "hpa-range" looks at HorizontalPodAutoscaler and there is none under test/web; remove the suppression']);
  });

  test('annotations written by hand are honoured, and an empty one is an error', () => {
    const waived = deployment({}, { hostPID: true });
    waived.metadata.annotations = { [suppressionAnnotation('no-host-pid')]: 'node exporter reads /proc of the host' };
    expect(Policy.check([waived], { schema: false }).filter(f => f.suppressed === undefined)).toEqual([]);
    const empty = deployment({}, { hostPID: true });
    empty.metadata.annotations = { [suppressionAnnotation('no-host-pid')]: ' ' };
    expect(Policy.check([empty], { schema: false }).map(f => [f.rule, f.message])).toEqual([
      ['suppression', 'metadata.annotations["cdk8s-patterns.io/suppress.no-host-pid"] has no reason: write why "no-host-pid" does not apply to this object'],
      ['no-host-pid', expect.stringContaining('spec.hostPID true')],
    ]);
  });
});

const image = 'ghcr.io/acme/web:1.4.2';

describe('defaults of every archetype pass every rule', () => {
  // The documented trade-offs (README, "Policy"): none for the defaults.
  const documentedWarnings: string[] = [];

  test.each([
    ['WebApp', (c: Chart) => new WebApp(c, 'web', { image: 'ghcr.io/acme/web:1.4.2' })],
    ['WebApp with autoscaling, ingress, metrics and config', (c: Chart) => new WebApp(c, 'web', {
      image: 'ghcr.io/acme/web:1.4.2',
      autoscaling: { maxReplicas: 5 },
      ingress: { host: 'shop.example.com', tlsSecretName: 'tls' },
      metrics: { port: 9090 },
      configFiles: { 'app.yaml': 'mode: production\n' },
    })],
    ['StatefulStore', (c: Chart) => new (archetypes as any).StatefulStore(c, 'db', { image: 'postgres:16.4', port: 5432, storage: { size: Size.gibibytes(10) } })],
    ['NodeAgent', (c: Chart) => new (archetypes as any).NodeAgent(c, 'agent', { image: 'fluent/fluent-bit:3.1.9' })],
    ['WebApp blue-green', (c: Chart) => new WebApp(c, 'web', { image, release: Release.blueGreen({ active: Colour.BLUE, blueImage: image, greenImage: 'ghcr.io/acme/web:1.5.0' }) })],
    ['WebApp canary', (c: Chart) => new WebApp(c, 'web', { image, release: Release.canary({ canaryImage: 'ghcr.io/acme/web:1.5.0' }) })],
    ['WebApp blue-green on Argo Rollouts', (c: Chart) => new WebApp(c, 'web', {
      image, release: Release.blueGreen({ active: Colour.BLUE, blueImage: image, greenImage: 'ghcr.io/acme/web:1.5.0', engine: ReleaseEngine.ARGO_ROLLOUTS }),
    })],
    ['WebApp canary on Argo Rollouts with analysis and autoscaling', (c: Chart) => new WebApp(c, 'web', {
      image,
      autoscaling: { maxReplicas: 6 },
      release: Release.canary({
        canaryImage: 'ghcr.io/acme/web:1.5.0',
        engine: ReleaseEngine.ARGO_ROLLOUTS,
        analysis: { prometheusAddress: 'http://prometheus-operated.monitoring.svc:9090', query: 'sum(rate(http_requests_total[1m]))', successCondition: 'result[0] >= 0.99' },
      }),
    })],
    ['SmokeTest', (c: Chart) => new SmokeTest(c, 'smoke', { target: new WebApp(c, 'web', { image }) })],
  ])('%s', (_, build) => {
    const app = new App();
    build(new Chart(app, 'prod', { namespace: 'shop' }));
    // what remains is waived by the archetype's own written reasons (a store's missing liveness probe)
    const findings = renderReport(app).findings.filter(f => f.suppressed === undefined);
    expect(findings.filter(f => f.severity === Severity.ERROR)).toEqual([]);
    expect(findings.map(f => f.rule).filter(r => !documentedWarnings.includes(r))).toEqual([]);
  });

  test('NodeAgent opt-ins with reasons are waived by the suppression annotations it writes', () => {
    const app = new App();
    new (archetypes as any).NodeAgent(new Chart(app, 'prod', { namespace: 'ops' }), 'agent', {
      image: 'fluent/fluent-bit:3.1.9',
      runAsRoot: { reason: 'reads root-only container logs' },
      hostNetwork: { reason: 'ships node-level network metrics' },
      hostPid: { reason: 'maps log files to processes' },
      capabilities: { add: ['SYS_PTRACE'], reason: 'reads /proc of other processes' },
      permissions: [{ resources: ['pods'], verbs: ['*'] }],
      allowWildcards: { reason: 'watches pods with every verb the API adds' },
    });
    const findings = renderReport(app).findings;
    expect(findings.filter(f => f.suppressed === undefined)).toEqual([]);
    expect([...new Set(findings.map(f => f.rule))].sort())
      .toEqual(['no-dangerous-capabilities', 'no-host-network', 'no-host-pid', 'rbac-no-wildcards', 'run-as-non-root']);
  });

  test('the reference app: nothing but its written exceptions', () => {
    const findings = renderReport(buildApp()).findings;
    expect(findings.filter(f => !f.suppressed)).toEqual([]);
    expect([...new Set(findings.map(f => `${f.rule} ${f.path}: ${f.suppressed}`))]).toEqual([
      'unknown-kind production/platform/shop-app: the Argo CD Application CRD is not among the pinned CRDs; its fields are typed by ArgoCdApplicationProps',
      `probes-set production/shop/orders-db/StatefulSet: ${STATEFUL_STORE.noLivenessReason}`,
      'secrets-as-files production/shop/orders-db/StatefulSet: secretFiles reach the main container only; the exporter sidecar reads its password from the environment',
      'secrets-as-files production/shop/orders-db/BackupCronJob: pg_dump reads the password from PGPASSWORD or a .pgpass file, and the Secret holds the bare password',
      'secrets-as-files production/shop/orders-db/drill/Job: pg_dump reads the password from PGPASSWORD or a .pgpass file, and the Secret holds the bare password',
      'run-as-non-root production/node-agents/log-shipper/DaemonSet: container log files under /var/log/pods are readable by root only',
    ]);
  });
});

test('the docs list every rule with its severity and rationale', () => {
  const readme = documentation();
  for (const r of Policy.rules()) expect(readme).toContain(`| \`${r.id}\` | ${r.severity} | ${r.rationale} |`);
});
