#!/usr/bin/env node
// `npm run bench`: synth speed, CPU and peak memory of this library against
// cdk8s-plus-28 and the plain-YAML floors, the cold require of the package, and
// the README synth command against `node lib/src/main.js`. Every measurement is
// a fresh process timed as a whole (wall from here, CPU and peak RSS from GNU
// time); each number is the median of BENCH_RUNS runs. Prints tables and
// rewrites the generated part of bench/RESULTS.md.
//
//   BENCH_RUNS=5                  runs per measurement (median)
//   BENCH_N=10,100,1000,10000     apps per workload run (5 or 6 objects each)
//   BENCH_ONLY=require,workload,synth
//   BENCH_SYNTH_OPTIONS=1         also compare the ways synth could run (slow: type-checks)
//   BENCH_EXTRA_MODULES=dir       a node_modules folder with tsx / @swc-node/register for that comparison
//   BENCH_RESULTS=path            where to write the results (default bench/RESULTS.md; "-" for none)
import { spawnSync, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHILD = path.join(root, 'bench', 'child.cjs');
const TIME = '/usr/bin/time';
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const NS = (process.env.BENCH_N ?? '10,100,1000,10000').split(',').map(Number);
const ONLY = new Set((process.env.BENCH_ONLY ?? 'require,workload,synth').split(','));
const RESULTS = process.env.BENCH_RESULTS ?? path.join(root, 'bench', 'RESULTS.md');
// issue 19: lib ≤ 1.0× cdk8s-plus at every N; ≤ 1.5× the floor from N = 1000;
// cold require ≤ 1.2× cdk8s-plus; peak RSS ≤ 1.2× cdk8s-plus
const TARGETS = { synth: 1.5, plus: 1.0, floor: 1.5, floorFrom: 1000, linear: 1.2, rss: 1.2, require: 1.2 };

const log = msg => process.stderr.write(`${msg}\n`);
const median = xs => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x, digits = 2) => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(digits));
const ratio = (a, b) => (a && b ? a / b : undefined);

if (!fs.existsSync(TIME)) {
  console.error(`${TIME} (GNU time) is needed for whole-process CPU and peak RSS: apt-get install time`);
  process.exit(2);
}
if (!fs.existsSync(path.join(root, 'lib', 'bundle.js'))) {
  console.error('lib/ is not built: run `npm run bench` (it compiles first)');
  process.exit(2);
}

// Data files that src/ reads at run time must sit beside the compiled code.
// post-compile copies them; copy any it missed, and say so: the published
// package would lack them too.
for (const f of fs.readdirSync(path.join(root, 'src'), { recursive: true })) {
  if (!/\.(json|LICENSE)$/.test(f)) continue;
  const [from, to] = [path.join(root, 'src', f), path.join(root, 'lib', 'src', f)];
  if (fs.existsSync(to) && fs.readFileSync(from).equals(fs.readFileSync(to))) continue;
  console.error(`warning: post-compile did not copy src/${f} to lib/src/ (add it to post-compile in .projenrc.ts); copying it for this run`);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}

/**
 * Runs a command once under GNU time. Wall is measured here around the whole
 * process tree; CPU (user + system) and peak RSS come from the kernel's
 * accounting of that tree. Returns the last stdout line parsed as JSON when
 * the command is a bench child.
 */
