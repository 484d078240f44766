#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import { evaluate } from '../policy/engine';
import { loadManifests } from '../policy/load';
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
        file under the given folders; prints a table and a summary line.
        --json <file>  also writes every finding (suppressed ones included) as JSON
        --no-schema    skips the schema check (rules only)
        exit code: 0 no errors (warnings allowed), 1 errors, 2 usage error
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

/** Runs the command line `args` (without "node" and the script); returns the exit code. */
export function main(args: string[], out: CliOutput = processOutput, cwd: string = process.cwd()): number {
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
  const findings: Finding[] = [...loaded.problems, ...evaluate(loaded.entries, { schema })];
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
    fs.writeFileSync(path.resolve(cwd, jsonFile), `${JSON.stringify(report, undefined, 2)}\n`);
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
