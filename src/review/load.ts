import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { environmentFolders, loadManifests } from '../policy/load';

// The review commands read a folder of manifests: one environment, or a folder
// of folders (dist/dev, dist/prod) where each sub-folder is an environment. Every
// problem is a ReviewError: one line for the user, exit 2, never a stack trace.

/** Bad input for a review command: printed as one line, exit code 2. */
export class ReviewError extends Error {}

/** A Kubernetes object with where it came from. */
export interface ManifestObject {
  /** The object as parsed. */
  readonly obj: any;
  /** "file#document" relative to the folder read. */
  readonly source: string;
  /** The environment (sub-folder name), or "" when the folder holds manifests directly. */
  readonly env: string;
}

/** One environment's objects. */
export interface Environment {
  /** Sub-folder name, or "" for a flat folder. */
  readonly name: string;
  /** Every object, in file then document order. */
  readonly objects: ManifestObject[];
}

/** apiVersion group ("" for core), kind, namespace and name: what matches an object across two versions. */
export function identityOf(obj: any): string {
  return `${groupOf(obj.apiVersion)}/${obj.kind}/${obj.metadata?.namespace ?? ''}/${obj.metadata?.name}`;
}

/** "Deployment shop/storefront", "ClusterRole log-shipper": how an object is named to people. */
export function labelOf(obj: any): string {
  const ns = obj.metadata?.namespace;
  return `${obj.kind} ${ns ? `${ns}/` : ''}${obj.metadata?.name}`;
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * Reads `dir` (relative to `cwd`): a folder of manifests, or a folder of
 * environment folders. `env` keeps one environment.
 */
export function loadEnvironments(dir: string, cwd: string, env?: string): Environment[] {
  const root = path.resolve(cwd, dir);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch {
    throw new ReviewError(`folder "${dir}" does not exist: give the folder of synthesized manifests, such as dist/`);
  }
  if (!stat.isDirectory()) throw new ReviewError(`"${dir}" is not a folder: give the folder of synthesized manifests, such as dist/`);
  readDir(root, dir); // an unreadable folder is one line here, not an empty environment list
  const subfolders = environmentFolders(root);
  const envs = subfolders
    ? subfolders.map(n => ({ name: n, folder: path.join(root, n) }))
    : [{ name: '', folder: root }];
  let chosen = envs;
  if (env !== undefined) {
    chosen = envs.filter(e => e.name === env);
    if (chosen.length === 0) {
      const known = envs.map(e => e.name).filter(Boolean);
      throw new ReviewError(`no environment "${env}" in "${dir}": ${known.length ? `choose one of ${known.join(', ')}` : 'it has no environment sub-folders; leave out --env'}`);
    }
  }
  const out = chosen.map(e => ({ name: e.name, objects: readObjects(e.folder, root, e.name) }));
  if (out.every(e => e.objects.length === 0)) throw new ReviewError(`"${dir}" holds no Kubernetes manifests (*.yaml, *.yml, *.json): synthesize first (npm run synth)`);
  return out;
}

function readDir(folder: string, shown: string): string[] {
  try {
    return fs.readdirSync(folder).sort();
  } catch (e: any) {
    throw new ReviewError(`cannot read folder "${shown}" (${e.code ?? e.message}): check it exists and is readable`);
  }
}

function readObjects(folder: string, root: string, env: string): ManifestObject[] {
  let loaded;
  try {
    loaded = loadManifests([folder], root);
  } catch (e: any) {
    throw new ReviewError(`cannot read "${e.path ? path.relative(root, e.path) || e.path : folder}" (${e.code ?? e.message}): check it is readable`);
  }
  const problem = loaded.problems[0];
  if (problem) throw new ReviewError(`${problem.path} ${problem.message}: fix or remove the file`);
  const out: ManifestObject[] = [];
  const seen = new Map<string, string>();
  for (const e of loaded.entries) {
    const o = e.obj;
    const missing = !o || typeof o !== 'object' || Array.isArray(o) ? 'not an object'
      : typeof o.apiVersion !== 'string' || !o.apiVersion ? 'no apiVersion'
        : typeof o.kind !== 'string' || !o.kind ? 'no kind'
          : typeof o.metadata?.name !== 'string' || !o.metadata.name ? 'no metadata.name' : undefined;
    if (missing) throw new ReviewError(`${e.path} is not a Kubernetes object (${missing}): every document needs apiVersion, kind and metadata.name`);
    const id = identityOf(o);
    const first = seen.get(id);
    if (first) throw new ReviewError(`${first} and ${e.path} are both ${labelOf(o)}: keep one, or the comparison cannot tell them apart`);
    seen.set(id, e.path);
    out.push({ obj: o, source: e.path, env });
  }
  return out;
}

/**
 * The folder `dir` (relative to `cwd`) as it was at git `ref`, copied into a
 * temporary folder; the caller removes it.
 */
export function checkoutRef(ref: string, dir: string, cwd: string): string {
  const git = (args: string[], at: string = cwd) => execFileSync('git', args, { cwd: at, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 512 * 2 ** 20 });
  const folder = path.resolve(cwd, dir);
  let top: string;
  try {
    top = git(['rev-parse', '--show-toplevel'], fs.existsSync(folder) ? folder : cwd).trim();
  } catch {
    throw new ReviewError(`"${ref}" is not a folder, and "${dir}" is not in a git repository to read it from`);
  }
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new ReviewError(`"${ref}" is neither a folder nor a git commit, branch or tag: give an existing folder or a ref such as origin/main`);
  }
  const inRepo = path.relative(fs.realpathSync(top), fs.existsSync(folder) ? fs.realpathSync(folder) : folder).split(path.sep).join('/');
  const files = git(['ls-tree', '-r', '--name-only', ref, '--', inRepo || '.'], top).split('\n').filter(Boolean);
  if (files.length === 0) throw new ReviewError(`"${inRepo}" does not exist at ${ref}: nothing to compare with`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-'));
  for (const f of files) {
    const rel = inRepo ? path.posix.relative(inRepo, f) : f;
    const target = path.join(tmp, ...rel.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, execFileSync('git', ['show', `${ref}:${f}`], { cwd: top, maxBuffer: 512 * 2 ** 20, stdio: ['ignore', 'pipe', 'pipe'] }));
  }
  return tmp;
}