function measure(cmd, args, { cwd = root, env = {}, json = false } = {}) {
  const out = path.join(os.tmpdir(), `bench-time-${process.pid}.txt`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(TIME, ['-f', '%U %S %M', '-o', out, cmd, ...args], {
    cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-4000)}`);
  }
  const [user, sys, rssKb] = fs.readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  const result = { wall, cpu: user + sys, rss: rssKb / 1024 };
  if (json) result.child = JSON.parse(r.stdout.trim().split('\n').pop());
  return result;
}

/** Median wall, CPU and RSS of `runs` fresh processes; `before` runs untimed before each. */
function sample(label, cmd, args, opts = {}) {
  const rows = [];
  for (let i = 0; i < RUNS; i++) {
    opts.before?.();
    rows.push(measure(cmd, args, opts));
  }
  return summarize(label, rows, opts);
}

/** Like `sample` for several commands, alternating them so that load on the machine hits each alike. */
function sampleAlternating(specs) {
  const rows = specs.map(() => []);
  for (let i = 0; i < RUNS; i++) specs.forEach(([, cmd, args, opts], k) => rows[k].push(measure(cmd, args, opts)));
  return specs.map(([label, , , opts], k) => summarize(label, rows[k], opts));
}

function summarize(label, rows, opts) {
  const m = { label, wall: median(rows.map(r => r.wall)), cpu: median(rows.map(r => r.cpu)), rss: median(rows.map(r => r.rss)) };
  if (opts.json) {
    m.child = rows[0].child;
    m.phases = {};
    for (const k of Object.keys(rows[0].child.phases ?? {})) m.phases[k] = median(rows.map(r => r.child.phases[k]));
  }
  log(`  ${label.padEnd(44)} wall ${fmt(m.wall)} s  cpu ${fmt(m.cpu)} s  rss ${fmt(m.rss, 0)} MiB`);
  return m;
}

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map(r => String(r[i]).length)));
  const line = cells => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  const text = [line(headers), line(widths.map(w => '-'.repeat(w))), ...rows.map(line)].join('\n');
  const md = [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map(r => `| ${r.join(' | ')} |`)].join('\n');
  return { text, md };
}

function machine() {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'imports', 'bench', 'package.json'], { cwd: root, encoding: 'utf8' }).trim();
    if (dirty) commit += ' + uncommitted changes';
  } catch { /* not a git checkout */ }
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpus: `${os.availableParallelism?.() ?? os.cpus().length} × ${model}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    load: os.loadavg().map(x => x.toFixed(2)).join(' '),
    commit,
  };
}

// ---------------------------------------------------------------------------
// The floor's objects: generated from this library's own output for one app,
// as object literals with the name spliced in.

