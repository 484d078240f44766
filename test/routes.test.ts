import { App, Chart, Testing } from 'cdk8s';
import { CanaryStep, Colour, GrpcRoute, HttpRoute, HttpRouteProps, IngressScope, PathMatch, Release, ReleaseEngine, WebApp, WebAppProps } from '../src';
import { find, synthErrors } from './util';
import { renderReport } from '../src/synth/synth';

function chart(): Chart {
  return new Chart(new App(), 'shop', { namespace: 'shop' });
}

const gateway = { name: 'public', namespace: 'gateway-system', sectionName: 'https' };

describe('HttpRoute', () => {
  test('attaches to the Gateway and splits requests by exact weights', () => {
    const c = chart();
    new HttpRoute(c, 'storefront', {
      gateway,
      hostnames: ['shop.example.com', '*.shop.example.com'],
      paths: [{ path: '/' }, { path: '/healthz', match: PathMatch.EXACT }],
      backends: [{ service: 'storefront', port: 80, weight: 90 }, { service: 'storefront-canary', port: 80, weight: 10 }],
    });
    expect(find(Testing.synth(c), 'HTTPRoute', 'storefront')).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'storefront', namespace: 'shop', labels: { 'app.kubernetes.io/managed-by': 'cdk8s-patterns' }, annotations: { 'argocd.argoproj.io/sync-wave': '1' } },
      spec: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'gateway-system', sectionName: 'https' }],
        hostnames: ['shop.example.com', '*.shop.example.com'],
        rules: [{
          matches: [{ path: { type: 'PathPrefix', value: '/' } }, { path: { type: 'Exact', value: '/healthz' } }],
          backendRefs: [{ kind: 'Service', name: 'storefront', port: 80, weight: 90 }, { kind: 'Service', name: 'storefront-canary', port: 80, weight: 10 }],
        }],
      },
    });
  });

  test('defaults: every path, equal shares, the Gateway in the route\'s namespace; the object passes the CRD schema', () => {
    const c = chart();
    const route = new HttpRoute(c, 'api', { gateway: { name: 'internal' }, backends: [{ service: 'api', port: 8080 }] });
    const obj = find(Testing.synth(c), 'HTTPRoute', 'api');
    expect(obj.spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'internal' }],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ kind: 'Service', name: 'api', port: 8080 }] }],
    });
    expect(route.gatewayNamespace).toBe('shop');
    expect(renderReport(App.of(c) as App).findings).toEqual([]);
  });

  test.each<[string, Partial<HttpRouteProps>, string]>([
    ['no Gateway', { gateway: undefined as any }, 'gateway is not set: name the Gateway that serves this route'],
    ['a bad hostname', { hostnames: ['Shop_Example.com'] }, 'hostnames[0] "Shop_Example.com" is not a DNS name or a wildcard such as "*.example.com"'],
    ['an IP address as hostname', { hostnames: ['10.0.0.1'] }, 'hostnames[0] "10.0.0.1" is not a DNS name'],
    ['a wildcard in the middle', { hostnames: ['shop.*.example.com'] }, 'hostnames[0] "shop.*.example.com" is not a DNS name'],
    ['weights not adding up to 100', { backends: [{ service: 'a', port: 80, weight: 80 }, { service: 'b', port: 80, weight: 10 }] }, 'backends weights [80,10] add up to 90, not 100: make the shares add up to 100'],
    ['one weight missing', { backends: [{ service: 'a', port: 80, weight: 100 }, { service: 'b', port: 80 }] }, 'backends[1].weight is missing while other backends have one'],
    ['a weight above 100', { backends: [{ service: 'a', port: 80, weight: 120 }] }, 'backends[0].weight 120 is not a percentage from 0 to 100'],
    ['no backend', { backends: [] }, 'backends [] is empty'],
    ['a relative path', { paths: [{ path: 'api' }] }, 'paths[0].path "api" is not an absolute path: start it with "/"'],
    ['a path match typo', { paths: [{ path: '/api', match: 'Prefix' as PathMatch }] }, 'paths[0].match "Prefix" is not a path match: use PathMatch.PREFIX or PathMatch.EXACT'],
    // the one subdomain predicate of facts/names.ts, with its suggestion
    ['a Gateway name with a capital', { gateway: { name: 'Public' } }, 'gateway.name "Public" is not a valid DNS-1123 subdomain: use lower-case letters, digits, "-" and ".", starting and ending with a letter or digit, such as "public"'],
  ])('%s is a prop error naming the construct', (_, props, message) => {
    const c = chart();
    new HttpRoute(c, 'web', { gateway: { name: 'public' }, backends: [{ service: 'web', port: 80 }], ...props });
    expect(synthErrors(c)).toContain(`[shop/web] ${message}`);
  });
});

