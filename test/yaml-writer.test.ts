import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import * as jsYaml from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { resolvesToNonString, stringifyYaml, YamlValueError } from '../src/private/yaml-writer';

// GIVEN strings that some YAML reader takes for something else, WHEN they are
// written in every place a string appears in a manifest, THEN every reader
// (yaml as YAML 1.1 and as 1.2, js-yaml, PyYAML and kubectl when installed)
// reads back exactly the original strings.

const cases = (...words: string[]) => words.flatMap(w => [w, w.toUpperCase(), w[0].toUpperCase() + w.slice(1)]);

const CORPUS: string[] = [
  // YAML 1.1 booleans and nulls, every case
  ...cases('yes', 'no', 'on', 'off', 'y', 'n', 'true', 'false', 'null'), 'yEs', 'nO', '~', '',
  // integers: YAML 1.1 (0b, 0 octal, 0x, sexagesimal, underscores), 1.2 (0o), Go (0O, 0B, 0X, signs)
  '0', '007', '0644', '08', '0o644', '0O17', '+0o17', '-0o17', '0b101', '0B101', '-0b101', '+0b1', '0x1F', '0X1F', '-0x1f', '+0x1F',
  '1_000', '1__', '_1', '0_x1F', '0b_', '1:20', '190:20:30', '-1:20', '12', '-3', '+7', '99999999999999999999999',
  // floats
  '1.5', '1.', '.5', '-.5', '1e3', '1E3', '1e+3', '1.0e-7', '6.8523015e+5', '685.230_15e+03', '190:20:30.15', '._', '.',
  '.inf', '-.inf', '+.Inf', '.INF', '.nan', '.NaN', '.NAN',
  // timestamps
  '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '2002-1-2',
  // merge and value keys, indicators, comments
  '<<', '=', '#', '# comment', 'a #b', 'a#b', 'a: b', 'a:', ':a', 'a:b', '- a', '-', '-a', '--flag', '? a', '?a', '?',
  '&anchor', '*alias', '!tag', '!!str', '%TAG', '@at', '`tick', '|', '>', '[a]', '{a: 1}', 'a, b', 'a[0]', '---', '...', '--- a', '... a',
  // quotes and escapes
  '"', "'", 'say "hi"', "it's", '"quoted"', "'single'", '\\', 'C:\\path\\n', '\\n',
  // white space, line breaks and unusual characters
  ' lead', 'trail ', ' ', '  ', '\t', 'a\tb', '\ttab', 'tab\t', 'a\rb', 'a\r\nb', '\r', 'line\u0085next', 'line\u2028sep', 'par\u2029sep',
  '\ufeffbom', 'mid\ufeffbom', '\u0000', 'bell\u0007', 'esc\u001b[0m', 'del\u007f', '\u00a0nbsp', 'nbsp\u00a0', '\u3000', 'caf\u00e9', '\u{1F680} rocket',
  'pi \u03c0',
  // versions and quantities that must stay plain strings
  '1.4.2', 'v1.28', '16.4', '100m', '0.5Gi', '1e3Mi', 'nginx:1.27.2', 'http://x:80/healthz', '$(VAR)', 'a=b', '<<x',
  // multi-line config files, with and without a trailing newline
  'a\nb', 'a\nb\n', 'a\nb\n\n', 'a\n\nb', '\nlead', '\n\nlead\n', '  indented\nfirst', 'x\n  more indented\ny', 'last\n  ', 'trailing  \nspaces',
  'key: value\nlist:\n  - one\n  - "two"\n# comment\n', '\n', '\n\n', 'tab\tin\nblock', '---\n...\n', '- a\n- b\n',
  'line\u2028in\nblock', 'cr\r\nlf\n',
  // very long strings
  'x'.repeat(5000), `${'y '.repeat(1500)}z`, `${'long line '.repeat(300)}\n${'another '.repeat(300)}\n`,
];

/** Every place a string appears: map values, map keys, annotations, env values, args and ConfigMap data (keys and values). */
function manifestsOf(strings: string[]): any[] {
  const app = Testing.app();
  const chart = new Chart(app, 'corpus', { namespace: 'corpus' });
  strings.forEach((s, i) => {
    new ApiObject(chart, `cm${i}`, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `cm-${i}`, annotations: { 'example.com/value': s }, labels: { plain: 'yes-label' } },
      data: { [s === '' ? 'empty' : s]: s, config: s },
    });
    new ApiObject(chart, `pod${i}`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `pod-${i}`, labels: { plain: 'no-label' } },
      spec: { containers: [{ name: 'main', image: 'busybox:1.36', args: [s, [s]], env: [{ name: 'V', value: s }] }] },
      nested: { [s === '' ? 'empty' : s]: { [s === '' ? 'k' : s]: [{ [s === '' ? 'k' : s]: s }] } },
    });
  });
  return Testing.synth(chart);
}

