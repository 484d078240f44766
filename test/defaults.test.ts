import { Chart, Size, Testing } from 'cdk8s';
import {
  ExternalSecret, HttpRoute, NodeAgent, Release, SmokeTest, StatefulStore, TeamNamespace, WebApp, Colour, ReleaseEngine, Worker, Task, ScheduledTask,
  Migration,
} from '../src';
import { find, synth } from './util';
import {
  ALERTS, ARGO_CD, EXTERNAL_SECRET, EXTRA_CONTAINER, METRICS_EXPORTER, MIGRATION, NODE_AGENT, NOT_INTERNET,
  POD_FILES, PROBES, RELEASE, RESOURCES, ROUTE, SMOKE_TEST, STATEFUL_STORE, STORE_RESTORE, TASK, TEAM_NAMESPACE,
  WEB_APP, WORKER, WORKLOAD,
} from '../src/private/defaults';

// The defaults contract: every documented default, read from src/private/defaults.ts,
// is what the construct writes when the prop is left out. One row per default:
// [name in the defaults module, construct and prop, its value there, where it lands in the output].

const image = 'ghcr.io/acme/app:1.0.0';

function objectsOf(build: (chart: Chart) => void): any[] {
  const chart = Testing.chart();
  build(chart);
  return synth(chart);
}

const web = objectsOf(chart => new WebApp(chart, 'web', {
  image, autoscaling: { maxReplicas: 4 }, metrics: {}, configFiles: { 'app.yaml': 'a: 1\n' }, ingress: { host: 'web.example.com' },
}));
const webFixed = objectsOf(chart => new WebApp(chart, 'web', { image }));
const canary = objectsOf(chart => new WebApp(chart, 'web', { image, release: Release.canary({ canaryImage: 'ghcr.io/acme/app:1.1.0' }) }));
const argoBlueGreen = objectsOf(chart => new WebApp(chart, 'web', {
  image, release: Release.blueGreen({ active: Colour.BLUE, blueImage: image, greenImage: image, engine: ReleaseEngine.ARGO_ROLLOUTS }),
}));
const store = objectsOf(chart => new StatefulStore(chart, 'db', { image, port: 5432, storage: { size: Size.gibibytes(1) } }));
const storeWithExporter = objectsOf(chart => new StatefulStore(chart, 'db', {
  image, port: 5432, storage: { size: Size.gibibytes(1) }, metrics: { port: 9187, exporter: { image } },
}));
const restoreJob = find(objectsOf(chart => new StatefulStore(chart, 'db', {
  image, port: 5432, storage: { size: Size.gibibytes(1) }, backup: { schedule: '@daily', image, command: ['dump'] },
}).restore('r', { backup: 'db-backup', backupId: 'x', command: ['restore'], volume: { size: Size.gibibytes(1) } })), 'Job', 'db-restore-r');
const agent = objectsOf(chart => new NodeAgent(chart, 'agent', { image, port: 9100 }));
const agentWithPermissions = objectsOf(chart => new NodeAgent(chart, 'agent', { image, namespace: 'ops', permissions: [{ resources: ['pods'], verbs: ['get'] }] }));
const webOnTheInternet = objectsOf(chart => new WebApp(chart, 'web', { image, allowInternetEgress: true }));
const smoke = objectsOf(chart => new SmokeTest(chart, 'smoke', { target: new WebApp(chart, 'web', { image }) }));
const namespace = objectsOf(chart => new TeamNamespace(chart, 'team'));
const routedCanary = objectsOf(chart => new WebApp(chart, 'web', {
  image, route: { gateway: { name: 'public' } }, release: Release.canary({ canaryImage: 'ghcr.io/acme/app:1.1.0' }),
}));
const alerted = objectsOf(chart => new StatefulStore(chart, 'db', { image, port: 5432, storage: { size: Size.gibibytes(1) }, alerts: {} }));
const alertRules = find(alerted, 'PrometheusRule', 'db-alerts').spec.groups[0].rules;
const secret = objectsOf(chart => new ExternalSecret(chart, 'auth', { store: { name: 'vault' }, keys: { password: { key: 'app/db' } } }));
const route = objectsOf(chart => new HttpRoute(chart, 'route', { gateway: { name: 'public' }, backends: [{ service: 'web', port: 80 }] }));
const worker = objectsOf(chart => new Worker(chart, 'worker', {
  image,
  metrics: {},
  sidecars: [{ name: 'proxy', image }],
  secretFiles: [{ secretName: 'tls', mountPath: '/etc/tls' }],
  serviceAccountTokens: [{ audience: 'vault', mountPath: '/var/run/vault' }],
}));
const taskJob = find(objectsOf(chart => new Task(chart, 'task', { image })), 'Job', 'task');
const cronJob = find(objectsOf(chart => new ScheduledTask(chart, 'cron', { image, schedule: '@daily' })), 'CronJob', 'cron');
const migrationJob = find(objectsOf(chart => new Migration(chart, 'migrate', { before: new WebApp(chart, 'web', { image }), command: ['migrate'] })), 'Job', 'migrate');

