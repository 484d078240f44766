import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import * as ts from 'typescript';
import * as lib from '../src';
import {
  ArgoCdApplication, CanaryStep, EnvVar, Environment, Environments, NodePool, NotificationChannel, NotificationTrigger, Policy, PolicyValidation,
  ReleaseEngine, SyncWave, enforcePolicy, renderReport, suppressionAnnotation, synthesize, synthesizeOrExit, EnvironmentProfile, ExistingSecret,
  ExternalSecret, GrpcRoute, HealthProbe, HttpRoute, Migration, NodeAgent, Platform, Release, ScheduledTask, SmokeTest, StatefulStore, SynthError,
  Task, TeamNamespace, WebApp, Worker, WorkloadAlerts, render,
} from '../src';
import { PROBE_OPTIONS_SHAPE } from '../src/core/probe';
import { RESTORE_SHAPE, SNAPSHOT_SHAPE } from '../src/core/restore';
import { PROFILE_SHAPE } from '../src/core/types';
import { EXISTING_SECRET_SHAPE } from '../src/platform/existing-secret';
import { EXTERNAL_SECRET_SHAPE } from '../src/platform/external-secret';
import { ARGO_CD_APPLICATION_SHAPE } from '../src/platform/gitops';
import { PLATFORM_SHAPE } from '../src/platform/platform';
import { TEAM_NAMESPACE_SHAPE } from '../src/platform/team-namespace';
import { WORKLOAD_ALERTS_SHAPE } from '../src/platform/workload-alerts';
import { Expect, PropSpec, Shape } from '../src/private/shape';
import { GRPC_ROUTE_SHAPE } from '../src/traffic/grpc-route';
import { HTTP_ROUTE_SHAPE } from '../src/traffic/http-route';
import { BLUE_GREEN_SHAPE, CANARY_SHAPE, ROLLING_SHAPE } from '../src/traffic/release';
import { MIGRATION_SHAPE } from '../src/workloads/migration';
import { NODE_AGENT_SHAPE } from '../src/workloads/node-agent';
import { SCHEDULED_TASK_SHAPE } from '../src/workloads/scheduled-task';
import { SMOKE_TEST_SHAPE } from '../src/workloads/smoke-test';
import { STATEFUL_STORE_SHAPE } from '../src/workloads/stateful-store';
import { TASK_SHAPE } from '../src/workloads/task';
import { WEB_APP_SHAPE } from '../src/workloads/web-app';
import { WORKER_SHAPE } from '../src/workloads/worker';
import { CONNECT_SHAPE, JOB_SHAPE, POD_COMPOSITION_SHAPE, WORKLOAD_SHAPE } from '../src/workloads/workload';

// Issue 14, "zero stack traces, zero silent accepts": a generated sweep of
// hostile values. For every public constructor and method whose argument has a
// shape table, every prop of the table (and of its nested objects) is fed a
// catalogue of wrong values chosen by the prop's declared kind, as a plain
// JavaScript caller could. Each must end as a SynthError naming the construct
// path and the prop; nothing may throw anything else. Cases are built many to
// an app (so one synth lists every error, and the sweep stays fast); a batch
// that throws is re-run case by case to name the culprit.

const image = 'ghcr.io/acme/shop:1.4.2';
const js = (v: unknown): any => v;

// ---------------------------------------------------------------- targets

/** One public constructor or method with a props argument. */
interface Target {
  readonly name: string;
  readonly shape: Shape;
  /** Valid props (every required prop given). */
  readonly base: (id: string) => { [prop: string]: unknown };
  /** Builds the subject with `props` under `chart`, named from `id`. */
  readonly make: (chart: Chart, id: string, props: unknown) => void;
  /** The construct path errors are reported at, and the prefix of the prop names there. */
  readonly at: (id: string) => { path: string; prefix: string };
  /**
   * Props this target shares with one swept in full before it (an archetype's WorkloadProps, swept on WebApp):
   * here they get one value each, enough to show the archetype checks them through the same table.
   */
  readonly shared?: Shape;
}

const inChart = (id: string) => ({ path: `prod/${id}`, prefix: '' });
const storage = { size: Size.gibibytes(1) };
const backup = { schedule: '@daily', image, command: ['backup'] };
const gateway = { name: 'gw' };
const backends = [{ service: 'web', port: 80 }];

