import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OUTPUT_DIR } from './defaults';

// Replacing dist/ whole, safely under CI: the files go into a staging folder
// beside it that is swapped in with two renames, under a lock file
// (`<dir>.lock`) so concurrent synths into the same folder take turns. Temporary
// names carry a random token (not the PID, which is 1 in every container), the
// leftovers of killed runs are removed by the next run, and the folder keeps
// its permissions.

/** A file to write: its name in the folder (it may start with sub-folders) and its text. */
export interface OutputFile {
  readonly fileName: string;
  readonly text: string;
}

/** Timing of the lock (defaults in OUTPUT_DIR). */
export interface LockTiming {
  readonly waitMs?: number;
  readonly staleMs?: number;
}

/** Thrown when another live synth holds the folder's lock for longer than the wait. */
export class OutputBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputBusyError';
  }
}

interface Holder {
  readonly host: string;
  readonly pidNamespace: string;
  readonly pid: number;
  readonly token: string;
  readonly since: string;
}

/**
 * Replaces `dir` with a folder holding exactly `files`, all or nothing. Once
 * the new folder is in place nothing throws: a failure to remove the old copy
 * or the lock is a warning on stderr (the next run removes them).
 */
export function replaceDir(dir: string, files: OutputFile[], timing: LockTiming = {}): void {
  const outdir = path.resolve(dir);
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  const token = `${Date.now().toString(36)}-${crypto.randomBytes(6).toString('hex')}`;
  const lock = acquireLock(outdir, token, timing);
  let swapped = false;
  try {
    removeLeftovers(outdir);
    const staging = `${outdir}.staging-${token}`;
    const previous = `${outdir}.previous-${token}`;
    fs.mkdirSync(staging);
    try {
      const mode = modeOf(outdir);
      if (mode !== undefined) fs.chmodSync(staging, mode);
      let beat = Date.now();
      for (const f of files) {
        // a file name may hold a folder: `production/0000-platform.k8s.yaml`
        const file = path.join(staging, f.fileName);
        if (path.dirname(file) !== staging) fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, f.text);
        if (Date.now() - beat > OUTPUT_DIR.lockHeartbeatMs) beat = touch(lock);
      }
      const had = modeOf(outdir) !== undefined;
      if (had) fs.renameSync(outdir, previous);
      try {
        fs.renameSync(staging, outdir);
      } catch (e) {
        if (had) fs.renameSync(previous, outdir);
        throw e;
      }
      swapped = true;
      if (had) cleanUp(() => fs.rmSync(previous, { recursive: true, force: true }), `could not remove ${previous}`);
    } finally {
      if (!swapped) fs.rmSync(staging, { recursive: true, force: true });
    }
  } finally {
    cleanUp(() => releaseLock(lock, token), `could not remove the lock ${lock}`, swapped);
  }
}

/** A cleanup: never fails the synth (once the new folder is in place, nothing may). */
function cleanUp(step: () => void, what: string, swapped = true): void {
  try {
    step();
  } catch (e) {
    const state = swapped ? 'the output is complete' : 'the output is unchanged';
    process.stderr.write(`warning: ${what} (${(e as Error).message}); ${state} and the next synth removes it\n`);
  }
}

function modeOf(p: string): number | undefined {
  try {
    return fs.statSync(p).mode % 0o10000; // permission, setuid/setgid and sticky bits
  } catch {
    return undefined;
  }
}

function touch(file: string): number {
  const now = Date.now();
  try {
    fs.utimesSync(file, now / 1000, now / 1000);
  } catch {
    // the lock is only a guard; writing goes on
  }
  return now;
}

/** Staging and previous copies of killed runs (any token, and the PID-named ones of earlier versions), and stale locks set aside. */
function removeLeftovers(outdir: string): void {
  const base = path.basename(outdir);
  const prefixes = [`${base}.staging-`, `${base}.previous-`, `${base}.lock.stale-`];
  for (const name of fs.readdirSync(path.dirname(outdir))) {
    if (prefixes.some(p => name.startsWith(p))) {
      fs.rmSync(path.join(path.dirname(outdir), name), { recursive: true, force: true });
    }
  }
}

/** The PID namespace: a PID says which process holds the lock only inside the same one (not across containers). */
function pidNamespace(): string {
  try {
    return fs.readlinkSync('/proc/self/ns/pid');
  } catch {
    return '';
  }
}

function acquireLock(outdir: string, token: string, timing: LockTiming): string {
  const lock = `${outdir}.lock`;
  const waitMs = timing.waitMs ?? OUTPUT_DIR.lockWaitMs;
  const staleMs = timing.staleMs ?? OUTPUT_DIR.lockStaleMs;
  const me: Holder = { host: os.hostname(), pidNamespace: pidNamespace(), pid: process.pid, token, since: new Date().toISOString() };
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      fs.writeFileSync(lock, JSON.stringify(me), { flag: 'wx' });
      return lock;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const held = readLock(lock);
    if (held && isStale(held.holder, held.ageMs, me, staleMs)) {
      breakStaleLock(lock, held, token);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = held?.holder ? `pid ${held.holder.pid} on ${held.holder.host}, since ${held.holder.since}` : 'unknown holder';
      throw new OutputBusyError(`another synth is writing ${outdir}/ (${who}): run one synth at a time into a folder, `
        + `or delete ${lock} if no synth is running`);
    }
    if (held) sleep(OUTPUT_DIR.lockPollMs); // else it was released meanwhile: try again at once
  }
}

/**
 * Moves a stale lock aside under a unique name and deletes it, unless what was
 * moved is not the lock judged stale (another waiter broke it and took a new
 * one meanwhile): that one is put back.
 */
function breakStaleLock(lock: string, stale: { holder?: Holder; mtimeMs: number }, token: string): void {
  const aside = `${lock}.stale-${token}`;
  try {
    fs.renameSync(lock, aside);
  } catch {
    return; // gone already
  }
  const moved = readLock(aside);
  const same = moved !== undefined && moved.mtimeMs === stale.mtimeMs && moved.holder?.token === stale.holder?.token;
  if (!same) {
    try {
      fs.linkSync(aside, lock);
    } catch {
      // a newer lock is in place: it wins
    }
  }
  fs.rmSync(aside, { force: true });
}

function readLock(lock: string): { holder?: Holder; ageMs: number; mtimeMs: number } | undefined {
  try {
    const mtimeMs = fs.statSync(lock).mtimeMs;
    const ageMs = Date.now() - mtimeMs;
    try {
      return { holder: JSON.parse(fs.readFileSync(lock, 'utf8')), ageMs, mtimeMs };
    } catch {
      return { ageMs, mtimeMs }; // being written, or not ours: only its age tells
    }
  } catch {
    return undefined;
  }
}

/** A lock is stale when untouched for `staleMs`, or when its holder is a process of this PID namespace that no longer runs. */
function isStale(holder: Holder | undefined, ageMs: number, me: Holder, staleMs: number): boolean {
  if (ageMs > staleMs) return true;
  if (!holder || holder.host !== me.host || holder.pidNamespace !== me.pidNamespace) return false;
  return holder.pid === me.pid ? holder.token !== me.token : !running(holder.pid);
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseLock(lock: string, token: string): void {
  const held = readLock(lock);
  if (held?.holder?.token === token) fs.rmSync(lock, { force: true });
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
