import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { validateSchema } from '../src/policy/schema';
import { enforcePolicy } from '../src/synth/synth';

const ROOT = path.join(__dirname, '..');

/**
 * Synthesizes a chart to plain objects as cdk8s does (prop checks, sync waves),
 * without the output rules and schema that `chart.toJson()` now also runs: the
 * tests that use it inspect objects as built, some deliberately against a rule;
 * the rules have their own tests.
 */
export function synth(chart: Chart): any[] {
  enforcePolicy(App.of(chart), { rules: false, schema: false });
  return Testing.synth(chart);
}

/** The one object of `kind` named `name`; fails the test when there is none or several. */
export function find(objects: any[], kind: string, name: string): any {
  const hits = objects.filter(o => o.kind === kind && o.metadata?.name === name);
  if (hits.length !== 1) {
    throw new Error(`expected one ${kind} "${name}", found ${hits.length} among ${objects.map(o => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  }
  return hits[0];
}

/** Every object of `kind`. */
export function all(objects: any[], kind: string): any[] {
  return objects.filter(o => o.kind === kind);
}

/** Strict 1.28 schema problems of every core object, keyed "Kind/name" (CRD kinds are skipped). */
export function schemaProblems(objects: any[]): { [object: string]: string[] } {
  const out: { [object: string]: string[] } = {};
  for (const o of objects) {
    const problems = validateSchema(o);
    if (problems && problems.length) out[`${o.kind}/${o.metadata?.name}`] = problems;
  }
  return out;
}

/** The error messages a synth of `chart` reports, without the "[path] " prefix split off. */
export function synthErrors(chart: Chart): string {
  try {
    Testing.synth(chart);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected synth to fail, but it succeeded');
}

/** README.md and every page under docs/ (paths from the repository root), in the order the documentation tests read them. */
export function documentationPages(): string[] {
  return ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter(f => f.endsWith('.md')).sort().map(f => `docs/${f}`)];
}

/** README.md and every page under docs/, as one text: what the documentation tests read. */
export function documentation(): string {
  return documentationPages().map(f => fs.readFileSync(path.join(ROOT, f), 'utf8')).join('\n');
}