const TARGETS: Target[] = [
  { name: 'WebApp', shape: WEB_APP_SHAPE, base: () => ({ image }), make: (c, id, p) => new WebApp(c, id, js(p)), at: inChart },
  { name: 'StatefulStore', shared: WORKLOAD_SHAPE, shape: STATEFUL_STORE_SHAPE, base: () => ({ image, port: 5432, storage, metrics: { port: 9187 } }), make: (c, id, p) => new StatefulStore(c, id, js(p)), at: inChart },
  { name: 'NodeAgent', shared: WORKLOAD_SHAPE, shape: NODE_AGENT_SHAPE, base: () => ({ image }), make: (c, id, p) => new NodeAgent(c, id, js(p)), at: inChart },
  { name: 'Worker', shared: WORKLOAD_SHAPE, shape: WORKER_SHAPE, base: () => ({ image }), make: (c, id, p) => new Worker(c, id, js(p)), at: inChart },
  { name: 'Task', shared: WORKLOAD_SHAPE, shape: TASK_SHAPE, base: () => ({ image }), make: (c, id, p) => new Task(c, id, js(p)), at: inChart },
  { name: 'ScheduledTask', shared: JOB_SHAPE, shape: SCHEDULED_TASK_SHAPE, base: () => ({ image, schedule: '@daily' }), make: (c, id, p) => new ScheduledTask(c, id, js(p)), at: inChart },
  {
    name: 'Migration',
    shared: JOB_SHAPE,
    shape: MIGRATION_SHAPE,
    base: () => ({ image, before: undefined }),
    at: inChart,
    make: (c, id, p) => new Migration(c, id, js(withDefault(p, 'before', () => new WebApp(c, `${id}-app`, { image })))),
  },
  {
    name: 'SmokeTest',
    shared: POD_COMPOSITION_SHAPE,
    shape: SMOKE_TEST_SHAPE,
    base: () => ({ target: undefined }),
    at: inChart,
    make: (c, id, p) => new SmokeTest(c, id, js(withDefault(p, 'target', () => new WebApp(c, `${id}-app`, { image })))),
  },
  {
    name: 'WorkloadAlerts',
    shape: WORKLOAD_ALERTS_SHAPE,
    base: () => ({ workload: undefined }),
    at: inChart,
    make: (c, id, p) => new WorkloadAlerts(c, id, js(withDefault(p, 'workload', () => new WebApp(c, `${id}-app`, { image })))),
  },
  { name: 'TeamNamespace', shape: TEAM_NAMESPACE_SHAPE, base: () => ({}), make: (c, id, p) => new TeamNamespace(c, id, js(p)), at: inChart },
  { name: 'ArgoCdApplication', shape: ARGO_CD_APPLICATION_SHAPE, base: () => ({ repoURL: 'https://git.example.com/shop.git' }), make: (c, id, p) => new ArgoCdApplication(c, id, js(p)), at: inChart },
  { name: 'ExistingSecret', shape: EXISTING_SECRET_SHAPE, base: () => ({ keys: ['password'] }), make: (c, id, p) => new ExistingSecret(c, id, js(p)), at: inChart },
  { name: 'ExternalSecret', shape: EXTERNAL_SECRET_SHAPE, base: () => ({ store: { name: 'vault' }, keys: { password: { key: 'shop/db' } } }), make: (c, id, p) => new ExternalSecret(c, id, js(p)), at: inChart },
  { name: 'HttpRoute', shape: HTTP_ROUTE_SHAPE, base: () => ({ gateway, backends }), make: (c, id, p) => new HttpRoute(c, id, js(p)), at: inChart },
  { name: 'GrpcRoute', shape: GRPC_ROUTE_SHAPE, base: () => ({ gateway, backends }), make: (c, id, p) => new GrpcRoute(c, id, js(p)), at: inChart },
  {
    name: 'Platform.configure',
    shape: PLATFORM_SHAPE,
    base: () => ({}),
    at: id => ({ path: id, prefix: '' }),
    make: (c, id, p) => Platform.configure(new Chart(c.node.root, id, { namespace: id }), js(p)),
  },
  {
    name: 'EnvironmentProfile.custom',
    shape: PROFILE_SHAPE,
    base: () => ({ name: 'big' }),
    at: id => ({ path: id, prefix: 'profile.' }),
    make: (c, id, p) => Platform.configure(new Chart(c.node.root, id, { namespace: id }), { profile: EnvironmentProfile.custom(js(p)) }),
  },
  { name: 'Release.rolling', shape: ROLLING_SHAPE, base: () => ({}), make: (c, id, p) => new WebApp(c, id, { image, release: Release.rolling(js(p)) }), at: id => ({ path: `prod/${id}`, prefix: 'release.' }) },
  {
    name: 'Release.blueGreen',
    shape: BLUE_GREEN_SHAPE,
    base: () => ({ active: 'blue', blueImage: image, greenImage: image }),
    make: (c, id, p) => new WebApp(c, id, { image, release: Release.blueGreen(js(p)) }),
    at: id => ({ path: `prod/${id}`, prefix: 'release.' }),
  },
  {
    name: 'Release.canary',
    shape: CANARY_SHAPE,
    base: () => ({ canaryImage: 'ghcr.io/acme/shop:1.5.0', engine: 'argoRollouts' }),
    make: (c, id, p) => new WebApp(c, id, { image, release: Release.canary(js(p)) }),
    at: id => ({ path: `prod/${id}`, prefix: 'release.' }),
  },
  {
    name: 'HealthProbe.http',
    shape: PROBE_OPTIONS_SHAPE,
    base: () => ({}),
    make: (c, id, p) => new WebApp(c, id, { image, probes: { readiness: HealthProbe.http('/ready', js(p)) } }),
    at: id => ({ path: `prod/${id}`, prefix: 'probes.readiness ' }),
  },
  {
    name: 'Workload.connectsTo',
    shape: CONNECT_SHAPE,
    base: () => ({}),
    at: id => ({ path: `prod/${id}`, prefix: 'connectsTo.' }),
    make: (c, id, p) => new WebApp(c, id, { image }).connectsTo(new StatefulStore(c, `${id}-db`, { image, port: 5432, storage }), js(p)),
  },
  {
    name: 'StatefulStore.restore',
    shape: RESTORE_SHAPE,
    base: id => ({ backup: `${id}-backup`, backupId: 'x.dump', command: ['restore'], volume: { size: Size.gibibytes(1) } }),
    make: (c, id, p) => new StatefulStore(c, id, { image, port: 5432, storage, backup }).restore('r', js(p)),
    at: id => ({ path: `prod/${id}/r`, prefix: '' }),
  },
  {
    name: 'StatefulStore.snapshot',
    shape: SNAPSHOT_SHAPE,
    base: () => ({}),
    make: (c, id, p) => new StatefulStore(c, id, { image, port: 5432, storage }).snapshot('s', js(p)),
    at: id => ({ path: `prod/${id}/s`, prefix: '' }),
  },
];

/** `props` with `key` set by `make` when the case leaves it undefined (a workload the subject needs). */
function withDefault(props: unknown, key: string, make: () => unknown): unknown {
  if (props === null || typeof props !== 'object' || Array.isArray(props) || isProxy(props)) return props;
  const desc = Object.getOwnPropertyDescriptor(props, key);
  if (!desc || ('value' in desc && desc.value === undefined)) {
    const filled = { ...props, [key]: make() };
    return Object.isFrozen(props) ? Object.freeze(filled) : filled;
  }
  return props;
}

// ---------------------------------------------------------------- values

const specOf = (s: Expect | PropSpec): PropSpec => typeof s === 'object' && 'expect' in s ? s : { expect: s as Expect, required: false };

/** Valid values of nested required props, by prop name (the documented examples). */
const VALID: { [prop: string]: unknown } = {
  host: 'shop.example.com',
  schedule: '@daily',
  image,
  command: ['run'],
  size: Size.gibibytes(1),
  key: 'password',
  name: 'x',
  resources: ['pods'],
  verbs: ['get'],
  reason: 'the agent reads node logs',
  add: ['NET_ADMIN'],
  cpu: '1',
  memory: '1Gi',
  path: '/x',
  port: 80,
  service: 'web',
  prometheusAddress: 'http://prometheus.monitoring:9090',
  query: 'sum(rate(x[1m]))',
  successCondition: 'result[0] < 0.01',
  on: ['on-deployed'],
  channels: [lib.NotificationChannel.slack('deploys')],
  weight: 50,
  metric: 'queue_depth',
  target: 10,
  type: 'Pods',
  operator: 'In',
  values: ['a'],
  matchExpressions: [{ key: 'pool', operator: 'In', values: ['a'] }],
  minReplicas: 1,
  maxReplicas: 3,
  mountPath: '/data',
  exporter: undefined,
};

