import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ROUTE_SHAPE, RouteProps } from './http-route';
import type { GrpcRoute as GeneratedGrpcRoute } from '../../imports/grpc-route-gateway.networking.k8s.io';
import { constructArgs } from '../private/construct-args';
import { grpcRoutes } from '../private/crds';
import { GatewayRef, RouteBackend, backendRefs, checkBackends, checkRouteProps, parentRefs, routeMetadata } from '../private/gateway';
import { Shape, checkShape, required } from '../private/shape';
import { Problems } from '../private/validate';

/** @internal */
export const GRPC_ROUTE_SHAPE: Shape = { ...ROUTE_SHAPE, methods: { list: { object: { service: required('string'), method: 'string' } } } };

/** A gRPC service (and optionally one method) a route matches. */
export interface GrpcMethodMatch {
  /** Fully qualified gRPC service ("acme.orders.v1.Orders"). */
  readonly service: string;
  /**
   * One method of the service ("PlaceOrder").
   * @default every method of the service
   */
  readonly method?: string;
}

/** Props of a `GrpcRoute`. */
export interface GrpcRouteProps extends RouteProps {
  /** Services that serve the calls, optionally weighted (percentages adding up to 100). */
  readonly backends: RouteBackend[];
  /**
   * gRPC services and methods the route matches.
   * @default every call
   */
  readonly methods?: GrpcMethodMatch[];
}

// a gRPC service name is a dotted identifier, a method an identifier
const GRPC_SERVICE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const GRPC_METHOD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A Gateway API `GRPCRoute` (gateway.networking.k8s.io/v1): gRPC calls arriving at a Gateway go to Services. */
export class GrpcRoute extends Construct {
  /** The generated API object. */
  public readonly apiObject: GeneratedGrpcRoute;
  /** Name of the route. */
  public readonly name: string;
  /** The Gateway it attaches to. */
  public readonly gateway: GatewayRef;
  /** Namespace of the Gateway. */
  public readonly gatewayNamespace?: string;

  constructor(scope: Construct, id: string, given: GrpcRouteProps) {
    [scope, id] = constructArgs(scope, id, 'GrpcRoute');
    super(scope, id);
    const p = new Problems(this);
    const props = checkShape<GrpcRouteProps>(given, GRPC_ROUTE_SHAPE, '', (...a) => p.add(...a));
    this.name = props.name ?? id;
    this.gateway = props.gateway;
    this.gatewayNamespace = props.gateway?.namespace ?? props.namespace ?? Chart.of(this).namespace;
    checkRouteProps(p, props, this.name);
    checkBackends(p, 'backends', props.backends);
    (props.methods ?? []).forEach((m, i) => {
      if (!GRPC_SERVICE.test(m.service ?? '')) {
        p.add(`methods[${i}].service`, m.service, 'is not a gRPC service name', 'give the fully qualified name from the .proto file, such as "acme.orders.v1.Orders"');
      }
      if (m.method !== undefined && !GRPC_METHOD.test(m.method)) {
        p.add(`methods[${i}].method`, m.method, 'is not a gRPC method name', 'give the rpc name from the .proto file, such as "PlaceOrder"');
      }
    });

    this.apiObject = new (grpcRoutes().GrpcRoute)(this, 'Resource', {
      metadata: routeMetadata(this.name, props),
      spec: {
        parentRefs: props.gateway?.name ? parentRefs(props.gateway) : [],
        hostnames: props.hostnames?.length ? [...props.hostnames] : undefined,
        rules: [{
          matches: props.methods?.length
            ? props.methods.map(m => ({ method: { service: m.service, method: m.method } }))
            : undefined,
          backendRefs: backendRefs(props.backends ?? []),
        }],
      },
    });
    this.node.defaultChild = this.apiObject;
  }
}
