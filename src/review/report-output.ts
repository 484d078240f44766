import { markdownTable, textTable } from './format';
import { Amounts, CapacityReport, QuotaLine } from './report';
import { formatBytes, formatMillis } from '../private/facts/quantity';

// How `report` shows its numbers: per workload, then per namespace against the
// ResourceQuota; with --diff, each namespace line's old and new peak.

function amount(resource: string, v: number): string {
  if (v === Infinity) return 'unbounded';
  if (/cpu$/.test(resource)) return formatMillis(Math.round(v * 1000));
  if (/memory$|storage$/.test(resource)) return formatBytes(v);
  return String(v);
}

function pair(resource: string, req: Amounts, lim: Amounts): string {
  const r = resource as keyof Amounts;
  return `${amount(resource, req[r])} / ${amount(resource, lim[r])}`;
}

function where(env: string, namespace: string): string {
  return env ? `${env}/${namespace}` : namespace;
}

/** Workload rows and namespace quota rows, as [header, rows] pairs. */
function tables(r: CapacityReport): Array<[string[], string[][]]> {
  const workloads = r.workloads.map(w => [
    where(w.env, w.namespace), `${w.kind} ${w.name}`,
    w.minReplicas === w.maxReplicas ? String(w.maxReplicas) : `${w.minReplicas}-${w.maxReplicas}`,
    w.peakAtMin === w.peakAtMax ? String(w.peakAtMax) : `${w.peakAtMin} / ${w.peakAtMax}`,
    pair('cpu', w.podRequests, w.podLimits), pair('memory', w.podRequests, w.podLimits), pair('ephemeral-storage', w.podRequests, w.podLimits),
    w.storage ? `${formatBytes(w.storage)} (${w.claims} claim${w.claims === 1 ? '' : 's'})` : '',
    w.note,
  ]);
  const shown = (l: QuotaLine) => l.hard !== undefined || l.peakAtMax > 0;
  const quotas = r.namespaces.flatMap(n => n.lines.filter(shown).map(l => quotaRow(where(n.env, n.namespace), l)));
  return [
    [['NAMESPACE', 'WORKLOAD', 'REPLICAS', 'ROLLOUT PEAK', 'CPU/POD req / lim', 'MEMORY/POD req / lim', 'EPHEMERAL/POD req / lim', 'STORAGE', 'NOTE'], workloads],
    [['NAMESPACE', 'QUOTA', 'ROLLOUT PEAK', 'PEAK AT HPA MAX', 'HARD', 'STATUS'], quotas],
  ];
}

function quotaRow(ns: string, l: QuotaLine): string[] {
  const share = l.hard ? ` (${Math.round((l.peak / l.hard) * 100)}%)` : '';
  return [ns, l.resource, `${amount(l.resource, l.peak)}${share}`, amount(l.resource, l.peakAtMax), l.hard === undefined ? '-' : amount(l.resource, l.hard), l.status];
}

/** Failing and warning quota lines, counted. */
export function reportVerdict(r: CapacityReport): { fail: number; warn: number } {
  const lines = r.namespaces.flatMap(n => n.lines);
  return { fail: lines.filter(l => l.status === 'fail').length, warn: lines.filter(l => l.status === 'warn').length };
}

function verdictLine(r: CapacityReport): string {
  const { fail, warn } = reportVerdict(r);
  const parts = [
    fail ? `${fail} quota line${fail === 1 ? '' : 's'} a rollout would exceed (fail)` : 'every rollout peak fits its quota',
    warn ? `${warn} exceeded only at the HPA maximum (warn)` : '',
  ].filter(Boolean);
  return `${parts.join('; ')}; DaemonSets counted on ${r.nodes} nodes\n`;
}

/** Terminal tables. */
export function reportText(r: CapacityReport): string {
  return tables(r).map(([h, rows]) => textTable(h, rows)).join('\n') + verdictLine(r);
}

/** Markdown tables for a pull request comment. */
export function reportMarkdown(r: CapacityReport): string {
  return `### Capacity report\n\n${tables(r).map(([h, rows]) => markdownTable(h, rows)).join('\n')}\n${verdictLine(r)}`;
}

/** JSON: quantities in cores and bytes (null for unbounded); with --diff, the old report as "before". */
export function reportJson(r: CapacityReport, before?: CapacityReport): string {
  return `${JSON.stringify(before ? { ...r, before } : r, (_k, v) => (v === Infinity ? null : v), 2)}\n`;
}

/** Each namespace quota line, old peak against new. */
export function reportDiffText(before: CapacityReport, after: CapacityReport, markdown: boolean): string {
  const key = (env: string, ns: string, res: string) => `${env}\u0000${ns}\u0000${res}`;
  const old = new Map(before.namespaces.flatMap(n => n.lines.map(l => [key(n.env, n.namespace, l.resource), l] as const)));
  const rows: string[][] = [];
  for (const n of after.namespaces) {
    for (const l of n.lines) {
      const o = old.get(key(n.env, n.namespace, l.resource));
      old.delete(key(n.env, n.namespace, l.resource));
      if (o && o.peak === l.peak && o.peakAtMax === l.peakAtMax) continue;
      if (!o && l.peakAtMax === 0) continue;
      const peak = change(l.resource, o?.peak ?? 0, l.peak);
      rows.push([where(n.env, n.namespace), l.resource, peak, change(l.resource, o?.peakAtMax ?? 0, l.peakAtMax), l.status]);
    }
  }
  const header = ['NAMESPACE', 'QUOTA', 'ROLLOUT PEAK', 'PEAK AT HPA MAX', 'STATUS'];
  if (rows.length === 0) return 'capacity: no change\n';
  return markdown ? `#### Capacity change\n\n${markdownTable(header, rows)}` : `capacity change:\n${textTable(header, rows)}`;
}

function change(resource: string, a: number, b: number): string {
  if (a === b) return amount(resource, b);
  const d = b - a;
  const delta = Number.isFinite(d) ? ` (${d > 0 ? '+' : '-'}${amount(resource, Math.abs(d))})` : '';
  return `${amount(resource, a)} -> ${amount(resource, b)}${delta}`;
}
