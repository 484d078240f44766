import { createHash } from 'crypto';
import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { EXTERNAL_SECRETS_ANNOTATION, SECRET_CHECKSUM_ANNOTATION } from '../policy/annotations';
import { namespaceOf, podTemplateOf, podTemplatePath } from '../policy/context';
import { declaredExternalSecrets, secretReferencesOf } from '../policy/rules/secret-references';

// Connects declared Secrets to the pods that read them, once per app, when the
// app is validated (before anything is rendered): a pod template that reads an
// ExternalSecret's target gets a checksum of that ExternalSecret's spec (a
// change rolls the pods); an object whose pods read an ExistingSecret records
// the declaration in its external-secrets annotation, which the
// `secret-references` rule reads, at synth and in the check command alike.

/** What the wiring needs to know of a declared Secret. */
export interface WiredSecret {
  readonly secretName: string;
  /** Namespace as written on the objects ('' for none). */
  readonly namespaceKey: string;
  readonly keys: string[];
  /** ExternalSecret: its rendered spec (a change rolls the pods). Undefined for a Secret created outside the app. */
  checksumInput(): unknown;
}

const WIRING = Symbol.for('cdk8s-patterns.secretWiring');

/** Registers a declared Secret with its app's wiring, creating the wiring on first use. */
export function wireSecret(scope: IConstruct, secret: WiredSecret): void {
  const root = scope.node.root as IConstruct & { [WIRING]?: WiredSecret[] };
  let secrets = root[WIRING];
  if (!secrets) {
    const list: WiredSecret[] = [];
    secrets = list;
    root[WIRING] = list;
    let done = false;
    // a child of the root, so cdk8s prefixes anything it reports with a path
    new Construct(root, 'SecretWiring').node.addValidation({
      validate: () => {
        if (!done) {
          done = true;
          annotateReaders(root, list);
        }
        return [];
      },
    });
  }
  secrets.push(secret);
}

function annotateReaders(root: IConstruct, secrets: WiredSecret[]): void {
  const byName = new Map(secrets.map(s => [`${s.namespaceKey}\u0000${s.secretName}`, s]));
  for (const o of root.node.findAll()) {
    if (!ApiObject.isApiObject(o) || !podTemplatePath(o.kind)) continue;
    let json: any;
    try {
      json = o.toJson();
    } catch {
      continue; // a broken object reports itself when it is rendered
    }
    const pod = podTemplateOf(json);
    if (!pod) continue;
    const ns = namespaceOf(json);
    const read = [...new Set(secretReferencesOf(pod.spec).map(r => r.name))].sort()
      .map(name => byName.get(`${ns}\u0000${name}`))
      .filter((s): s is WiredSecret => s !== undefined);
    const specs = read.map(s => ({ name: s.secretName, spec: s.checksumInput() }));
    const checksums = specs.filter(c => c.spec !== undefined);
    const external = read.filter((_, i) => specs[i].spec === undefined);
    if (checksums.length > 0) {
      const checksum = createHash('sha256').update(JSON.stringify(checksums)).digest('hex');
      addPodAnnotation(o, json, podTemplatePath(o.kind)!, SECRET_CHECKSUM_ANNOTATION, checksum);
    }
    if (external.length > 0) {
      const declared = { ...declaredExternalSecrets(json) };
      for (const s of external) declared[s.secretName] = [...s.keys].sort();
      const sorted = Object.fromEntries(Object.keys(declared).sort().map(name => [name, declared[name]]));
      o.metadata.addAnnotation(EXTERNAL_SECRETS_ANNOTATION, JSON.stringify(sorted));
    }
  }
}

/** Adds an annotation to the pod template at `at` (a JSON patch: the template is plain data by now). */
function addPodAnnotation(o: ApiObject, json: any, at: string[], key: string, value: string): void {
  if (at.length === 0) {
    o.metadata.addAnnotation(key, value);
    return;
  }
  let node = json;
  for (const k of at) node = node?.[k];
  const pointer = `/${at.join('/')}/metadata`;
  if (!node.metadata) o.addJsonPatch(JsonPatch.add(pointer, { annotations: { [key]: value } }));
  else if (!node.metadata.annotations) o.addJsonPatch(JsonPatch.add(`${pointer}/annotations`, { [key]: value }));
  else o.addJsonPatch(JsonPatch.add(`${pointer}/annotations/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, value));
}