/** Optional props a valid object needs all the same (a Pods metric needs its target). */
const ALSO_GIVEN: { [prop: string]: unknown } = { averageValue: '10' };

/** A valid value of `expect`, for required props the sweep does not look at. */
function validOf(prop: string, expect: Expect): unknown {
  if (prop in VALID) return VALID[prop];
  if (typeof expect === 'object' && 'object' in expect) return validObject(expect.object);
  if (typeof expect === 'object' && 'oneOf' in expect) return expect.oneOf[0];
  if (typeof expect === 'object' && 'list' in expect) return [];
  switch (expect) {
    case 'string': return 'x';
    case 'int': case 'number': return 1;
    case 'boolean': return true;
    case 'strings': return ['x'];
    case 'seconds': return Duration.seconds(30);
    case 'size': return Size.mebibytes(64);
    default: return undefined;
  }
}

function validObject(shape: Shape): { [prop: string]: unknown } {
  const out: { [prop: string]: unknown } = {};
  for (const [prop, s] of Object.entries(shape)) {
    const spec = specOf(s);
    if (spec.required || prop in ALSO_GIVEN) out[prop] = spec.required ? validOf(prop, spec.expect) : ALSO_GIVEN[prop];
  }
  return out;
}

/** An object whose `key` throws when read. */
function throwingGetter(key: string): object {
  return Object.defineProperty({}, key, { enumerable: true, get: () => { throw new Error('getter exploded'); } });
}

/** A Size whose conversion throws, and one with no amount: what a JavaScript caller can build. */
function brokenSize(): Size {
  const s = Object.create(Size.prototype);
  s.toKibibytes = () => { throw new Error('conversion exploded'); };
  s.toMebibytes = s.toKibibytes;
  return s;
}
function brokenDuration(): Duration {
  const d = Object.create(Duration.prototype);
  d.toMilliseconds = () => { throw new Error('conversion exploded'); };
  d.toSeconds = d.toMilliseconds;
  return d;
}

/** Names of string props that are Kubernetes names (or label values): upper case and 300 characters are wrong there too. */
const NAME_LIKE = /^(name|namespace|[a-zA-Z]+Name|destinationNamespace|claimName|fromSnapshot)$/;
/** Props named like names that are not object names (a Prometheus metric name may have upper case). */
const NOT_OBJECT_NAMES = /(queueLength|metrics\[0\])\.name$/;
/** String props that are label values: 300 characters is wrong there too. */
const LABEL_VALUE_LIKE = /^(version|partOf|team)$/;
/** Props named like names that are label values (upper case is fine there). */
const LABEL_VALUE_PROPS = new Set(['EnvironmentProfile.custom name']);

/** Wrong values for a prop of kind `expect`, each with a label. */
function hostileValues(prop: string, expect: Expect, labelValue: boolean): Array<[string, unknown]> {
  const always: Array<[string, unknown]> = [['null', null], ['a function', () => 'x'], ['a Symbol', Symbol('x')]];
  const objectish: Array<[string, unknown]> = [['a throwing getter', throwingGetter('a')]];
  if (typeof expect === 'object') {
    if ('oneOf' in expect) return [...always, ['a near miss', `${expect.oneOf[0]}x`], ['upper case', expect.oneOf[0].toUpperCase() + 'X'], ['a number', 1], ['an empty string', '']];
    if ('instance' in expect) return [...always, ['a string', 'x'], ['a plain object', {}], ['a number', 42], ['a list', []]];
    if ('object' in expect) {
      const first = Object.keys(expect.object)[0];
      return [...always, ['a string', 'x'], ['a list', []], ['a number', 42], ['a throwing getter', throwingGetter(first)], ['a Proxy that throws', throwingProxy()]];
    }
    if ('list' in expect) return [...always, ['a string', 'x'], ['an object', {}], ['a number', 42], ['an array-like', { length: 1, 0: 'x' }]];
    if ('map' in expect) return [...always, ['a string', 'x'], ['a list', []], ['a number', 42], ...objectish];
    // either: what fits no alternative
    return [...always, ['a list', [[]]]];
  }
  switch (expect) {
    case 'string': {
      const values: Array<[string, unknown]> = [...always, ['a number', 42], ['a list', ['x']], ['an empty string', ''], ['a blank string', ' ']];
      if (labelValue || LABEL_VALUE_LIKE.test(prop)) values.push(['300 characters', 'a'.repeat(300)]);
      else if (NAME_LIKE.test(prop)) values.push(['upper case', 'UPPER'], ['300 characters', 'a'.repeat(300)]);
      return values;
    }
    case 'int':
    case 'number': {
      const values: Array<[string, unknown]> = [['null', null], ['a function', () => 3], ['a string', '3'], ['a boolean', true], ['NaN', NaN],
        ['-Infinity', -Infinity], ['-1', -1], ['2**53', 2 ** 53]];
      if (expect === 'int') values.push(['1.5', 1.5], ['2**31', 2 ** 31]);
      return values;
    }
    case 'text': return [...always, ['a number', 42], ['a list', ['x']]];
    case 'boolean': return [...always, ['a string', 'yes'], ['a number', 1], ['a string "true"', 'true']];
    case 'seconds': return [...always, ['a string', '30s'], ['a number', 30], ['a plain object', { amount: 30, unit: 's' }],
      ['Duration.millis(1500)', Duration.millis(1500)], ['a Duration whose conversion throws', brokenDuration()]];
    case 'size': return [...always, ['a string', '1Gi'], ['a number', 1024], ['a plain object', { amount: 1, unit: 'Gi' }],
      ['Size.kibibytes(1)', Size.kibibytes(1)], ['a Size whose conversion throws', brokenSize()], ['a Size without an amount', Object.create(Size.prototype)]];
    case 'strings': return [...always, ['a string', 'x'], ['an object', {}], ['a list with a number', [1]], ['a list with null', [null]]];
    case 'stringMap': return [...always, ['a string', 'x'], ['a list', []], ['a number value', { a: 1 }], ['a null value', { a: null }], ...objectish];
    case 'any': return [['null', null], ['a string', 'x'], ['a number', 42]];
  }
}

const proxies = new WeakSet<object>();
const isProxy = (v: object) => proxies.has(v);

function throwingProxy(): object {
  const proxy = new Proxy({}, { ownKeys: () => { throw new Error('proxy exploded'); }, get: () => { throw new Error('proxy exploded'); } });
  proxies.add(proxy);
  return proxy;
}

// ---------------------------------------------------------------- cases

