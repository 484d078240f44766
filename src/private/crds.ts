import { Duration } from 'cdk8s';
import { ownFile } from './manifest';
import type * as PodTemplateRollouts from './rollout';
import type * as AnalysisTemplates from '../../imports/analysis-template-argoproj.io';
import type * as ExternalSecrets from '../../imports/external-secret-external-secrets.io';
import type * as GrpcRoutes from '../../imports/grpc-route-gateway.networking.k8s.io';
import type * as HttpRoutes from '../../imports/http-route-gateway.networking.k8s.io';
import type * as Rollouts from '../../imports/rollout-argoproj.io';
import type * as ServiceMonitors from '../../imports/service-monitor-monitoring.coreos.com';
import type * as VolumeSnapshots from '../../imports/volume-snapshot-snapshot.storage.k8s.io';

// The constructs generated into imports/ are 2.8 MB of JavaScript. They are
// required on first use, not at import, so an app that uses no Argo Rollout,
// route or ServiceMonitor never reads them (ownFile: the same from lib/bundle.js).
/* eslint-disable @typescript-eslint/no-require-imports */

/** imports/rollout-argoproj.io */
export const rollouts = (): typeof Rollouts => require(ownFile('imports/rollout-argoproj.io'));
/** imports/analysis-template-argoproj.io */
export const analysisTemplates = (): typeof AnalysisTemplates => require(ownFile('imports/analysis-template-argoproj.io'));
/** imports/service-monitor-monitoring.coreos.com */
export const serviceMonitors = (): typeof ServiceMonitors => require(ownFile('imports/service-monitor-monitoring.coreos.com'));
/** imports/http-route-gateway.networking.k8s.io */
export const httpRoutes = (): typeof HttpRoutes => require(ownFile('imports/http-route-gateway.networking.k8s.io'));
/** imports/grpc-route-gateway.networking.k8s.io */
export const grpcRoutes = (): typeof GrpcRoutes => require(ownFile('imports/grpc-route-gateway.networking.k8s.io'));
/** imports/external-secret-external-secrets.io */
export const externalSecrets = (): typeof ExternalSecrets => require(ownFile('imports/external-secret-external-secrets.io'));
/** imports/volume-snapshot-snapshot.storage.k8s.io */
export const volumeSnapshots = (): typeof VolumeSnapshots => require(ownFile('imports/volume-snapshot-snapshot.storage.k8s.io'));
/** ./rollout (it extends the generated Rollout) */
export const podTemplateRollouts = (): typeof PodTemplateRollouts => require('./rollout');

/** Renders a duration the way Argo Rollouts reads one ("30s", "5m", "1h"). */
export function argoDuration(d: Duration): string {
  const s = d.toSeconds({ integral: false });
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}
