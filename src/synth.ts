import * as fs from 'fs';
import * as path from 'path';
import { App, Yaml } from 'cdk8s';

/** Thrown when a synth finds errors; `errors` lists every one. */
export class SynthError extends Error {
  constructor(public readonly errors: string[]) {
    super(`synth failed with ${errors.length} error${errors.length === 1 ? '' : 's'}:\n${errors.map(e => `  ${e}`).join('\n')}`);
    this.name = 'SynthError';
  }
}

/** A synthesized manifest file: its name and the objects in it, in order. */
export interface ManifestFile {
  /** File name relative to the output folder. */
  readonly fileName: string;
  /** The Kubernetes objects. */
  readonly objects: any[];
}

/**
 * Validates the app and renders every chart, without writing anything.
 * Every construct's validation errors are collected and thrown together.
 */
export function render(app: App): ManifestFile[] {
  const errors: string[] = [];
  for (const c of app.node.findAll()) {
    for (const message of c.node.validate()) errors.push(`[${c.node.path}] ${message}`);
  }
  if (errors.length) throw new SynthError(errors);
  const charts = app.charts;
  const indexed = charts.some(c => c.node.dependencies.length > 0);
  return charts.map((chart, i) => ({
    fileName: `${indexed ? `${String(i).padStart(4, '0')}-` : ''}${chart.node.id}${app.outputFileExtension}`,
    objects: chart.toJson(),
  }));
}

/**
 * Synthesizes the app into `app.outdir` all or nothing: the manifests are
 * written to a temporary folder beside it and swapped in only when every
 * check passed, so a failing synth leaves the previous output untouched.
 */
export function synthesize(app: App): ManifestFile[] {
  const files = render(app);
  const outdir = path.resolve(app.outdir);
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  const staging = fs.mkdtempSync(`${outdir}.staging-`);
  try {
    for (const f of files) fs.writeFileSync(path.join(staging, f.fileName), Yaml.stringify(...f.objects));
    const previous = `${outdir}.previous-${process.pid}`;
    if (fs.existsSync(outdir)) fs.renameSync(outdir, previous);
    fs.renameSync(staging, outdir);
    fs.rmSync(previous, { recursive: true, force: true });
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return files;
}

/**
 * Runs `synthesize` for a command-line app: on failure prints every error
 * (no stack trace) and sets a non-zero exit code.
 */
export function synthesizeOrExit(app: App): void {
  try {
    const files = synthesize(app);
    const count = files.reduce((n, f) => n + f.objects.length, 0);
    process.stdout.write(`synthesized ${count} objects into ${app.outdir}/ (${files.map(f => f.fileName).join(', ')})\n`);
  } catch (e) {
    if (!(e instanceof SynthError)) throw e;
    process.stderr.write(`${e.message}\nnothing was written: ${app.outdir}/ is unchanged\n`);
    process.exitCode = 1;
  }
}
