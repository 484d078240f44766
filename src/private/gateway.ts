import { MANAGED_BY, ROUTE } from './defaults';
import { Problems, checkPort, checkReference } from './validate';

// What HTTPRoute and GRPCRoute share: the Gateway they attach to, host names
// and weighted backends, checked the way the Gateway API admits them.

/** The Gateway a route attaches to. */
export interface GatewayRef {
  /** Name of the Gateway. */
  readonly name: string;
  /**
   * Namespace of the Gateway (a Gateway in another namespace must allow routes from this one in its listeners).
   * @default the route's namespace
   */
  readonly namespace?: string;
  /**
   * Listener of the Gateway to attach to.
   * @default every listener that accepts the route
   */
  readonly sectionName?: string;
}

/** A Service a route sends requests to. */
export interface RouteBackend {
  /** Name of the Service, in the route's namespace. */
  readonly service: string;
  /** Service port. */
  readonly port: number;
  /**
   * Share of the requests, in percent; when one backend has a weight, all must, adding up to 100.
   * @default equal shares (the Gateway API's weight 1 each)
   */
  readonly weight?: number;
}

/** `parentRefs` entry as the Gateway API writes it. */
export interface RenderedParentRef {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly sectionName?: string;
}

// RFC 1123 subdomain labels, optionally under one leading "*." (Gateway API Hostname)
const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;

/** Checks the Gateway reference; undefined or nameless is an error (a route without a Gateway serves nothing). */
export function checkGateway(problems: Problems, prop: string, gateway: GatewayRef | undefined): void {
  if (!gateway || !gateway.name) {
    problems.addMessage(`${prop} is not set: name the Gateway that serves this route, such as ${prop}: { name: 'public', namespace: 'gateway-system' }`);
    return;
  }
  checkReference(problems, `${prop}.name`, gateway.name);
  if (gateway.namespace !== undefined) checkReference(problems, `${prop}.namespace`, gateway.namespace);
  if (gateway.sectionName !== undefined) checkReference(problems, `${prop}.sectionName`, gateway.sectionName);
}

/** Checks host names: DNS names or one leading wildcard label, no IP addresses, no duplicates. */
export function checkHostnames(problems: Problems, prop: string, hostnames: string[] | undefined): void {
  (hostnames ?? []).forEach((h, i) => {
    if (typeof h !== 'string' || h.length > 253 || IPV4.test(h) || !HOSTNAME.test(h)) {
      problems.add(`${prop}[${i}]`, h, 'is not a DNS name or a wildcard such as "*.example.com"',
        'use lower-case labels of letters, digits and "-" separated by dots, optionally after one leading "*.", such as "shop.example.com"');
    } else if (hostnames!.indexOf(h) !== i) {
      problems.add(`${prop}[${i}]`, h, 'is listed twice', 'remove the duplicate');
    }
  });
}

/** Checks backends and their weights: all or none weighted, whole percentages adding up to 100. */
export function checkBackends(problems: Problems, prop: string, backends: RouteBackend[] | undefined): void {
  if (!backends || backends.length === 0) {
    problems.add(prop, backends, 'is empty', 'give at least one backend, such as [{ service: \'storefront\', port: 80 }]');
    return;
  }
  backends.forEach((b, i) => {
    checkReference(problems, `${prop}[${i}].service`, b.service);
    if (b.port === undefined) problems.addMessage(`${prop}[${i}].port is missing: give the Service port, such as 80`);
    checkPort(problems, `${prop}[${i}].port`, b.port);
    if (b.weight !== undefined && (!Number.isInteger(b.weight) || b.weight < 0 || b.weight > ROUTE.weightTotal)) {
      problems.add(`${prop}[${i}].weight`, b.weight, `is not a percentage from 0 to ${ROUTE.weightTotal}`, 'use a whole number such as 20');
    }
  });
  const weights = backends.map(b => b.weight);
  const given = weights.filter(w => w !== undefined) as number[];
  if (given.length > 0 && given.length < backends.length) {
    problems.addMessage(`${prop}[${weights.indexOf(undefined)}].weight is missing while other backends have one: `
      + `give every backend a weight, adding up to ${ROUTE.weightTotal}, or none for equal shares`);
  } else if (given.length > 0) {
    const sum = given.reduce((a, b) => a + b, 0);
    if (sum !== ROUTE.weightTotal) {
      problems.add(`${prop} weights`, given, `add up to ${sum}, not ${ROUTE.weightTotal}`,
        `make the shares add up to ${ROUTE.weightTotal}, such as [${ROUTE.weightTotal - 20}, 20]`);
    }
  }
}

/** The route's `parentRefs`. */
export function parentRefs(gateway: GatewayRef): RenderedParentRef[] {
  return [{
    group: ROUTE.gatewayGroup,
    kind: ROUTE.gatewayKind,
    name: gateway.name,
    namespace: gateway.namespace,
    sectionName: gateway.sectionName,
  }];
}

/** The route's `backendRefs` (Services in the route's namespace). */
export function backendRefs(backends: RouteBackend[]): { kind: string; name: string; port: number; weight?: number }[] {
  return backends.map(b => ({ kind: 'Service', name: b.service, port: b.port, weight: b.weight }));
}

/** The props every route kind shares, as the checks read them. */
interface CommonRouteProps {
  readonly name?: string;
  readonly namespace?: string;
  readonly gateway: GatewayRef;
  readonly hostnames?: string[];
  readonly labels?: { [key: string]: string };
  readonly annotations?: { [key: string]: string };
}

/** Checks what every route kind shares. */
export function checkRouteProps(p: Problems, props: CommonRouteProps, name: string): void {
  checkReference(p, props.name ? 'name' : 'id (the default name)', name);
  if (props.namespace !== undefined) checkReference(p, 'namespace', props.namespace);
  checkGateway(p, 'gateway', props.gateway);
  checkHostnames(p, 'hostnames', props.hostnames);
}

/** Metadata of a route object. */
export interface RouteMetadata {
  readonly name: string;
  readonly namespace?: string;
  readonly labels: { [key: string]: string };
  readonly annotations?: { [key: string]: string };
}

/** Metadata of a route. */
export function routeMetadata(name: string, props: CommonRouteProps): RouteMetadata {
  return {
    name,
    namespace: props.namespace,
    labels: { ...props.labels, 'app.kubernetes.io/managed-by': MANAGED_BY },
    annotations: props.annotations,
  };
}
