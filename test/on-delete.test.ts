import { Chart, Size, Testing } from 'cdk8s';
import { NodeAgent, StatefulStore, StatefulStoreProps, NodeAgentProps, UpdateStrategy } from '../src';
import { find, schemaProblems, synth, synthErrors } from './util';

const storeProps: StatefulStoreProps = { image: 'postgres:16.4', port: 5432, storage: { size: Size.gibibytes(20) }, replicas: 3 };
const agentProps: NodeAgentProps = { image: 'fluent/fluent-bit:3.1.9', port: 2020 };

function build(add: (chart: Chart) => void): Chart {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
  add(chart);
  return chart;
}

describe('OnDelete update strategy', () => {
  test('StatefulStore: OnDelete has no rollingUpdate (a partition means nothing there)', () => {
    const objects = synth(build(chart => new StatefulStore(chart, 'db', { ...storeProps, updateStrategy: UpdateStrategy.ON_DELETE })));
    const set = find(objects, 'StatefulSet', 'db');
    expect(set.spec.updateStrategy).toEqual({ type: 'OnDelete' });
    expect(set.spec).toMatchSnapshot();
  });

  test('NodeAgent: OnDelete has no rollingUpdate (maxUnavailable means nothing there)', () => {
    const objects = synth(build(chart => new NodeAgent(chart, 'agent', { ...agentProps, updateStrategy: UpdateStrategy.ON_DELETE })));
    const set = find(objects, 'DaemonSet', 'agent');
    expect(set.spec.updateStrategy).toEqual({ type: 'OnDelete' });
    expect(set.spec).toMatchSnapshot();
  });

  test('RollingUpdate stays the default of both, with its partition and maxUnavailable', () => {
    const objects = synth(build(chart => {
      new StatefulStore(chart, 'db', { ...storeProps, partition: 2 });
      new NodeAgent(chart, 'agent', agentProps);
    }));
    expect(find(objects, 'StatefulSet', 'db').spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 2 } });
    expect(find(objects, 'DaemonSet', 'agent').spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  });

  test('OnDelete output passes the strict schema', () => {
    const objects = synth(build(chart => {
      new StatefulStore(chart, 'db', { ...storeProps, updateStrategy: UpdateStrategy.ON_DELETE });
      new NodeAgent(chart, 'agent', { ...agentProps, updateStrategy: UpdateStrategy.ON_DELETE });
    }));
    expect(schemaProblems(objects)).toEqual({});
  });

  test.each<[string, (chart: Chart) => void, string]>([
    ['store: OnDelete with a partition', chart => new StatefulStore(chart, 'db', { ...storeProps, updateStrategy: UpdateStrategy.ON_DELETE, partition: 2 }),
      '[test/db] partition 2 is set together with updateStrategy OnDelete: remove `partition`'],
    ['store: unknown strategy', chart => new StatefulStore(chart, 'db', { ...storeProps, updateStrategy: 'Manual' as UpdateStrategy }),
      '[test/db] updateStrategy "Manual" is not an update strategy: use UpdateStrategy.ROLLING_UPDATE ("RollingUpdate") or UpdateStrategy.ON_DELETE ("OnDelete")'],
    ['agent: OnDelete with maxUnavailable', chart => new NodeAgent(chart, 'agent', { ...agentProps, updateStrategy: UpdateStrategy.ON_DELETE, maxUnavailable: '10%' }),
      '[test/agent] maxUnavailable "10%" is set together with updateStrategy OnDelete: remove `maxUnavailable`'],
  ])('%s is an error', (_what, add, message) => {
    expect(synthErrors(build(add))).toContain(message);
  });
});
