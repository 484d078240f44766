import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// scripts/swc-register.js (npm run synth, cdk8s-patterns/register) caches what
// it transforms by content: a run after an edit must run the edited source.

const register = path.join(__dirname, '..', 'scripts', 'swc-register.js');

test('the transform cache serves unchanged files and never a stale one', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swc-register-'));
  try {
    fs.mkdirSync(path.join(dir, 'node_modules'));
    const main = path.join(dir, 'main.ts');
    const run = () => spawnSync(process.execPath, ['-r', register, main], { cwd: dir, encoding: 'utf8' }).stdout.trim();
    const cached = () => fs.readdirSync(path.join(dir, 'node_modules', '.cache', 'cdk8s-patterns-register')).length;

    fs.writeFileSync(main, 'const answer: number = 41;\nconsole.log(answer);\n');
    expect(run()).toBe('41');
    expect(cached()).toBe(1);
    // the second run reads the cache entry, not the source: an entry changed behind its back is what runs
    const cacheDir = path.join(dir, 'node_modules', '.cache', 'cdk8s-patterns-register');
    const [entry] = fs.readdirSync(cacheDir);
    fs.writeFileSync(path.join(cacheDir, entry), fs.readFileSync(path.join(cacheDir, entry), 'utf8').replace('answer)', '"from the cache")'));
    expect(run()).toBe('from the cache');
    expect(cached()).toBe(1);

    fs.writeFileSync(main, 'const answer: number = 42;\nconsole.log(answer);\n');
    expect(run()).toBe('42');
    expect(cached()).toBe(2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('without a writable node_modules it transforms every time', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'swc-register-'));
  try {
    const main = path.join(dir, 'main.ts');
    fs.writeFileSync(main, 'const answer: number = 7;\nconsole.log(answer);\n');
    expect(spawnSync(process.execPath, ['-r', register, main], { cwd: dir, encoding: 'utf8' }).stdout.trim()).toBe('7');
    expect(fs.existsSync(path.join(dir, 'node_modules'))).toBe(false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
