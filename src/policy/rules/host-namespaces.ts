import { POD_KINDS, podTemplateOf } from '../context';
import { Rule, Severity } from '../rule';
import { problem } from './util';

// One rule per host namespace, so an exception (a node agent on the host
// network) waives exactly that one and records its own reason.
function hostNamespaceRule(id: string, field: string, what: string, rationale: string): Rule {
  return {
    id,
    severity: Severity.ERROR,
    rationale,
    kinds: POD_KINDS,
    check: obj => podTemplateOf(obj)?.spec?.[field] === true
      ? [problem(`spec.${field}`, true, `puts the pod in the node's ${what}`, `remove it, or suppress "${id}" with the reason the workload needs the host`)]
      : [],
  };
}

/** Pods stay out of the node's network namespace. */
export const noHostNetwork = hostNamespaceRule('no-host-network', 'hostNetwork', 'network namespace',
  'A pod on the host network reaches every node port and local service and is not subject to NetworkPolicy.');

/** Pods stay out of the node's process namespace. */
export const noHostPid = hostNamespaceRule('no-host-pid', 'hostPID', 'process namespace',
  'A pod in the host PID namespace sees, signals and can trace every process of the node.');

/** Pods stay out of the node's IPC namespace. */
export const noHostIpc = hostNamespaceRule('no-host-ipc', 'hostIPC', 'IPC namespace',
  'A pod in the host IPC namespace reads and writes the shared memory of every process of the node.');
