import { Finding, Severity } from './rule';

/** Findings that fail: errors not waived by a suppression. */
export function errorsOf(findings: readonly Finding[]): Finding[] {
  return findings.filter(f => f.severity === Severity.ERROR && f.suppressed === undefined);
}

/** Findings to show but not fail on: warnings not waived by a suppression. */
export function warningsOf(findings: readonly Finding[]): Finding[] {
  return findings.filter(f => f.severity === Severity.WARNING && f.suppressed === undefined);
}

/** Findings waived by a recorded reason. */
export function suppressedOf(findings: readonly Finding[]): Finding[] {
  return findings.filter(f => f.suppressed !== undefined);
}

/**
 * One finding on one line, the way synth errors read:
 * `[shop/storefront/Deployment] image-pinned (Deployment shop/storefront): containers[main].image "nginx" has no tag: ...`.
 * Construct validation errors ("props") keep their own shape: `[path] prop "value" problem: fix`.
 */
export function formatFinding(f: Finding): string {
  return f.rule === 'props' ? `[${f.path}] ${f.message}` : `[${f.path}] ${f.rule} (${f.object}): ${f.message}`;
}

/** A compact aligned table: severity, rule, where, object, message. */
export function formatTable(findings: readonly Finding[]): string {
  if (findings.length === 0) return '';
  const rows = findings.map(f => [f.suppressed === undefined ? f.severity : 'suppressed', f.rule, f.path, f.object, f.message]);
  const header = ['SEVERITY', 'RULE', 'WHERE', 'OBJECT', 'MESSAGE'];
  const widths = header.slice(0, -1).map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i < widths.length ? c.padEnd(widths[i]) : c)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** "2 errors, 1 warning, 1 suppressed" (the suppressed part only when there are some). */
export function countLine(findings: readonly Finding[]): string {
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const suppressed = suppressedOf(findings).length;
  return `${n(errorsOf(findings).length, 'error')}, ${n(warningsOf(findings).length, 'warning')}${suppressed ? `, ${suppressed} suppressed` : ''}`;
}
