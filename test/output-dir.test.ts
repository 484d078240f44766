import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OutputBusyError, replaceDir } from '../src/private/output-dir';

// GIVEN CI runs that share a folder, get killed, or run as PID 1 in containers,
// WHEN a synth replaces dist/, THEN it ends with a complete dist/ or a clear
// "another synth is writing" error, never a raw ENOTEMPTY/ENOENT, and cleans up
// after killed runs.

const root = path.join(__dirname, '..');
let dir: string;
let outdir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'output-dir-'));
  outdir = path.join(dir, 'dist');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const files = (marker: string, n = 3) => Array.from({ length: n }, (_, i) => ({ fileName: `${String(i).padStart(4, '0')}.k8s.yaml`, text: `marker: ${marker}\n` }));
/** Every file under `d` (environments are sub-folders) with its text. */
const contents = (d: string): { [file: string]: string } => Object.fromEntries(fs.readdirSync(d, { withFileTypes: true })
  .sort((a, b) => a.name.localeCompare(b.name))
  .flatMap(e => (e.isDirectory()
    ? Object.entries(contents(path.join(d, e.name))).map(([f, text]) => [`${e.name}/${f}`, text])
    : [[e.name, fs.readFileSync(path.join(d, e.name), 'utf8')]])));

/** A synth's write phase in its own process, many times over: 200 files per round, all with the process's marker. */
const CHILD = `
const { replaceDir } = require(${JSON.stringify(path.join(root, 'src', 'private', 'output-dir'))});
const [outdir, marker] = process.argv.slice(2);
const files = Array.from({ length: 200 }, (_, i) => ({ fileName: 'f' + String(i).padStart(4, '0') + '.yaml', text: 'marker: ' + marker + '\\n' }));
for (let round = 0; round < 15; round++) replaceDir(outdir, files);
`;

function runChild(script: string, marker: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, ['-r', path.join(root, 'scripts', 'swc-register.js'), script, outdir, marker],
      { cwd: root, env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } });
    let stderr = '';
    child.stderr.on('data', d => { stderr += d; });
    child.on('close', code => resolve({ code, stderr }));
  });
}

test('concurrent synths into one folder take turns: each ends with a complete dist/, no ENOTEMPTY/ENOENT, no leftovers', async () => {
  const script = path.join(dir, 'child.ts');
  fs.writeFileSync(script, CHILD);
  // and a killed run's lock that all three find stale at once: exactly one of them may take it over at a time
  fs.writeFileSync(`${outdir}.lock`, JSON.stringify({ host: 'gone', pidNamespace: '', pid: 1, token: 'killed', since: '' }));
  const old = (Date.now() - 10 * 60_000) / 1000;
  fs.utimesSync(`${outdir}.lock`, old, old);
  const results = await Promise.all(['1', '2', '3'].map(m => runChild(script, m)));
  for (const r of results) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  expect(fs.readdirSync(dir).sort()).toEqual(['child.ts', 'dist']);
  const written = contents(outdir);
  expect(Object.keys(written)).toHaveLength(200);
  // all files from one run, none mixed in from another
  expect(new Set(Object.values(written)).size).toBe(1);
}, 60_000);

test('a lock held by a running synth: the next one waits, then fails with a clear message and dist/ untouched', () => {
  fs.mkdirSync(outdir);
  fs.writeFileSync(path.join(outdir, 'kept.yaml'), 'kept\n');
  // the holder is this test's parent process: alive, on this host, in this PID namespace
  const holder = { host: os.hostname(), pidNamespace: fs.readlinkSync('/proc/self/ns/pid'), pid: process.ppid, token: 'other', since: '2026-01-01T00:00:00Z' };
  fs.writeFileSync(`${outdir}.lock`, JSON.stringify(holder));
  const started = Date.now();
  expect(() => replaceDir(outdir, files('new'), { waitMs: 300 })).toThrow(OutputBusyError);
  expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  expect(() => replaceDir(outdir, files('new'), { waitMs: 0 })).toThrow(
    `another synth is writing ${outdir}/ (pid ${process.ppid} on ${os.hostname()}, since 2026-01-01T00:00:00Z): `
    + `run one synth at a time into a folder, or delete ${outdir}.lock if no synth is running`);
  expect(contents(outdir)).toEqual({ 'kept.yaml': 'kept\n' });
  expect(fs.existsSync(`${outdir}.lock`)).toBe(true);
});

