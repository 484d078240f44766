import { diffEnvironments } from '../src/review/diff';

// The consequence classes on small hand-written objects: one change each, the
// class and the consequence the README promises.

const env = (...objs: any[]) => [{ name: '', objects: objs.map(obj => ({ obj, source: 'x.yaml#1', env: '' })) }];
const meta = (name: string) => ({ name, namespace: 'shop' });
const clone = (o: any) => JSON.parse(JSON.stringify(o));

/** The changes between `before` and `before` edited by `edit`, as "class path". */
function changes(before: any, edit: (o: any) => void): string[] {
  const after = clone(before);
  edit(after);
  return diffEnvironments(env(before), env(after)).map(c => `${c.class} ${c.path}`);
}

const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta('data'), spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '20Gi' } } } };
const pv = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv1' }, spec: { persistentVolumeReclaimPolicy: 'Retain', capacity: { storage: '20Gi' } } };
const pod = { apiVersion: 'v1', kind: 'Pod', metadata: meta('p'), spec: { containers: [{ name: 'main', image: 'a:1', args: ['x'] }] } };
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta('web'),
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' }, annotations: { 'checksum/config': 'abc' } }, spec: { containers: [{ name: 'main', image: 'web:1' }] } } },
};
const route = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: meta('r'),
  spec: { rules: [{ backendRefs: [{ name: 'web-stable', port: 80, weight: 90 }, { name: 'web-canary', port: 80, weight: 10 }] }] },
};
const rollout = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: meta('ro'),
  spec: { strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } }, template: { spec: { containers: [{ name: 'main', image: 'a:1' }] } } },
};
const externalName = { apiVersion: 'v1', kind: 'Service', metadata: meta('db'), spec: { type: 'ExternalName', externalName: 'db.example.com' } };
const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: meta('b'), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'view' }, subjects: [{ kind: 'ServiceAccount', name: 'a', namespace: 'shop' }] };
const config = { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('c'), immutable: true, data: { a: '1' } };
const policy = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('np'), spec: { podSelector: {}, policyTypes: ['Ingress'] } };

test.each([
  ['shrinking a PVC', pvc, (o: any) => { o.spec.resources.requests.storage = '10Gi'; }, ['data-at-risk spec.resources.requests.storage']],
  ['growing a PVC', pvc, (o: any) => { o.spec.resources.requests.storage = '30Gi'; }, ['other spec.resources.requests.storage']],
  ['changing a PVC storage class', pvc, (o: any) => { o.spec.storageClassName = 'slow'; }, ['fails-to-apply spec.storageClassName']],
  ['weakening a PV reclaim policy', pv, (o: any) => { o.spec.persistentVolumeReclaimPolicy = 'Delete'; }, ['data-at-risk spec.persistentVolumeReclaimPolicy']],
  ['a new image in a Pod', pod, (o: any) => { o.spec.containers[0].image = 'a:2'; }, ['pods-restart spec.containers[main].image']],
  ['other Pod spec fields', pod, (o: any) => { o.spec.containers[0].args = ['y']; }, ['fails-to-apply spec.containers[main].args[0]']],
  ['the config checksum', deployment, (o: any) => { o.spec.template.metadata.annotations['checksum/config'] = 'def'; }, ['pods-restart spec.template.metadata.annotations["checksum/config"]']],
  ['a privileged container', deployment, (o: any) => { o.spec.template.spec.containers[0].securityContext = { privileged: true }; },
    ['pods-restart spec.template.spec.containers[main].securityContext', 'access-widened spec.template.spec.containers[main].securityContext']],
  ['host network and a hostPath volume', deployment, (o: any) => {
    o.spec.template.spec.hostNetwork = true;
    o.spec.template.spec.volumes = [{ name: 'logs', hostPath: { path: '/var/log' } }];
  }, ['pods-restart spec.template.spec.hostNetwork (+1 more field)', 'access-widened spec.template.spec.hostNetwork', 'access-widened spec.template.spec.volumes']],
  ['a canary weight', rollout, (o: any) => { o.spec.strategy.canary.steps[0].setWeight = 50; }, ['traffic-moves spec.strategy.canary.steps[0].setWeight']],
  ['route weights', route, (o: any) => { o.spec.rules[0].backendRefs[0].weight = 50; }, ['traffic-moves spec.rules[0].backendRefs[web-stable].weight']],
  ['ExternalName to ClusterIP', externalName, (o: any) => { o.spec.type = 'ClusterIP'; delete o.spec.externalName; }, ['fails-to-apply spec.type', 'other spec.externalName']],
  ['a binding roleRef', binding, (o: any) => { o.roleRef.name = 'admin'; }, ['fails-to-apply roleRef.name']],
  ['a binding subject added', binding, (o: any) => { o.subjects.push({ kind: 'Group', name: 'devs' }); }, ['access-widened subjects[devs]']],
  ['data of an immutable ConfigMap', config, (o: any) => { o.data.a = '2'; }, ['fails-to-apply data.a']],
  ['a policy type dropped', policy, (o: any) => { o.spec.policyTypes = []; }, ['access-widened spec.policyTypes[Ingress]']],
])('%s', (_what, before, edit, expected) => {
  expect(changes(before, edit)).toEqual(expected);
});

