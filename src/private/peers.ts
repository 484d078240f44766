import { requiredPeers } from './manifest';

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

const problems = peerProblems(requiredPeers(), installedVersion);
if (problems.length) {
  process.stderr.write(`${problems.join('\n')}\n`);
  process.exit(1);
}
