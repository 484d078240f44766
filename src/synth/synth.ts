import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Environments } from '../platform/environments';
import { annotateSyncWaves } from '../platform/gitops';
import type { CheckedObject, PolicyOptions } from '../policy/engine';
import { policyEngine } from '../policy/engine-loader';
import { countLine, errorsOf, formatFinding, formatTable, warningsOf } from '../policy/report';
import { Finding, Severity } from '../policy/rule';
import { OutputBusyError, replaceDir } from '../private/output-dir';
import { SynthError } from '../private/synth-error';
import { onProblemsCreated, show } from '../private/validate';
import { stringifyYaml, YamlValueError } from '../private/yaml-writer';

export { SynthError } from '../private/synth-error';

/** A synthesized manifest file: its name and the objects in it, in order. */
export interface ManifestFile {
  /** File name relative to the output folder. */
  readonly fileName: string;
  /** The Kubernetes objects. */
  readonly objects: any[];
}

/** The rendered files and everything the checks found, errors included. */
export interface RenderReport {
  /** One file per chart (empty objects when the props of a chart are wrong). */
  readonly files: ManifestFile[];
  /** Prop errors (rule "props"), then rule and schema findings, each with its construct path. */
  readonly findings: Finding[];
}

/**
 * Validates the app and renders every chart, without writing or throwing:
 * construct prop errors (rule "props"), then the output rules and the strict
 * schema over every object of every chart, each finding with the construct
 * path of its object. Objects under a construct whose props are wrong are not
 * checked again (their prop errors already say what to fix). For
 * `Environments`, each environment's App on its own, its files named
 * `<environment>/<file>`.
 */
export function renderReport(app: App | Environments, options: PolicyOptions = {}): RenderReport {
  checkApp(app, 'renderReport');
  if (app instanceof Environments) return renderEnvironments(app, options);
  rendering++;
  try {
    return renderChecked(app, options);
  } finally {
    rendering--;
  }
}

function renderEnvironments(envs: Environments, options: PolicyOptions): RenderReport {
  const misfits: Finding[] = envs._problems.map(p => ({
    rule: 'props', severity: Severity.ERROR, path: 'Environments', object: '', message: `${p.prop} ${show(p.value)} ${p.problem}: ${p.fix}`,
  }));
  if (envs.environments.length === 0) {
    const message = 'environments is empty: give at least one, such as { name: "production" }';
    return { files: [], findings: [...misfits, { rule: 'props', severity: Severity.ERROR, path: 'Environments', object: '', message }] };
  }
  const reports = envs.environments.map(env => ({ env, report: renderReport(env.app, options) }));
  // the organisation defaults are every environment's, and each one's Platform.configure checks them:
  // a mistake in them is listed once, under the first environment
  const listed = new Set<string>();
  const once = (f: Finding): boolean => {
    if (f.rule !== 'props' || !f.message.startsWith('defaults.')) return true;
    if (listed.has(f.message)) return false;
    listed.add(f.message);
    return true;
  };
  return {
    files: reports.flatMap(({ env, report }) => report.files.map(f => ({ fileName: `${env.name}/${f.fileName}`, objects: f.objects }))),
    findings: [...misfits, ...reports.flatMap(({ report }) => report.findings).filter(once)],
  };
}

/** Set while a render runs: the app-level validation it triggers (through `node.validate()` and `chart.toJson()`) must not render again. */
let rendering = 0;

function renderChecked(app: App, options: PolicyOptions): RenderReport {
  const findings: Finding[] = [];
  const failing = new Set<string>();
  const constructs = app.node.findAll();
  for (const c of constructs) {
    for (const message of c.node.validate()) {
      findings.push({ rule: 'props', severity: Severity.ERROR, path: c.node.path, object: '', message });
      failing.add(c.node.path);
    }
  }
  // every object gets an Argo CD sync wave unless it (or a SyncWave.set) says otherwise
  annotateSyncWaves(constructs.filter((c): c is ApiObject => c instanceof ApiObject));
  const charts = chartsOf(app, constructs);
  const indexed = charts.some(c => c.node.dependencies.length > 0);
  const entries: CheckedObject[] = [];
  const skipped: CheckedObject[] = [];
  const files = charts.map((chart, i) => {
    const rendered = renderChart(chart, failing.size === 0, findings, i === 0);
    for (const r of rendered) (underFailing(r.path, failing) ? skipped : entries).push(r);
    return {
      fileName: `${indexed ? `${String(i).padStart(4, '0')}-` : ''}${chart.node.id}${app.outputFileExtension}`,
      objects: rendered.map(r => r.obj),
    };
  });
  const { evaluate, identityFindings } = policyEngine();
  findings.push(...evaluate(entries, options));
  // two objects of one identity are an error even when one of them has prop errors too
  if (skipped.length) findings.push(...identityFindings([...entries, ...skipped]).filter(f => underFailing(f.path, failing)));
  return { files, findings };
}