test('the consequence explains: pod restarts name the checksum, blue-green names the colours', () => {
  const after = clone(deployment);
  after.spec.template.metadata.annotations['checksum/config'] = 'def';
  after.spec.template.spec.containers[0].image = 'web:2';
  const [c] = diffEnvironments(env(deployment), env(after));
  expect(c).toMatchObject({ class: 'pods-restart', path: 'spec.template.metadata.annotations["checksum/config"] (+1 more field)' });
  expect(c.consequence).toBe('config checksum changed: every pod restarts (2 pods, by a rolling update)');
});

test('the consequence says how the controller replaces pods: Recreate, StatefulSet partition, OnDelete', () => {
  const restart = (o: any) => {
    const after = clone(o);
    after.spec.template.spec.containers[0].image = 'web:2';
    return diffEnvironments(env(o), env(after))[0].consequence;
  };
  const recreate = { ...clone(deployment), spec: { ...clone(deployment.spec), strategy: { type: 'Recreate' } } };
  expect(restart(recreate)).toBe('every pod restarts (2 pods, Recreate: all at once, with downtime)');
  const sts = { ...clone(deployment), kind: 'StatefulSet', spec: { ...clone(deployment.spec), replicas: 5, updateStrategy: { rollingUpdate: { partition: 3 } } } };
  expect(restart(sts)).toBe('pods restart (5 pods, one at a time, highest ordinal first, only ordinals >= 3 (partition))');
  const ds = { ...clone(deployment), kind: 'DaemonSet', spec: { ...clone(deployment.spec), updateStrategy: { type: 'OnDelete' } } };
  expect(restart(ds)).toBe('pods restart (one pod per node, OnDelete: only as pods are deleted by hand)');
});

test('removed and added objects: volumes at risk, a deleted NetworkPolicy opens, a new binding grants, others are pruned', () => {
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('plain'), data: {} };
  const out = diffEnvironments(env(pvc, policy, cm), env(binding)).map(c => `${c.class} ${c.object}`);
  expect(out).toEqual([
    'data-at-risk PersistentVolumeClaim shop/data',
    'access-widened NetworkPolicy shop/np',
    'access-widened RoleBinding shop/b',
    'added-removed ConfigMap shop/plain',
  ]);
});

test('a flat folder against environment folders: compared with each environment', () => {
  const prod = [{ name: 'prod', objects: [{ obj: pvc, source: 'a#1', env: 'prod' }] }, { name: 'dev', objects: [] }];
  const out = diffEnvironments(env(pvc), prod).map(c => `${c.env} ${c.class} ${c.object}`);
  expect(out).toEqual(['dev data-at-risk PersistentVolumeClaim shop/data']);
});
