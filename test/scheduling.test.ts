import { Chart, Size, Testing } from 'cdk8s';
import {
  CpuArchitecture, NodeAgent, NodeOperator, NodePool, StatefulStore, WebApp, WorkloadProps,
} from '../src';
import { find, schemaProblems, synth, synthErrors } from './util';

const placement: Partial<WorkloadProps> = {
  architecture: CpuArchitecture.ARM64,
  pool: NodePool.eks('general-arm'),
  nodeAffinity: {
    required: [{ match: [{ key: 'node.kubernetes.io/instance-type', operator: NodeOperator.IN, values: ['m7g.large', 'm7g.xlarge'] }] }],
    preferred: [{ weight: 50, match: [{ key: 'example.com/cpu-generation', operator: NodeOperator.GT, values: ['6'] }] }],
  },
};

function chart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'shop' });
}

function podSpecs(props: Partial<WorkloadProps>) {
  const c = chart();
  new WebApp(c, 'web', { image: 'ghcr.io/acme/web:1.0.0', ...props });
  new StatefulStore(c, 'db', { image: 'postgres:16.4', port: 5432, replicas: 3, storage: { size: Size.gibibytes(1) }, ...props });
  new NodeAgent(c, 'agent', { image: 'fluent/fluent-bit:3.1.9', ...props });
  const objects = synth(c);
  return {
    objects,
    web: find(objects, 'Deployment', 'web').spec.template.spec,
    db: find(objects, 'StatefulSet', 'db').spec.template.spec,
    agent: find(objects, 'DaemonSet', 'agent').spec.template.spec,
  };
}

