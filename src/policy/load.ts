import * as fs from 'fs';
import * as path from 'path';
import type { Document } from 'yaml';
import { CheckedObject } from './engine';
import { Finding, Severity } from './rule';
import { KUBECTL_YAML } from '../private/kubectl-yaml';

/** Manifests read from disk, each object with "file#document" as its path. */
export interface LoadedManifests {
  /** Every object, in file then document order; `kind: List` items are unpacked. */
  readonly entries: CheckedObject[];
  /** Files read. */
  readonly files: string[];
  /** Files that could not be parsed (rule "schema"). */
  readonly problems: Finding[];
}

/** Largest manifest file the check command reads (bytes). */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;
/** Largest total of all files one check command reads (bytes). */
export const MAX_TOTAL_BYTES = 128 * 1024 * 1024;
/**
 * Alias expansions allowed per document: hundreds of `<<: *defaults` pass; a
 * "billion laughs" document, whose aliases multiply, is refused.
 */
export const MAX_ALIAS_COUNT = 10_000;

/**
 * Input the check command cannot read: a missing, unreadable or special file,
 * a symbolic link loop, a file above the size limits or a YAML alias bomb.
 * The message is one line, naming the file; the command exits 2.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

const MANIFEST = /\.(ya?ml|json)$/i;
const MB = 1024 * 1024;

/**
 * Reads every *.yaml, *.yml and *.json file under the given folders (or the
 * given files), in sorted order, skipping hidden folders and node_modules.
 * YAML is read as kubectl reads it (YAML 1.1 scalars: `yes` is a boolean).
 * Paths in findings are relative to `base`. Throws an InputError for input
 * that cannot be read.
 */
export function loadManifests(targets: string[], base: string = process.cwd()): LoadedManifests {
  const show = (file: string) => path.relative(base, file) || path.basename(file);
  const found: Found[] = [];
  for (const t of targets) collect(path.resolve(base, t), found, new Set(), show);
  const files = sized(onceEach(found), show);

  const entries: CheckedObject[] = [];
  const problems: Finding[] = [];
  const restoreEnv = plainEnv();
  try {
    for (const file of files) readManifestFile(file, show(file), entries, problems);
  } finally {
    restoreEnv();
  }
  return { entries, files, problems };
}

/** Adds the objects of one file to `entries`, and its YAML errors to `problems`. */
function readManifestFile(file: string, where: string, entries: CheckedObject[], problems: Finding[]): void {
  let n = 0;
  for (const doc of parseDocuments(read(file, where), where)) {
    const at = `${where}#${++n}`;
    const converted = doc.errors.length ? { error: doc.errors[0].message } : toJS(doc, at);
    if ('error' in converted) {
      problems.push({ rule: 'schema', severity: Severity.ERROR, path: at, object: '(unparsed)', message: `is not valid YAML or JSON: ${converted.error.split('\n')[0]}` });
      continue;
    }
    const value = converted.value;
    if (value === null || value === undefined) continue; // an empty document, such as a trailing "---"
    for (const item of unpack(value, at)) entries.push(item);
  }
}

/**
 * The yaml parser reads `process.env.LOG_TOKENS` once per token, and each read
 * of the real `process.env` is a call into the C++ environment: a third of the
 * parse time (10 MB: 7.7 s before, 5.0 s after). A plain copy stands in while
 * parsing; the parse is synchronous, so nothing else sees it.
 */
function plainEnv(): () => void {
  const real = process.env;
  process.env = { ...real };
  return () => {
    process.env = real;
  };
}

interface Found {
  readonly file: string;
  readonly size: number;
}

/** A file reached twice (given twice, or through a link) is read once, under the path it was first reached by. */
function onceEach(found: Found[]): Found[] {
  const seen = new Set<string>();
  return found.filter(f => {
    const real = fs.realpathSync(f.file);
    return !seen.has(real) && !!seen.add(real);
  });
}

/** Walks a target; `ancestors` holds the real paths of the folders above, to stop at link loops. */
function collect(target: string, out: Found[], ancestors: Set<string>, show: (file: string) => string): void {
  const stat = statOf(target, show);
  if (stat.isFile()) {
    out.push({ file: target, size: stat.size });
    return;
  }
  if (!stat.isDirectory()) throw new InputError(`${show(target)} is not a regular file or folder (a FIFO, socket or device): give manifest files or folders`);
  const real = fs.realpathSync(target);
  if (ancestors.has(real)) throw new InputError(`${show(target)} is a symbolic link loop (it leads back to ${show(real)}): remove the link or check a folder without it`);
  const inside = new Set(ancestors).add(real);
  for (const name of readdir(target, show)) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const full = path.join(target, name);
    if (MANIFEST.test(name) || isFolder(full)) collect(full, out, inside, show);
  }
}

/**
 * The environments of `folder` when it is a folder of environments
 * (`dist/staging/`, `dist/production/`): it holds no manifest file itself, only
 * sub-folders (hidden ones and node_modules aside); their names, sorted.
 * Otherwise (a flat folder, a file, or nothing readable) undefined. Each
 * environment is read and checked on its own: their objects never meet.
 */
