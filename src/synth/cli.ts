#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import { evaluate } from '../policy/engine';
import { byEnvironment, InputError, loadManifests, MAX_FILE_BYTES, MAX_TOTAL_BYTES } from '../policy/load';
import { Policy } from '../policy/policy';
import { countLine, errorsOf, formatTable, suppressedOf, warningsOf } from '../policy/report';
import { Finding } from '../policy/rule';
import { REVIEW_COMMANDS, REVIEW_HELP, REVIEW_SYNOPSIS, runReview } from '../review/cli';

// `cdk8s-patterns check dist/`: the synth-time rules and strict schema, run on
// any folder of manifests (made with this library or not), for CI before
// `kubectl apply` or an Argo CD sync. Exit 0: no errors; 1: errors; 2: usage.

const USAGE = `usage: cdk8s-patterns check <folder or file>... [--json <report.json>] [--no-schema]
       cdk8s-patterns rules
${REVIEW_SYNOPSIS}

check   runs the output rules and the strict Kubernetes 1.28 schema (CRD schemas for
        Argo Rollouts and Prometheus Operator kinds) over every *.yaml, *.yml and *.json
        file under the given folders; prints a table and a summary line. A folder that
        holds only sub-folders (dist/staging, dist/production) is a folder of environments:
        each is checked on its own.
        --json <file>  also writes every finding (suppressed ones included) as JSON
        --no-schema    skips the schema check (rules only)
        YAML is read as kubectl reads it (YAML 1.1: an unquoted yes is a boolean).
        limits: ${MAX_FILE_BYTES / 1024 / 1024} MB per file, ${MAX_TOTAL_BYTES / 1024 / 1024} MB per run
        exit code: 0 no errors (warnings allowed), 1 errors, 2 usage error or
                   unreadable input (a missing, special or oversized file, a
                   link loop, a YAML alias bomb, an unwritable --json file)
rules   lists every rule id with its severity and rationale
${REVIEW_HELP}`;

/** Where the command writes. */
export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processOutput: CliOutput = {
  stdout: t => process.stdout.write(t),
  stderr: t => process.stderr.write(t),
};

/**
 * Runs the command line `args` (without "node" and the script); returns the
 * exit code. Never throws: a problem with the input is one line and exit 2.
 */
export function main(args: string[], out: CliOutput = processOutput, cwd: string = process.cwd()): number {
  try {
    return run(args, out, cwd);
  } catch (e) {
    const message = e instanceof InputError ? e.message : `internal error: ${String((e as Error)?.message ?? e).split('\n')[0]}`;
    out.stderr(`cdk8s-patterns: ${message}\n`);
    return 2;
  }
}

function run(args: string[], out: CliOutput, cwd: string): number {
  const [command, ...rest] = args;
  if (command === '--help' || command === '-h' || command === 'help') {
    out.stdout(USAGE);
    return 0;
  }
  if (command === 'rules') return listRules(out);
  if (REVIEW_COMMANDS.includes(command)) return runReview(args, out, cwd);
  if (command !== 'check') return usage(out, command ? `unknown command "${command}"` : 'no command given');

  const targets: string[] = [];
  let jsonFile: string | undefined;
  let schema = true;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--json') {
      jsonFile = rest[++i];
      if (!jsonFile) return usage(out, '--json needs a file name');
    } else if (a.startsWith('--json=')) {
      jsonFile = a.slice('--json='.length);
    } else if (a === '--no-schema') {
      schema = false;
    } else if (a.startsWith('-')) {
      return usage(out, `unknown option "${a}"`);
    } else {
      targets.push(a);
    }
  }
  if (targets.length === 0) return usage(out, 'no folder or file to check');
  const missing = targets.filter(t => !fs.existsSync(path.resolve(cwd, t)));
  if (missing.length) return usage(out, `not found: ${missing.join(', ')}`);

  const loaded = loadManifests(targets, cwd);
  const findings: Finding[] = [...loaded.problems, ...byEnvironment(loaded.entries, targets, cwd).flatMap(objects => evaluate(objects, { schema }))];
  const shown = [...errorsOf(findings), ...warningsOf(findings)];
  if (shown.length) out.stdout(formatTable(shown));
  const files = loaded.files.length;
  out.stdout(`checked ${loaded.entries.length} object${loaded.entries.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}: ${countLine(findings)}\n`);

  if (jsonFile) {
    const report = {
      checked: { objects: loaded.entries.length, files: loaded.files.map(f => path.relative(cwd, f)) },
      summary: { errors: errorsOf(findings).length, warnings: warningsOf(findings).length, suppressed: suppressedOf(findings).length },
      findings,
    };
    try {
      fs.writeFileSync(path.resolve(cwd, jsonFile), `${JSON.stringify(report, undefined, 2)}\n`);
    } catch (e) {
      throw new InputError(`cannot write the --json report ${jsonFile}: ${String((e as Error).message).replace(/^E[A-Z]+: /, '').replace(/, \w+ '[^']*'$/, '')}`);
    }
  }
  return errorsOf(findings).length ? 1 : 0;
}

function listRules(out: CliOutput): number {
  const rules = Policy.rules();
  const width = Math.max(...rules.map(r => r.id.length));
  for (const r of rules) out.stdout(`${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.rationale}\n`);
  return 0;
}

function usage(out: CliOutput, problem: string): number {
  out.stderr(`cdk8s-patterns: ${problem}\n${USAGE}`);
  return 2;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
