import * as fs from 'fs';
import * as path from 'path';
import type { ValidateFunction } from 'ajv';
import { FORMAT_HINTS } from '../private/k8s-formats';
import { ownFile } from '../private/manifest';

// Strict validation against the Kubernetes 1.28 OpenAPI definitions and the
// CRD schemas of crds/, made strict (unknown fields are errors, as with
// `kubeconform -strict`) by src/policy/schema-source.ts. The validators are
// Ajv standalone code compiled at build time (scripts/gen-validators.ts) into
// validators/ beside this module (`ownFile` finds them from lib/bundle.js too):
// one module per kind (one for all the kinds with a pod template), loaded when
// a kind is first validated, so importing the package costs nothing and a
// synth compiles nothing.

const VALIDATORS_DIR = ownFile(path.join('src', 'policy', 'validators'));
const INDEX_FILE = path.join(VALIDATORS_DIR, 'index.json');

interface ValidatorIndex {
  /** "apps/v1/Deployment" to the module exporting its validator under that key */
  readonly core: { [key: string]: string };
  /** "argoproj.io/v1alpha1/Rollout" to the module whose export is its validator */
  readonly crds: { [key: string]: string };
}

let index: ValidatorIndex | undefined;
const validators = new Map<string, ValidateFunction | undefined>();

function validatorIndex(): ValidatorIndex {
  index ??= JSON.parse(readData(INDEX_FILE));
  return index!;
}

/** A file shipped beside this module; a broken install gets one line saying what to do, not an ENOENT trace. */
function readData(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw missing(file);
  }
}

function missing(file: string): Error {
  return new Error(`cdk8s-patterns: the schema data file ${file} is missing from the installed package: reinstall cdk8s-patterns (in a checkout of cdk8s-patterns, run \`npx projen gen:validators\`)`);
}

/** True when the 1.28 API has a definition for this apiVersion and kind. */
export function isKnownKind(apiVersion: string, kind: string): boolean {
  return Object.prototype.hasOwnProperty.call(validatorIndex().core, `${apiVersion}/${kind}`);
}

let builtInGroups: Set<string> | undefined;

/** The API group of an apiVersion: "apps" for "apps/v1", "" (the core group) for "v1". */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * True when the apiVersion is in an API group Kubernetes 1.28 serves itself
 * (the core group, apps, batch, networking.k8s.io, ...), not a CRD's group:
 * an unknown kind there is a typo the API server rejects.
 */
export function isBuiltInGroup(apiVersion: string): boolean {
  // keys are "v1/Pod" and "apps/v1/Deployment": the apiVersion is all but the kind
  builtInGroups ??= new Set(Object.keys(validatorIndex().core).map(key => groupOf(key.slice(0, key.lastIndexOf('/')))));
  return builtInGroups.has(groupOf(apiVersion));
}

/** The 1.28 kinds of an apiVersion ("apps/v1": ControllerRevision, DaemonSet, ...), sorted. */
export function kindsOf(apiVersion: string): string[] {
  const prefix = `${apiVersion}/`;
  return Object.keys(validatorIndex().core).filter(k => k.startsWith(prefix) && !k.slice(prefix.length).includes('/')).map(k => k.slice(prefix.length)).sort();
}

/** True when a CRD in imports/ (Argo Rollouts, Prometheus Operator) defines this apiVersion and kind. */
export function isKnownCustomKind(apiVersion: string, kind: string): boolean {
  return Object.prototype.hasOwnProperty.call(validatorIndex().crds, `${apiVersion}/${kind}`);
}

/**
 * Validates one object against the strict Kubernetes 1.28 schema, or against
 * its CRD's schema for the custom kinds in imports/. Returns readable problems
 * ("spec.template.spec.containers[0]: unknown field "imagePullPolicyy""), or
 * undefined when the kind is neither a 1.28 core kind nor a known custom kind.
 */
export function validateSchema(obj: any): string[] | undefined {
  const validate = validatorFor(`${obj?.apiVersion}/${obj?.kind}`);
  if (!validate) return undefined;
  if (validate(obj)) return [];
  const problems = new Set<string>();
  const alternatives: string[] = [];
  for (const e of validate.errors ?? []) {
    const where = e.instancePath.replace(/^\//, '').replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.') || '(root)';
    if (e.keyword === 'additionalProperties') {
      problems.add(`${where}: unknown field "${(e.params as any).additionalProperty}"`);
    } else if (e.keyword === 'oneOf' || e.keyword === 'anyOf') {
      // the branch errors say more; a oneOf that more than one branch matches has none
      alternatives.push(`${where}: ${e.message}`);
    } else if (e.keyword === 'type' && (e.params as any).type === 'string' && typeof valueAt(obj, e.instancePath) !== 'object') {
      // kubectl reads YAML 1.1: unquoted yes, off, 0777 or 1e3 are not strings
      problems.add(`${where}: must be a string, not the ${typeof valueAt(obj, e.instancePath)} ${JSON.stringify(valueAt(obj, e.instancePath))}: quote the value in YAML (kubectl reads an unquoted yes, on, y, 0777 or 1e3 as a boolean or number)`);
    } else if (e.keyword === 'format') {
      const format = (e.params as any).format;
      problems.add(`${where}: ${JSON.stringify(valueAt(obj, e.instancePath))} is not ${FORMAT_HINTS[format] ?? `a valid ${format}`}`);
    } else {
      problems.add(`${where}: ${e.message}`);
    }
  }
  return problems.size ? [...problems] : alternatives;
}

/** The value at an Ajv instance path ("/spec/replicas"). */
function valueAt(obj: any, instancePath: string): unknown {
  let value = obj;
  for (const key of instancePath.split('/').slice(1)) value = value?.[key.replace(/~1/g, '/').replace(/~0/g, '~')];
  return value;
}

function validatorFor(key: string): ValidateFunction | undefined {
  if (validators.has(key)) return validators.get(key);
  const { core, crds } = validatorIndex();
  const has = (o: object) => Object.prototype.hasOwnProperty.call(o, key);
  const validate = has(core) ? loadModule(core[key])[key] : has(crds) ? loadModule(crds[key]) : undefined;
  validators.set(key, validate);
  return validate;
}

function loadModule(file: string): any {
  const full = path.join(VALIDATORS_DIR, file);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(full);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && !fs.existsSync(full)) throw missing(full);
    throw e;
  }
}