interface Case {
  readonly label: string;
  readonly target: Target;
  readonly props: (id: string) => unknown;
  /** The prop name the error must name (after the target's prefix). */
  readonly prop: string;
}

/** Every prop of `shape` (nested objects too), with the props around it and its kind. */
function* propsOf(shape: Shape, at: string): Generator<{ path: string[]; expect: Expect; display: string }> {
  for (const [prop, s] of Object.entries(shape)) {
    const { expect } = specOf(s);
    yield { path: [prop], expect, display: `${at}${prop}` };
    if (typeof expect !== 'object') continue;
    // nested objects, and the objects of a list (its first item)
    const inner = 'object' in expect ? { seg: prop, shape: expect.object, display: `${at}${prop}.` }
      : 'list' in expect && typeof expect.list === 'object' && 'object' in expect.list ? { seg: `${prop}[]`, shape: expect.list.object, display: `${at}${prop}[0].` }
        : undefined;
    if (inner) for (const p of propsOf(inner.shape, inner.display)) yield { ...p, path: [inner.seg, ...p.path] };
  }
}

/** The shape of the object at path segment `seg` ("resources", or "tolerations[]" for a list's items). */
function childShape(shape: Shape, seg: string): Shape {
  const expect = specOf(shape[seg.replace(/\[\]$/, '')]).expect as { object?: Shape; list?: { object: Shape } };
  return seg.endsWith('[]') ? expect.list!.object : expect.object!;
}

/** How the library names the prop at `segments`: "tolerations[0].effect". */
const displayOf = (segments: string[]) => segments.map(s => s.replace(/\[\]$/, '[0]')).join('.');

/** `base` with the value at `at` replaced (nested objects and list items start valid). */
function setAt(base: { [key: string]: unknown }, shape: Shape, at: string[], value: unknown): { [key: string]: unknown } {
  const [head, ...rest] = at;
  if (rest.length === 0) return head.endsWith('[]') ? { ...base, [head.slice(0, -2)]: [value] } : { ...base, [head]: value };
  const inner = childShape(shape, head);
  if (head.endsWith('[]')) {
    const name = head.slice(0, -2);
    const list = (base[name] as Array<{ [key: string]: unknown }> | undefined) ?? [validObject(inner)];
    return { ...base, [name]: [setAt(list[0] ?? validObject(inner), inner, rest, value), ...list.slice(1)] };
  }
  const current = (base[head] ?? validObject(inner)) as { [key: string]: unknown };
  return { ...base, [head]: setAt(current, inner, rest, value) };
}

function casesOf(target: Target): Case[] {
  const out: Case[] = [];
  for (const { path: p, expect, display } of propsOf(target.shape, '')) {
    const leafName = NOT_OBJECT_NAMES.test(display) ? `${p[p.length - 1]} (a metric)` : p[p.length - 1];
    const all = hostileValues(leafName, expect, LABEL_VALUE_PROPS.has(`${target.name} ${display}`));
    const shared = target.shared !== undefined && p[0] in target.shared;
    // inside a list item (tolerations[0].effect) every fifth value of the catalogue: the same checks, in a fifth of the time
    const values = shared ? [all[1]] : display.includes('[0]') ? all.filter((_, i) => i % 5 === 0) : all;
    for (const [label, value] of values) {
      out.push({ label: `${target.name} ${display}: ${label}`, target, prop: display, props: id => setAt(target.base(id), target.shape, p, value) });
    }
    // a misspelled prop (a letter dropped)
    const leaf = p[p.length - 1];
    const typo = leaf.length > 3 ? leaf.slice(0, -1) : `${leaf}x`;
    const typoDisplay = displayOf([...p.slice(0, -1), typo]);
    if (!shared && !(typo in target.shape)) {
      const shapeAtParent = p.slice(0, -1).reduce<Shape>(childShape, target.shape);
      const parentValid = p.length === 1 ? undefined : validObject(shapeAtParent);
      out.push({
        label: `${target.name} ${display}: misspelled as ${typo}`,
        target,
        prop: typoDisplay,
        props: id => p.length === 1
          ? { ...target.base(id), [typo]: validOf(leaf, expect) ?? 1 }
          : setAt(target.base(id), target.shape, p.slice(0, -1), { ...parentValid, [typo]: 1 }),
      });
    }
  }
  // the props argument itself
  for (const [label, value] of [['null', null], ['a string', 'x'], ['a number', 42], ['a list', []], ['a Proxy that throws', throwingProxy()]] as Array<[string, unknown]>) {
    out.push({ label: `${target.name} props: ${label}`, target, prop: target.at('x').prefix ? '' : 'props', props: () => value });
  }
  return out;
}

const CASES = TARGETS.flatMap(casesOf);

/** One line of the error message per error, and whether building threw (and what). */
function run(cases: Case[], ids: string[]): { message: string; thrown?: unknown } {
  const app = Testing.app();
  const chart = new Chart(app, 'prod', { namespace: 'shop' });
  try {
    cases.forEach((c, i) => c.target.make(chart, ids[i], c.props(ids[i])));
    render(app);
    return { message: '' };
  } catch (e) {
    if (e instanceof SynthError) return { message: e.message };
    return { message: '', thrown: e };
  }
}

/** Why a case failed, or undefined: the error must be a SynthError line at the case's path naming its prop. */
function verdict(c: Case, id: string, message: string): string | undefined {
  const { path: at, prefix } = c.target.at(id);
  const lines = message.split('\n').filter(l => l.startsWith(`  [${at}]`) || l.startsWith(`  [${at}/`));
  if (lines.length === 0) return 'silently accepted';
  const prop = `${prefix}${c.prop}`.replace(/[. ]$/, '');
  // a nested prop may be reported on its object ("volume needs exactly one of claimName and size"), and a construct
  // the subject builds inside itself (a WebApp's route) names the prop as its own props call it
  const parent = prop.includes('.') ? prop.slice(0, prop.lastIndexOf('.')) : prop;
  const own = prop.slice(prop.indexOf('.') + 1);
  const named = (l: string) => l.includes(prop) || l.includes(`] ${parent} `) || (!l.startsWith(`  [${at}]`) && l.includes(`] ${own} `));
  if (!lines.some(named)) return `error does not name "${prop}": ${lines[0]}`;
  if (lines.some(l => /TypeError|Cannot read propert|is not a function/.test(l))) return `crash in the message: ${lines.join(' | ')}`;
  return undefined;
}

const BATCH = 40;

