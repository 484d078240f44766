import * as fs from 'fs';
import * as path from 'path';

// Runs first when the package loads (src/index.ts imports it before anything
// else): a missing or unsupported peer dependency is one clear line saying
// what to install, not a MODULE_NOT_FOUND stack trace from deep inside.

/**
 * What is wrong with the installed peers, one line each. `peers` are package.json's
 * "peerDependencies" (caret ranges); `versionOf` gives a package's installed
 * version, or undefined when it is not installed.
 */
export function peerProblems(peers: { [name: string]: string }, versionOf: (name: string) => string | undefined): string[] {
  const problems: string[] = [];
  for (const [name, range] of Object.entries(peers)) {
    const version = versionOf(name);
    const install = `run \`npm install ${name}@"${range}"\``;
    if (version === undefined) {
      problems.push(`cdk8s-patterns needs the peer dependency ${name}, which is not installed: ${install}`);
    } else if (version.split('.')[0] !== range.replace(/^\^/, '').split('.')[0]) {
      problems.push(`cdk8s-patterns needs ${name} ${range}, but ${version} is installed: ${install}`);
    }
  }
  return problems;
}

function installedVersion(name: string): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(`${name}/package.json`).version;
  } catch {
    return undefined;
  }
}

/** The package's own package.json: above src/private/ in the repository, above lib/src/private/ when installed. */
function ownManifest(): any {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (manifest.name === 'cdk8s-patterns') return manifest;
    }
  }
  return {};
}

// optional peers (projen, for cdk8s-patterns/projen only) are not checked here
const manifest = ownManifest();
const optional = new Set(Object.keys(manifest.peerDependenciesMeta ?? {}).filter(name => manifest.peerDependenciesMeta[name].optional));
const required = Object.fromEntries(Object.entries<string>(manifest.peerDependencies ?? {}).filter(([name]) => !optional.has(name)));
const problems = peerProblems(required, installedVersion);
if (problems.length) {
  process.stderr.write(`${problems.join('\n')}\n`);
  process.exit(1);
}