function floorModule(dir) {
  const r = spawnSync(process.execPath, [CHILD, 'template'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`template failed:\n${r.stderr}`);
  const { name, objects } = JSON.parse(r.stdout.trim().split('\n').pop());
  const literal = (v, name) => {
    if (v === null) return 'null';
    if (Array.isArray(v)) return `[${v.map(x => literal(x, name)).join(',')}]`;
    if (typeof v === 'object') {
      return `{${Object.entries(v).map(([k, x]) => {
        if (k.includes(name)) throw new Error(`the app name is in a key (${k}): the floor generator cannot splice it`);
        return `${JSON.stringify(k)}:${literal(x, name)}`;
      }).join(',')}}`;
    }
    if (typeof v === 'string' && v.includes(name)) return v.split(name).map(s => JSON.stringify(s)).join('+n+');
    return JSON.stringify(v);
  };
  if (!objects.every(o => JSON.stringify(o).includes(name))) throw new Error('a template object does not carry the app name');
  const file = path.join(dir, 'floor-objects.cjs');
  fs.writeFileSync(file, [
    '// generated by bench/bench.mjs from the library output for one app',
    `module.exports = n => ${literal(objects, name)};`,
    '',
  ].join('\n'));
  return file;
}

// ---------------------------------------------------------------------------

const WAYS = ['lib', 'plus', 'floor', 'floor-cdk8s'];
const results = { machine: machine(), runs: RUNS, sections: [], targets: [] };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-patterns-bench-'));
const node = process.execPath;
log(`bench: ${RUNS} runs per measurement, N = ${NS.join(', ')}; machine load ${results.machine.load}`);

try {
  if (ONLY.has('require')) {
    log('cold require');
    const [lib, plus] = sampleAlternating([
      ["require('cdk8s-patterns') (lib/bundle.js)", node, [CHILD, 'require', 'lib'], { json: true }],
      ["require('cdk8s-plus-28')", node, [CHILD, 'require', 'plus'], { json: true }],
    ]);
    const t = table(
      ['package', 'require (ms, in process)', 'wall (s)', 'CPU (s)', 'peak RSS (MiB)'],
      [lib, plus].map(m => [m.label, fmt(m.phases.require, 0), fmt(m.wall), fmt(m.cpu), fmt(m.rss, 0)]),
    );
    const ratios = table(['lib / cdk8s-plus', 'require', 'wall', 'CPU', 'peak RSS'],
      [['', fmt(ratio(lib.phases.require, plus.phases.require)), fmt(ratio(lib.wall, plus.wall)), fmt(ratio(lib.cpu, plus.cpu)), fmt(ratio(lib.rss, plus.rss))]]);
    results.sections.push({ title: 'Cold require', tables: [t, ratios] });
    const r = ratio(lib.phases.require, plus.phases.require);
    results.targets.push({ target: `cold require of the package ≤ ${TARGETS.require}× require('cdk8s-plus-28') (time inside the process)`, value: r, limit: TARGETS.require, cpu: ratio(lib.cpu, plus.cpu) });
  }

  if (ONLY.has('workload')) {
    log('workload: floor objects from the library output');
    const floorEnv = { BENCH_FLOOR_MODULE: floorModule(tmp) };
    // byte-for-byte: the floor must print exactly what the library prints
    const nCheck = Math.min(Math.max(...NS), 100);
    for (const v of ['lib', 'floor', 'floor-cdk8s']) {
      execFileSync(node, [CHILD, 'workload', v, String(nCheck), path.join(tmp, `${v}.yaml`)], { cwd: root, env: { ...process.env, ...floorEnv }, stdio: ['ignore', 'ignore', 'inherit'] });
    }
    for (const v of ['floor', 'floor-cdk8s']) {
      if (!fs.readFileSync(path.join(tmp, 'lib.yaml')).equals(fs.readFileSync(path.join(tmp, `${v}.yaml`)))) {
        throw new Error(`the ${v} YAML differs from the library's at N=${nCheck}: see ${tmp}/{lib,${v}}.yaml`);
      }
    }
    const byN = [];
    for (const n of NS) {
      log(`workload N=${n}`);
      const measured = sampleAlternating(WAYS.map(v => [`${v} N=${n}`, node, [CHILD, 'workload', v, String(n), path.join(tmp, `out-${v}.yaml`)], { json: true, env: floorEnv }]));
      const m = Object.fromEntries(WAYS.map((v, k) => [v, measured[k]]));
      const counts = Object.fromEntries(Object.entries(m).map(([v, x]) => [v, JSON.stringify(Object.entries(x.child.kinds).sort())]));
      if (new Set(Object.values(counts)).size !== 1) throw new Error(`N=${n}: the ${WAYS.length} ways built different objects: ${JSON.stringify(counts)}`);
      byN.push({ n, objects: m.lib.child.objects, ...m });
    }
    const names = { 'lib': 'cdk8s-patterns (all checks)', 'plus': 'cdk8s-plus-28', 'floor': 'floor (plain objects + this writer)', 'floor-cdk8s': 'floor (plain objects + cdk8s yaml)' };
    const abs = table(['N apps', 'objects', 'way', 'wall (s)', 'CPU (s)', 'peak RSS (MiB)', 'YAML (MB)', 'µs/object (wall)', 'in-process phases (ms)'],
      byN.flatMap(r => WAYS.map(v => [r.n, r.objects, names[v], fmt(r[v].wall), fmt(r[v].cpu), fmt(r[v].rss, 0),
        fmt(r[v].child.bytes / 1e6, 1), fmt(1e6 * r[v].wall / r.objects, 0),
        Object.entries(r[v].phases).map(([k, x]) => `${k} ${fmt(x, 0)}`).join(', ')])));
    const pairs = [['lib', 'plus'], ['lib', 'floor'], ['lib', 'floor-cdk8s'], ['plus', 'floor']];
    const rel = table(['N apps', 'pair', 'wall', 'CPU', 'peak RSS'],
      byN.flatMap(r => pairs.map(([a, b]) => [r.n, `${a} / ${b}`, fmt(ratio(r[a].wall, r[b].wall)), fmt(ratio(r[a].cpu, r[b].cpu)), fmt(ratio(r[a].rss, r[b].rss))])));
    const perObject = (r, v) => r[v].wall / r.objects;
    const at = n => byN.find(r => r.n === n);
    const scaling = [];
    for (let i = 1; i < byN.length; i++) {
      const [a, b] = [byN[i - 1], byN[i]];
      scaling.push([`${a.n} → ${b.n}`, ...WAYS.map(v => fmt(perObject(b, v) / perObject(a, v)))]);
    }
    results.sections.push({
      title: 'Synth of N apps in one chart',
      tables: [abs, rel, table(['apps', 'lib: µs/object ratio', 'plus', 'floor', 'floor-cdk8s'], scaling)],
    });
    for (const r of byN) {
      results.targets.push({ target: `N=${r.n}: lib wall ≤ ${TARGETS.plus}× cdk8s-plus`, value: ratio(r.lib.wall, r.plus.wall), limit: TARGETS.plus, cpu: ratio(r.lib.cpu, r.plus.cpu) });
      if (r.n >= TARGETS.floorFrom) {
        results.targets.push({ target: `N=${r.n}: lib wall ≤ ${TARGETS.floor}× the floor (plain objects + this library's YAML writer)`, value: ratio(r.lib.wall, r.floor.wall), limit: TARGETS.floor, cpu: ratio(r.lib.cpu, r.floor.cpu) });
        results.targets.push({ target: `N=${r.n}: lib wall ≤ ${TARGETS.floor}× the floor with cdk8s's YAML (as when issue 19 was filed)`, value: ratio(r.lib.wall, r['floor-cdk8s'].wall), limit: TARGETS.floor, cpu: ratio(r.lib.cpu, r['floor-cdk8s'].cpu) });
      }
      results.targets.push({ target: `N=${r.n}: lib peak RSS ≤ ${TARGETS.rss}× cdk8s-plus`, value: ratio(r.lib.rss, r.plus.rss), limit: TARGETS.rss });
    }
    const [a, b] = [at(1000), at(10000)];
    results.targets.push({ target: `linear: lib wall per object at N=10000 ≤ ${TARGETS.linear}× N=1000`, value: a && b && perObject(b, 'lib') / perObject(a, 'lib'), limit: TARGETS.linear, cpu: a && b && (b.lib.cpu / b.objects) / (a.lib.cpu / a.objects) });
    // the same without the fixed cost (start-up, schema compile): the smallest N's run subtracted
    const z = byN[0];
    const marginal = (r, k) => (r['lib'][k] - z.lib[k]) / (r.objects - z.objects);
    if (a && b && z.n < 1000) {
      results.targets.push({ target: `linear, marginal (N=${z.n} run subtracted as fixed cost): per object at N=10000 ≤ ${TARGETS.linear}× N=1000`, value: marginal(b, 'wall') / marginal(a, 'wall'), limit: TARGETS.linear, cpu: marginal(b, 'cpu') / marginal(a, 'cpu') });
    }
  }

  if (ONLY.has('synth')) {
    log('synth command (in a copy of the checkout)');
    synthSection(path.join(tmp, 'repo'));
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------

/** A copy of the working tree with node_modules linked, so synth runs can edit and write freely. */
function copyCheckout(dir) {
  const skip = new Set(['node_modules', '.git', 'test-reports', 'coverage', 'pkg', '.tmp']);
  fs.cpSync(root, dir, { recursive: true, filter: src => !skip.has(path.relative(root, src).split(path.sep)[0]) });
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
}

/** Same files with the same bytes, folders (dist/<environment>/) included. */
function sameTree(a, b) {
  const files = d => fs.readdirSync(d, { recursive: true }).filter(f => fs.statSync(path.join(d, f)).isFile()).sort();
  const fa = files(a);
  return JSON.stringify(fa) === JSON.stringify(files(b)) && fa.every(f => fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))));
}

