import { EXTERNAL_SECRETS_ANNOTATION } from '../annotations';
import { containersOf, namespaceOf, podTemplateOf } from '../context';
import { Rule, Severity } from '../rule';
import { problem } from './util';

/** One place a pod reads a Secret. */
export interface SecretReference {
  /** Where, for messages: `containers[main].env[DB_PASSWORD]`, `volumes[certs]`. */
  readonly where: string;
  /** Secret name. */
  readonly name: string;
  /** The key read, or undefined when the whole Secret is read (envFrom, a volume without items). */
  readonly key?: string;
  /** The pod starts without it. */
  readonly optional: boolean;
}

/** Every Secret reference of a pod spec: env valueFrom, envFrom, secret and projected volumes. */
export function secretReferencesOf(spec: any): SecretReference[] {
  const out: SecretReference[] = [];
  for (const { container, where } of containersOf(spec)) {
    for (const e of Array.isArray(container.env) ? container.env : []) {
      const ref = e?.valueFrom?.secretKeyRef;
      if (ref) out.push({ where: `${where}.env[${e.name}]`, name: ref.name, key: ref.key, optional: ref.optional === true });
    }
    (Array.isArray(container.envFrom) ? container.envFrom : []).forEach((e: any, i: number) => {
      if (e?.secretRef) out.push({ where: `${where}.envFrom[${i}]`, name: e.secretRef.name, optional: e.secretRef.optional === true });
    });
  }
  for (const v of Array.isArray(spec?.volumes) ? spec.volumes : []) {
    const sources: { name: string; items?: any[]; optional?: boolean }[] = [];
    if (v?.secret) sources.push({ name: v.secret.secretName, items: v.secret.items, optional: v.secret.optional });
    for (const s of Array.isArray(v?.projected?.sources) ? v.projected.sources : []) {
      if (s?.secret) sources.push({ name: s.secret.name, items: s.secret.items, optional: s.secret.optional });
    }
    for (const s of sources) {
      const where = `volumes[${v.name}]`;
      const items = Array.isArray(s.items) ? s.items : [];
      if (items.length === 0) out.push({ where, name: s.name, optional: s.optional === true });
      for (const item of items) out.push({ where, name: s.name, key: item?.key, optional: s.optional === true });
    }
  }
  return out;
}

/** The Secrets an object declares as created outside the app (its external-secrets annotation), or undefined when it is unreadable. */
export function declaredExternalSecrets(obj: any): { [name: string]: string[] } | undefined {
  const raw = obj?.metadata?.annotations?.[EXTERNAL_SECRETS_ANNOTATION];
  if (raw === undefined) return {};
  try {
    const parsed = JSON.parse(raw);
    const ok = parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      && Object.values(parsed).every(keys => Array.isArray(keys) && keys.every(k => typeof k === 'string'));
    return ok ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const DECLARE = 'declare it: an ExternalSecret (or a Secret) in this app that produces it, or `new ExistingSecret(scope, name, { keys })` when it is created outside the app';

/** Every Secret name and key a pod reads is produced by the app or declared as created outside it. */
export const secretReferences: Rule = {
  id: 'secret-references',
  severity: Severity.ERROR,
  rationale: 'A pod that reads a Secret or key that does not exist never starts (CreateContainerConfigError); a typo in a name or key should fail synth, not the rollout.',
  check: (obj, context) => {
    const pod = podTemplateOf(obj);
    if (!pod) return [];
    const declared = declaredExternalSecrets(obj);
    if (declared === undefined) {
      return [problem(`metadata.annotations["${EXTERNAL_SECRETS_ANNOTATION}"]`, obj.metadata.annotations[EXTERNAL_SECRETS_ANNOTATION],
        'is not a JSON map of Secret names to key lists', 'write it as {"<secret>": ["<key>", ...]}, or let ExistingSecret write it')];
    }
    const ns = namespaceOf(obj);
    const out: string[] = [];
    for (const ref of secretReferencesOf(pod.spec)) {
      if (ref.optional || typeof ref.name !== 'string') continue;
      const value = ref.key === undefined ? { secret: ref.name } : { secret: ref.name, key: ref.key };
      const produced = context.producedSecret(ns, ref.name);
      const external = declared[ref.name];
      if (!produced && !external) {
        out.push(problem(ref.where, value, `names a Secret that nothing in namespace "${ns || '(none)'}" produces`, DECLARE));
        continue;
      }
      const keys = produced ? produced.keys : external;
      if (ref.key === undefined || keys === undefined || keys.includes(ref.key)) continue;
      const from = produced ? produced.producer : `the ${EXTERNAL_SECRETS_ANNOTATION} declaration`;
      out.push(problem(ref.where, value, `names a key that ${from} does not provide (it has ${keys.length ? keys.map(k => `"${k}"`).join(', ') : 'no keys'})`,
        'fix the key, or add it to the keys of the Secret\'s declaration'));
    }
    return out;
  },
};
