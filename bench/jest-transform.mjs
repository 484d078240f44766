#!/usr/bin/env node
// ts-jest against @swc/jest on this repo's whole test suite: wall time of the
// whole jest run, median of BENCH_RUNS (default 3), with a cold transform
// cache (--no-cache) and a warm one. It runs on a copy of the checkout, so
// tests that others add meanwhile do not change the suite between runs, and
// alternates the two transforms so that load on the machine hits both alike. ts-jest is not a dependency; install it
// for the measurement only:
//
//   npm i --no-save ts-jest@29 && node bench/jest-transform.mjs
//
// Prints a table and rewrites the jest part of bench/RESULTS.md.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const RESULTS = process.env.BENCH_RESULTS ?? path.join(root, 'bench', 'RESULTS.md');
const require = createRequire(path.join(root, 'package.json'));
try {
  require.resolve('ts-jest');
} catch {
  console.error('ts-jest is not installed: npm i --no-save ts-jest@29');
  process.exit(2);
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-transform-'));
const copy = path.join(tmp, 'repo');
const skip = new Set(['node_modules', '.git', 'test-reports', 'coverage', 'pkg', '.tmp']);
fs.cpSync(root, copy, { recursive: true, filter: src => !skip.has(path.relative(root, src).split(path.sep)[0]) });
fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
const base = JSON.parse(fs.readFileSync(path.join(copy, 'package.json'), 'utf8')).jest;
const transforms = {
  '@swc/jest': base.transform,
  'ts-jest': { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(copy, 'test', 'tsconfig.json') }] },
};

function run(name, cold) {
  const config = path.join(tmp, `${name.replace(/\W/g, '')}.json`);
  // same tests and options as `npm test`, only the transform differs; no junit file
  fs.writeFileSync(config, JSON.stringify({ ...base, rootDir: copy, reporters: ['default'], transform: transforms[name], cacheDirectory: path.join(tmp, `cache-${name.replace(/\W/g, '')}`) }));
  const args = [require.resolve('jest/bin/jest'), '--ci', '--config', config, ...(cold ? ['--no-cache'] : [])];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: copy, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const summary = (r.stderr.match(/^Tests:.*$/m) ?? ['Tests: ?'])[0];
  return { wall, summary };
}

const rows = [];
try {
  const names = Object.keys(transforms);
  for (const cold of [true, false]) {
    if (!cold) names.forEach(name => run(name, false)); // fill the caches
    const runs = Object.fromEntries(names.map(name => [name, []]));
    for (let i = 0; i < RUNS; i++) for (const name of names) runs[name].push(run(name, cold));
    for (const name of names) {
      const row = { name, cache: cold ? 'cold (--no-cache)' : 'warm', wall: median(runs[name].map(x => x.wall)), summary: runs[name][0].summary };
      process.stderr.write(`${row.name.padEnd(10)} ${row.cache.padEnd(18)} ${row.wall.toFixed(1)} s  ${row.summary}\n`);
      rows.push(row);
    }
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

const cpu = `${os.availableParallelism?.() ?? os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`;
const lines = [
  '<!-- jest:begin (written by node bench/jest-transform.mjs) -->',
  '',
  `Measured ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} on ${cpu}, node ${process.version}, load average at end ${os.loadavg().map(x => x.toFixed(2)).join(' ')}; whole \`jest --ci\` run (the suite as it was then), median of ${RUNS}:`,
  '',
  '| transform | transform cache | wall (s) | ts-jest / @swc/jest | tests |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map(r => {
    const swc = rows.find(x => x.cache === r.cache && x.name === '@swc/jest');
    return `| ${r.name} | ${r.cache} | ${r.wall.toFixed(1)} | ${r.name === 'ts-jest' ? `${(r.wall / swc.wall).toFixed(2)}×` : '1.00×'} | ${r.summary.replace(/^Tests:\s*/, '')} |`;
  }),
  '',
  '<!-- jest:end -->',
].join('\n');
console.log(lines);
if (RESULTS !== '-' && fs.existsSync(RESULTS)) {
  const old = fs.readFileSync(RESULTS, 'utf8');
  const i = old.indexOf('<!-- jest:begin');
  const j = old.indexOf('<!-- jest:end -->');
  if (i >= 0 && j > i) fs.writeFileSync(RESULTS, old.slice(0, i) + lines + old.slice(j + '<!-- jest:end -->'.length));
}