describe('hostile input: every wrong value is a SynthError naming the construct path and the prop', () => {
  test(`the sweep covers ${CASES.length} hostile inputs`, () => {
    expect(CASES.length).toBeGreaterThan(1500);
  });

  test('no case throws outside synth, is accepted, or fails without naming its prop', () => {
    const failures: string[] = [];
    for (let start = 0; start < CASES.length; start += BATCH) {
      const batch = CASES.slice(start, start + BATCH);
      const ids = batch.map((_, i) => `s${start + i}`);
      const { message, thrown } = run(batch, ids);
      if (thrown === undefined) {
        batch.forEach((c, i) => {
          const why = verdict(c, ids[i], message);
          if (why) failures.push(`${c.label}: ${why}`);
        });
        continue;
      }
      // name the culprits
      batch.forEach((c, i) => {
        const alone = run([c], [ids[i]]);
        if (alone.thrown !== undefined) {failures.push(`${c.label}: threw ${(alone.thrown as Error)?.name}: ${String((alone.thrown as Error)?.message).split('\n')[0]}`);} else {
          const why = verdict(c, ids[i], alone.message);
          if (why) failures.push(`${c.label}: ${why}`);
        }
      });
    }
    expect(failures).toEqual([]);
  });

  test('the base props of every target synthesize cleanly, also when deep-frozen (valid input stays accepted)', () => {
    const problems: string[] = [];
    for (const target of TARGETS) {
      const { message, thrown } = run([{ label: target.name, target, prop: '', props: id => deepFreeze(target.base(id)) }], ['ok']);
      if (thrown) problems.push(`${target.name}: threw ${(thrown as Error).message}`);
      else if (message) problems.push(`${target.name}: ${message}`);
    }
    expect(problems).toEqual([]);
  });

  test('two bad constructs in one app: both errors are listed', () => {
    const web = TARGETS.find(t => t.name === 'WebApp')!;
    const store = TARGETS.find(t => t.name === 'StatefulStore')!;
    const { message, thrown } = run([
      { label: 'web', target: web, prop: 'replicas', props: () => ({ image, replicas: NaN, tmpSize: brokenSize() }) },
      { label: 'store', target: store, prop: 'storage.size', props: () => ({ image, port: 5432, storage: { size: throwingGetter('x') } }) },
    ], ['a', 'b']);
    expect(thrown).toBeUndefined();
    expect(message).toContain('[prod/a] replicas NaN is not a finite number');
    expect(message).toContain('[prod/a] tmpSize');
    expect(message).toContain('[prod/b] storage.size');
  });
});

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype || Array.isArray(v)) {
    for (const inner of Object.values(v as object)) deepFreeze(inner);
    Object.freeze(v);
  }
  return v;
}

// ---------------------------------------------------------------- every other entry point

/** A hostile call of a public entry point: it must throw a SynthError at once, or fail the synth, with `expected` in the message. */
interface Call {
  readonly entry: string;
  readonly what: string;
  readonly run: (chart: Chart, app: App) => unknown;
  /** Text the SynthError message must contain; undefined: the call must be accepted (a query answering "none"). */
  readonly expected?: string;
}

const store = (c: Chart, id = 'db') => new StatefulStore(c, id, { image, port: 5432, storage, backup });
const secret = (c: Chart) => new ExistingSecret(c, 'creds', { keys: ['password'] });
const webWith = (c: Chart, props: object) => new WebApp(c, 'web', js({ image, ...props }));
const channelApp = (c: Chart, channel: unknown) => new ArgoCdApplication(c, 'argo', {
  repoURL: 'https://git.example.com/shop.git', notifications: [{ on: [NotificationTrigger.ON_DEPLOYED], channels: [js(channel)] }],
});

/** The constructors the sweep builds directly, for the scope and id rows. */
const DIRECT = ['WebApp', 'StatefulStore', 'NodeAgent', 'Worker', 'Task', 'ScheduledTask', 'TeamNamespace', 'ArgoCdApplication', 'ExistingSecret',
  'ExternalSecret', 'HttpRoute', 'GrpcRoute'];

