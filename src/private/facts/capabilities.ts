// Linux capabilities: which exist, and which the Pod Security Standard "baseline"
// admits. Used by the NodeAgent prop check, the Pod Security level a
// TeamNamespace and NodeAgent derive, and the no-dangerous-capabilities rule.

/** capabilities(7) names, without CAP_. */
export const CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_CONTROL', 'AUDIT_READ', 'AUDIT_WRITE', 'BLOCK_SUSPEND', 'BPF', 'CHECKPOINT_RESTORE', 'CHOWN', 'DAC_OVERRIDE',
  'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'IPC_LOCK', 'IPC_OWNER', 'KILL', 'LEASE', 'LINUX_IMMUTABLE', 'MAC_ADMIN',
  'MAC_OVERRIDE', 'MKNOD', 'NET_ADMIN', 'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_RAW', 'PERFMON', 'SETFCAP', 'SETGID',
  'SETPCAP', 'SETUID', 'SYSLOG', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_CHROOT', 'SYS_MODULE', 'SYS_NICE', 'SYS_PACCT',
  'SYS_PTRACE', 'SYS_RAWIO', 'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'WAKE_ALARM',
]);

/** What the Pod Security Standard "baseline" (v1.28) lets a container add. */
const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/**
 * True when the baseline admits adding `cap`. The names must match exactly, as
 * Pod Security admission compares them: "CAP_CHOWN" or "chown" is not baseline.
 */
export function isBaselineCapability(cap: unknown): boolean {
  return typeof cap === 'string' && BASELINE_CAPABILITIES.has(cap);
}

/** True when even the restricted level admits adding `cap` (only NET_BIND_SERVICE). */
export function isRestrictedCapability(cap: unknown): boolean {
  return cap === 'NET_BIND_SERVICE';
}
