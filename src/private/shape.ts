import { Duration, Size } from 'cdk8s';
import { INT32_MAX } from './facts/int32';
import { nearest } from './nearest';

// Prop shapes for JavaScript callers: each public constructor and method
// declares the props it knows and the kind of value each takes, in a small
// table beside its props interface; `checkShape` reads the table. Whatever
// does not fit is reported as a prop error and left out of the props the
// construct goes on to build from (a required prop gets a harmless
// placeholder), so one bad value never becomes a TypeError and every other
// error of the app is still listed.

/** What a prop's value must be. */
export type Expect =
  | 'string' | 'text' | 'number' | 'int' | 'boolean' | 'seconds' | 'size' | 'strings' | 'stringMap' | 'any'
  | { readonly oneOf: readonly string[] }
  | { readonly instance: { readonly prototype: object }; readonly example: string }
  | { readonly object: Shape }
  | { readonly list: Expect }
  | { readonly map: Expect }
  | { readonly either: readonly Expect[] };

/** A prop: what it takes, and whether it must be given. */
export interface PropSpec {
  readonly expect: Expect;
  readonly required: boolean;
}

/** Known props and their kinds. */
export type Shape = { readonly [prop: string]: Expect | PropSpec };

/** A prop that must be given. */
export function required(expect: Expect): PropSpec {
  return { expect, required: true };
}

/** One prop problem, in the error contract's parts. */
export interface ShapeProblem {
  readonly prop: string;
  readonly value: unknown;
  readonly problem: string;
  readonly fix: string;
  /** Reported only when nothing else reports this prop (see `Misfit.fallback`). */
  readonly fallback?: boolean;
}

/** Where shape problems go: `Problems.add` has this signature. */
export type ProblemSink = (prop: string, value: unknown, problem: string, fix: string, fallback?: boolean) => void;

/**
 * Why a value does not fit. A `fallback` misfit (a blank string, a number
 * below 0 or above int32) is of the right type: the value is kept, so the
 * construct's own check of that prop runs and words it better ("partition -1
 * is not a whole number >= 0"); the shape's message is reported only when no
 * other check names the prop, so no such value is ever silently accepted.
 */
interface Misfit {
  readonly problem: string;
  readonly fix: string;
  readonly fallback?: boolean;
}

/**
 * Checks `value` against `shape`, reports each misfit to `report` under
 * `prefix`, and returns the value without the misfits (required props that
 * were missing or wrong get a placeholder of the right kind).
 */
export function checkShape<T>(value: unknown, shape: Shape, prefix: string, report: ProblemSink): T {
  return cleanObject(value, shape, prefix, report) as T;
}

/** The problems of `value` against `shape`, for factories that have no construct to report to yet. */
export function shapeProblems(value: unknown, shape: Shape, prefix: string): { value: any; problems: ShapeProblem[] } {
  const problems: ShapeProblem[] = [];
  const cleaned = cleanObject(value, shape, prefix, (prop, v, problem, fix, fallback) => problems.push({ prop, value: v, problem, fix, fallback }));
  return { value: cleaned, problems };
}

/** The seconds of a Duration, fractions kept; NaN for anything else (the checks then say what is wrong). */
export function durationSeconds(d: unknown): number {
  return d instanceof Duration ? converted(() => d.toSeconds({ integral: false })) : NaN;
}

/** The number `convert` returns, or NaN when it throws (a Duration or Size built by hand). */
function converted(convert: () => number): number {
  try {
    return convert();
  } catch {
    return NaN;
  }
}

/** A value that threw when read (a getter, a Proxy): reported as the prop's problem. */
class Unreadable {
  constructor(public readonly problem: string) {}
  public toJSON(): string {
    return '(unreadable)';
  }
}

/**
 * A plain copy of an object or list (each key read once, inside a try), or
 * `Unreadable` when reading it throws; any other value as it is.
 */
function readable(v: unknown): any {
  if (typeof v !== 'object' || v === null || v instanceof Unreadable || !isPlainOrList(v)) return v;
  try {
    if (Array.isArray(v)) return Array.from({ length: v.length }, (_, i) => readProp(v, i));
    const out: { [key: string]: unknown } = {};
    // defined, not assigned: a "__proto__" key (JSON.parse makes one) stays a key, to be reported
    for (const key of Object.keys(v)) {
      Object.defineProperty(out, key, { value: readProp(v, key), enumerable: true, writable: true, configurable: true });
    }
    return out;
  } catch (e) {
    return new Unreadable(`cannot be read (reading it threw "${messageOf(e)}")`);
  }
}