const CALLS: Call[] = [
  ...DIRECT.flatMap((name): Call[] => {
    const t = TARGETS.find(x => x.name === name)!;
    const entry = `${name} constructor`;
    return [
      { entry, what: 'scope null', run: () => t.make(js(null), 'x', t.base('x')), expected: `new ${name}(scope, ...): scope null is null, not a construct` },
      { entry, what: 'scope a plain object', run: () => t.make(js({ node: 1 }), 'x', t.base('x')), expected: `new ${name}(scope, ...): scope {"node":1} is a plain object, not a construct` },
      { entry, what: 'scope an App (no Chart)', run: (_c, app) => t.make(js(app), 'x', t.base('x')), expected: `new ${name}(scope, ...): scope "(the app)" is not inside a Chart` },
      { entry, what: 'id a number', run: c => t.make(c, js(5), t.base('x')), expected: `[prod] ${name} id 5 is a number, not a string` },
      { entry, what: 'id empty', run: c => t.make(c, '', t.base('x')), expected: `[prod] ${name} id "" is empty` },
      { entry, what: 'id null', run: c => t.make(c, js(null), t.base('x')), expected: `[prod] ${name} id null is null, not a string` },
      { entry, what: 'id taken', run: c => { t.make(c, 'x', t.base('x')); t.make(c, 'x', t.base('x')); }, expected: `[prod] ${name} id "x" is already taken in prod` },
    ];
  }),
  { entry: 'WebApp constructor', what: 'a JSON "__proto__" prop', run: c => new WebApp(c, 'web', JSON.parse(`{"image": "${image}", "__proto__": {"replicas": 5}}`)), expected: '[prod/web] __proto__ {"replicas":5} is not a known prop' },
  { entry: 'WebApp constructor', what: 'a "constructor" prop', run: c => webWith(c, { constructor: 5 }), expected: '[prod/web] constructor 5 is not a known prop' },
  { entry: 'WebApp constructor', what: 'a "constructor" label key (cdk8s cannot write it)', run: c => webWith(c, { labels: { constructor: 'y' } }), expected: '[prod/web] labels {"constructor":"y"} has the key "constructor", which cdk8s cannot write' },
  { entry: 'WebApp constructor', what: 'a "__proto__" config file', run: c => webWith(c, { configFiles: JSON.parse('{"__proto__": "x"}') }), expected: '[prod/web] configFiles {"__proto__":"x"} has the key "__proto__"' },
  { entry: 'Migration constructor', what: 'scope null', run: c => new Migration(js(null), 'm', { image, before: webWith(c, {}) }), expected: 'new Migration(scope, ...): scope null' },
  { entry: 'SmokeTest constructor', what: 'id a Symbol', run: c => new SmokeTest(c, js(Symbol('x')), { target: webWith(c, {}) }), expected: '[prod] SmokeTest id "Symbol(x)" is a symbol' },
  { entry: 'WorkloadAlerts constructor', what: 'scope a string', run: c => new WorkloadAlerts(js('prod'), 'a', { workload: webWith(c, {}) }), expected: 'new WorkloadAlerts(scope, ...): scope "prod" is a string' },
  { entry: 'Environment constructor', what: 'app null', run: () => new Environment(js(null), { name: 'production' }), expected: 'new Environment(app, props): app null is not a cdk8s App' },
  { entry: 'Environment constructor', what: 'props null', run: (_c, app) => new Environment(app, js(null)), expected: '[environment] props null is not an object of props' },
  { entry: 'Environment constructor', what: 'namespaces of numbers', run: (_c, app) => new Environment(app, js({ name: 'production', namespaces: { shop: 5 } })), expected: '[production] namespaces {"shop":5} has a value that is not a string' },
  { entry: 'Environments constructor', what: 'props null', run: () => render(new Environments(js(null))), expected: '[Environments] props null is not an object of props' },
  { entry: 'Environments constructor', what: 'environments a number', run: () => render(new Environments(js({ environments: 42 }))), expected: '[Environments] environments 42 is a number, not a list' },
  { entry: 'Environments constructor', what: 'an environment null', run: () => render(new Environments(js({ environments: [null] }))), expected: '[Environments] environments[0] null is null' },
  { entry: 'Environments constructor', what: 'a misspelled prop', run: () => render(new Environments(js({ environments: [{ name: 'production' }], outDir: 'x' }))), expected: '[Environments] outDir "x" is not a known prop: did you mean `outdir`?' },
  { entry: 'Environment.of', what: 'scope a plain object', run: () => Environment.of(js({})), expected: 'Environment.of(scope): scope {} is a plain object, not a construct' },
  { entry: 'Environment.namespace', what: 'scope undefined', run: () => Environment.namespace(js(undefined), 'shop'), expected: 'Environment.namespace(scope, name): scope undefined is a undefined, not a construct' },
  { entry: 'Environment.namespace', what: 'name a number', run: c => Environment.namespace(c, js(42)), expected: '[prod] Environment.namespace name 42 is not a string' },
  { entry: 'Platform.configure', what: 'scope a plain object', run: () => Platform.configure(js({}), {}), expected: 'Platform.configure(scope, props): scope {} is a plain object, not a construct' },
  { entry: 'Platform.of', what: 'scope null', run: () => Platform.of(js(null)), expected: 'Platform.of(scope): scope null is null, not a construct' },
  { entry: 'Policy.suppress', what: 'scope a plain object', run: () => Policy.suppress(js({}), 'rbac-no-wildcards', 'why'), expected: 'Policy.suppress(scope, ruleId, reason): scope {} is a plain object' },
  { entry: 'Policy.suppress', what: 'ruleId a Symbol', run: c => Policy.suppress(webWith(c, {}), js(Symbol('r')), 'why'), expected: '[prod/web] suppression ruleId "Symbol(r)" is not a string' },
  { entry: 'Policy.suppress', what: 'reason a number', run: c => Policy.suppress(webWith(c, {}), 'pod-probes', js(42)), expected: '[prod/web] suppression "pod-probes"' },
  { entry: 'Policy.check', what: 'objects a number', run: () => Policy.check(js(42)), expected: 'Policy.check(objects): objects 42 is not a list' },
  { entry: 'SyncWave.set', what: 'scope a plain object', run: () => SyncWave.set(js({}), 1), expected: 'SyncWave.set(scope, wave): scope {} is a plain object' },
  { entry: 'SyncWave.set', what: 'wave a string', run: c => SyncWave.set(c, js('1')), expected: '[prod] SyncWave.set wave "1" is not a whole number' },
  { entry: 'SyncWave.set', what: 'wave NaN', run: c => SyncWave.set(c, NaN), expected: '[prod] SyncWave.set wave NaN is not a whole number' },
  { entry: 'SyncWave.tier', what: 'scope null', run: () => SyncWave.tier(js(null), 'app'), expected: 'SyncWave.tier(scope, tier): scope null' },
  { entry: 'SyncWave.tier', what: 'an unknown tier', run: c => SyncWave.tier(c, 'apps'), expected: '[prod] SyncWave.tier tier "apps" is not a tier' },
  { entry: 'SyncWave.of', what: 'obj a plain object', run: () => SyncWave.of(js({ kind: 'Deployment' })), expected: 'SyncWave.of(obj): obj {"kind":"Deployment"} is not an ApiObject' },
  { entry: 'PolicyValidation constructor', what: 'rules a string', run: () => new PolicyValidation(js({ rules: 'yes', schemas: false })), expected: 'PolicyValidation properties: rules "yes" is a string' },
  { entry: 'SynthError constructor', what: 'errors a number', run: () => { throw new SynthError(js(42)); }, expected: 'synth failed with 1 error:\n  42' },
  { entry: 'render', what: 'app a number', run: () => render(js(42)), expected: 'render(app): app 42 is not a cdk8s App or Environments' },
  { entry: 'renderReport', what: 'app a Chart', run: c => renderReport(js(c)), expected: 'renderReport(app): app' },
  { entry: 'synthesize', what: 'app undefined', run: () => synthesize(js(undefined)), expected: 'synthesize(app): app undefined is not a cdk8s App' },
  { entry: 'enforcePolicy', what: 'app a string', run: () => enforcePolicy(js('app')), expected: 'enforcePolicy(app): app "app" is not a cdk8s App: ' },
  { entry: 'enforcePolicy', what: 'app an Environments', run: () => enforcePolicy(js(new Environments({ environments: [{ name: 'production' }] }))), expected: 'enforcePolicy(app): app [object Object] is not a cdk8s App: pass the App' },
  { entry: 'suppressionAnnotation', what: 'ruleId a Symbol', run: () => suppressionAnnotation(js(Symbol('r'))), expected: 'suppressionAnnotation(ruleId): ruleId "Symbol(r)" is not a string' },
  { entry: 'EnvVar.value', what: 'a number', run: c => webWith(c, { env: { A: EnvVar.value(js(42)) } }), expected: '[prod/web] env.A value 42 is a number, not a string' },
  { entry: 'EnvVar.fromSecret', what: 'names of the wrong types and throwing options', run: c => webWith(c, { env: { A: EnvVar.fromSecret(js(42), js(null), js(throwingGetter('optional'))) } }), expected: '[prod/web] env.A secretName 42 is a number' },
  { entry: 'EnvVar.fromConfigMap', what: 'optional a string', run: c => webWith(c, { env: { A: EnvVar.fromConfigMap('cfg', 'k', js({ optional: 'yes' })) } }), expected: '[prod/web] env.A optional "yes" is a string' },
  { entry: 'EnvVar.fromField', what: 'a function', run: c => webWith(c, { env: { A: EnvVar.fromField(js(() => 1)) } }), expected: '[prod/web] env.A fieldPath' },
  { entry: 'HealthProbe.http', what: 'path a number', run: c => webWith(c, { probes: { readiness: HealthProbe.http(js(8080)) } }), expected: '[prod/web] probes.readiness path 8080 is a number' },
  { entry: 'HealthProbe.tcp', what: 'options a string', run: c => webWith(c, { probes: { readiness: HealthProbe.tcp(js('fast')) } }), expected: '[prod/web] probes.readiness props "fast" is not an object of props' },
  { entry: 'HealthProbe.none', what: 'reason a number', run: c => webWith(c, { probes: { liveness: HealthProbe.none(js(42)) } }), expected: '[prod/web] probes.liveness reason 42 is a number, not a string' },
  { entry: 'HealthProbe.none', what: 'reason blank', run: c => webWith(c, { probes: { liveness: HealthProbe.none(' ') } }), expected: '[prod/web] probes.liveness reason " " is empty' },
  { entry: 'HealthProbe.exec', what: 'command a string', run: c => webWith(c, { probes: { liveness: HealthProbe.exec(js('pgrep app')) } }), expected: '[prod/web] probes.liveness command "pgrep app" is a string, not a list of strings' },
  ...(['gke', 'eks', 'aks', 'karpenter', 'instanceType'] as const).map(f => ({
    entry: `NodePool.${f}`, what: 'a number', run: (c: Chart) => webWith(c, { pool: (NodePool[f] as (n: unknown) => NodePool)(42) }), expected: '[prod/web] pool "42" has a number name, not a string',
  })),
  { entry: 'NodePool.labelled', what: 'key null', run: c => webWith(c, { pool: NodePool.labelled(js(null), 'gpu') }), expected: '[prod/web] pool "null" has a null label key, not a string' },
  { entry: 'NotificationChannel.slack', what: 'a number', run: c => channelApp(c, NotificationChannel.slack(js(42))), expected: '[prod/argo] notifications[0].channels[0] 42 is a number, not a string' },
  { entry: 'NotificationChannel.email', what: 'an object', run: c => channelApp(c, NotificationChannel.email(js({}))), expected: '[prod/argo] notifications[0].channels[0] {} is a object, not a string' },
  { entry: 'NotificationChannel.webhook', what: 'a Symbol', run: c => channelApp(c, NotificationChannel.webhook(js(Symbol('hook')))), expected: '[prod/argo] notifications[0].channels[0] "Symbol(hook)" is a symbol, not a string' },
  {
    entry: 'CanaryStep.setWeight',
    what: 'a string',
    expected: '[prod/web] release.steps[0]',
    run: c => webWith(c, { release: Release.canary({ canaryImage: image, engine: ReleaseEngine.ARGO_ROLLOUTS, steps: [CanaryStep.setWeight(js('20'))] }) }),
  },
  {
    entry: 'CanaryStep.pause',
    what: 'a string',
    expected: '[prod/web] release.steps[1]',
    run: c => webWith(c, { release: Release.canary({ canaryImage: image, engine: ReleaseEngine.ARGO_ROLLOUTS, steps: [CanaryStep.setWeight(20), CanaryStep.pause(js('5m'))] }) }),
  },
  { entry: 'EnvironmentProfile.named', what: 'a number (no such profile: answered, not thrown)', run: () => EnvironmentProfile.named(js(42)) },
  { entry: 'SecretSource.envVar', what: 'key a Symbol', run: c => webWith(c, { env: { A: secret(c).envVar(js(Symbol('k'))) } }), expected: '[prod/creds] envVar key "Symbol(k)" is a symbol, not a string' },
  { entry: 'SecretSource.envVar', what: 'an undeclared key', run: c => webWith(c, { env: { A: secret(c).envVar('pasword') } }), expected: '[prod/creds] envVar("pasword") "pasword" is not a declared key' },
  { entry: 'SecretSource.volume', what: 'keys a string', run: c => secret(c).volume('creds', js('password')), expected: '[prod/creds] volume("creds") keys "password" is not a list' },
  { entry: 'SecretSource.volume', what: 'volumeName a number', run: c => secret(c).volume(js(5)), expected: '[prod/creds] volume volumeName 5 is a number, not a string' },
  { entry: 'StatefulStore.restore', what: 'id null', run: c => store(c).restore(js(null), { backup: 'db-backup', backupId: 'x', command: ['restore'] }), expected: '[prod/db] StatefulStore.restore id null is null' },
  { entry: 'StatefulStore.snapshot', what: 'id a number', run: c => store(c).snapshot(js(42)), expected: '[prod/db] StatefulStore.snapshot id 42 is a number' },
  { entry: 'Workload.connectsTo', what: 'other a string', run: c => webWith(c, {}).connectsTo(js('db')), expected: '[prod/web] connectsTo "db" is not a workload' },
];