/**
 * `app.charts` (the charts in dependency order): that builds a dependency graph
 * of every construct in the app, which one chart does not need.
 */
function chartsOf(app: App, constructs: readonly IConstruct[]): Chart[] {
  const charts = constructs.filter((c): c is Chart => c instanceof Chart);
  return charts.length === 1 ? charts : app.charts;
}

/**
 * A chart's objects in output order, each with its construct path. An object
 * that cannot be rendered (a broken escape hatch, such as a JSON patch to a
 * path that does not exist) becomes a finding on its construct path, not a
 * stack trace.
 */
function renderChart(chart: Chart, valid: boolean, findings: Finding[], first: boolean): CheckedObject[] {
  // the order cdk8s's chart.toJson() gives: by dependencies within the chart
  const apiObjects = () => new DependencyGraph(chart.node).topology()
    .filter((x): x is ApiObject => ApiObject.isApiObject(x) && Chart.of(x) === chart);
  if (valid) {
    try {
      // Only the first chart goes through chart.toJson(), which resolves the
      // app's dependencies and validates the whole app; doing that per chart
      // made synth quadratic in the number of charts.
      const owners = apiObjects();
      const objects = first ? chart.toJson() : owners.map(o => o.toJson());
      return objects.map((obj, i) => ({ obj, path: owners.length === objects.length ? owners[i].node.path : chart.node.path }));
    } catch {
      // fall through: render object by object to say which one is broken
    }
  }
  const out: CheckedObject[] = [];
  for (const o of apiObjects()) {
    try {
      out.push({ obj: o.toJson(), path: o.node.path });
    } catch (e) {
      // with wrong props an object may not render; its prop errors already say why
      if (valid) {
        const cause = String((e as Error).message ?? e).split('\n')[0].replace(/^Failed serializing construct at path '[^']*' with name '[^']*': /, '');
        findings.push({
          rule: 'props',
          severity: Severity.ERROR,
          path: o.node.path,
          object: '',
          message: `cannot be rendered (${cause}): check the escape hatches of this object (addJsonPatch, raw ApiObject props)`,
        });
      }
    }
  }
  return out;
}

function underFailing(p: string, failing: Set<string>): boolean {
  if (failing.size === 0) return false;
  for (let at = p; at; at = at.slice(0, Math.max(0, at.lastIndexOf('/')))) if (failing.has(at)) return true;
  return false;
}

const ENFORCED = Symbol.for('cdk8s-patterns.enforcePolicy');

/**
 * Makes cdk8s's own synth paths — `app.synth()`, `app.synthYaml()`,
 * `chart.toJson()` and so `Testing.synth()` — run the output rules and the
 * strict schema over the whole app, besides the prop checks they already run:
 * they throw with the same complete error list as `synthesizeOrExit`, before
 * anything is written. Every construct of this library calls it for its app;
 * call it yourself for an app that only uses cdk8s-plus or plain ApiObjects.
 * Calling it again replaces the options.
 */
export function enforcePolicy(app: App, options: PolicyOptions = {}): void {
  checkApp(app, 'enforcePolicy', false);
  const holder = app as unknown as { [ENFORCED]?: { options: PolicyOptions } };
  const existing = holder[ENFORCED];
  if (existing) {
    existing.options = options;
    return;
  }
  const state = { options };
  holder[ENFORCED] = state;
  // A child of the app, so that cdk8s prefixes the errors with "[Policy]" rather than an empty path.
  new Construct(app, 'Policy').node.addValidation({
    validate: () => rendering
      ? []
      // prop errors are reported by their own constructs' validations
      : errorsOf(renderReport(app, state.options).findings).filter(f => f.rule !== 'props').map(formatFinding),
  });
}