const objects = manifestsOf(CORPUS);
const text = stringifyYaml(...objects);

function parsedBy(version: '1.1' | '1.2'): any[] {
  const docs = parseAllDocuments(text, { version, uniqueKeys: true });
  for (const d of docs) expect(d.errors.map(e => e.message)).toEqual([]);
  return docs.map(d => d.toJS({ maxAliasCount: -1 }));
}

/** JSON with every map's keys sorted (kubectl prints them sorted). */
function canonical(value: any): string {
  return JSON.stringify(value, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map(k => [k, v[k]])) : v));
}

/** The first object whose copy differs, with the corpus string it came from, so a failure names the string. */
function firstDifference(actual: any[]): { string: string; expected: any; actual: any } | undefined {
  for (let i = 0; i < objects.length; i++) {
    if (canonical(actual[i]) !== canonical(objects[i])) {
      return { string: CORPUS[Math.floor(i / 2)], expected: objects[i], actual: actual[i] };
    }
  }
  return actual.length === objects.length ? undefined : { string: '(document count)', expected: objects.length, actual: actual.length };
}

test('the corpus covers every place: each string appears as value, key, annotation, env value, arg and ConfigMap data', () => {
  expect(objects).toHaveLength(CORPUS.length * 2);
  expect(objects[1].spec.containers[0].env[0].value).toBe(CORPUS[0]);
});

test.each(['1.1', '1.2'] as const)('yaml as YAML %s reads back every string exactly', version => {
  expect(firstDifference(parsedBy(version))).toBeUndefined();
});

test('js-yaml (an independent YAML 1.2 parser with timestamps and merge keys) reads back every string exactly', () => {
  expect(firstDifference(jsYaml.loadAll(text) as any[])).toBeUndefined();
});

const python = spawnSync('python3', ['-c', 'import yaml'], { encoding: 'utf8' }).status === 0;

(python ? test : test.skip)('PyYAML (YAML 1.1, as checkov and Ansible read it) reads back every string exactly', () => {
  const script = 'import sys, json, yaml\njson.dump(list(yaml.safe_load_all(sys.stdin.read())), sys.stdout, ensure_ascii=True)';
  const run = spawnSync('python3', ['-c', script], { input: text, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, PYTHONIOENCODING: 'utf-8' } });
  expect(run.stderr).toBe('');
  expect(firstDifference(JSON.parse(run.stdout))).toBeUndefined();
});

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