function readProp(v: any, key: string | number): unknown {
  try {
    return v[key];
  } catch (e) {
    return new Unreadable(`cannot be read (reading it threw "${messageOf(e)}")`);
  }
}

/** Plain objects and lists (not a Duration, an EnvVar or another instance the shape checks by class). */
function isPlainOrList(v: object): boolean {
  if (Array.isArray(v)) return true;
  try {
    const proto = Object.getPrototypeOf(v);
    return proto === Object.prototype || proto === null;
  } catch {
    return true;
  }
}

function messageOf(e: unknown): string {
  try {
    return String((e as Error)?.message ?? e).split('\n')[0].slice(0, 120);
  } catch {
    return 'an error';
  }
}

/** Checks one argument (a factory's positional parameter). */
export function checkValue(value: unknown, expect: Expect, prop: string, report: ProblemSink): unknown {
  const why = misfit(value, expect);
  if (why) {
    report(prop, printable(value), why.problem, why.fix, why.fallback);
    return why.fallback ? value : undefined;
  }
  return value;
}

function cleanObject(value: unknown, shape: Shape, prefix: string, report: ProblemSink): object {
  const at = (p: string) => prefix ? `${prefix}.${p}` : p;
  const example = `give an object such as { ${Object.keys(shape).slice(0, 2).map(k => `${k}: ...`).join(', ')} }`;
  if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
    if (value !== undefined) report(prefix || 'props', printable(value), 'is not an object of props', example);
    value = {};
  }
  let given = readable(value);
  if (given instanceof Unreadable) {
    report(prefix || 'props', '(unreadable)', given.problem, example);
    given = {};
  }
  const known = Object.keys(shape);
  const out: { [key: string]: unknown } = {};
  for (const key of Object.keys(given)) {
    // own keys only: "constructor" or "toString" is no prop either
    if (!Object.prototype.hasOwnProperty.call(shape, key)) {
      const near = nearest(key, known);
      report(at(key), printable(given[key]), 'is not a known prop', near ? `did you mean \`${near}\`?` : `use one of ${known.join(', ')}`);
      continue;
    }
  }
  for (const key of known) {
    const spec = specOf(shape[key]);
    const v = readable(given[key]);
    if (v === undefined) {
      if (spec.required) {
        report(at(key), undefined, 'is required', `give ${describe(spec.expect)}`);
        out[key] = placeholder(spec.expect, at(key));
      }
      continue;
    }
    const why = misfit(v, spec.expect);
    if (why) {
      report(at(key), printable(v), why.problem, why.fix, why.fallback);
      if (why.fallback) out[key] = v;
      else if (spec.required) out[key] = placeholder(spec.expect, at(key));
      continue;
    }
    out[key] = clean(v, spec.expect, at(key), report);
  }
  return out;
}

function specOf(s: Expect | PropSpec): PropSpec {
  return typeof s === 'object' && 'expect' in s ? s : { expect: s as Expect, required: false };
}

/** A value that passed `misfit`, with its nested misfits removed. */
function clean(v: unknown, expect: Expect, prop: string, report: ProblemSink): unknown {
  if (typeof expect !== 'object') return v;
  if ('object' in expect) return cleanObject(v, expect.object, prop, report);
  if ('list' in expect) {
    return (v as unknown[]).flatMap((given, i) => {
      const item = readable(given);
      const why = misfit(item, expect.list);
      if (why) {
        report(`${prop}[${i}]`, printable(item), why.problem, why.fix, why.fallback);
        return why.fallback ? [item] : [];
      }
      return [clean(item, expect.list, `${prop}[${i}]`, report)];
    });
  }
  if ('map' in expect) {
    const out: { [key: string]: unknown } = {};
    for (const [k, given] of Object.entries(v as object)) {
      const item = readable(given);
      const why = misfit(item, expect.map);
      if (why) report(`${prop}.${k}`, printable(item), why.problem, why.fix, why.fallback);
      if (!why) out[k] = clean(item, expect.map, `${prop}.${k}`, report);
      else if (why.fallback) out[k] = item;
    }
    return out;
  }
  return v;
}