onProblemsCreated(scope => {
  const root = scope.node.root;
  if (root instanceof App) enforcePolicy(root);
});

/**
 * Validates the app, renders every chart and runs the output rules and the
 * strict schema over every object, without writing anything. Every error
 * (prop, rule, schema) is collected and thrown together as a `SynthError`.
 */
export function render(app: App | Environments, options: PolicyOptions = {}): ManifestFile[] {
  checkApp(app, 'render');
  const report = renderReport(app, options);
  const errors = errorsOf(report.findings);
  if (errors.length) throw new SynthError(errors.map(formatFinding), report.findings);
  return report.files;
}

/**
 * Synthesizes the app into `app.outdir` all or nothing: the manifests are
 * written to a temporary folder beside it and swapped in only when every
 * check passed, so a failing synth leaves the previous output untouched.
 * `Environments` are written together: `<outdir>/<environment>/` for each.
 */
export function synthesize(app: App | Environments, options: PolicyOptions = {}): ManifestFile[] {
  checkApp(app, 'synthesize');
  const files = render(app, options);
  writeAll(app.outdir, files);
  return files;
}

/**
 * Writes every file's YAML (see src/private/yaml-writer.ts), then replaces the
 * output folder whole under its lock (src/private/output-dir.ts). A value YAML
 * cannot carry (NaN, Infinity) fails before anything is written.
 */
function writeAll(dir: string, files: ManifestFile[]): void {
  let texts: { fileName: string; text: string }[];
  try {
    texts = files.map(f => ({ fileName: f.fileName, text: stringifyYaml(...f.objects) }));
  } catch (e) {
    if (e instanceof YamlValueError) throw new SynthError([e.message]);
    throw e;
  }
  replaceDir(dir, texts);
}

/**
 * Runs `synthesize` for a command-line app: prints warnings as a table with
 * construct paths; on failure prints every error (no stack trace), writes
 * nothing and sets a non-zero exit code.
 */
export function synthesizeOrExit(app: App | Environments, options: PolicyOptions = {}): void {
  let report: RenderReport;
  try {
    checkApp(app, 'synthesizeOrExit');
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\nnothing was written\n`);
    process.exitCode = 1;
    return;
  }
  try {
    report = renderReport(app, options);
  } catch (e) {
    // a broken installation (a missing data file) is one line saying what to do
    if (!String((e as Error)?.message).startsWith('cdk8s-patterns: ')) throw e;
    process.stderr.write(`${(e as Error).message}\nnothing was written: ${app.outdir}/ is unchanged\n`);
    process.exitCode = 1;
    return;
  }
  const errors = errorsOf(report.findings);
  const warnings = warningsOf(report.findings);
  const warningTable = warnings.length ? `${warnings.length} warning${warnings.length === 1 ? '' : 's'}:\n${formatTable(warnings)}` : '';
  if (errors.length) {
    process.stderr.write(`${new SynthError(errors.map(formatFinding)).message}\n${warningTable}nothing was written: ${app.outdir}/ is unchanged\n`);
    process.exitCode = 1;
    return;
  }
  try {
    writeAll(app.outdir, report.files);
  } catch (e) {
    // replaceDir throws only before the swap: the previous output is still in place
    const message = e instanceof SynthError || e instanceof OutputBusyError ? e.message : `could not write ${app.outdir}/: ${(e as Error).message}`;
    process.stderr.write(`${message}\n${warningTable}nothing was written: ${app.outdir}/ is unchanged\n`);
    process.exitCode = 1;
    return;
  }
  const count = report.files.reduce((n, f) => n + f.objects.length, 0);
  process.stderr.write(warningTable);
  process.stdout.write(`synthesized ${count} objects into ${app.outdir}/ (${report.files.map(f => f.fileName).join(', ')}): ${countLine(report.findings)}\n`);
}

/** Throws a one-line SynthError unless `app` is an App or (where `call` takes them) Environments (a JavaScript caller may pass anything). */
function checkApp(app: unknown, call: string, orEnvironments = true): void {
  if (app instanceof App || (orEnvironments && app instanceof Environments)) return;
  throw new SynthError([`${call}(app): app ${show(app)} is not a cdk8s App${orEnvironments ? ' or Environments' : ''}: pass the App your charts are in, such as ${call}(app)`]);
}