function synthSection(copy) {
  copyCheckout(copy);
  const opts = { cwd: copy };
  const [baseline, readme] = sampleAlternating([
    ['node lib/src/main.js', node, ['lib/src/main.js'], { ...opts, env: { CDK8S_OUTDIR: 'out-node' } }],
    ['npm run synth (README)', 'npm', ['run', '--silent', 'synth'], opts],
  ]);
  const same = sameTree(path.join(copy, 'dist'), path.join(copy, 'out-node'));
  // a stale lib/ must never be synthesized: break it and synth again
  for (const f of ['lib/src/main.js', 'lib/src/index.js']) fs.writeFileSync(path.join(copy, f), "throw new Error('stale lib/ was run');\n");
  fs.rmSync(path.join(copy, 'dist'), { recursive: true, force: true });
  const stale = spawnSync('npm', ['run', '--silent', 'synth'], { cwd: copy, encoding: 'utf8' });
  const fresh = stale.status === 0 && sameTree(path.join(copy, 'dist'), path.join(copy, 'out-node'));
  const script = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.synth;
  const t = table(['command', 'wall (s)', 'CPU (s)', 'peak RSS (MiB)', 'ratio (wall)'], [
    [`npm run synth (\`${script}\`)`, fmt(readme.wall), fmt(readme.cpu), fmt(readme.rss, 0), fmt(ratio(readme.wall, baseline.wall))],
    ['node lib/src/main.js', fmt(baseline.wall), fmt(baseline.cpu), fmt(baseline.rss, 0), '1.00'],
  ]);
  const notes = [
    `Same manifests as \`node lib/src/main.js\`: ${same ? 'yes' : 'NO'}.`,
    `Synthesizes the current source when lib/ is stale (lib/ replaced by a file that throws): ${fresh ? 'yes' : `NO (${(stale.stderr || stale.stdout).trim().split('\n').pop()})`}.`,
  ];
  results.sections.push({ title: 'Synth command (reference app)', tables: [t], notes });
  results.targets.push({ target: `README synth command ≤ ${TARGETS.synth}× \`node lib/src/main.js\``, value: ratio(readme.wall, baseline.wall), limit: TARGETS.synth, cpu: ratio(readme.cpu, baseline.cpu) });
  if (process.env.BENCH_SYNTH_OPTIONS) synthOptions(copy, baseline);
}

