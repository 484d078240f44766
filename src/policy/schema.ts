import * as fs from 'fs';
import * as path from 'path';
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { FORMAT_HINTS, K8S_FORMATS, QUANTITY_FORMAT } from '../private/k8s-formats';

// Strict validation against the Kubernetes 1.28 OpenAPI definitions (the file
// `cdk8s import k8s@1.28` reads, shipped unmodified beside this module). It is
// made strict when loaded: every object schema that lists `properties` refuses
// unknown fields, as `kubeconform -strict` does. Validators are compiled lazily,
// once per kind, so importing the package costs nothing.

const DEFINITIONS_FILE = path.join(__dirname, 'k8s-v1.28.0-definitions.json');
// The openAPIV3Schema of each CRD in crds/ (Argo Rollouts, Prometheus
// Operator, Gateway API routes, External Secrets), extracted by scripts/crd-schemas.mjs. Made strict the same way,
// except below `x-kubernetes-preserve-unknown-fields`, and with `metadata`
// checked as a core ObjectMeta (CRDs declare it only as "an object").
const CRD_SCHEMAS_FILE = path.join(__dirname, 'crd-schemas.json');
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

interface Loaded {
  readonly ajv: Ajv;
  /** "apps/v1/Deployment" to definition name */
  readonly byKind: Map<string, string>;
  readonly validators: Map<string, ValidateFunction>;
}

interface LoadedCrds {
  /** "argoproj.io/v1alpha1/Rollout" to its openAPIV3Schema, made strict on first use */
  readonly schemas: Map<string, any>;
  readonly validators: Map<string, ValidateFunction>;
}

let loaded: Loaded | undefined;
let loadedCrds: LoadedCrds | undefined;

function load(): Loaded {
  if (loaded) return loaded;
  const doc = readData(DEFINITIONS_FILE);
  const byKind = new Map<string, string>();
  for (const [name, def] of Object.entries<any>(doc.definitions)) {
    strictify(def);
    for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      // the watch-event and list wrappers share GVKs; the first (object) definition wins
      if (!byKind.has(`${apiVersion}/${gvk.kind}`) || name.endsWith(`.${gvk.kind}`)) byKind.set(`${apiVersion}/${gvk.kind}`, name);
    }
  }
  // the definitions give a quantity as "string or number" without a format
  doc.definitions[QUANTITY] = { type: ['string', 'number'], format: QUANTITY_FORMAT };
  // Ajv is required here, on first validation, not when the package is imported
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const AjvClass: typeof Ajv = require('ajv').default;
  const ajv = new AjvClass({ strict: false, allErrors: true, formats: K8S_FORMATS, code: { regExp: goRegExp } });
  ajv.addSchema({ $id: 'k8s', definitions: doc.definitions });
  loaded = { ajv, byKind, validators: new Map() };
  return loaded;
}

function loadCrds(): LoadedCrds {
  if (loadedCrds) return loadedCrds;
  const doc = readData(CRD_SCHEMAS_FILE);
  loadedCrds = { schemas: new Map(Object.entries<any>(doc.schemas)), validators: new Map() };
  return loadedCrds;
}

/** A schema file shipped beside this module; a broken install gets one line saying what to do, not an ENOENT trace. */
function readData(file: string): any {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`cdk8s-patterns: the schema data file ${file} is missing from the installed package: reinstall cdk8s-patterns (or rebuild it with \`npx projen compile\`)`);
  }
  return JSON.parse(text);
}

/**
 * CRD patterns are Go (RE2) regular expressions. The one RE2 construct they use
 * that JavaScript lacks is a leading "(?i)" (the PrometheusRule CRD's
 * `^(?i)(abort|warn)?$`): it becomes the "i" flag. Without this, compiling the
 * PrometheusRule schema threw, so no PrometheusRule could be checked.
 */
const goRegExp = Object.assign(
  (pattern: string, flags: string): RegExp => {
    const caseless = /^(\^?)\(\?i\)/.exec(pattern);
    return caseless ? new RegExp(caseless[1] + pattern.slice(caseless[0].length), `${flags}i`) : new RegExp(pattern, flags);
  },
  { code: 'new RegExp' },
);

function strictify(node: any): void {
  if (Array.isArray(node)) {
    node.forEach(strictify);
    return;
  }
  if (!node || typeof node !== 'object') return;
  // a CRD field that keeps whatever it is given (free-form config) stays open
  if (node['x-kubernetes-preserve-unknown-fields'] === true) return;
  if (node.properties && node.additionalProperties === undefined) node.additionalProperties = false;
  // structural schemas leave int-or-string fields untyped
  if (node['x-kubernetes-int-or-string'] === true && !node.type && !node.anyOf) node.anyOf = [{ type: 'integer' }, { type: 'string' }];
  for (const value of Object.values(node)) strictify(value);
}

/** True when the 1.28 API has a definition for this apiVersion and kind. */
export function isKnownKind(apiVersion: string, kind: string): boolean {
  return load().byKind.has(`${apiVersion}/${kind}`);
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
  builtInGroups ??= new Set([...load().byKind.keys()].map(key => groupOf(key.slice(0, key.lastIndexOf('/')))));
  return builtInGroups.has(groupOf(apiVersion));
}

/** The 1.28 kinds of an apiVersion ("apps/v1": ControllerRevision, DaemonSet, ...), sorted. */
export function kindsOf(apiVersion: string): string[] {
  const prefix = `${apiVersion}/`;
  return [...load().byKind.keys()].filter(k => k.startsWith(prefix) && !k.slice(prefix.length).includes('/')).map(k => k.slice(prefix.length)).sort();
}

/** True when a CRD in imports/ (Argo Rollouts, Prometheus Operator) defines this apiVersion and kind. */
export function isKnownCustomKind(apiVersion: string, kind: string): boolean {
  return loadCrds().schemas.has(`${apiVersion}/${kind}`);
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
  const { ajv, byKind, validators } = load();
  const name = byKind.get(key);
  if (name) {
    let validate = validators.get(name);
    if (!validate) {
      validate = ajv.compile({ $ref: `k8s#/definitions/${name}` });
      validators.set(name, validate);
    }
    return validate;
  }
  const crds = loadCrds();
  let validate = crds.validators.get(key);
  if (!validate) {
    const schema = crds.schemas.get(key);
    if (!schema) return undefined;
    strictify(schema);
    if (schema.properties?.metadata) schema.properties.metadata = { $ref: `k8s#/definitions/${OBJECT_META}` };
    validate = ajv.compile(schema);
    crds.validators.set(key, validate);
  }
  return validate;
}
