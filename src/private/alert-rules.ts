import { Duration } from 'cdk8s';
import { argoDuration } from './crds';
import { longestCronGapSeconds } from './cron';
import { STORE_BACKUP } from './defaults';

// Prometheus alerting rules derived from a workload's rendered objects, so
// each threshold follows the workload's own settings (its progress deadline,
// its autoscaler's maximum, its backup schedule, its volume claims). Series
// are kube-state-metrics' (kube_*), and the kubelet's for volume usage
// (kubelet_volume_stats_*), with their default label names.

/** Thresholds, already defaulted and checked. */
export interface AlertSettings {
  /** Value of the `team` label; none when undefined. */
  readonly team?: string;
  readonly unavailableForSeconds: number;
  readonly hpaAtMaxForSeconds: number;
  readonly crashLoopForSeconds: number;
  readonly pvcUsagePercent: number;
  /** Extra labels on every alert. */
  readonly labels: { [key: string]: string };
}

/** One alerting rule of a PrometheusRule group. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: { [key: string]: string };
  readonly annotations: { summary: string; description: string };
}

/** The rules for a workload's objects, and problems that stop one from being derived. */
export interface DerivedAlerts {
  readonly rules: AlertRule[];
  readonly problems: string[];
}

/** Pod names of each owner kind, as a regular expression after the owner's name (PromQL regexes are anchored). */
const POD_NAME_SUFFIX: { [kind: string]: string } = {
  Deployment: '-[a-z0-9]+-[a-z0-9]+',
  Rollout: '-[a-z0-9]+-[a-z0-9]+',
  StatefulSet: '-[0-9]+',
  DaemonSet: '-[a-z0-9]+',
  Job: '-[a-z0-9]+',
  CronJob: '-[0-9]+-[a-z0-9]+',
  Pod: '',
};

