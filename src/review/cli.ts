import * as fs from 'fs';
import * as path from 'path';
import { CLASSES, ChangeClass, isClass } from './classes';
import { diffEnvironments } from './diff';
import { diffExitCode, diffJson, diffMarkdown, diffText } from './diff-output';
import { topology } from './graph';
import { toDot, toMermaid } from './graph-output';
import { Environment, ReviewError, checkoutRef, loadEnvironments } from './load';
import { capacityReport } from './report';
import { reportDiffText, reportJson, reportMarkdown, reportText, reportVerdict } from './report-output';

// `cdk8s-patterns diff | graph | report`: review what a change does, offline,
// from the synthesized manifests. Bad input is one line on stderr and exit 2.

/** Usage lines of the review commands, for `cdk8s-patterns --help`. */
export const REVIEW_SYNOPSIS = `       cdk8s-patterns diff <old folder or git ref> <new folder> [--format table|markdown|json] [--fail-on <class>] [--env <name>]
       cdk8s-patterns graph <folder> [--format mermaid|dot] [--namespace <ns>] [--env <name>]
       cdk8s-patterns report <folder> [--format table|markdown|json] [--diff <old folder or git ref>] [--nodes <n>] [--namespace <ns>] [--env <name>]`;

/** What the review commands do, for `cdk8s-patterns --help`. */
export const REVIEW_HELP = `diff    matches objects by API group, kind, namespace and name and classifies every change,
        most severe first: ${CLASSES.join(', ')}.
        A git ref as <old> reads <new folder> as committed at that ref.
        exit code: 0 no change, else by the most severe class: data-at-risk 9, fails-to-apply 8,
        pods-restart 7, traffic-moves 6, access-widened 5, added-removed 4, other 3;
        with --fail-on <class>: 1 when a change is that severe or worse, else 0. 2: bad input
graph   namespaces, workloads, Services, Ingresses/routes, volume claims, and the traffic the
        NetworkPolicies allow (bold) or deny (dashed); Mermaid (default) or Graphviz DOT
report  per-pod requests/limits (cpu, memory, ephemeral-storage), replicas (HPA range), rollout
        peaks and volume claims per workload, and per namespace against its ResourceQuota;
        exit 1 when a rollout peak from the minimum replicas exceeds a quota (at the HPA maximum: warn)
A folder of folders (dist/dev, dist/prod) is read as one environment per folder; --env picks one.
`;

/** Where the review commands write. */
export interface ReviewOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processOutput: ReviewOutput = {
  stdout: t => process.stdout.write(t),
  stderr: t => process.stderr.write(t),
};

/** The commands this module runs. */
export const REVIEW_COMMANDS = ['diff', 'graph', 'report'];

interface Parsed { readonly positional: string[]; readonly options: { [name: string]: string } }

const OPTIONS: { [command: string]: string[] } = {
  diff: ['format', 'fail-on', 'env'],
  graph: ['format', 'namespace', 'env'],
  report: ['format', 'diff', 'nodes', 'namespace', 'env'],
};

/** Runs `diff`, `graph` or `report` with `argv` (command first); returns the exit code. */
export function runReview(argv: string[], out: ReviewOutput = processOutput, cwd: string = process.cwd()): number {
  const cleanup: string[] = [];
  try {
    const [command, ...rest] = argv;
    const args = parse(command, rest);
    if (command === 'diff') return diff(args, out, cwd, cleanup);
    if (command === 'graph') return graph(args, out, cwd);
    if (command === 'report') return report(args, out, cwd, cleanup);
    throw new ReviewError(`unknown command "${command}": use ${REVIEW_COMMANDS.join(', ')}`);
  } catch (e: any) {
    const message = e instanceof ReviewError ? e.message : `unexpected error: ${String(e?.message ?? e).split('\n')[0]}`;
    out.stderr(`cdk8s-patterns: ${message}\n`);
    return 2;
  } finally {
    for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
  }
}

function parse(command: string, rest: string[]): Parsed {
  const allowed = OPTIONS[command] ?? [];
  const positional: string[] = [];
  const options: { [name: string]: string } = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (!allowed.includes(name)) throw new ReviewError(`unknown option "${a}" for ${command}: use ${allowed.map(o => `--${o}`).join(', ')}`);
    const value = eq < 0 ? rest[++i] : a.slice(eq + 1);
    if (value === undefined || value === '') throw new ReviewError(`--${name} needs a value`);
    options[name] = value;
  }
  return { positional, options };
}

