import { SUPPRESS_ANNOTATION_PREFIX } from './annotations';
import { apiServerProblems } from './api-server';
import { buildContext, describeObject } from './context';
import { duplicateObjects } from './identity';
import { Finding, Rule, Severity } from './rule';
import { RULES } from './rules';
import { removedApiReplacement } from './rules/api-version-removed';
import { isBuiltInGroup, kindsOf, validateSchema } from './schema';
import { nearest } from '../private/nearest';

/** One object to check and where it came from (a construct path, or "file.yaml#2"). */
export interface CheckedObject {
  /** The rendered object (plain JSON). */
  readonly obj: any;
  /** Where it came from. */
  readonly path: string;
}

/** Which checks a synth or a check run makes besides construct props. */
export interface PolicyOptions {
  /**
   * Run the output rules.
   * @default true
   */
  readonly rules?: boolean;
  /**
   * Validate every object against the strict Kubernetes 1.28 schema (and known CRD schemas).
   * @default true
   */
  readonly schema?: boolean;
}

/** The checks that are not rules of the pack but report like them. */
export const BUILT_IN_CHECKS: readonly Rule[] = [
  {
    id: 'schema',
    severity: Severity.ERROR,
    rationale: 'An unknown or mistyped field is rejected by `kubectl apply --validate=strict` or silently dropped; either way it is a bug. Not suppressible.',
    check: () => [],
  },
  {
    id: 'unknown-kind',
    severity: Severity.WARNING,
    rationale: 'A kind that is neither Kubernetes 1.28 nor a CRD in imports/ cannot be schema-checked; a typo in apiVersion or kind shows up here first.',
    check: () => [],
  },
  {
    id: 'kubernetes',
    severity: Severity.ERROR,
    rationale: 'The API server validates names, labels, annotations, quantities, enums, ports, keys, schedules and CIDRs beyond the schema\'s types, and refuses the whole apply. Not suppressible.',
    check: () => [],
  },
  {
    id: 'identity',
    severity: Severity.ERROR,
    rationale: 'Two objects with the same group, kind, namespace and name are one object to the API server: the later apply silently overwrites the earlier. Not suppressible.',
    check: () => [],
  },
  {
    id: 'suppression',
    severity: Severity.ERROR,
    rationale: 'A suppression must name an existing rule and say why, so every exception is deliberate and reviewable. Not suppressible.',
    check: () => [],
  },
];

const UNSUPPRESSIBLE = new Set(['schema', 'kubernetes', 'identity', 'suppression']);

/** Every rule id a suppression may name. */
export function suppressibleRuleIds(): string[] {
  return [...RULES, ...BUILT_IN_CHECKS].map(r => r.id).filter(id => !UNSUPPRESSIBLE.has(id));
}

/**
 * Runs the rule pack and the strict schema over a set of objects that belong
 * together (one App, or one folder of manifests). Indexes for cross-object
 * rules are built once, and each object only meets the rules for its kind,
 * so the cost is linear in the number of objects. Findings waived by a
 * `cdk8s-patterns.io/suppress.<rule-id>` annotation are returned with
 * `suppressed` set to the recorded reason.
 */