test('leftovers of a killed run are removed by the next: its lock (dead PID, or PID 1 elsewhere and old), staging and previous folders', () => {
  fs.mkdirSync(outdir);
  for (const leftover of ['dist.previous-1', 'dist.staging-aB3xYz', 'dist.previous-lq2abc-0123456789ab', 'dist.lock.stale-lq2abc-0123456789ab']) {
    fs.mkdirSync(path.join(dir, leftover));
    fs.writeFileSync(path.join(dir, leftover, 'x.yaml'), 'old\n');
  }
  const dead = spawnSync(process.execPath, ['-e', '0']).pid;
  const lock = `${outdir}.lock`;
  fs.writeFileSync(lock, JSON.stringify({ host: os.hostname(), pidNamespace: fs.readlinkSync('/proc/self/ns/pid'), pid: dead, token: 't', since: '' }));
  replaceDir(outdir, files('a'), { waitMs: 0 });
  expect(fs.readdirSync(dir)).toEqual(['dist']);
  expect(contents(outdir)['0000.k8s.yaml']).toBe('marker: a\n');

  // a killed run in another container: PID 1 there, so only the lock's age tells
  fs.writeFileSync(lock, JSON.stringify({ host: 'ci-runner-7f9c', pidNamespace: 'pid:[1]', pid: 1, token: 't', since: '' }));
  const old = (Date.now() - 10 * 60_000) / 1000;
  fs.utimesSync(lock, old, old);
  replaceDir(outdir, files('b'), { waitMs: 0 });
  expect(fs.readdirSync(dir)).toEqual(['dist']);
  expect(contents(outdir)['0000.k8s.yaml']).toBe('marker: b\n');
});

test('a fresh lock from another container is waited for, not broken', () => {
  fs.writeFileSync(`${outdir}.lock`, JSON.stringify({ host: 'ci-runner-7f9c', pidNamespace: 'pid:[1]', pid: 1, token: 't', since: 'now' }));
  expect(() => replaceDir(outdir, files('a'), { waitMs: 100 })).toThrow(/^another synth is writing .*\(pid 1 on ci-runner-7f9c, since now\)/);
  expect(fs.existsSync(outdir)).toBe(false);
});

test.each(['755', '750', '775'])('dist/ keeps its mode %s', octal => {
  const mode = parseInt(octal, 8);
  fs.mkdirSync(outdir);
  fs.chmodSync(outdir, mode);
  replaceDir(outdir, files('a'));
  expect(fs.statSync(outdir).mode % 0o10000).toBe(mode);
});

test('a new dist/ gets the usual folder mode (not mkdtemp\'s 0700)', () => {
  replaceDir(outdir, files('a'));
  // umask bits are a subset of 0777
  expect(fs.statSync(outdir).mode % 0o1000).toBe(0o777 - process.umask());
});

test('the old copy and the lock are gone after a swap; files are exactly the new ones', () => {
  fs.mkdirSync(outdir);
  fs.writeFileSync(path.join(outdir, 'stale.yaml'), 'x');
  replaceDir(outdir, files('a', 2));
  expect(contents(outdir)).toEqual({ '0000.k8s.yaml': 'marker: a\n', '0001.k8s.yaml': 'marker: a\n' });
  expect(fs.readdirSync(dir)).toEqual(['dist']);
});

test('two concurrent synths of the reference app into one folder both succeed and leave the committed dist/', async () => {
  const script = path.join(dir, 'main.ts');
  fs.writeFileSync(script, `
const { buildEnvironments } = require(${JSON.stringify(path.join(root, 'src', 'main'))});
const { synthesizeOrExit } = require(${JSON.stringify(path.join(root, 'src', 'synth', 'synth'))});
synthesizeOrExit(buildEnvironments(process.argv[2]));
`);
  const results = await Promise.all(['a', 'b'].map(m => runChild(script, m)));
  for (const r of results) expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  expect(contents(outdir)).toEqual(contents(path.join(root, 'dist')));
  expect(fs.readdirSync(dir).sort()).toEqual(['dist', 'main.ts']);
}, 60_000);

test('a cleanup that fails after the swap is a warning: the new dist/ is in place and nothing throws', () => {
  fs.mkdirSync(outdir);
  fs.writeFileSync(path.join(outdir, 'old.yaml'), 'old\n');
  let warned = '';
  const warn = jest.spyOn(process.stderr, 'write').mockImplementation((s: any) => { warned += s; return true; });
  try {
    jest.isolateModules(() => {
      // the file system refuses to remove the old copy (EBUSY, as on a busy mount)
      jest.doMock('fs', () => {
        const real = jest.requireActual('fs');
        return {
          ...real,
          rmSync: (p: fs.PathLike, o?: fs.RmOptions) => {
            if (String(p).includes('.previous-')) throw Object.assign(new Error('EBUSY: resource busy'), { code: 'EBUSY' });
            return real.rmSync(p, o);
          },
        };
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const isolated: typeof import('../src/private/output-dir') = require('../src/private/output-dir');
      expect(() => isolated.replaceDir(outdir, files('new', 1))).not.toThrow();
    });
  } finally {
    jest.dontMock('fs');
    warn.mockRestore();
  }
  expect(contents(outdir)).toEqual({ '0000.k8s.yaml': 'marker: new\n' });
  expect(warned).toMatch(/^warning: could not remove .*dist\.previous-\S+ \(EBUSY: resource busy\); the output is complete and the next synth removes it\n$/);
  // the next run removes what this one left
  replaceDir(outdir, files('next', 1));
  expect(fs.readdirSync(dir)).toEqual(['dist']);
});