/** A workload's alerting rules from its rendered objects (plain JSON). */
export function deriveAlerts(objects: any[], settings: AlertSettings): DerivedAlerts {
  const rules: AlertRule[] = [];
  const problems: string[] = [];
  for (const o of objects) {
    const name: string = o?.metadata?.name;
    if (typeof name !== 'string') continue;
    const ns: string = o.metadata.namespace ?? '';
    const team: string | undefined = settings.team ?? o.metadata.labels?.['app.kubernetes.io/part-of'];
    const rule = (alert: string, expr: string, forSeconds: number | undefined, severity: string, summary: string, description: string) =>
      rules.push({
        alert,
        expr,
        for: forSeconds ? argoDuration(Duration.seconds(forSeconds)) : undefined,
        labels: { ...settings.labels, severity, ...(team ? { team } : {}) },
        annotations: { summary, description },
      });
    const where = `${ns ? `${ns}/` : ''}${name}`;

    switch (o.kind) {
      case 'Deployment': {
        const m = matchers({ namespace: ns, deployment: name });
        const deadline = o.spec?.progressDeadlineSeconds ?? 600;
        rule('DeploymentRolloutStuck', `kube_deployment_status_replicas_updated${m} < kube_deployment_spec_replicas${m}`, deadline, 'warning',
          `Deployment ${where} rollout is stuck`,
          `Fewer pods run the new version than desired for longer than the progress deadline (${deadline}s).`);
        rule('DeploymentReplicasUnavailable', `kube_deployment_status_replicas_unavailable${m} > 0`, settings.unavailableForSeconds, 'warning',
          `Deployment ${where} has unavailable replicas`, '{{ $value }} replicas have been unavailable for longer than the threshold.');
        break;
      }
      case 'StatefulSet': {
        const m = matchers({ namespace: ns, statefulset: name });
        rule('StatefulSetReplicasUnavailable', `kube_statefulset_replicas${m} - kube_statefulset_status_replicas_ready${m} > 0`, settings.unavailableForSeconds, 'warning',
          `StatefulSet ${where} has unready replicas`, '{{ $value }} replicas have not been ready for longer than the threshold.');
        for (const claim of o.spec?.volumeClaimTemplates ?? []) {
          const claimName = claim?.metadata?.name;
          if (typeof claimName !== 'string') continue;
          const c = matchers({ namespace: ns, persistentvolumeclaim: `~${regexQuote(`${claimName}-${name}`)}-[0-9]+` });
          rule('PersistentVolumeClaimFillingUp', `100 * kubelet_volume_stats_used_bytes${c} / kubelet_volume_stats_capacity_bytes${c} > ${settings.pvcUsagePercent}`,
            300, 'warning', `Volume ${claimName} of StatefulSet ${where} is over ${settings.pvcUsagePercent}% full`,
            '{{ $labels.persistentvolumeclaim }} is {{ $value | humanize }}% full.');
        }
        break;
      }
      case 'DaemonSet': {
        const m = matchers({ namespace: ns, daemonset: name });
        rule('DaemonSetPodsUnavailable', `kube_daemonset_status_number_unavailable${m} > 0`, settings.unavailableForSeconds, 'warning',
          `DaemonSet ${where} has unavailable pods`, '{{ $value }} nodes have had no available pod for longer than the threshold.');
        break;
      }
      case 'HorizontalPodAutoscaler': {
        const m = matchers({ namespace: ns, horizontalpodautoscaler: name });
        rule('AutoscalerAtMaximum', `kube_horizontalpodautoscaler_status_current_replicas${m} >= kube_horizontalpodautoscaler_spec_max_replicas${m}`,
          settings.hpaAtMaxForSeconds, 'warning', `HorizontalPodAutoscaler ${where} is pinned at its maximum`,
          `The workload has run at maxReplicas (${o.spec?.maxReplicas}) for longer than the threshold: raise the maximum or find the load.`);
        break;
      }
      case 'Job': {
        rule('JobFailed', `kube_job_status_failed${matchers({ namespace: ns, job_name: name })} > 0`, undefined, 'warning',
          `Job ${where} failed`, 'Read its logs with kubectl logs job/' + name + '.');
        break;
      }
      case 'CronJob': {
        rule('CronJobRunFailed', `kube_job_status_failed${matchers({ namespace: ns, job_name: `~${regexQuote(name)}-[0-9]+` })} > 0`, undefined, 'warning',
          `A run of CronJob ${where} failed`, '{{ $labels.job_name }} failed; failed runs are kept for their logs.');
        const gap = longestCronGapSeconds(String(o.spec?.schedule ?? ''));
        if (gap === undefined) {
          problems.push(`alerts: CronJob "${name}" schedule ${JSON.stringify(o.spec?.schedule)} is not a cron schedule that runs at least twice in five years, so no staleness alert can be derived: fix the schedule`);
          break;
        }
        const backup = o.metadata.labels?.['app.kubernetes.io/component'] === STORE_BACKUP.component;
        rule(backup ? 'BackupTooOld' : 'CronJobSuccessTooOld',
          `time() - kube_cronjob_status_last_successful_time${matchers({ namespace: ns, cronjob: name })} > ${2 * gap}`, undefined, backup ? 'critical' : 'warning',
          `CronJob ${where} has not succeeded for twice its schedule`,
          `The last successful run is older than ${2 * gap}s, twice the longest gap of "${o.spec.schedule}".`);
        break;
      }
      default:
        break;
    }
    const suffix = POD_NAME_SUFFIX[o.kind];
    if (suffix !== undefined && (o.kind !== 'Rollout' || String(o.apiVersion).startsWith('argoproj.io/'))) {
      rule('ContainerCrashLooping',
        `max_over_time(kube_pod_container_status_waiting_reason${matchers({ namespace: ns, pod: `~${regexQuote(name)}${suffix}`, reason: 'CrashLoopBackOff' })}[5m]) >= 1`,
        settings.crashLoopForSeconds, 'warning', `A container of ${o.kind} ${where} is crash looping`,
        '{{ $labels.pod }}/{{ $labels.container }} keeps restarting: read kubectl logs --previous.');
    }
  }
  return { rules, problems };
}

/** `{a="x",b=~"y"}`: a value starting with "~" is a regular expression. */
function matchers(labels: { [name: string]: string }): string {
  const terms = Object.entries(labels)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => v.startsWith('~') ? `${k}=~${quote(v.slice(1))}` : `${k}=${quote(v)}`);
  return `{${terms.join(',')}}`;
}

/** A PromQL string literal. */
function quote(s: string): string {
  return JSON.stringify(s);
}

/** `s` matched literally inside a regular expression. */
function regexQuote(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