export function environmentFolders(folder: string): string[] | undefined {
  let names: string[];
  try {
    names = fs.readdirSync(folder).sort();
  } catch {
    return undefined;
  }
  if (names.some(n => MANIFEST.test(n) && !isFolder(path.join(folder, n)))) return undefined;
  const subfolders = names.filter(n => !n.startsWith('.') && n !== 'node_modules' && isFolder(path.join(folder, n)));
  return subfolders.length ? subfolders : undefined;
}

/**
 * `entries` (paths relative to `base`) split by environment: the objects of each
 * environment of a folder of environments among `folders` on their own,
 * everything else together, so one environment's Deployment is never matched
 * with another's HPA.
 */
export function byEnvironment(entries: readonly CheckedObject[], folders: readonly string[], base: string): CheckedObject[][] {
  const prefixes = folders.flatMap(f => (environmentFolders(path.resolve(base, f)) ?? [])
    .map(env => `${path.relative(base, path.resolve(base, f, env)) || env}${path.sep}`));
  const groups = new Map<string, CheckedObject[]>([['', []], ...prefixes.map(p => [p, []] as [string, CheckedObject[]])]);
  for (const e of entries) groups.get(prefixes.find(p => e.path.startsWith(p)) ?? '')!.push(e);
  return [...groups.values()];
}

/** Other entries (README.md, a dangling link named "notes") are not ours to judge. */
function isFolder(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function statOf(file: string, show: (file: string) => string): fs.Stats {
  try {
    return fs.statSync(file);
  } catch (e) {
    const link = fs.lstatSync(file, { throwIfNoEntry: false });
    if (link?.isSymbolicLink()) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new InputError(code === 'ELOOP'
        ? `${show(file)} is a symbolic link loop: point it at a file or remove it`
        : `${show(file)} is a dangling symbolic link (to ${fs.readlinkSync(file)}): point it at a file or remove it`);
    }
    throw new InputError(`cannot read ${show(file)}: ${reason(e)}`);
  }
}

function readdir(folder: string, show: (file: string) => string): string[] {
  try {
    return fs.readdirSync(folder).sort();
  } catch (e) {
    throw new InputError(`cannot read folder ${show(folder)}: ${reason(e)}`);
  }
}

/** Refuses input above the size limits before anything is read. */
function sized(found: Found[], show: (file: string) => string): string[] {
  let total = 0;
  for (const { file, size } of found) {
    if (size > MAX_FILE_BYTES) throw new InputError(`${show(file)} is ${(size / MB).toFixed(1)} MB, above the limit of ${MAX_FILE_BYTES / MB} MB per file: split it`);
    total += size;
  }
  if (total > MAX_TOTAL_BYTES) throw new InputError(`the ${found.length} files add up to ${(total / MB).toFixed(1)} MB, above the limit of ${MAX_TOTAL_BYTES / MB} MB per run: check the folders in several runs`);
  return found.map(f => f.file);
}

function read(file: string, where: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${where}: ${reason(e)}`);
  }
  // the file grew after it was measured
  if (text.length > MAX_FILE_BYTES) throw new InputError(`${where} is above the limit of ${MAX_FILE_BYTES / MB} MB per file: split it`);
  return text;
}

/** One document at a time, so a large file never holds every syntax tree at once. */
function* parseDocuments(text: string, where: string) {
  try {
    // the YAML parser is loaded here, when a check reads files, not when the package is imported
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Composer, Parser }: typeof import('yaml') = require('yaml');
    yield* new Composer(KUBECTL_YAML).compose(new Parser().parse(text), true, text.length);
  } catch (e) {
    // the parser recurses per nesting level: thousands of "[[[[" overflow the stack
    throw new InputError(`cannot parse ${where}: ${reason(e)}`);
  }
}

/** The document as plain JSON; an error message when it cannot be expanded. */
function toJS(doc: Document, at: string): { value: unknown } | { error: string } {
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (e) {
    const message = reason(e);
    if (/excessive alias count/i.test(message)) {
      throw new InputError(`${at} expands YAML aliases more than ${MAX_ALIAS_COUNT} times (an alias bomb?): write the values out`);
    }
    return { error: message };
  }
}

/** One line about a failed file operation ("permission denied"), without the stack or the path. */
function reason(e: unknown): string {
  const message = String((e as Error)?.message ?? e).split('\n')[0];
  return message.replace(/^E[A-Z]+: /, '').replace(/, \w+(?: '[^']*')*(?: -> '[^']*')?$/, '');
}

/** A document is one object, a `kind: List` (or a JSON array) of objects. */
function unpack(value: any, at: string): CheckedObject[] {
  if (Array.isArray(value)) return value.map((obj, i) => ({ obj, path: `${at}[${i}]` }));
  if (value && typeof value === 'object' && typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
    return value.items.map((obj: any, i: number) => ({ obj, path: `${at}.items[${i}]` }));
  }
  return [{ obj: value, path: at }];
}
