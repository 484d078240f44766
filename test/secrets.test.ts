import { App, Chart, Duration, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { EnvVar, ExistingSecret, ExternalSecret, ExternalSecretProps, Policy, SecretStoreKind, WebApp } from '../src';
import { find, synthErrors } from './util';
import { renderReport } from '../src/synth/synth';

const image = 'ghcr.io/acme/checkout:2.3.0';

function chart(): Chart {
  return new Chart(new App(), 'shop', { namespace: 'shop' });
}

function dbAuth(c: Chart, props: Partial<ExternalSecretProps> = {}): ExternalSecret {
  return new ExternalSecret(c, 'orders-db-auth', {
    store: { name: 'vault', kind: SecretStoreKind.CLUSTER_SECRET_STORE },
    keys: { password: { key: 'shop/orders-db', property: 'password' }, url: { key: 'shop/orders-db', property: 'url' } },
    ...props,
  });
}

const errorsOf = (c: Chart) => renderReport(App.of(c) as App).findings.filter(f => f.severity === 'error');
const checksumOf = (objects: any[], name: string) => find(objects, 'Deployment', name).spec.template.metadata.annotations?.['cdk8s-patterns.io/secret-checksum'];

describe('ExternalSecret', () => {
  test('renders the store, refresh interval, target and one data entry per declared key, and passes the CRD schema', () => {
    const c = chart();
    dbAuth(c, { refreshInterval: Duration.minutes(15) });
    const obj = find(Testing.synth(c), 'ExternalSecret', 'orders-db-auth');
    expect(obj.apiVersion).toBe('external-secrets.io/v1');
    expect(obj.spec).toEqual({
      secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' },
      refreshInterval: '15m',
      target: { name: 'orders-db-auth' },
      data: [
        { secretKey: 'password', remoteRef: { key: 'shop/orders-db', property: 'password' } },
        { secretKey: 'url', remoteRef: { key: 'shop/orders-db', property: 'url' } },
      ],
    });
    expect(errorsOf(c)).toEqual([]);
  });

  test('envVar and volume read declared keys; the pods carry a checksum of the spec that changes with it', () => {
    const build = (version?: string) => {
      const c = chart();
      const auth = dbAuth(c, version ? { keys: { password: { key: 'shop/orders-db', property: 'password', version } } } : {});
      new WebApp(c, 'checkout', { image, env: { DB_PASSWORD: auth.envVar('password') } });
      new WebApp(c, 'storefront', { image: 'ghcr.io/acme/storefront:1.4.2' });
      expect(errorsOf(c)).toEqual([]);
      return Testing.synth(c);
    };
    const before = build();
    const env = find(before, 'Deployment', 'checkout').spec.template.spec.containers[0].env;
    expect(env).toEqual([{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'orders-db-auth', key: 'password' } } }]);
    expect(checksumOf(before, 'checkout')).toMatch(/^[0-9a-f]{64}$/);
    expect(checksumOf(before, 'storefront')).toBeUndefined();
    // the same declaration gives the same checksum; pinning a new version rolls the readers
    expect(checksumOf(build(), 'checkout')).toBe(checksumOf(before, 'checkout'));
    expect(checksumOf(build('v7'), 'checkout')).not.toBe(checksumOf(before, 'checkout'));

    const c = chart();
    expect(dbAuth(c).volume('db', ['password'])).toEqual({ name: 'db', secret: { secretName: 'orders-db-auth', items: [{ key: 'password', path: 'password' }] } });
  });

  test('a key read but not declared, a store kind typo, no store, no keys and a fractional refresh are prop errors', () => {
    const c = chart();
    const auth = dbAuth(c, { store: { name: '', kind: 'ClusterStore' as SecretStoreKind }, refreshInterval: Duration.millis(1500) });
    auth.envVar('passwd');
    new ExternalSecret(c, 'empty', { store: { name: 'vault' }, keys: {} });
    const message = synthErrors(c);
    expect(message).toContain('[shop/orders-db-auth] envVar("passwd") "passwd" is not a declared key of Secret "orders-db-auth": use one of "password", "url", or declare the key in `keys`');
    expect(message).toContain('[shop/orders-db-auth] store.kind "ClusterStore" is not a secret store kind: use SecretStoreKind.SECRET_STORE or SecretStoreKind.CLUSTER_SECRET_STORE');
    expect(message).toContain('[shop/orders-db-auth] store.name "" is not set');
    expect(message).toContain('[shop/orders-db-auth] refreshInterval "1.5s" is not a whole number of seconds >= 0');
    expect(message).toContain('[shop/empty] keys {} is empty');
  });
});

