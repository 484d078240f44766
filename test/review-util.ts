import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments, stringify } from 'yaml';
import { runReview } from '../src/review/cli';

/** The reference app's committed manifests: a folder of environments. */
export const DIST_ENVIRONMENTS = path.join(__dirname, '..', 'dist');

/** The reference app's production manifests (one environment, a flat folder). */
export const DIST = path.join(DIST_ENVIRONMENTS, 'production');

/** Runs a review command in `cwd`; returns exit code and what it printed. */
export function review(args: string[], cwd: string = process.cwd()): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runReview(args, { stdout: t => { stdout += t; }, stderr: t => { stderr += t; } }, cwd);
  return { code, stdout, stderr };
}

/** A fresh temporary folder, removed after the test file. */
export function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-test-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Copies the reference manifests (`from`: production's) to `dir`, with `edit` applied to every object first. */
export function copyDist(dir: string, edit: (objects: any[]) => void = () => {}, from: string = DIST): string {
  fs.mkdirSync(dir, { recursive: true });
  const files = fs.readdirSync(from).sort();
  const all = files.map(f => parseAllDocuments(fs.readFileSync(path.join(from, f), 'utf8')).map(d => d.toJS()).filter(Boolean));
  edit(all.flat());
  files.forEach((f, i) => fs.writeFileSync(path.join(dir, f), all[i].map(o => stringify(o)).join('---\n')));
  return dir;
}

/** The one object of `kind` named `name`. */
export function obj(objects: any[], kind: string, name: string): any {
  const hits = objects.filter(o => o.kind === kind && o.metadata?.name === name);
  if (hits.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${hits.length}`);
  return hits[0];
}

/** Parses a diagram with the real parser (Mermaid, or Graphviz via @viz-js/viz). */
export function parseDiagram(kind: 'mermaid' | 'dot', text: string): { ok: boolean; output: string } {
  const r = spawnSync(process.execPath, [path.join(__dirname, 'review', 'parse-diagram.mjs'), kind], { input: text, encoding: 'utf8', timeout: 60_000 });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}
