// How replicated stateless pods spread over zones and hosts (WebApp, Worker).
import { TOPOLOGY } from './defaults';
import * as k8s from './k8s';

/** Spread over zones and hosts, best effort, per ReplicaSet so a rollout stays balanced. */
export function spread(selector: { [key: string]: string }): k8s.TopologySpreadConstraint[] {
  return [TOPOLOGY.zone, TOPOLOGY.host].map(topologyKey => ({
    maxSkew: TOPOLOGY.maxSkew,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: selector },
  }));
}

/** Prefer one pod per host, so one node lost or drained takes one replica. */
export function preferredHostAntiAffinity(selector: { [key: string]: string }): k8s.Affinity {
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [{
        weight: TOPOLOGY.antiAffinityWeight,
        podAffinityTerm: { topologyKey: TOPOLOGY.host, labelSelector: { matchLabels: selector } },
      }],
    },
  };
}