describe('secret references are checked at synth', () => {
  test('a pod reading a Secret nothing declares fails synth naming the reference', () => {
    const c = chart();
    new WebApp(c, 'checkout', { image, env: { DB_PASSWORD: EnvVar.fromSecret('orders-db-auht', 'password') } });
    expect(synthErrors(c)).toContain('[shop/checkout/Deployment] secret-references (Deployment shop/checkout): containers[main].env[DB_PASSWORD] '
      + '{"secret":"orders-db-auht","key":"password"} names a Secret that nothing in namespace "shop" produces: declare it');
  });

  test('a pod reading an undeclared key of an ExternalSecret fails synth, as does envFrom of an unknown Secret', () => {
    const c = chart();
    dbAuth(c);
    new WebApp(c, 'checkout', { image, env: { DB_PASSWORD: EnvVar.fromSecret('orders-db-auth', 'pasword') }, envFromSecrets: ['api-keys'] });
    const errors = errorsOf(c).map(f => `${f.rule}: ${f.message}`);
    expect(errors).toEqual([
      'secret-references: containers[main].env[DB_PASSWORD] {"secret":"orders-db-auth","key":"pasword"} names a key that ExternalSecret shop/orders-db-auth does not provide (it has "password", "url"): fix the key, or add it to the keys of the Secret\'s declaration',
      'secret-references: containers[main].envFrom[0] {"secret":"api-keys"} names a Secret that nothing in namespace "shop" produces: declare it: an ExternalSecret (or a Secret) in this app that produces it, or `new ExistingSecret(scope, name, { keys })` when it is created outside the app',
    ]);
  });

  test('a Secret in another namespace does not count; an optional reference is not checked', () => {
    const c = chart();
    dbAuth(c, { namespace: 'payments' });
    new WebApp(c, 'checkout', { image, env: { A: EnvVar.fromSecret('orders-db-auth', 'password'), B: EnvVar.fromSecret('feature-flags', 'x', { optional: true }) } });
    expect(errorsOf(c).map(f => f.message)).toEqual([expect.stringContaining('names a Secret that nothing in namespace "shop" produces')]);
  });

  test('a plain Secret object of the app produces its keys', () => {
    const c = chart();
    new k8s.KubeSecret(c, 'tls', { metadata: { name: 'tls' }, stringData: { 'tls.crt': 'x', 'tls.key': 'y' } });
    new WebApp(c, 'checkout', { image, env: { CERT: EnvVar.fromSecret('tls', 'tls.crt') } });
    expect(errorsOf(c)).toEqual([]);
  });

  test('ExistingSecret declares a Secret made outside the app; the declaration is written on the readers, so the check command agrees', () => {
    const c = chart();
    const tls = new ExistingSecret(c, 'shop-tls', { keys: ['tls.crt', 'tls.key'] });
    new WebApp(c, 'checkout', { image, env: { CERT: tls.envVar('tls.crt'), KEY: EnvVar.fromSecret('shop-tls', 'tls.pem') } });
    expect(errorsOf(c).map(f => f.message)).toEqual([
      'containers[main].env[KEY] {"secret":"shop-tls","key":"tls.pem"} names a key that the cdk8s-patterns.io/external-secrets declaration does not provide (it has "tls.crt", "tls.key"): fix the key, or add it to the keys of the Secret\'s declaration',
    ]);

    const ok = chart();
    const declared = new ExistingSecret(ok, 'shop-tls', { keys: ['tls.key', 'tls.crt'] });
    new WebApp(ok, 'checkout', { image, env: { CERT: declared.envVar('tls.crt') } });
    const objects = Testing.synth(ok);
    const deployment = find(objects, 'Deployment', 'checkout');
    expect(deployment.metadata.annotations['cdk8s-patterns.io/external-secrets']).toBe('{"shop-tls":["tls.crt","tls.key"]}');
    expect(deployment.spec.template.metadata.annotations?.['cdk8s-patterns.io/secret-checksum']).toBeUndefined();
    // the written manifests alone pass the rule (as `cdk8s-patterns check dist/` reads them)
    expect(Policy.check(objects, { schema: false }).filter(f => f.rule === 'secret-references')).toEqual([]);
    // and without the annotation they do not
    delete deployment.metadata.annotations['cdk8s-patterns.io/external-secrets'];
    expect(Policy.check(objects, { schema: false }).filter(f => f.rule === 'secret-references')).toHaveLength(1);
  });

  test('ExistingSecret without keys is a prop error', () => {
    const c = chart();
    new ExistingSecret(c, 'api-keys', { keys: [] });
    expect(synthErrors(c)).toContain('[shop/api-keys] keys [] is empty: list the keys the app reads');
  });
});
