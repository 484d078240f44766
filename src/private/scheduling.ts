import { keyProblem } from './facts/labels';
import * as k8s from './k8s';
import { Problems, checkLabels } from './validate';
import { CpuArchitecture, NodeAffinityProps, NodeOperator, NodePool, NodeRequirement, NodeTerm } from '../core/scheduling';

// Node placement of every archetype's pods, rendered once for the shared pod template.

/** The node label of the CPU architecture. */
export const ARCHITECTURE_LABEL = 'kubernetes.io/arch';

/** What a workload's props say about where its pods run. */
export interface NodePlacementProps {
  readonly nodeSelector?: { [key: string]: string };
  readonly nodeAffinity?: NodeAffinityProps;
  readonly architecture?: CpuArchitecture;
  readonly pool?: NodePool;
}

/** The pod's nodeSelector (with `architecture` and `pool` merged in) and node affinity, after recording every problem. */
export function nodePlacement(p: Problems, props: NodePlacementProps): { nodeSelector?: { [key: string]: string }; nodeAffinity?: k8s.NodeAffinity } {
  const selector: { [key: string]: string } = { ...props.nodeSelector };
  const pin = (prop: string, key: string, value: string) => {
    const given = props.nodeSelector?.[key];
    if (given !== undefined && given !== value) {
      p.add(prop, value, `contradicts nodeSelector "${key}": "${given}"`, 'set the node label in one place only');
    }
    selector[key] = value;
  };
  if (props.architecture !== undefined) {
    if (!Object.values(CpuArchitecture).includes(props.architecture)) {
      p.add('architecture', props.architecture, 'is not a CPU architecture', 'use CpuArchitecture.AMD64 ("amd64") or CpuArchitecture.ARM64 ("arm64")');
    }
    pin('architecture', ARCHITECTURE_LABEL, props.architecture);
  }
  if (props.pool !== undefined) {
    // a JavaScript caller may pass anything to the NodePool factories
    const { key, value } = props.pool;
    const notString = (v: unknown, what: string) => `has a ${v === null ? 'null' : typeof v} ${what}, not a string`;
    const nameFix = 'name the pool, such as NodePool.gke("gpu")';
    if (typeof key !== 'string') p.add('pool', String(key), notString(key, 'label key'), 'name the node label of the pool, such as NodePool.labelled("example.com/pool", "gpu")');
    if (typeof value !== 'string') p.add('pool', String(value), notString(value, 'name'), nameFix);
    // a label value may be empty, a pool name may not
    else if (value === '') p.add('pool', value, 'has an empty name', nameFix);
    if (typeof key === 'string' && typeof value === 'string') {
      checkLabels(p, 'pool', { [key]: value });
      pin('pool', key, value);
    }
  }
  const required = (props.nodeAffinity?.required ?? []).map((t, i) => nodeTerm(p, `nodeAffinity.required[${i}]`, t));
  const preferred = (props.nodeAffinity?.preferred ?? []).map((t, i) => {
    const at = `nodeAffinity.preferred[${i}]`;
    if (!Number.isInteger(t.weight) || t.weight < 1 || t.weight > 100) p.add(`${at}.weight`, t.weight, 'is not a weight', 'use a whole number from 1 to 100');
    return { weight: t.weight, preference: nodeTerm(p, at, t) };
  });
  const nodeAffinity: k8s.NodeAffinity | undefined = required.length || preferred.length ? {
    requiredDuringSchedulingIgnoredDuringExecution: required.length ? { nodeSelectorTerms: required } : undefined,
    preferredDuringSchedulingIgnoredDuringExecution: preferred.length ? preferred : undefined,
  } : undefined;
  return { nodeSelector: Object.keys(selector).length ? selector : undefined, nodeAffinity };
}

function nodeTerm(p: Problems, at: string, term: NodeTerm): k8s.NodeSelectorTerm {
  if (!term?.match?.length) {
    p.add(`${at}.match`, term?.match ?? [], 'is empty', 'give at least one requirement, such as { key: "kubernetes.io/arch", operator: NodeOperator.IN, values: ["arm64"] }');
    return { matchExpressions: [] };
  }
  return { matchExpressions: term.match.map((r, j) => requirement(p, `${at}.match[${j}]`, r)) };
}

function requirement(p: Problems, at: string, r: NodeRequirement): k8s.NodeSelectorRequirement {
  const badKey = typeof r.key === 'string' && r.key.trim()
    ? keyProblem(r.key)
    : { problem: 'is empty', fix: 'name the node label, such as "node.kubernetes.io/instance-type"' };
  if (badKey) p.add(`${at}.key`, r.key, badKey.problem, badKey.fix);
  const values = r.values ?? [];
  switch (r.operator) {
    case NodeOperator.IN:
    case NodeOperator.NOT_IN:
      if (!values.length) p.add(`${at}.values`, values, `is empty for ${r.operator}`, 'list one or more label values');
      break;
    case NodeOperator.EXISTS:
    case NodeOperator.DOES_NOT_EXIST:
      if (values.length) p.add(`${at}.values`, values, `is set for ${r.operator}`, 'leave `values` out: the operator only asks whether the label is there');
      break;
    case NodeOperator.GT:
    case NodeOperator.LT:
      if (values.length !== 1 || !/^-?\d+$/.test(values[0])) {
        p.add(`${at}.values`, values, `is not one integer for ${r.operator}`, 'give exactly one whole number as a string, such as ["4"]');
      }
      break;
    default:
      p.add(`${at}.operator`, r.operator, 'is not a node affinity operator', `use NodeOperator.${Object.keys(NodeOperator).join(', NodeOperator.')}`);
  }
  return { key: r.key, operator: r.operator, values: values.length ? [...values] : undefined };
}
