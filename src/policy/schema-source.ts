import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { QUANTITY_FORMAT } from '../private/k8s-formats';

// The schema sources of the strict schema check, made strict, as
// scripts/gen-validators.ts compiles them into src/policy/validators/ at build
// time (Ajv standalone code, so nothing is compiled when a synth runs). Only the
// generator reads the data files; at run time the generated code needs
// `goRegExp` alone.

/** The Kubernetes 1.28 OpenAPI definitions (the file `cdk8s import k8s@1.28` reads), unmodified. */
export const DEFINITIONS_FILE = path.join(__dirname, 'k8s-v1.28.0-definitions.json');
/**
 * The openAPIV3Schema of each CRD in crds/ (Argo Rollouts, Prometheus Operator,
 * Gateway API routes, External Secrets), extracted by scripts/crd-schemas.mjs.
 */
export const CRD_SCHEMAS_FILE = path.join(__dirname, 'crd-schemas.json');
/** Where the generated validators live (not committed: built by `npx projen gen:validators`, compile and prepare). */
export const VALIDATORS_DIR = path.join(__dirname, 'validators');
/** The generated index: kind to module, and the hash of the inputs it was made from. */
export const VALIDATORS_INDEX = path.join(VALIDATORS_DIR, 'index.json');

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/** The files whose content decides the generated validators (besides the Ajv version). */
export function validatorInputs(): string[] {
  const root = path.join(__dirname, '..', '..');
  return [
    DEFINITIONS_FILE,
    CRD_SCHEMAS_FILE,
    path.join(__dirname, 'schema-source.ts'),
    path.join(root, 'src', 'private', 'k8s-formats.ts'),
    path.join(root, 'scripts', 'gen-validators.ts'),
  ];
}

/** A hash of every input of the generated validators, recorded in their index: a mismatch means they are stale. */
export function validatorInputsHash(ajvVersion: string): string {
  const hash = createHash('sha256').update(`ajv ${ajvVersion}\n`);
  for (const file of validatorInputs()) hash.update(`${path.basename(file)}\n`).update(fs.readFileSync(file));
  return hash.digest('hex');
}

/**
 * The 1.28 definitions, made strict (every object schema that lists
 * `properties` refuses unknown fields, as `kubeconform -strict` does) and
 * without descriptions, and
 * "apiVersion/kind" ("apps/v1/Deployment") to definition name.
 */
export function coreSchemas(): { definitions: { [name: string]: any }; byKind: Map<string, string> } {
  const doc = JSON.parse(fs.readFileSync(DEFINITIONS_FILE, 'utf8'));
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
  return { definitions: doc.definitions, byKind };
}

/**
 * "argoproj.io/v1alpha1/Rollout" to its openAPIV3Schema, made strict the same
 * way, except below `x-kubernetes-preserve-unknown-fields`, and with `metadata`
 * checked as a core ObjectMeta (CRDs declare it only as "an object"); `metaRef`
 * is the $ref of the core ObjectMeta definition.
 */
export function crdSchemas(metaRef: (definition: string) => string): Map<string, any> {
  const doc = JSON.parse(fs.readFileSync(CRD_SCHEMAS_FILE, 'utf8'));
  const schemas = new Map<string, any>();
  for (const [key, schema] of Object.entries<any>(doc.schemas)) {
    strictify(schema);
    if (schema.properties?.metadata) schema.properties.metadata = { $ref: metaRef(OBJECT_META) };
    schemas.set(key, schema);
  }
  return schemas;
}

function strictify(node: any): void {
  if (Array.isArray(node)) {
    node.forEach(strictify);
    return;
  }
  if (!node || typeof node !== 'object') return;
  // documentation only: it validates nothing, and the generated code would carry it
  if (typeof node.description === 'string') delete node.description;
  // a CRD field that keeps whatever it is given (free-form config) stays open
  if (node['x-kubernetes-preserve-unknown-fields'] === true) return;
  if (node.properties && node.additionalProperties === undefined) node.additionalProperties = false;
  // structural schemas leave int-or-string fields untyped
  if (node['x-kubernetes-int-or-string'] === true && !node.type && !node.anyOf) node.anyOf = [{ type: 'integer' }, { type: 'string' }];
  for (const value of Object.values(node)) strictify(value);
}

/**
 * CRD patterns are Go (RE2) regular expressions. The one RE2 construct they use
 * that JavaScript lacks is a leading "(?i)" (the PrometheusRule CRD's
 * `^(?i)(abort|warn)?$`): it becomes the "i" flag. Without this, compiling the
 * PrometheusRule schema threw, so no PrometheusRule could be checked. The
 * generated validators call it (see `code` below) for every pattern.
 */
export const goRegExp = Object.assign(
  (pattern: string, flags: string): RegExp => {
    const caseless = /^(\^?)\(\?i\)/.exec(pattern);
    return caseless ? new RegExp(caseless[1] + pattern.slice(caseless[0].length), `${flags}i`) : new RegExp(pattern, flags);
  },
  // how generated code in src/policy/validators/ reaches this function
  { code: 'require("../schema-source").goRegExp' },
);
