import { Component, SampleFile, YamlFile, javascript } from 'projen';
import { requiredPeers } from './private/manifest';

// A projen component that sets up a cdk8s app the way this repository runs its
// own: the fast synth, the validation plugin, a snapshot test of the output
// and a drift check. Loaded only from `.projenrc` (`cdk8s-patterns/projen`),
// never by the library itself, so projen is an optional peer dependency.

/** Options of `Cdk8sPatternsApp`. */
export interface Cdk8sPatternsAppOptions {
  /**
   * The app's entry point: a TypeScript file that builds the App and synthesizes it.
   * @default "src/main.ts"
   */
  readonly appEntrypoint?: string;
  /**
   * The folder the manifests are written to (committed, reviewed as diffs).
   * @default "dist"
   */
  readonly output?: string;
  /**
   * How to install cdk8s-patterns itself: a version range once it is published,
   * or a tarball path / git URL before (e.g. "file:vendor/cdk8s-patterns-0.0.0.tgz").
   * @default "cdk8s-patterns" (the registry's latest)
   */
  readonly packageSpec?: string;
  /**
   * Register the `PolicyValidation` plugin in `cdk8s.yaml`, so `cdk8s synth` checks too.
   * @default true
   */
  readonly validation?: boolean;
  /**
   * Write `test/manifests.test.ts`, a jest snapshot test of every synthesized file (written once; yours to edit).
   * @default true
   */
  readonly snapshotTest?: boolean;
}

/** The command that runs the entry point through cdk8s-patterns' transpile-only swc hook. */
export function synthCommand(appEntrypoint: string): string {
  return `node -r cdk8s-patterns/register ${appEntrypoint}`;
}

/**
 * Wires a projen Node/TypeScript project (or a projen cdk8s app) for cdk8s-patterns:
 * dependencies, a `synth` task that runs the entry point directly with swc (no
 * ts-node, no compile step), `cdk8s.yaml` with the validation plugin and quiet
 * upgrade checks, a `synth:check` drift check run by `test` (fails when the
 * committed output is not what the code synthesizes) and a snapshot test.
 */
export class Cdk8sPatternsApp extends Component {
  /** The synth task. */
  public readonly synthTask: ReturnType<javascript.NodeProject['addTask']>;
  /** The drift check: synthesizes into a temporary folder and compares it with the committed output. */
  public readonly driftTask: ReturnType<javascript.NodeProject['addTask']>;

  constructor(project: javascript.NodeProject, options: Cdk8sPatternsAppOptions = {}) {
    super(project);
    const entry = options.appEntrypoint ?? 'src/main.ts';
    const output = options.output ?? 'dist';
    const command = synthCommand(entry);
    const quiet = { CDK8S_CHECK_UPGRADE: 'false' };

    // the peers with the ranges this package declares (package.json, read once here)
    const peers = Object.entries(requiredPeers()).map(([name, range]) => `${name}@${range}`);
    project.addDeps(options.packageSpec ? `cdk8s-patterns@${options.packageSpec}` : 'cdk8s-patterns', ...peers);
    project.addDevDeps('@swc/core');

    const cdk8sYaml = {
      language: 'typescript',
      app: command,
      output,
      ...(options.validation ?? true
        ? { validations: [{ package: './node_modules/cdk8s-patterns', class: 'PolicyValidation', version: '0.0.0' }] }
        : {}),
    };
    // a projen cdk8s app already writes cdk8s.yaml: change it rather than writing a second one
    const existing = project.tryFindObjectFile('cdk8s.yaml');
    if (existing) {
      for (const [key, value] of Object.entries(cdk8sYaml)) existing.addOverride(key, value);
    } else {
      new YamlFile(project, 'cdk8s.yaml', { obj: cdk8sYaml });
    }

    const synth = project.tasks.tryFind('synth');
    if (synth) {
      synth.reset(command, { name: 'synth' });
      this.synthTask = synth;
    } else {
      this.synthTask = project.addTask('synth', { description: `Synthesize ${entry} into ${output}/ (all or nothing)`, exec: command, env: quiet });
    }
    const scratch = '.cdk8s-patterns-drift';
    this.driftTask = project.addTask('synth:check', {
      description: `Fail when ${output}/ is not what ${entry} synthesizes`,
      env: quiet,
      steps: [
        { exec: `rm -rf ${scratch}` },
        { exec: `CDK8S_OUTDIR=${scratch} ${command}` },
        { exec: `diff -r ${output} ${scratch} || (echo "${output}/ differs from what ${entry} synthesizes: run the synth task and commit ${output}/" >&2; rm -rf ${scratch}; exit 1)` },
        { exec: `rm -rf ${scratch}` },
      ],
    });
    project.testTask.spawn(this.driftTask);
    project.gitignore.exclude(`/${scratch}/`);

    if (options.snapshotTest ?? true) {
      new SampleFile(project, 'test/manifests.test.ts', { contents: snapshotTest(entry) });
    }
  }
}

function snapshotTest(entry: string): string {
  return `import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// Every synthesized manifest, pinned: a change to what reaches the cluster is
// reviewed as a snapshot diff. Update on purpose with \`jest -u\`.
test('synthesized manifests', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifests-'));
  execFileSync(process.execPath, ['-r', 'cdk8s-patterns/register', ${JSON.stringify(entry)}], {
    env: { ...process.env, CDK8S_OUTDIR: outdir, CDK8S_CHECK_UPGRADE: 'false' },
    stdio: 'pipe',
  });
  // an app of several Environments writes a folder per environment: production/shop.k8s.yaml
  const filesIn = (dir: string): string[] => fs.readdirSync(path.join(outdir, dir), { withFileTypes: true })
    .flatMap(e => (e.isDirectory() ? filesIn(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  const files = filesIn('').sort();
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) expect(fs.readFileSync(path.join(outdir, file), 'utf8')).toMatchSnapshot(file);
  fs.rmSync(outdir, { recursive: true, force: true });
});
`;
}
