import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { HttpRoute as GeneratedHttpRoute, HttpRouteSpecRulesMatchesPathType } from '../../imports/http-route-gateway.networking.k8s.io';
import { constructArgs } from '../private/construct-args';
import { httpRoutes } from '../private/crds';
import { ROUTE } from '../private/defaults';
import { GatewayRef, RouteBackend, backendRefs, checkBackends, checkRouteProps, parentRefs, routeMetadata } from '../private/gateway';
import { Expect, Shape, checkShape, required } from '../private/shape';
import { Problems, checkAbsolutePath } from '../private/validate';

const GATEWAY: Expect = { object: { name: required('string'), namespace: 'string', sectionName: 'string' } };
const BACKEND: Expect = { object: { service: required('string'), port: required('int'), weight: 'int' } };
/** The props every route takes (src/private/shape.ts). @internal */
export const ROUTE_SHAPE: Shape = {
  gateway: required(GATEWAY),
  hostnames: 'strings',
  name: 'string',
  namespace: 'string',
  labels: 'stringMap',
  annotations: 'stringMap',
  backends: required({ list: BACKEND }),
};
/** @internal */
export const HTTP_ROUTE_SHAPE: Shape = { ...ROUTE_SHAPE, paths: { list: { object: { path: required('string'), match: 'string' } } } };

/** How a request path is compared. */
export enum PathMatch {
  /** The path and everything below it ("/api" matches "/api" and "/api/orders", not "/apis"). */
  PREFIX = 'PathPrefix',
  /** Exactly this path. */
  EXACT = 'Exact',
}

/** A request path a route matches. */
export interface RoutePath {
  /** Absolute path ("/api"). */
  readonly path: string;
  /**
   * How it is compared.
   * @default PathMatch.PREFIX
   */
  readonly match?: PathMatch;
}

/** Props every route takes. */
export interface RouteProps {
  /** The Gateway the route attaches to. */
  readonly gateway: GatewayRef;
  /**
   * Host names the route answers ("shop.example.com", "*.example.com").
   * @default every host name the Gateway listener accepts
   */
  readonly hostnames?: string[];
  /**
   * Name of the route, a DNS-1123 name.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Namespace of the route, which is also the namespace of its backend Services.
   * @default the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Labels.
   * @default app.kubernetes.io/managed-by only
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations.
   * @default none
   */
  readonly annotations?: { [key: string]: string };
}

/** Props of an `HttpRoute`. */
export interface HttpRouteProps extends RouteProps {
  /** Services that serve the requests, optionally weighted (percentages adding up to 100). */
  readonly backends: RouteBackend[];
  /**
   * Request paths the route matches.
   * @default every path ("/" as a prefix)
   */
  readonly paths?: RoutePath[];
}

/**
 * A Gateway API `HTTPRoute` (gateway.networking.k8s.io/v1): requests for the
 * given host names and paths, arriving at a Gateway, go to Services, split by
 * exact weights when there are several. The successor of `Ingress`; the
 * Gateway and its controller are installed by the platform team.
 */
export class HttpRoute extends Construct {
  /** The generated API object. */
  public readonly apiObject: GeneratedHttpRoute;
  /** Name of the route. */
  public readonly name: string;
  /** The Gateway it attaches to. */
  public readonly gateway: GatewayRef;
  /** Namespace of the Gateway (where requests come from, for a NetworkPolicy). */
  public readonly gatewayNamespace?: string;

  constructor(scope: Construct, id: string, given: HttpRouteProps) {
    [scope, id] = constructArgs(scope, id, 'HttpRoute');
    super(scope, id);
    const p = new Problems(this);
    const props = checkShape<HttpRouteProps>(given, HTTP_ROUTE_SHAPE, '', (...a) => p.add(...a));
    this.name = props.name ?? id;
    this.gateway = props.gateway;
    const namespace = props.namespace ?? Chart.of(this).namespace;
    this.gatewayNamespace = props.gateway?.namespace ?? namespace;
    checkRouteProps(p, props, this.name);
    checkBackends(p, 'backends', props.backends);
    const paths = props.paths ?? [{ path: ROUTE.path }];
    paths.forEach((path, i) => {
      checkAbsolutePath(p, `paths[${i}].path`, path.path);
      if (path.match !== undefined && !Object.values(PathMatch).includes(path.match)) {
        p.add(`paths[${i}].match`, path.match, 'is not a path match', 'use PathMatch.PREFIX or PathMatch.EXACT');
      }
    });

    this.apiObject = new (httpRoutes().HttpRoute)(this, 'Resource', {
      metadata: routeMetadata(this.name, props),
      spec: {
        parentRefs: props.gateway?.name ? parentRefs(props.gateway) : [],
        hostnames: props.hostnames?.length ? [...props.hostnames] : undefined,
        rules: [{
          matches: paths.map(m => ({
            path: { type: (m.match ?? ROUTE.pathType) as HttpRouteSpecRulesMatchesPathType, value: m.path },
          })),
          backendRefs: backendRefs(props.backends ?? []),
        }],
      },
    });
    this.node.defaultChild = this.apiObject;
  }
}