/** What each public entry point with an argument is covered by: a sweep target, or rows of CALLS. */
const COVERED_BY_SWEEP: { [entry: string]: string } = {
  ...Object.fromEntries(TARGETS.filter(t => !t.name.includes('.')).map(t => [`${t.name} constructor`, t.name])),
  ...Object.fromEntries(TARGETS.filter(t => t.name.includes('.')).map(t => [t.name, t.name])),
  'Release.rolling': 'Release.rolling',
  // the two tests at the end of this file
  'PolicyValidation.validate': 'its own test',
  'synthesizeOrExit': 'its own test',
};

/** Every public constructor and method with an argument, and every function, that src/index.ts exports (read with TypeScript's parser). */
function publicEntryPoints(): string[] {
  const src = path.join(__dirname, '..', 'src');
  const parse = (file: string) => ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out = new Set<string>();
  for (const stmt of parse(path.join(src, 'index.ts')).statements) {
    if (!ts.isExportDeclaration(stmt) || stmt.isTypeOnly || !stmt.moduleSpecifier) continue;
    if (!stmt.exportClause || !ts.isNamedExports(stmt.exportClause)) continue;
    let file = path.join(src, `${(stmt.moduleSpecifier as ts.StringLiteral).text}.ts`);
    const module = parse(file);
    for (const element of stmt.exportClause.elements) {
      const name = (element.propertyName ?? element.name).text;
      let declarations = module.statements;
      // a re-export (SynthError lives in src/private/)
      const reexport = module.statements.find(s => ts.isExportDeclaration(s) && s.exportClause && ts.isNamedExports(s.exportClause)
        && s.exportClause.elements.some(e => e.name.text === name) && s.moduleSpecifier) as ts.ExportDeclaration | undefined;
      if (reexport) {
        file = path.join(path.dirname(file), `${(reexport.moduleSpecifier as ts.StringLiteral).text}.ts`);
        declarations = parse(file).statements;
      }
      for (const decl of declarations) {
        if (ts.isFunctionDeclaration(decl) && decl.name?.text === name && decl.parameters.length > 0) out.add(name);
        if (ts.isClassDeclaration(decl) && decl.name?.text === name) classEntryPoints(name, decl).forEach(e => out.add(e));
      }
    }
  }
  return [...out].sort();
}