export function evaluate(entries: readonly CheckedObject[], options: PolicyOptions = {}): Finding[] {
  const runRules = options.rules ?? true;
  const runSchema = options.schema ?? true;
  const context = buildContext(entries.map(e => e.obj));
  const forKind = new Map<string, Rule[]>();
  const rulesFor = (kind: string) => {
    let list = forKind.get(kind);
    if (!list) {
      list = RULES.filter(r => !r.kinds || r.kinds.includes(kind));
      forKind.set(kind, list);
    }
    return list;
  };
  const known = new Set(suppressibleRuleIds());

  const findings: Finding[] = [];
  for (const { obj, path } of entries) {
    const object = describeObject(obj);
    const add = (rule: string, severity: Severity, message: string, suppressed?: string) =>
      findings.push(suppressed === undefined ? { rule, severity, path, object, message } : { rule, severity, path, object, message, suppressed });
    if (!obj || typeof obj !== 'object' || Array.isArray(obj) || typeof obj.kind !== 'string' || typeof obj.apiVersion !== 'string') {
      add('schema', Severity.ERROR, 'is not a Kubernetes object: give it an apiVersion and a kind');
      continue;
    }
    if (typeof obj.metadata?.name !== 'string' || obj.metadata.name === '') {
      add('schema', Severity.ERROR, 'metadata.name is missing: kubectl apply and Argo CD need a name for every object (generateName works only with kubectl create)');
    }

    const reasons = new Map<string, string>();
    for (const [key, value] of Object.entries<unknown>(obj.metadata?.annotations ?? {})) {
      if (!key.startsWith(SUPPRESS_ANNOTATION_PREFIX)) continue;
      const id = key.slice(SUPPRESS_ANNOTATION_PREFIX.length);
      const field = `metadata.annotations["${key}"]`;
      if (!known.has(id)) {
        add('suppression', Severity.ERROR, `${field} names no suppressible rule: use one of ${[...known].join(', ')}`);
      } else if (typeof value !== 'string' || value.trim() === '') {
        add('suppression', Severity.ERROR, `${field} has no reason: write why "${id}" does not apply to this object`);
      } else {
        reasons.set(id, value.trim());
      }
    }

    // a field of the wrong type (`ports: 5` in a file given to check) may stop a check that reads it: the
    // check is skipped for this object, and the schema says which field is wrong (or, without it, the line below)
    let unreadable: string | undefined;
    const guarded = (id: string, check: () => Iterable<string>): string[] => {
      try {
        return [...check()];
      } catch {
        unreadable ??= id;
        return [];
      }
    };
    if (runRules) {
      for (const rule of rulesFor(obj.kind)) {
        for (const message of guarded(rule.id, () => rule.check(obj, context))) add(rule.id, rule.severity, message, reasons.get(rule.id));
      }
    }

    const apiServer = runSchema ? guarded('kubernetes', () => apiServerProblems(obj)) : [];
    const problems = runSchema ? validateSchema(obj) : undefined;
    if (unreadable !== undefined && !problems?.length) {
      add('schema', Severity.ERROR, `has a field of the wrong type that "${unreadable}" cannot read: validate the object against the Kubernetes schema (drop --no-schema) to see which`);
    }
    if (runSchema) {
      for (const p of apiServer) add('kubernetes', Severity.ERROR, p);
      if (problems === undefined) {
        // a removed apiVersion is already an error with its replacement
        if (removedApiReplacement(obj.apiVersion, obj.kind)) continue;
        if (isBuiltInGroup(obj.apiVersion)) {
          add('schema', Severity.ERROR, unknownBuiltInKind(obj.apiVersion, obj.kind));
        } else {
          add('unknown-kind', Severity.WARNING,
            `apiVersion "${obj.apiVersion}" kind "${obj.kind}" is neither Kubernetes 1.28 nor a known CRD, so its fields are not checked: fix the apiVersion or kind if it is a typo`,
            reasons.get('unknown-kind'));
        }
      } else {
        for (const p of problems) add('schema', Severity.ERROR, p);
      }
    }
  }
  findings.push(...identityFindings(entries));
  return findings;
}

/** Every object with the group, kind, namespace and name of an earlier one, as a finding naming both paths. */
export function identityFindings(entries: readonly CheckedObject[]): Finding[] {
  return duplicateObjects(entries).map(d => ({
    rule: 'identity',
    severity: Severity.ERROR,
    path: d.entry.path,
    object: describeObject(d.entry.obj),
    message: `${d.identity} is also defined at ${d.firstPath}: the API server keeps one of them and the other is silently overwritten; give one a different name (or namespace)`,
  }));
}

/** An apiVersion and kind in a Kubernetes 1.28 API group that the API server does not serve. */
function unknownBuiltInKind(apiVersion: string, kind: string): string {
  const kinds = kindsOf(apiVersion);
  if (kinds.length === 0) return `apiVersion "${apiVersion}" is not served by Kubernetes 1.28: fix the version (\`kubectl api-versions\` lists them)`;
  const near = nearest(kind, kinds);
  return `kind "${kind}" does not exist in apiVersion "${apiVersion}" of Kubernetes 1.28: ${near ? `did you mean "${near}"?` : `use one of ${kinds.join(', ')}`}`;
}
