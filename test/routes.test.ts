import { App, Chart, Testing } from 'cdk8s';
import { GrpcRoute, HttpRoute, HttpRouteProps, PathMatch } from '../src';
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