const hasModifier = (node: ts.Node, kind: ts.SyntaxKind) => (ts.canHaveModifiers(node) ? ts.getModifiers(node) ?? [] : []).some(m => m.kind === kind);

function hidden(member: ts.ClassElement): boolean {
  if (hasModifier(member, ts.SyntaxKind.PrivateKeyword) || hasModifier(member, ts.SyntaxKind.ProtectedKeyword)) return true;
  if (member.name && ts.isIdentifier(member.name) && member.name.text.startsWith('_')) return true;
  return ts.getJSDocTags(member).some(t => t.tagName.text === 'internal');
}

function classEntryPoints(name: string, decl: ts.ClassDeclaration): string[] {
  const out: string[] = [];
  const ctor = decl.members.find(ts.isConstructorDeclaration);
  const abstract = hasModifier(decl, ts.SyntaxKind.AbstractKeyword);
  if (!abstract && ctor && !hidden(ctor) && ctor.parameters.length > 0) out.push(`${name} constructor`);
  for (const m of decl.members) {
    if (ts.isMethodDeclaration(m) && !hidden(m) && m.parameters.length > 0) out.push(`${name}.${(m.name as ts.Identifier).text}`);
  }
  return out;
}

describe('hostile input: every other public entry point', () => {
  test('every public constructor, method and function with an argument is covered (a new one fails here until it is)', () => {
    const covered = new Set([...Object.keys(COVERED_BY_SWEEP), ...CALLS.map(c => c.entry)]);
    const entries = publicEntryPoints();
    expect(entries.length).toBeGreaterThan(60);
    expect(entries.filter(e => !covered.has(e))).toEqual([]);
    expect([...covered].filter(e => !entries.includes(e))).toEqual([]);
  });

  test.each(CALLS.map(c => [`${c.entry}: ${c.what}`, c] as const))('%s', async (_what, call) => {
    const app = Testing.app();
    const chart = new Chart(app, 'prod', { namespace: 'shop' });
    let message = '';
    try {
      call.run(chart, app);
      render(app);
    } catch (e) {
      expect(e).toBeInstanceOf(SynthError);
      message = (e as Error).message;
    }
    if (call.expected === undefined) expect(message).toBe('');
    else expect(message).toContain(call.expected);
    expect(message).not.toMatch(/TypeError|Cannot read propert|is not a function|\n\s+at /);
  });

  test('PolicyValidation.validate rejects a context that is none with a SynthError', async () => {
    await expect(new PolicyValidation().validate(js(null))).rejects.toThrow(SynthError);
    await expect(new PolicyValidation().validate(js({ manifests: 'dist/a.yaml', report: {} }))).rejects.toThrow('is not a cdk8s validation context');
  });

  test('synthesizeOrExit with no app prints one line and exits non-zero, writing nothing', () => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      synthesizeOrExit(js(null));
      expect(process.exitCode).toBe(1);
      expect(write.mock.calls.map(c => String(c[0])).join('')).toContain('synthesizeOrExit(app): app null is not a cdk8s App or Environments');
    } finally {
      process.exitCode = undefined;
      write.mockRestore();
    }
  });
});

describe('hostile input through the synth command line', () => {
  test('a reference-style app with hostile props exits 1, lists every error without a stack trace, and leaves dist/ as it was', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-'));
    try {
      const dist = path.join(dir, 'dist');
      fs.mkdirSync(dist);
      fs.writeFileSync(path.join(dist, 'shop.k8s.yaml'), 'previous: output\n');
      const script = path.join(dir, 'main.ts');
      fs.writeFileSync(script, [
        `import { App, Chart, Duration } from ${JSON.stringify(require.resolve('cdk8s'))};`,
        `import { StatefulStore, WebApp, synthesizeOrExit } from ${JSON.stringify(path.join(__dirname, '..', 'src'))};`,
        'const js = (v: unknown): any => v;',
        `const app = new App({ outdir: ${JSON.stringify(dist)} });`,
        "const chart = new Chart(app, 'shop', { namespace: 'shop' });",
        "const image = 'ghcr.io/acme/shop:1.4.2';",
        'new WebApp(chart, js(5), js({ image, replicas: NaN, preStopDelay: Duration.millis(1500) }));',
        "new WebApp(chart, 'web', js({ image, resources: new Proxy({}, { ownKeys: () => { throw new Error('boom'); } }) }));",
        "new StatefulStore(chart, 'db', js({ image, port: '5432', storage: { size: { amount: 1, unit: 'Gi' } } }));",
        'synthesizeOrExit(app);',
      ].join('\n'));
      const child = spawnSync(process.execPath, ['-r', path.join(__dirname, '..', 'scripts', 'swc-register.js'), script], {
        encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
      });
      expect(child.status).toBe(1);
      for (const expected of [
        '[shop] WebApp id 5 is a number, not a string',
        '[shop/invalid-id-1] replicas NaN is not a finite number',
        '[shop/invalid-id-1] preStopDelay "Duration" is 1500 ms',
        '[shop/web] resources "(unreadable)" cannot be read (reading it threw "boom")',
        '[shop/db] port "5432" is a string, not a whole number',
        '[shop/db] storage.size',
        `nothing was written: ${dist}/ is unchanged`,
      ]) expect(child.stderr).toContain(expected);
      expect(child.stderr).not.toMatch(/\n\s+at |TypeError/);
      expect(fs.readdirSync(dist)).toEqual(['shop.k8s.yaml']);
      expect(fs.readFileSync(path.join(dist, 'shop.k8s.yaml'), 'utf8')).toBe('previous: output\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