/** Why `v` is not what `expect` says, or undefined when it fits (nested objects are checked by `clean`). */
function misfit(v: unknown, expect: Expect): Misfit | undefined {
  if (v instanceof Unreadable) return { problem: v.problem, fix: `give ${describe(expect)}` };
  const wrong = () => ({ problem: `is ${typeName(v)}, not ${describe(expect).split(/,? such as /)[0]}`, fix: `give ${describe(expect)}` });
  switch (expect) {
    case 'any': return undefined;
    case 'text': return typeof v === 'string' ? undefined : wrong();
    case 'string':
      if (typeof v !== 'string') return wrong();
      return v.trim() === '' ? { problem: 'is blank', fix: 'give a value, or leave the prop out for its default', fallback: true } : undefined;
    case 'boolean': return typeof v === 'boolean' ? undefined : wrong();
    case 'number':
    case 'int':
      if (typeof v !== 'number') return wrong();
      if (!Number.isFinite(v)) return { problem: 'is not a finite number', fix: 'give a number such as 3' };
      if (expect === 'int' && !Number.isInteger(v)) return { problem: 'is not a whole number', fix: `give a whole number such as ${Math.max(1, Math.round(v))}` };
      // every count, port, id and percentage of the API is a non-negative int32 (a number beyond it is never meant)
      if (v < 0) return { problem: 'is negative', fix: `give ${expect === 'int' ? 'a whole number' : 'a number'} of 0 or more`, fallback: true };
      if (v > INT32_MAX) return { problem: `is above ${INT32_MAX}, the largest the API's int32 fields hold`, fix: 'give a realistic value, such as 3', fallback: true };
      return undefined;
    case 'strings':
      if (!Array.isArray(v)) return wrong();
      if (v.some(x => x instanceof Unreadable)) return { problem: 'has an item that cannot be read', fix: 'give a plain list of strings' };
      return v.every(x => typeof x === 'string') ? undefined : { problem: 'has an item that is not a string', fix: 'give a list of strings' };
    case 'stringMap':
      if (!isPlainObject(v)) return wrong();
      if (unwritableKey(v as object)) return unwritableKey(v as object);
      if (Object.values(v as object).some(x => x instanceof Unreadable)) return { problem: 'has a value that cannot be read', fix: 'give a plain object of strings' };
      return Object.values(v as object).every(x => typeof x === 'string')
        ? undefined
        : { problem: 'has a value that is not a string', fix: 'give every value as a string, such as "true" or "3"' };
    case 'seconds': return durationMisfit(v);
    case 'size': return sizeMisfit(v);
  }
  if ('oneOf' in expect) return typeof v === 'string' && expect.oneOf.includes(v) ? undefined : oneOfMisfit(v, expect.oneOf);
  if ('instance' in expect) {
    if (!Object.prototype.isPrototypeOf.call(expect.instance.prototype, v as object)) return wrong();
    // a Duration or Size a JavaScript caller built by hand may throw when converted
    if (v instanceof Duration) return durationMisfit(v, false);
    if (v instanceof Size) return sizeMisfit(v);
    return undefined;
  }
  if ('object' in expect || 'map' in expect) return !isPlainObject(v) ? wrong() : 'map' in expect ? unwritableKey(v as object) : undefined;
  if ('list' in expect) return Array.isArray(v) ? undefined : wrong();
  // either: the first alternative that fits (or is of its type, with a fallback misfit)
  const whys = expect.either.map(e => misfit(v, e));
  if (whys.some(w => !w)) return undefined;
  return whys.find(w => w?.fallback) ?? wrong();
}

function durationMisfit(v: unknown, wholeSeconds = true): Misfit | undefined {
  if (!(v instanceof Duration)) return { problem: `is ${typeName(v)}, not a Duration`, fix: 'give a Duration such as Duration.seconds(30)' };
  const ms = converted(() => v.toMilliseconds());
  if (!Number.isFinite(ms) || ms < 0) return { problem: 'is not a finite, non-negative Duration', fix: 'give a Duration such as Duration.seconds(30)' };
  if (ms / 1000 > INT32_MAX) return { problem: `is above ${INT32_MAX} seconds, the largest the API's int32 fields hold`, fix: 'give a realistic Duration, such as Duration.hours(1)' };
  if (wholeSeconds && ms % 1000 !== 0) {
    return { problem: `is ${ms} ms, not a whole number of seconds (Kubernetes counts these in seconds)`, fix: `use Duration.seconds(${Math.max(1, Math.round(ms / 1000))})` };
  }
  return undefined;
}