function format(args: Parsed, allowed: string[]): string {
  const f = args.options.format ?? allowed[0];
  if (!allowed.includes(f)) throw new ReviewError(`unknown --format "${f}": use ${allowed.join(', ')}`);
  return f;
}

function positionals(args: Parsed, names: string[], command: string): string[] {
  if (args.positional.length !== names.length) {
    throw new ReviewError(`${command} takes ${names.join(' and ')}, got ${args.positional.length ? args.positional.map(p => `"${p}"`).join(' ') : 'nothing'}`);
  }
  return args.positional;
}

/** A folder, or the new folder as committed at git ref `old`. */
function oldSide(old: string, current: string, cwd: string, env: string | undefined, cleanup: string[]): Environment[] {
  if (fs.existsSync(path.resolve(cwd, old))) return loadEnvironments(old, cwd, env);
  const tmp = checkoutRef(old, current, cwd);
  cleanup.push(tmp);
  return loadEnvironments(tmp, cwd, env);
}

function diff(args: Parsed, out: ReviewOutput, cwd: string, cleanup: string[]): number {
  const [oldDir, newDir] = positionals(args, ['OLD', 'NEW'], 'diff');
  const f = format(args, ['table', 'markdown', 'json']);
  const failOn = args.options['fail-on'];
  if (failOn !== undefined && !isClass(failOn)) throw new ReviewError(`unknown --fail-on class "${failOn}": use one of ${CLASSES.join(', ')}`);
  const after = loadEnvironments(newDir, cwd, args.options.env);
  const before = oldSide(oldDir, newDir, cwd, args.options.env, cleanup);
  const changes = diffEnvironments(before, after);
  out.stdout(f === 'json' ? diffJson(changes, failOn as ChangeClass | undefined) : f === 'markdown' ? diffMarkdown(changes) : diffText(changes));
  return diffExitCode(changes, failOn as ChangeClass | undefined);
}

function graph(args: Parsed, out: ReviewOutput, cwd: string): number {
  const [dir] = positionals(args, ['DIR'], 'graph');
  const f = format(args, ['mermaid', 'dot']);
  const envs = loadEnvironments(dir, cwd, args.options.env);
  if (envs.length > 1) throw new ReviewError(`"${dir}" holds environments ${envs.map(e => e.name).join(', ')}: pick one with --env`);
  const ns = args.options.namespace;
  if (ns !== undefined && !envs[0].objects.some(o => o.obj.metadata?.namespace === ns || (o.obj.kind === 'Namespace' && o.obj.metadata.name === ns))) {
    throw new ReviewError(`no objects in namespace "${ns}" in "${dir}": check the name`);
  }
  const t = topology(envs[0].objects, ns);
  out.stdout(f === 'dot' ? toDot(t) : toMermaid(t));
  return 0;
}

function report(args: Parsed, out: ReviewOutput, cwd: string, cleanup: string[]): number {
  const [dir] = positionals(args, ['DIR'], 'report');
  const f = format(args, ['table', 'markdown', 'json']);
  const nodes = args.options.nodes === undefined ? undefined : Number(args.options.nodes);
  if (nodes !== undefined && !(Number.isInteger(nodes) && nodes > 0)) throw new ReviewError(`--nodes "${args.options.nodes}" is not a whole number of nodes: use one such as --nodes 3`);
  const keep = (envs: Environment[]) => (args.options.namespace === undefined ? envs
    : envs.map(e => ({ name: e.name, objects: e.objects.filter(o => o.obj.metadata?.namespace === args.options.namespace) })));
  const after = capacityReport(keep(loadEnvironments(dir, cwd, args.options.env)), nodes);
  const before = args.options.diff === undefined ? undefined
    : capacityReport(keep(oldSide(args.options.diff, dir, cwd, args.options.env, cleanup)), nodes);
  if (f === 'json') out.stdout(reportJson(after, before));
  else out.stdout(f === 'markdown' ? reportMarkdown(after) : reportText(after));
  if (before && f !== 'json') out.stdout(`\n${reportDiffText(before, after, f === 'markdown')}`);
  return reportVerdict(after).fail ? 1 : 0;
}