(kubectl ? test : test.skip)('kubectl (go-yaml through sigs.k8s.io/yaml) decodes every object and reads back every string exactly', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yaml-writer-'));
  try {
    const file = path.join(dir, 'corpus.yaml');
    fs.writeFileSync(file, text);
    // `label --local` decodes the file as kubectl apply does, offline; the label is removed again below
    const run = spawnSync('kubectl', ['label', '--local', '-f', file, '-o', 'json', 'roundtrip=yes'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    expect(run.stderr).toBe('');
    // one pretty-printed JSON object per manifest, one after the other
    const items = run.stdout.split(/\n(?=\{\n)/).map(j => JSON.parse(j)).map((o: any) => {
      delete o.metadata.labels.roundtrip;
      return o;
    });
    expect(firstDifference(items)).toBeUndefined();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * go-yaml's resolve rules, as a test-only predicate: gopkg.in/yaml.v2
 * resolve.go and gopkg.in/yaml.v3 resolve.go (resolveMap, resolve()). A plain
 * scalar is not a string when it is one of the resolveMap words (v2: y Y yes Yes
 * YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF; both:
 * ~ null Null NULL, .nan .NaN .NAN, [+-].inf .Inf .INF, <<), or it starts with
 * + - or a digit and is a timestamp (four digits then '-', parsed as
 * 2006-1-2[Tt ]15:4:5.999999999Z07:00 or 2006-1-2), or, with every '_'
 * removed, strconv.ParseInt/ParseUint(s, 0, 64) accepts it (Go's 0b 0B 0o 0O
 * 0x 0X and leading-0 octal, with a sign), or it matches yamlStyleFloat
 * ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$, or it is [-]0b binary;
 * or it starts with '.' and strconv.ParseFloat accepts it.
 */
function goYamlResolvesToNonString(s: string): boolean {
  const words = ['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
    'on', 'On', 'ON', 'off', 'Off', 'OFF', '', '~', 'null', 'Null', 'NULL', '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF',
    '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '<<'];
  if (words.includes(s)) return true;
  if (s.startsWith('.')) return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s);
  if (!/^[-+0-9]/.test(s)) return false;
  if (/^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(([Tt]| )[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2})?)?$/.test(s)) return true;
  const plain = s.replace(/_/g, '');
  const goInt = /^[-+]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/;
  return goInt.test(plain) || /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(plain);
}

test('go-yaml predicate: the forms from the issue are numbers to go-yaml, versions are strings', () => {
  for (const s of ['0o644', '0O17', '0B101', '0X1F', '+0o17', '1_000', '0_x1F', '08', 'yes', 'Off', '<<', '2001-12-14']) {
    expect({ s, goYaml: goYamlResolvesToNonString(s) }).toEqual({ s, goYaml: true });
  }
  for (const s of ['1.4.2', 'v1.28', '100m', '0.5Gi', '=', '1:20', 'nginx:1.27.2']) expect({ s, goYaml: goYamlResolvesToNonString(s) }).toEqual({ s, goYaml: false });
});

test('no string the writer leaves plain is something else to go-yaml, YAML 1.1 or YAML 1.2', () => {
  let plain = 0;
  for (const s of CORPUS) {
    const written = stringifyYaml({ v: s });
    if (written === `v: ${s}\n`) {
      plain++;
      expect({ s, goYaml: goYamlResolvesToNonString(s) }).toEqual({ s, goYaml: false });
      expect({ s, writer: resolvesToNonString(s) }).toEqual({ s, writer: false });
    } else {
      // everything else is double-quoted or a literal block
      expect(written).toMatch(/^v: (".*"|\|[-+]?\n[\s\S]*)\n$/);
    }
  }
  expect(plain).toBeGreaterThan(10);
});

test('the forms that broke kubectl and PyYAML are quoted; line separators are escaped', () => {
  expect(stringifyYaml({ mode: '0o644', a: '0O17', b: '0B101', c: '0X1F', d: '+0o17', e: '=', f: '<<', g: 'yes', h: '1:20' })).toBe(
    'mode: "0o644"\na: "0O17"\nb: "0B101"\nc: "0X1F"\nd: "+0o17"\ne: "="\nf: "<<"\ng: "yes"\nh: "1:20"\n');
  expect(stringifyYaml({ v: 'a\u2028b\u0085c\u2029d\ufeff' })).toBe('v: "a\\u2028b\\x85c\\u2029d\\ufeff"\n');
  expect(stringifyYaml({ '<<': { x: 1 } })).toBe('"<<":\n  x: 1\n');
});

test('layout: block maps and lists, literal blocks for config files, {} and [] when empty', () => {
  expect(stringifyYaml({ a: { b: [1, 'two', { c: null, d: [] }, [true, {}]] }, cfg: 'x: 1\ny: 2\n', sh: 'a\nb' })).toBe([
    'a:', '  b:', '    - 1', '    - two', '    - c: null', '      d: []', '    - - true', '      - {}',
    'cfg: |', '  x: 1', '  y: 2', 'sh: |-', '  a', '  b', '',
  ].join('\n'));
  expect(stringifyYaml({ a: 1 }, undefined, { b: 2 })).toBe('a: 1\n---\n\n---\nb: 2\n');
});

test('a key longer than a simple key may be is written as an explicit key', () => {
  const key = 'k'.repeat(1500);
  const written = stringifyYaml({ [key]: { x: 1 } });
  expect(written).toBe(`? ${key}\n:\n  x: 1\n`);
  expect(parseAllDocuments(written, { version: '1.1' })[0].toJS()).toEqual({ [key]: { x: 1 } });
});

test('numbers read the same everywhere: an exponent gets a dot for YAML 1.1 readers, -0 is 0', () => {
  expect(stringifyYaml({ a: 1e21, b: 1e-7, c: -0, d: 0.5, e: 3 })).toBe('a: 1.0e+21\nb: 1.0e-7\nc: 0\nd: 0.5\ne: 3\n');
  const back = parseAllDocuments(stringifyYaml({ a: 1e21, b: 1e-7 }), { version: '1.1' })[0].toJS();
  expect(back).toEqual({ a: 1e21, b: 1e-7 });
});

test('NaN and Infinity are errors naming the object and field, never .nan or null', () => {
  const doc = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: NaN, x: [1, Infinity] } };
  expect(() => stringifyYaml(doc)).toThrow(YamlValueError);
  expect(() => stringifyYaml(doc)).toThrow(/^Deployment shop\/web: spec\.replicas is NaN, which YAML cannot carry/);
  expect(() => stringifyYaml({ kind: 'Pod', metadata: { name: 'p' }, a: [1, -Infinity] })).toThrow(/^Pod p: a\[1\] is -Infinity/);
});

test('half a surrogate pair is an error: no UTF-8 file can hold it and go-yaml rejects its escape', () => {
  expect(() => stringifyYaml({ kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'a\ud800b' } }))
    .toThrow(/^ConfigMap c: data\.k is a string with half a UTF-16 surrogate pair \("a\\ud800b"\)/);
  expect(stringifyYaml({ v: 'rocket \u{1F680}' })).toBe('v: rocket \u{1F680}\n');
});