describe('GrpcRoute', () => {
  test('matches gRPC services and methods and passes the CRD schema', () => {
    const c = chart();
    new GrpcRoute(c, 'orders', {
      gateway,
      hostnames: ['grpc.example.com'],
      methods: [{ service: 'acme.orders.v1.Orders', method: 'PlaceOrder' }, { service: 'acme.orders.v1.Refunds' }],
      backends: [{ service: 'orders', port: 9090 }],
    });
    const obj = find(Testing.synth(c), 'GRPCRoute', 'orders');
    expect(obj.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(obj.spec.rules).toEqual([{
      matches: [{ method: { service: 'acme.orders.v1.Orders', method: 'PlaceOrder' } }, { method: { service: 'acme.orders.v1.Refunds' } }],
      backendRefs: [{ kind: 'Service', name: 'orders', port: 9090 }],
    }]);
    expect(renderReport(App.of(c) as App).findings).toEqual([]);
  });

  test('a bad service name is a prop error', () => {
    const c = chart();
    new GrpcRoute(c, 'orders', { gateway, methods: [{ service: 'acme/orders', method: 'Place-Order' }], backends: [{ service: 'orders', port: 9090 }] });
    const message = synthErrors(c);
    expect(message).toContain('[shop/orders] methods[0].service "acme/orders" is not a gRPC service name');
    expect(message).toContain('methods[0].method "Place-Order" is not a gRPC method name');
  });
});

describe('WebApp route', () => {
  const image = 'ghcr.io/acme/web:1.4.2';
  const route = { gateway: { name: 'public', namespace: 'gateway-system' }, hostnames: ['shop.example.com'] };
  const errors = (c: Chart) => renderReport(App.of(c) as App).findings.filter(f => f.severity === 'error');

  test('a rolling WebApp routes every path to its Service; the route passes every rule and the schema', () => {
    const c = chart();
    const web = new WebApp(c, 'web', { image, route });
    const obj = find(Testing.synth(c), 'HTTPRoute', 'web');
    expect(obj.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/part-of': 'shop' });
    expect(obj.spec.rules).toEqual([{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ kind: 'Service', name: 'web', port: 80 }] }]);
    expect(web.route).toBeInstanceOf(HttpRoute);
    expect(errors(c)).toEqual([]);
  });

  test.each([0, 20, 50, 100])('a native canary at weight %i writes that split into the route', weight => {
    const c = chart();
    new WebApp(c, 'web', { image, route, release: Release.canary({ canaryImage: 'ghcr.io/acme/web:1.5.0', canaryWeight: weight }) });
    const objects = Testing.synth(c);
    expect(find(objects, 'HTTPRoute', 'web').spec.rules[0].backendRefs).toEqual([
      { kind: 'Service', name: 'web', port: 80, weight: 100 - weight },
      { kind: 'Service', name: 'web-canary', port: 80, weight },
    ]);
    // behind a route the main Service is the stable backend only: the canary pods are reached through web-canary
    expect(find(objects, 'Service', 'web').spec.selector).toEqual({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'web' });
    expect(find(objects, 'Service', 'web-canary').spec.selector).toEqual({ 'app.kubernetes.io/name': 'web', 'cdk8s-patterns.io/track': 'canary' });
    expect(errors(c)).toEqual([]);
  });

  test('without a route a native canary keeps the replica split: the main Service selects stable and canary pods', () => {
    const c = chart();
    new WebApp(c, 'web', { image, release: Release.canary({ canaryImage: 'ghcr.io/acme/web:1.5.0' }) });
    expect(find(Testing.synth(c), 'Service', 'web').spec.selector).toEqual({ 'app.kubernetes.io/name': 'web' });
  });

  test('Argo Rollouts canary: the Gateway API plugin rewrites the route at each step, which starts all stable', () => {
    const c = chart();
    new WebApp(c, 'web', {
      image,
      route,
      release: Release.canary({ canaryImage: 'ghcr.io/acme/web:1.5.0', engine: ReleaseEngine.ARGO_ROLLOUTS, steps: [CanaryStep.setWeight(10), CanaryStep.pause(), CanaryStep.setWeight(60)] }),
    });
    const objects = Testing.synth(c);
    const canary = find(objects, 'Rollout', 'web').spec.strategy.canary;
    expect(canary).toMatchObject({
      canaryService: 'web-canary',
      stableService: 'web',
      trafficRouting: { plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'web' } } },
      steps: [{ setWeight: 10 }, { pause: {} }, { setWeight: 60 }],
    });
    expect(find(objects, 'HTTPRoute', 'web').spec.rules[0].backendRefs).toEqual([
      { kind: 'Service', name: 'web', port: 80, weight: 100 },
      { kind: 'Service', name: 'web-canary', port: 80, weight: 0 },
    ]);
    expect(errors(c)).toEqual([]);
  });

  test('blue-green: the route targets the main Service, which follows the active colour', () => {
    const objects = (active: Colour) => {
      const c = chart();
      new WebApp(c, 'web', { image, route, release: Release.blueGreen({ active, blueImage: image, greenImage: 'ghcr.io/acme/web:1.5.0' }) });
      return Testing.synth(c);
    };
    for (const active of [Colour.BLUE, Colour.GREEN]) {
      const o = objects(active);
      expect(find(o, 'HTTPRoute', 'web').spec.rules[0].backendRefs).toEqual([{ kind: 'Service', name: 'web', port: 80 }]);
      expect(find(o, 'Service', 'web').spec.selector['cdk8s-patterns.io/colour']).toBe(active);
    }
  });

  test('a gRPC app gets a GRPCRoute, and Argo Rollouts is told so', () => {
    const c = chart();
    new WebApp(c, 'orders', {
      image,
      route: { ...route, grpc: true, methods: [{ service: 'acme.orders.v1.Orders' }] },
      release: Release.canary({ canaryImage: 'ghcr.io/acme/web:1.5.0', engine: ReleaseEngine.ARGO_ROLLOUTS }),
    });
    const objects = Testing.synth(c);
    expect(find(objects, 'GRPCRoute', 'orders').spec.rules[0].matches).toEqual([{ method: { service: 'acme.orders.v1.Orders' } }]);
    expect(find(objects, 'Rollout', 'orders').spec.strategy.canary.trafficRouting).toEqual({ plugins: { 'argoproj-labs/gatewayAPI': { grpcRoute: 'orders' } } });
    expect(errors(c)).toEqual([]);
  });

  test('the NetworkPolicy admits the Gateway\'s namespace only when a route is set', () => {
    const gatewayRule = {
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gateway-system' } } }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    };
    const ingressOf = (withRoute: boolean) => {
      const c = chart();
      new WebApp(c, 'web', { image, ingressScope: IngressScope.NAMESPACE, route: withRoute ? route : undefined });
      return find(Testing.synth(c), 'NetworkPolicy', 'web').spec.ingress;
    };
    expect(ingressOf(true)).toContainEqual(gatewayRule);
    expect(ingressOf(false)).not.toContainEqual(gatewayRule);
  });

  test.each<[string, Partial<WebAppProps>, string]>([
    ['a canary weight above 100', { route, release: Release.canary({ canaryImage: 'ghcr.io/acme/web:1.5.0', canaryWeight: 120 }) }, '[shop/web] release.canaryWeight 120 is not a percentage from 0 to 100'],
    ['a canary weight without a route', { release: Release.canary({ canaryImage: 'ghcr.io/acme/web:1.5.0', canaryWeight: 20 }) }, '[shop/web] release.canaryWeight 20 applies only with a route'],
    ['a canary weight with Argo Rollouts', { route, release: Release.canary({ canaryImage: 'ghcr.io/acme/web:1.5.0', canaryWeight: 20, engine: ReleaseEngine.ARGO_ROLLOUTS }) }, '[shop/web] release.canaryWeight 20 applies only with ReleaseEngine.NATIVE'],
    ['a route without a Gateway', { route: { gateway: undefined as any, hostnames: ['shop.example.com'] } }, '[shop/web/HTTPRoute] gateway is not set'],
    ['a bad route hostname', { route: { ...route, hostnames: ['shop..example.com'] } }, '[shop/web/HTTPRoute] hostnames[0] "shop..example.com" is not a DNS name'],
    ['paths on a gRPC route', { route: { ...route, grpc: true, paths: [{ path: '/api' }] } }, '[shop/web] route.paths ["/api"] applies only to an HTTPRoute'],
  ])('%s is a prop error', (_, props, message) => {
    const c = chart();
    new WebApp(c, 'web', { image, ...props });
    expect(synthErrors(c)).toContain(message);
  });
});
