import { isBaselineCapability, isRestrictedCapability } from './facts/capabilities';
import { podTemplateOf } from '../policy/context';

// The Pod Security Standards level a pod spec needs, after
// https://kubernetes.io/docs/concepts/security/pod-security-standards/ (v1.28):
// the lowest of restricted < baseline < privileged that admits it.

export const LEVELS = ['restricted', 'baseline', 'privileged'] as const;
export type Level = typeof LEVELS[number];

const RESTRICTED_VOLUMES = new Set([
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
]);

/** Why a pod spec needs more than `restricted`, with the level each reason needs. */
export function podSecurityNeeds(spec: any): Array<{ level: Level; reason: string }> {
  const needs: Array<{ level: Level; reason: string }> = [];
  const privileged = (reason: string) => needs.push({ level: 'privileged', reason });
  const baseline = (reason: string) => needs.push({ level: 'baseline', reason });
  if (!spec) return needs;
  if (spec.hostNetwork) privileged('hostNetwork');
  if (spec.hostPID) privileged('hostPID');
  if (spec.hostIPC) privileged('hostIPC');
  for (const v of spec.volumes ?? []) {
    if (v.hostPath) privileged(`hostPath volume "${v.name}"`);
    const type = Object.keys(v).find(k => k !== 'name');
    if (type && !v.hostPath && !RESTRICTED_VOLUMES.has(type)) baseline(`${type} volume "${v.name}"`);
  }
  const podSc = spec.securityContext ?? {};
  const containers = [...spec.initContainers ?? [], ...spec.containers ?? [], ...spec.ephemeralContainers ?? []];
  for (const c of containers) {
    const sc = c.securityContext ?? {};
    if (sc.privileged) privileged(`container "${c.name}" is privileged`);
    for (const cap of sc.capabilities?.add ?? []) {
      if (!isBaselineCapability(cap)) privileged(`container "${c.name}" adds capability ${cap}`);
      else if (!isRestrictedCapability(cap)) baseline(`container "${c.name}" adds capability ${cap}`);
    }
    for (const p of c.ports ?? []) if (p.hostPort) privileged(`container "${c.name}" uses hostPort ${p.hostPort}`);
    if (sc.allowPrivilegeEscalation !== false) baseline(`container "${c.name}" allows privilege escalation`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) baseline(`container "${c.name}" does not drop ALL capabilities`);
    if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) baseline(`container "${c.name}" may run as root (runAsNonRoot is not true)`);
    if ((sc.runAsUser ?? podSc.runAsUser) === 0) baseline(`container "${c.name}" runs as uid 0`);
    const seccomp = sc.seccompProfile?.type ?? podSc.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') baseline(`container "${c.name}" has no RuntimeDefault seccomp profile`);
  }
  return needs;
}

/** The lowest level that admits `spec`. */
export function requiredLevel(spec: any): Level {
  const needs = podSecurityNeeds(spec);
  if (needs.some(n => n.level === 'privileged')) return 'privileged';
  if (needs.some(n => n.level === 'baseline')) return 'baseline';
  return 'restricted';
}

/** The pod spec inside any pod-bearing object, or undefined. */
export function podSpecOf(obj: any): any {
  return podTemplateOf(obj)?.spec;
}
