import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { AJV_VERSION, POD_KINDS_FILE, generate } from '../scripts/gen-validators';
import { validateSchema } from '../src/policy/schema';
import { coreSchemas, crdSchemas, goRegExp, VALIDATORS_DIR, VALIDATORS_INDEX, validatorInputsHash } from '../src/policy/schema-source';
import { K8S_FORMATS } from '../src/private/k8s-formats';

// The strict schema runs validators compiled at build time (scripts/gen-validators.ts):
// they must be made from the current schema sources, the same every time, and
// say exactly what Ajv compiling the same schemas at run time says.

const SAMPLE = ['core-policy-v1-PodDisruptionBudget.js', 'crd-monitoring.coreos.com-v1-PrometheusRule.js'];

test('the generated validators are made from the current schema sources (else: npx projen gen:validators)', () => {
  const index = JSON.parse(fs.readFileSync(VALIDATORS_INDEX, 'utf8'));
  expect(index.inputs).toBe(validatorInputsHash(AJV_VERSION));
});

test('one module per kind; a list kind shares its item kind\'s module, and every kind with a pod template shares one', () => {
  const index = JSON.parse(fs.readFileSync(VALIDATORS_INDEX, 'utf8'));
  expect(index.core['v1/Service']).toBe('core-v1-Service.js');
  expect(index.core['v1/ServiceList']).toBe('core-v1-Service.js');
  const podKinds = Object.keys(index.core).filter(k => index.core[k] === POD_KINDS_FILE).sort();
  expect(podKinds).toEqual(['apps/v1/DaemonSet', 'apps/v1/Deployment', 'apps/v1/ReplicaSet', 'apps/v1/StatefulSet', 'batch/v1/CronJob', 'batch/v1/Job',
    'v1/Pod', 'v1/PodTemplate', 'v1/ReplicationController'].flatMap(k => [k, `${k}List`]).sort());
  // the PodSpec's code is in it once (one validating function), not once per kind
  const code = fs.readFileSync(path.join(VALIDATORS_DIR, POD_KINDS_FILE), 'utf8');
  expect(code.match(/if\(data\.containers === undefined\)/g)).toHaveLength(1);
  expect(index.crds['argoproj.io/v1alpha1/Rollout']).toBe('crd-argoproj.io-v1alpha1-Rollout.js');
});

test('generating again gives the same files, byte for byte', () => {
  const first = generate(f => SAMPLE.includes(f));
  const second = generate(f => SAMPLE.includes(f));
  expect([...first.keys()].sort()).toEqual([...SAMPLE, 'index.json'].sort());
  for (const [file, text] of first) {
    expect(second.get(file)).toBe(text);
    expect(fs.readFileSync(path.join(VALIDATORS_DIR, file), 'utf8')).toBe(text);
  }
});

describe('precompiled validators agree with Ajv compiling the same schemas at run time', () => {
  const { definitions, byKind } = coreSchemas();
  const ajv = new Ajv({ strict: false, allErrors: true, formats: K8S_FORMATS, code: { regExp: goRegExp } });
  ajv.addSchema({ $id: 'k8s', definitions });
  const crds = crdSchemas(name => `k8s#/definitions/${name}`);
  const runtimeProblems = (obj: any) => {
    const key = `${obj.apiVersion}/${obj.kind}`;
    const validate = byKind.has(key) ? ajv.compile({ $ref: `k8s#/definitions/${byKind.get(key)}` }) : ajv.compile(crds.get(key));
    return validate(obj) ? [] : validate.errors!.map(e => `${e.instancePath} ${e.keyword} ${e.message}`);
  };

  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 2 ** 31, // int32
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{ name: 'main', image: 'web:1.0', imagePullPolicyy: 'Always', resources: { limits: { cpu: '1x', memory: true } } }],
          activeDeadlineSeconds: 1.5, // int64
        },
      },
    },
  };
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { key: 'not base64!' }, type: 7 };
  const rule = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'r', bogus: 1 },
    spec: { groups: [{ name: 'g', partial_response_strategy: 'WARN', rules: [{ alert: 'A', expr: 'up == 0', for: 5 }] }] },
  };

  test.each([
    ['a Deployment with unknown fields, bad formats and types', deployment],
    ['a Secret with bad base64 and a wrong type', secret],
    ['a PrometheusRule (a "(?i)" pattern) with an unknown metadata field', rule],
  ])('%s', (_, obj) => {
    const key = `${obj.apiVersion}/${obj.kind}`;
    const index = JSON.parse(fs.readFileSync(VALIDATORS_INDEX, 'utf8'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const validate = require(path.join(VALIDATORS_DIR, index.core[key] ?? index.crds[key]));
    const precompiled = index.core[key] ? validate[key] : validate;
    expect(precompiled(obj)).toBe(false);
    const expected = runtimeProblems(obj);
    expect(expected.length).toBeGreaterThan(1);
    expect(precompiled.errors.map((e: any) => `${e.instancePath} ${e.keyword} ${e.message}`)).toEqual(expected);
    // and the problems the engine reports come from them
    expect(validateSchema(obj)!.length).toBeGreaterThan(0);
  });
});
