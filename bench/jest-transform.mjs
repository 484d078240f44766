#!/usr/bin/env node
// ts-jest against @swc/jest on this repo's whole test suite: wall time of the
// whole jest run, median of BENCH_RUNS (default 3), with a cold transform
// cache (--no-cache) and a warm one. ts-jest is not a dependency; install it
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
const base = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).jest;
const transforms = {
  '@swc/jest': base.transform,
  'ts-jest': { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(root, 'test', 'tsconfig.json') }] },
};

function run(name, cold) {
  const config = path.join(tmp, `${name.replace(/\W/g, '')}.json`);
  // same tests and options as `npm test`, only the transform differs; no junit file
  fs.writeFileSync(config, JSON.stringify({ ...base, rootDir: root, reporters: ['default'], transform: transforms[name], cacheDirectory: path.join(tmp, `cache-${name.replace(/\W/g, '')}`) }));
  const args = [require.resolve('jest/bin/jest'), '--ci', '--config', config, ...(cold ? ['--no-cache'] : [])];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const summary = (r.stderr.match(/^Tests:.*$/m) ?? ['Tests: ?'])[0];
  return { wall, summary };
}

const rows = [];
try {
  for (const cold of [true, false]) {
    for (const name of Object.keys(transforms)) {
      if (!cold) run(name, false); // fill the cache
      const runs = Array.from({ length: RUNS }, () => run(name, cold));
      const row = { name, cache: cold ? 'cold (--no-cache)' : 'warm', wall: median(runs.map(x => x.wall)), summary: runs[0].summary };
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