const webDeployment = find(web, 'Deployment', 'web');
const webPod = webDeployment.spec.template.spec;
const webMain = webPod.containers[0];
const storeSet = find(store, 'StatefulSet', 'db');
const agentSet = find(agent, 'DaemonSet', 'agent');
const storeExporter = find(storeWithExporter, 'StatefulSet', 'db').spec.template.spec.containers[1];
const smokePod = find(smoke, 'Pod', 'smoke');
const quota = find(namespace, 'ResourceQuota', 'team').spec.hard;

const table: Array<[string, string, unknown, () => unknown]> = [
  // every workload
  ['WORKLOAD.user', 'WebApp security.user', WORKLOAD.user, () => webPod.securityContext.runAsUser],
  ['WORKLOAD.group', 'WebApp security.group', WORKLOAD.group, () => webPod.securityContext.runAsGroup],
  ['WORKLOAD.imagePullPolicy', 'WebApp imagePullPolicy', WORKLOAD.imagePullPolicy, () => webMain.imagePullPolicy],
  ['WORKLOAD.tmpPath', 'WebApp (writable /tmp)', WORKLOAD.tmpPath, () => webMain.volumeMounts[0].mountPath],
  ['WORKLOAD.tmpSizeMi', 'WebApp tmpSize', `${WORKLOAD.tmpSizeMi}Mi`, () => webPod.volumes[0].emptyDir.sizeLimit],
  ['WORKLOAD.revisionHistoryLimit', 'WebApp (Deployment)', WORKLOAD.revisionHistoryLimit, () => webDeployment.spec.revisionHistoryLimit],
  ['WORKLOAD.minReadySeconds', 'WebApp (Deployment)', WORKLOAD.minReadySeconds, () => webDeployment.spec.minReadySeconds],
  ['WORKLOAD.preStopSeconds', 'WebApp preStopDelay', ['sleep', String(WORKLOAD.preStopSeconds)], () => webMain.lifecycle.preStop.exec.command],
  ['WORKLOAD.terminationGracePeriodSeconds', 'WebApp terminationGracePeriod', WORKLOAD.terminationGracePeriodSeconds, () => webPod.terminationGracePeriodSeconds],
  ['WORKLOAD.configDir', 'WebApp configMountPath', `${WORKLOAD.configDir}/web`, () => webMain.volumeMounts.find((m: any) => m.name === 'config').mountPath],
  ['RESOURCES.web', 'WebApp resources', [RESOURCES.web.cpuRequest, RESOURCES.web.memoryLimit], () => [webMain.resources.requests.cpu, webMain.resources.limits.memory]],
  ['RESOURCES.store', 'StatefulStore resources', [RESOURCES.store.cpuRequest, RESOURCES.store.memoryLimit],
    () => [storeSet.spec.template.spec.containers[0].resources.requests.cpu, storeSet.spec.template.spec.containers[0].resources.limits.memory]],
  ['RESOURCES.agent', 'NodeAgent resources', [RESOURCES.agent.cpuRequest, RESOURCES.agent.memoryLimit],
    () => [agentSet.spec.template.spec.containers[0].resources.requests.cpu, agentSet.spec.template.spec.containers[0].resources.limits.memory]],
  ['PROBES.healthPath', 'WebApp healthPath', PROBES.healthPath, () => webMain.readinessProbe.httpGet.path],
  ['PROBES.readiness', 'WebApp probes.readiness', PROBES.readiness.periodSeconds, () => webMain.readinessProbe.periodSeconds],
  ['PROBES.liveness', 'WebApp probes.liveness', PROBES.liveness.failureThreshold, () => webMain.livenessProbe.failureThreshold],
  // WebApp
  ['WEB_APP.port', 'WebApp port', WEB_APP.port, () => webMain.ports[0].containerPort],
  ['WEB_APP.replicas', 'WebApp replicas', WEB_APP.replicas, () => find(webFixed, 'Deployment', 'web').spec.replicas],
  ['WEB_APP.replicas', 'WebApp autoscaling.minReplicas', WEB_APP.replicas, () => find(web, 'HorizontalPodAutoscaler', 'web').spec.minReplicas],
  ['WEB_APP.hpaCpuUtilization', 'WebApp autoscaling.cpuUtilization', WEB_APP.hpaCpuUtilization,
    () => find(web, 'HorizontalPodAutoscaler', 'web').spec.metrics[0].resource.target.averageUtilization],
  ['WEB_APP.requestsMetric', 'WebApp autoscaling.requestsMetric', WEB_APP.requestsMetric,
    () => find(objectsOf(chart => new WebApp(chart, 'web', { image, autoscaling: { maxReplicas: 4, requestsPerSecond: 50 } })), 'HorizontalPodAutoscaler', 'web')
      .spec.metrics[0].pods.metric.name],
  ['WEB_APP.servicePort', 'WebApp servicePort', WEB_APP.servicePort, () => find(web, 'Service', 'web').spec.ports[0].port],
  ['WEB_APP.serviceType', 'WebApp serviceType', WEB_APP.serviceType, () => find(web, 'Service', 'web').spec.type],
  ['WEB_APP.maxSurge', 'WebApp release (Release.rolling())', WEB_APP.maxSurge, () => webDeployment.spec.strategy.rollingUpdate.maxSurge],
  ['WEB_APP.maxUnavailable', 'WebApp release (Release.rolling())', WEB_APP.maxUnavailable, () => webDeployment.spec.strategy.rollingUpdate.maxUnavailable],
  ['WEB_APP.progressDeadlineSeconds', 'WebApp (Deployment)', WEB_APP.progressDeadlineSeconds, () => webDeployment.spec.progressDeadlineSeconds],
  ['WEB_APP.pdbMaxUnavailable', 'WebApp (PodDisruptionBudget)', WEB_APP.pdbMaxUnavailable, () => find(web, 'PodDisruptionBudget', 'web').spec.maxUnavailable],
  ['WEB_APP.ingressPath', 'WebApp ingress.path', WEB_APP.ingressPath, () => find(web, 'Ingress', 'web').spec.rules[0].http.paths[0].path],
  ['WEB_APP.metricsPath', 'WebApp metrics.path', WEB_APP.metricsPath, () => find(web, 'ServiceMonitor', 'web').spec.endpoints[0].path],
  ['WEB_APP.metricsInterval', 'WebApp metrics.interval', WEB_APP.metricsInterval, () => find(web, 'ServiceMonitor', 'web').spec.endpoints[0].interval],
  // releases
  ['RELEASE.canaryReplicas', 'Release.canary canaryReplicas', RELEASE.canaryReplicas, () => find(canary, 'Deployment', 'web-canary').spec.replicas],
  ['RELEASE.autoPromotion', 'Release.blueGreen autoPromotion', RELEASE.autoPromotion, () => find(argoBlueGreen, 'Rollout', 'web').spec.strategy.blueGreen.autoPromotionEnabled],
  ['RELEASE.scaleDownDelaySeconds', 'Release.blueGreen scaleDownDelay', RELEASE.scaleDownDelaySeconds,
    () => find(argoBlueGreen, 'Rollout', 'web').spec.strategy.blueGreen.scaleDownDelaySeconds],
  // StatefulStore
  ['STATEFUL_STORE.replicas', 'StatefulStore replicas', STATEFUL_STORE.replicas, () => storeSet.spec.replicas],
  ['STATEFUL_STORE.podManagementPolicy', 'StatefulStore podManagement', STATEFUL_STORE.podManagementPolicy, () => storeSet.spec.podManagementPolicy],
  ['STATEFUL_STORE.terminationGracePeriodSeconds', 'StatefulStore terminationGracePeriod', STATEFUL_STORE.terminationGracePeriodSeconds,
    () => storeSet.spec.template.spec.terminationGracePeriodSeconds],
  ['STATEFUL_STORE.dataPath', 'StatefulStore dataPath', STATEFUL_STORE.dataPath,
    () => storeSet.spec.template.spec.containers[0].volumeMounts.find((m: any) => m.name === STATEFUL_STORE.volumeName).mountPath],
  ['STATEFUL_STORE.pvcRetention', 'StatefulStore (PVC retention)', STATEFUL_STORE.pvcRetention, () => storeSet.spec.persistentVolumeClaimRetentionPolicy],
  ['STATEFUL_STORE.noLivenessReason', 'StatefulStore probes.liveness (none, with a reason)', STATEFUL_STORE.noLivenessReason,
    () => storeSet.metadata.annotations['cdk8s-patterns.io/suppress.probes-set']],
  ['ARGO_CD.keepSyncOptions', 'StatefulStore (kept by Argo CD)', ARGO_CD.keepSyncOptions, () => storeSet.metadata.annotations['argocd.argoproj.io/sync-options']],
  ['ARGO_CD.keepSyncOptions', 'TeamNamespace (kept by Argo CD)', ARGO_CD.keepSyncOptions,
    () => find(namespace, 'Namespace', 'team').metadata.annotations['argocd.argoproj.io/sync-options']],
  // egress
  ['NOT_INTERNET.ipv4', 'WebApp allowInternetEgress', NOT_INTERNET.ipv4, () => find(webOnTheInternet, 'NetworkPolicy', 'web').spec.egress[1].to[0].ipBlock.except],
  ['NOT_INTERNET.ipv6', 'WebApp allowInternetEgress', NOT_INTERNET.ipv6, () => find(webOnTheInternet, 'NetworkPolicy', 'web').spec.egress[1].to[1].ipBlock.except],
  // NodeAgent
  ['NODE_AGENT.apiServerCidrs', 'NodeAgent apiServerCidrs', NODE_AGENT.apiServerCidrs,
    () => find(agentWithPermissions, 'NetworkPolicy', 'agent').spec.egress[1].to.map((t: any) => t.ipBlock.cidr)],
  ['NODE_AGENT.permissionScope', 'NodeAgent permissionScope (a ClusterRole)', NODE_AGENT.permissionScope,
    () => agentWithPermissions.some(o => o.kind === 'ClusterRole') ? 'cluster' : 'namespace'],
  ['NODE_AGENT.maxUnavailable', 'NodeAgent maxUnavailable', NODE_AGENT.maxUnavailable, () => agentSet.spec.updateStrategy.rollingUpdate.maxUnavailable],
  ['NODE_AGENT.updateStrategy', 'NodeAgent updateStrategy', NODE_AGENT.updateStrategy, () => agentSet.spec.updateStrategy.type],
  ['METRICS_EXPORTER.resources', 'StatefulStore metrics.exporter.resources', [METRICS_EXPORTER.resources.cpuRequest, METRICS_EXPORTER.resources.memoryLimit],
    () => [storeExporter.resources.requests.cpu, storeExporter.resources.limits.memory]],
  ['STORE_RESTORE.backoffLimit', 'StatefulStore.restore (Job)', STORE_RESTORE.backoffLimit, () => restoreJob.spec.backoffLimit],
  ['STORE_RESTORE.activeDeadlineSeconds', 'StatefulStore.restore timeout', STORE_RESTORE.activeDeadlineSeconds, () => restoreJob.spec.activeDeadlineSeconds],
  ['STORE_RESTORE.mountPath', 'StatefulStore.restore volume', STORE_RESTORE.mountPath,
    () => restoreJob.spec.template.spec.containers[0].volumeMounts.find((m: any) => m.name === 'restore').mountPath],
  ['STATEFUL_STORE.updateStrategy', 'StatefulStore updateStrategy', STATEFUL_STORE.updateStrategy, () => storeSet.spec.updateStrategy.type],
  ['NODE_AGENT.priorityClassName', 'NodeAgent priorityClassName', NODE_AGENT.priorityClassName, () => agentSet.spec.template.spec.priorityClassName],
  ['NODE_AGENT.tolerations', 'NodeAgent tolerations', NODE_AGENT.tolerations, () => agentSet.spec.template.spec.tolerations],
  ['NODE_AGENT.nodeSelector', 'NodeAgent nodeSelector', NODE_AGENT.nodeSelector, () => agentSet.spec.template.spec.nodeSelector],
  // Worker and pod composition
  ['WORKER.replicas', 'Worker replicas', WORKER.replicas, () => find(worker, 'Deployment', 'worker').spec.replicas],
  ['WORKER.metricsPort', 'Worker metrics.port', WORKER.metricsPort, () => find(worker, 'Deployment', 'worker').spec.template.spec.containers[0].ports[0].containerPort],
  // 0 seconds: no preStop hook at all
  ['WORKER.preStopSeconds', 'Worker preStopDelay', WORKER.preStopSeconds === 0 ? undefined : { preStop: { exec: { command: ['sleep', String(WORKER.preStopSeconds)] } } },
    () => find(worker, 'Deployment', 'worker').spec.template.spec.containers[0].lifecycle],
  ['WORKER.metricsOnlyReason', 'Worker probes (none with only a metrics port, with a reason)', WORKER.metricsOnlyReason,
    () => find(worker, 'Deployment', 'worker').metadata.annotations['cdk8s-patterns.io/suppress.probes-set']],
  ['WEB_APP.pdbMaxUnavailable', 'Worker autoscaling to one pod (a PodDisruptionBudget that never blocks a drain)', WEB_APP.pdbMaxUnavailable,
    () => find(objectsOf(chart => new Worker(chart, 'worker', {
      image, autoscaling: { minReplicas: 1, maxReplicas: 1, queueLength: { name: 'queue_ready', messagesPerPod: 30 } },
    })), 'PodDisruptionBudget', 'worker').spec.maxUnavailable],
  ['WORKER.noProbesReason', 'Worker probes (none, with a reason)', `CKV_K8S_8=${WORKER.noProbesReason}`,
    () => find(objectsOf(chart => new Worker(chart, 'worker', { image })), 'Deployment', 'worker').metadata.annotations['checkov.io/skip1']],
  ['EXTRA_CONTAINER.resources', 'ContainerProps resources', [EXTRA_CONTAINER.resources.cpuRequest, EXTRA_CONTAINER.resources.memoryLimit],
    () => {
      const r = find(worker, 'Deployment', 'worker').spec.template.spec.containers[1].resources;
      return [r.requests.cpu, r.limits.memory];
    }],
  ['POD_FILES.secretDefaultMode', 'SecretFileProps (defaultMode)', POD_FILES.secretDefaultMode,
    () => find(worker, 'Deployment', 'worker').spec.template.spec.volumes.find((v: any) => v.secret).secret.defaultMode],
  ['POD_FILES.tokenExpirationSeconds', 'ServiceAccountTokenProps expiration', POD_FILES.tokenExpirationSeconds,
    () => find(worker, 'Deployment', 'worker').spec.template.spec.volumes.find((v: any) => v.projected).projected.sources[0].serviceAccountToken.expirationSeconds],
  // Task, ScheduledTask, Migration
  ['TASK.backoffLimit', 'Task backoffLimit', TASK.backoffLimit, () => taskJob.spec.backoffLimit],
  ['TASK.activeDeadlineSeconds', 'Task activeDeadline', TASK.activeDeadlineSeconds, () => taskJob.spec.activeDeadlineSeconds],
  ['TASK.restartPolicy', 'Task restartPolicy', TASK.restartPolicy, () => taskJob.spec.template.spec.restartPolicy],
  ['TASK.concurrencyPolicy', 'ScheduledTask concurrencyPolicy', TASK.concurrencyPolicy, () => cronJob.spec.concurrencyPolicy],
  ['TASK.startingDeadlineSeconds', 'ScheduledTask startingDeadline', TASK.startingDeadlineSeconds, () => cronJob.spec.startingDeadlineSeconds],
  ['TASK.successfulJobsHistoryLimit', 'ScheduledTask successfulJobsHistoryLimit', TASK.successfulJobsHistoryLimit, () => cronJob.spec.successfulJobsHistoryLimit],
  ['TASK.failedJobsHistoryLimit', 'ScheduledTask failedJobsHistoryLimit', TASK.failedJobsHistoryLimit, () => cronJob.spec.failedJobsHistoryLimit],
  ['TASK.suspend', 'ScheduledTask suspend', TASK.suspend, () => cronJob.spec.suspend],
  ['MIGRATION.backoffLimit', 'Migration backoffLimit', MIGRATION.backoffLimit, () => migrationJob.spec.backoffLimit],
  ['MIGRATION.hookAnnotations', 'Migration (Argo CD hook)', MIGRATION.hookAnnotations['argocd.argoproj.io/hook'],
    () => migrationJob.metadata.annotations['argocd.argoproj.io/hook']],
  // SmokeTest
  ['RELEASE.canaryRouteWeight', 'Release.canary canaryWeight (with a route)', RELEASE.canaryRouteWeight,
    () => find(routedCanary, 'HTTPRoute', 'web').spec.rules[0].backendRefs[1].weight],
  // routes, secrets, alerts
  ['ROUTE.path', 'HttpRoute paths', [{ path: { type: ROUTE.pathType, value: ROUTE.path } }], () => find(route, 'HTTPRoute', 'route').spec.rules[0].matches],
  ['EXTERNAL_SECRET.refreshIntervalSeconds', 'ExternalSecret refreshInterval', `${EXTERNAL_SECRET.refreshIntervalSeconds / 3600}h`,
    () => find(secret, 'ExternalSecret', 'auth').spec.refreshInterval],
  ['EXTERNAL_SECRET.storeKind', 'ExternalSecret store.kind', EXTERNAL_SECRET.storeKind, () => find(secret, 'ExternalSecret', 'auth').spec.secretStoreRef.kind],
  ['ALERTS.unavailableForSeconds', 'alerts.unavailableFor', `${ALERTS.unavailableForSeconds / 60}m`,
    () => alertRules.find((r: any) => r.alert === 'StatefulSetReplicasUnavailable').for],
  ['ALERTS.crashLoopForSeconds', 'alerts.crashLoopingFor', `${ALERTS.crashLoopForSeconds / 60}m`, () => alertRules.find((r: any) => r.alert === 'ContainerCrashLooping').for],
  ['ALERTS.pvcUsagePercent', 'alerts.volumeUsagePercent', ALERTS.pvcUsagePercent,
    () => Number(alertRules.find((r: any) => r.alert === 'PersistentVolumeClaimFillingUp').expr.split('> ').pop())],
  ['SMOKE_TEST.image', 'SmokeTest image', SMOKE_TEST.image, () => smokePod.spec.containers[0].image],
  ['SMOKE_TEST.restartPolicy', 'SmokeTest (Pod)', SMOKE_TEST.restartPolicy, () => smokePod.spec.restartPolicy],
  // TeamNamespace: the floor of a derived quota is also the default of each unset QuotaProps field
  ['TEAM_NAMESPACE.quotaFloor.pods', 'TeamNamespace quota.pods', TEAM_NAMESPACE.quotaFloor.pods, () => quota.pods],
  ['TEAM_NAMESPACE.quotaFloor.persistentVolumeClaims', 'TeamNamespace quota.persistentVolumeClaims', TEAM_NAMESPACE.quotaFloor.persistentVolumeClaims,
    () => quota.persistentvolumeclaims],
  ['TEAM_NAMESPACE.quotaFloor.storage', 'TeamNamespace quota.storage', TEAM_NAMESPACE.quotaFloor.storage, () => quota['requests.storage']],
  ['TEAM_NAMESPACE.quotaFloor.ephemeralStorage', 'TeamNamespace quota.ephemeralStorage', TEAM_NAMESPACE.quotaFloor.ephemeralStorage,
    () => quota['requests.ephemeral-storage']],
  ['TEAM_NAMESPACE.quotaFloor.cpuLimit', 'TeamNamespace quota.cpuLimit', TEAM_NAMESPACE.quotaFloor.cpuLimit, () => quota['limits.cpu']],
  ['TEAM_NAMESPACE.quotaFloor.memoryLimit', 'TeamNamespace quota.memoryLimit', TEAM_NAMESPACE.quotaFloor.memoryLimit, () => quota['limits.memory']],
];

test.each(table)('%s: %s', (_name, _prop, expected, actual) => {
  expect(actual()).toEqual(expected);
});

test('an explicit quota takes the floor for every field it leaves out, as QuotaProps documents', () => {
  const objects = objectsOf(chart => new TeamNamespace(chart, 'team', { quota: { cpu: '4', memory: '8Gi' } }));
  const hard = find(objects, 'ResourceQuota', 'team').spec.hard;
  expect([hard.pods, hard.persistentvolumeclaims, hard['requests.storage'], hard['limits.cpu'], hard['limits.memory']]).toEqual([20, 5, '50Gi', '4000m', '4096Mi']);
});