describe('node placement on every archetype', () => {
  const { objects, web, db, agent } = podSpecs(placement);

  test('architecture and pool become nodeSelector labels; NodeAgent keeps its linux selector', () => {
    expect(web.nodeSelector).toEqual({ 'kubernetes.io/arch': 'arm64', 'eks.amazonaws.com/nodegroup': 'general-arm' });
    expect(db.nodeSelector).toEqual(web.nodeSelector);
    expect(agent.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'arm64', 'eks.amazonaws.com/nodegroup': 'general-arm' });
  });

  test('required and preferred terms are written as nodeAffinity, the same for each archetype', () => {
    const expected = {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m7g.large', 'm7g.xlarge'] }] }],
      },
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 50, preference: { matchExpressions: [{ key: 'example.com/cpu-generation', operator: 'Gt', values: ['6'] }] } },
      ],
    };
    for (const spec of [web, db, agent]) expect(spec.affinity.nodeAffinity).toEqual(expected);
    expect(web.affinity).toMatchSnapshot();
  });

  test('the defaults\' spread and anti-affinity stay', () => {
    expect(web.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
    expect(db.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
    expect(web.topologySpreadConstraints.map((t: any) => t.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    expect(db.topologySpreadConstraints).toHaveLength(1);
  });

  test('pass the strict schema', () => {
    expect(schemaProblems(objects)).toEqual({});
  });

  test('no placement props: no nodeAffinity and no extra selector', () => {
    const plain = podSpecs({});
    expect(plain.web.nodeSelector).toBeUndefined();
    expect(plain.web.affinity.nodeAffinity).toBeUndefined();
    expect(plain.agent.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
  });

  test.each([
    [NodePool.gke('gpu'), { 'cloud.google.com/gke-nodepool': 'gpu' }],
    [NodePool.aks('system'), { 'kubernetes.azure.com/agentpool': 'system' }],
    [NodePool.karpenter('default'), { 'karpenter.sh/nodepool': 'default' }],
    [NodePool.instanceType('m7g.large'), { 'node.kubernetes.io/instance-type': 'm7g.large' }],
    [NodePool.labelled('example.com/pool', 'batch'), { 'example.com/pool': 'batch' }],
  ])('pool %o', (pool, selector) => {
    expect(podSpecs({ pool }).web.nodeSelector).toEqual(selector);
  });
});

describe('bad input', () => {
  test.each<[string, Partial<WorkloadProps>, string]>([
    ['empty key', { nodeAffinity: { required: [{ match: [{ key: '', operator: NodeOperator.EXISTS }] }] } },
      'nodeAffinity.required[0].match[0].key "" is empty: name the node label'],
    ['In without values', { nodeAffinity: { required: [{ match: [{ key: 'a', operator: NodeOperator.IN }] }] } },
      'nodeAffinity.required[0].match[0].values [] is empty for In: list one or more label values'],
    ['Exists with values', { nodeAffinity: { preferred: [{ weight: 1, match: [{ key: 'a', operator: NodeOperator.EXISTS, values: ['x'] }] }] } },
      'nodeAffinity.preferred[0].match[0].values ["x"] is set for Exists'],
    ['Gt with a non-integer', { nodeAffinity: { required: [{ match: [{ key: 'a', operator: NodeOperator.GT, values: ['big'] }] }] } },
      'nodeAffinity.required[0].match[0].values ["big"] is not one integer for Gt'],
    ['unknown operator', { nodeAffinity: { required: [{ match: [{ key: 'a', operator: 'Equals' as NodeOperator, values: ['x'] }] }] } },
      'nodeAffinity.required[0].match[0].operator "Equals" is not a node affinity operator'],
    ['empty term', { nodeAffinity: { required: [{ match: [] }] } }, 'nodeAffinity.required[0].match [] is empty'],
    ['weight out of range', { nodeAffinity: { preferred: [{ weight: 0, match: [{ key: 'a', operator: NodeOperator.EXISTS }] }] } },
      'nodeAffinity.preferred[0].weight 0 is not a weight: use a whole number from 1 to 100'],
    // one key predicate (facts/labels keyProblem) for nodeSelector, pool and affinity keys
    ['empty pool label', { pool: NodePool.labelled('', 'gpu') }, 'pool key "" is an empty key'],
    ['empty pool name', { pool: NodePool.gke('') }, 'pool "" has an empty name'],
    ['pool label not a qualified name', { pool: NodePool.labelled('bad key!', 'gpu') }, 'pool key "bad key!" is not a valid qualified name'],
    ['pool name not a label value', { pool: NodePool.labelled('example.com/pool', 'v v') }, 'pool.example.com/pool "v v" is not a valid label value'],
    ['empty nodeSelector key', { nodeSelector: { '': 'x' } }, 'nodeSelector key "" is an empty key'],
    ['affinity key not a qualified name', { nodeAffinity: { required: [{ match: [{ key: 'bad key!', operator: NodeOperator.EXISTS }] }] } },
      'nodeAffinity.required[0].match[0].key "bad key!" is not a valid qualified name'],
    ['architecture contradicting nodeSelector', { architecture: CpuArchitecture.ARM64, nodeSelector: { 'kubernetes.io/arch': 'amd64' } },
      'architecture "arm64" contradicts nodeSelector "kubernetes.io/arch": "amd64"'],
    ['unknown architecture', { architecture: 'riscv' as CpuArchitecture }, 'architecture "riscv" is not a CPU architecture'],
  ])('%s is an error of every archetype', (_what, props, message) => {
    for (const build of [
      (c: Chart) => new WebApp(c, 'x', { image: 'ghcr.io/acme/web:1.0.0', ...props }),
      (c: Chart) => new StatefulStore(c, 'x', { image: 'postgres:16.4', port: 5432, storage: { size: Size.gibibytes(1) }, ...props }),
      (c: Chart) => new NodeAgent(c, 'x', { image: 'fluent/fluent-bit:3.1.9', ...props }),
    ]) {
      const c = chart();
      build(c);
      expect(synthErrors(c)).toContain(`[test/x] ${message}`);
    }
  });

  test('an empty nodeSelector key is reported once per key', () => {
    const c = chart();
    new WebApp(c, 'x', { image: 'ghcr.io/acme/web:1.0.0', nodeSelector: { '': 'x', ' ': 'y' } });
    const errors = synthErrors(c).split('\n').filter(line => line.includes('nodeSelector key'));
    expect(errors).toEqual([
      expect.stringContaining('nodeSelector key "" is an empty key'),
      expect.stringContaining('nodeSelector key " " is not a valid qualified name'),
    ]);
  });
});
