import { CLASSES, ChangeClass, EXIT_CODE, rankOf } from './classes';
import { Change } from './diff';
import { markdownTable, textTable } from './format';

// How `diff` shows its changes: a terminal table, Markdown for a pull request
// comment, or JSON for other tools.

/** The most severe class among `changes`, or undefined when there is none. */
export function mostSevere(changes: Change[]): ChangeClass | undefined {
  return changes.map(c => c.class).sort((a, b) => rankOf(a) - rankOf(b))[0];
}

/** Exit code: 0 no change; with `failOn`, 1 when a change is at least that severe, else 0; without it, the class's own code. */
export function diffExitCode(changes: Change[], failOn?: ChangeClass): number {
  const worst = mostSevere(changes);
  if (!worst) return 0;
  if (failOn) return rankOf(worst) <= rankOf(failOn) ? 1 : 0;
  return EXIT_CODE[worst];
}

/** "3 changes: 1 data-at-risk, 2 pods-restart" or "no changes". */
export function summaryLine(changes: Change[]): string {
  if (changes.length === 0) return 'no changes';
  const counts = CLASSES.map(c => [c, changes.filter(x => x.class === c).length] as const).filter(([, n]) => n > 0);
  return `${changes.length} change${changes.length === 1 ? '' : 's'}: ${counts.map(([c, n]) => `${n} ${c}`).join(', ')}`;
}

function objectCell(c: Change): string {
  return c.env ? `${c.env}: ${c.object}` : c.object;
}

/** The terminal table and a summary line. */
export function diffText(changes: Change[]): string {
  if (changes.length === 0) return 'no changes\n';
  const rows = changes.map(c => [c.class, objectCell(c), c.path, c.consequence]);
  return textTable(['CLASS', 'OBJECT', 'FIELD', 'CONSEQUENCE'], rows) + `${summaryLine(changes)}\n`;
}

/** Markdown for a pull request comment: a heading with the most severe class, then one table. */
export function diffMarkdown(changes: Change[]): string {
  const worst = mostSevere(changes);
  if (!worst) return '### Manifest diff: no changes\n';
  const rows = changes.map(c => [`**${c.class}**`, `\`${objectCell(c)}\``, `\`${c.path}\``, c.consequence]);
  return `### Manifest diff: ${worst}\n\n${summaryLine(changes)}\n\n${markdownTable(['class', 'object', 'field', 'consequence'], rows)}`;
}

/** JSON: summary, most severe class, exit code and every change. */
export function diffJson(changes: Change[], failOn?: ChangeClass): string {
  const counts: { [c: string]: number } = {};
  for (const c of CLASSES) counts[c] = changes.filter(x => x.class === c).length;
  return `${JSON.stringify({ mostSevere: mostSevere(changes) ?? null, exitCode: diffExitCode(changes, failOn), counts, changes }, undefined, 2)}\n`;
}
