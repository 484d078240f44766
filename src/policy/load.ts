import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { CheckedObject } from './engine';
import { Finding, Severity } from './rule';

/** Manifests read from disk, each object with "file#document" as its path. */
export interface LoadedManifests {
  /** Every object, in file then document order; `kind: List` items are unpacked. */
  readonly entries: CheckedObject[];
  /** Files read. */
  readonly files: string[];
  /** Files that could not be parsed (rule "schema"). */
  readonly problems: Finding[];
}

const MANIFEST = /\.(ya?ml|json)$/i;

/**
 * Reads every *.yaml, *.yml and *.json file under the given folders (or the
 * given files), in sorted order, skipping hidden folders and node_modules.
 * Paths in findings are relative to `base`.
 */
export function loadManifests(targets: string[], base: string = process.cwd()): LoadedManifests {
  const files: string[] = [];
  for (const t of targets) collect(path.resolve(base, t), files);
  const unique = [...new Set(files)];
  const entries: CheckedObject[] = [];
  const problems: Finding[] = [];
  for (const file of unique) {
    const where = path.relative(base, file) || path.basename(file);
    const text = fs.readFileSync(file, 'utf8');
    const docs = parseAllDocuments(text, { prettyErrors: false });
    const list = Array.isArray(docs) ? docs : [docs];
    list.forEach((doc, i) => {
      const at = `${where}#${i + 1}`;
      const error = doc.errors?.[0];
      if (error) {
        problems.push({ rule: 'schema', severity: Severity.ERROR, path: at, object: '(unparsed)', message: `is not valid YAML or JSON: ${error.message.split('\n')[0]}` });
        return;
      }
      const value = doc.toJS({ maxAliasCount: 100 });
      if (value === null || value === undefined) return; // an empty document, such as a trailing "---"
      for (const item of unpack(value, at)) entries.push(item);
    });
  }
  return { entries, files: unique, problems };
}

function collect(target: string, out: string[]): void {
  const stat = fs.statSync(target);
  if (stat.isFile()) {
    out.push(target);
    return;
  }
  for (const name of fs.readdirSync(target).sort()) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const full = path.join(target, name);
    const s = fs.statSync(full);
    if (s.isDirectory()) collect(full, out);
    else if (s.isFile() && MANIFEST.test(name)) out.push(full);
  }
}

/** A document is one object, a `kind: List` (or a JSON array) of objects. */
function unpack(value: any, at: string): CheckedObject[] {
  if (Array.isArray(value)) return value.map((obj, i) => ({ obj, path: `${at}[${i}]` }));
  if (value && typeof value === 'object' && typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) {
    return value.items.map((obj: any, i: number) => ({ obj, path: `${at}.items[${i}]` }));
  }
  return [{ obj: value, path: at }];
}