function sizeMisfit(v: unknown): Misfit | undefined {
  if (!(v instanceof Size)) return { problem: `is ${typeName(v)}, not a Size`, fix: 'give a Size such as Size.mebibytes(64)' };
  const kib = converted(() => v.toKibibytes());
  if (!Number.isFinite(kib) || kib <= 0) return { problem: 'is not a positive, finite Size', fix: 'give a Size such as Size.mebibytes(64)' };
  if (kib % 1024 !== 0) {
    return { problem: `is ${kib} KiB, not a whole number of mebibytes`, fix: `use Size.mebibytes(${Math.max(1, Math.round(kib / 1024))})` };
  }
  return undefined;
}

/** A key cdk8s cannot write: it reads "constructor" as the object's class, and "__proto__" is no key once assigned. */
function unwritableKey(v: object): Misfit | undefined {
  const key = Object.keys(v).find(k => k === 'constructor' || k === '__proto__');
  return key === undefined ? undefined : { problem: `has the key "${key}", which cdk8s cannot write into a manifest`, fix: 'rename the key' };
}

function oneOfMisfit(v: unknown, options: readonly string[]): { problem: string; fix: string } {
  const near = typeof v === 'string' ? nearest(v, [...options]) : undefined;
  return {
    problem: `is not one of ${options.map(o => JSON.stringify(o)).join(', ')}`,
    fix: near ? `did you mean "${near}"?` : `use one of ${options.map(o => JSON.stringify(o)).join(', ')}`,
  };
}

function placeholder(expect: Expect, prop: string): unknown {
  switch (expect) {
    case 'string':
    case 'text': return '';
    case 'number':
    case 'int': return 0;
    case 'boolean': return false;
    case 'seconds': return Duration.seconds(0);
    case 'size': return Size.mebibytes(1);
    case 'strings': return [];
    case 'stringMap': return {};
    case 'any': return undefined;
  }
  if ('oneOf' in expect) return expect.oneOf[0];
  if ('object' in expect) return cleanObject({}, expect.object, prop, () => undefined);
  if ('list' in expect) return [];
  if ('map' in expect) return {};
  return undefined;
}

function describe(expect: Expect): string {
  switch (expect) {
    case 'string': return 'a string';
    case 'text': return 'a string';
    case 'number': return 'a number';
    case 'int': return 'a whole number';
    case 'boolean': return 'true or false';
    case 'seconds': return 'a Duration of whole seconds, such as Duration.seconds(30)';
    case 'size': return 'a Size of whole mebibytes, such as Size.mebibytes(64)';
    case 'strings': return 'a list of strings';
    case 'stringMap': return 'an object of strings, such as { team: "shop" }';
    case 'any': return 'a value';
  }
  if ('oneOf' in expect) return `one of ${expect.oneOf.map(o => JSON.stringify(o)).join(', ')}`;
  if ('instance' in expect) return expect.example;
  if ('object' in expect) return `an object with ${Object.keys(expect.object).join(', ')}`;
  if ('list' in expect) return `a list of ${describe(expect.list).replace(/^an? /, '')}`;
  if ('map' in expect) return `an object whose values are ${describe(expect.map)}`;
  return expect.either.map(describe).join(' or ');
}

/** What kind of value `v` is, for error messages: "a string", "a list", "a plain object", "a Duration", "null". */
export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (v instanceof Unreadable) return 'unreadable';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (typeof v === 'object') return v.constructor && v.constructor !== Object ? `a ${v.constructor.name}` : 'a plain object';
  return `a ${typeof v}`;
}

function isPlainObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value that JSON can print (NaN and Infinity print as themselves, functions and symbols by name). */
export function printable(v: unknown): unknown {
  if (v instanceof Unreadable) return '(unreadable)';
  if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') return String(v);
  if (v instanceof Duration || v instanceof Size) return `${v.constructor.name}`;
  return v;
}