/** The ways synth could run, each as an npm script in the copy, unchanged / after an edit / on a fresh clone (no lib/). */
function synthOptions(copy, baseline) {
  const extra = process.env.BENCH_EXTRA_MODULES;
  const find = id => {
    for (const base of [copy, extra && path.join(extra, '..')].filter(Boolean)) {
      try { return createRequire(path.join(base, 'x.js')).resolve(id); } catch { /* not installed there */ }
    }
    return undefined;
  };
  const pkgFile = path.join(copy, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
  const tasksFile = path.join(copy, '.projen', 'tasks.json');
  const tasks = JSON.parse(fs.readFileSync(tasksFile, 'utf8'));
  // the compiled routes need the data files that src/ reads at run time (schemas)
  // beside the compiled code: copy them all, whatever post-compile lists today
  fs.writeFileSync(path.join(copy, 'bench-assets.sh'), 'for f in $(cd src && find . -name \'*.json\' -o -name \'*.LICENSE\'); do cp "src/$f" "lib/src/$f"; done\n');
  const assets = 'sh bench-assets.sh';
  const build = `tsc --build && ${assets}`;
  tasks.tasks['bench-projen-synth'] = {
    name: 'bench-projen-synth',
    steps: [{ spawn: 'compile' }, { exec: assets }, { exec: 'node lib/src/main.js' }],
  };
  fs.writeFileSync(tasksFile, JSON.stringify(tasks, null, 2));
  const options = [
    ['projen task: compile, copy data files, node lib/src/main.js (the old synth)', 'projen bench-projen-synth'],
    ['npm script: tsc --build, copy data files, node lib/src/main.js', `${build} && node lib/src/main.js`],
    ['npm script: node -r ./scripts/swc-register.js src/main.ts', 'node -r ./scripts/swc-register.js src/main.ts'],
    ['npm script: node -r tsx/cjs src/main.ts', find('tsx/cjs') && `node -r ${find('tsx/cjs')} src/main.ts`],
    ['npm script: node -r @swc-node/register src/main.ts', find('@swc-node/register') && `node -r ${find('@swc-node/register')} src/main.ts`],
    ['npm script: true (npm alone)', 'true'],
  ].filter(([, cmd]) => cmd);
  options.forEach(([, cmd], i) => { pkg.scripts[`bench-opt-${i}`] = cmd; });
  fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
  const edited = path.join(copy, 'src', 'index.ts');
  let edits = 0;
  const states = {
    'unchanged': undefined,
    'after an edit': () => fs.appendFileSync(edited, `// bench edit ${++edits}\n`),
    'fresh clone (no lib/)': () => fs.rmSync(path.join(copy, 'lib'), { recursive: true, force: true }),
  };
  const rows = [];
  options.forEach(([label], i) => {
    for (const [state, before] of Object.entries(states)) {
      try {
        if (!before) measure('npm', ['run', '--silent', `bench-opt-${i}`], { cwd: copy }); // warm: build once
        const m = sample(`${label} [${state}]`, 'npm', ['run', '--silent', `bench-opt-${i}`], { cwd: copy, before });
        rows.push([label, state, fmt(m.wall), fmt(m.cpu), fmt(m.rss, 0), fmt(ratio(m.wall, baseline.wall))]);
      } catch (e) {
        const why = e.message.split('\n').filter(l => /Error|failed/.test(l)).slice(-2).join(' ').replaceAll(copy, '.').replaceAll('|', '/');
        log(`  ${label} [${state}] FAILED: ${why}`);
        rows.push([label, state, 'failed', '-', '-', why.slice(0, 160)]);
      }
      // leave lib/ built for the next option
      if (state.startsWith('fresh')) spawnSync('sh', ['-c', build], { cwd: copy, stdio: 'ignore' });
    }
  });
  results.sections.push({
    title: 'Ways to run synth (BENCH_SYNTH_OPTIONS=1)',
    tables: [table(['command', 'state', 'wall (s)', 'CPU (s)', 'peak RSS (MiB)', '× node lib/src/main.js'], rows)],
  });
}

// ---------------------------------------------------------------------------

const verdict = t => (t.value === undefined ? 'not measured' : t.value <= t.limit ? 'met' : 'MISSED');
const targets = table(['target', 'measured', 'verdict', 'same ratio in CPU time'], results.targets.map(t => [
  t.target, t.value === undefined ? '-' : `${fmt(t.value)}×`, verdict(t), t.cpu === undefined ? '-' : `${fmt(t.cpu)}×`,
]));
const m = results.machine;
const header = [
  `${m.date} · ${m.cpus} · ${m.memory} · node ${m.node} · ${m.os}`,
  `load average at start ${m.load} · commit ${m.commit} · ${RUNS} runs per measurement (medians)`,
];
console.log(`\n${header.join('\n')}`);
for (const s of results.sections) {
  console.log(`\n## ${s.title}\n`);
  for (const t of s.tables) console.log(`${t.text}\n`);
  for (const n of s.notes ?? []) console.log(n);
}
console.log(`\n## Targets\n\n${targets.text}`);

if (RESULTS !== '-') {
  const begin = '<!-- bench:begin (written by npm run bench; edit outside these markers) -->';
  const end = '<!-- bench:end -->';
  const body = [
    begin,
    '',
    '## Latest run',
    '',
    `- date: ${m.date}`,
    `- machine: ${m.cpus}, ${m.memory} memory, ${m.os}, load average at start ${m.load}`,
    `- node ${m.node}; commit ${m.commit}`,
    `- ${RUNS} runs per measurement, each a fresh process; medians. Wall is the whole process; CPU is user + system of the whole process tree; peak RSS is the largest process.`,
    '',
    '### Targets',
    '',
    targets.md,
    ...results.sections.flatMap(s => ['', `### ${s.title}`, '', ...s.tables.flatMap(t => [t.md, '']), ...(s.notes ?? []).map(n => `- ${n}`)]),
    '',
    end,
  ].join('\n');
  const old = fs.existsSync(RESULTS) ? fs.readFileSync(RESULTS, 'utf8') : '# Benchmark results\n\n';
  const i = old.indexOf(begin);
  const j = old.indexOf(end);
  fs.writeFileSync(RESULTS, i >= 0 && j > i ? old.slice(0, i) + body + old.slice(j + end.length) : `${old.trimEnd()}\n\n${body}\n`);
  log(`\nwrote ${path.relative(process.cwd(), RESULTS)}`);
}
