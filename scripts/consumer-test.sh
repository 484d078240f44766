#!/usr/bin/env bash
# The consumer path, end to end, outside the repository: pack the library, set
# up a fresh projen TypeScript project with the shipped Cdk8sPatternsApp
# component, install the tarball with its peers from the registry, type-check
# the README's quick start under `tsc --strict`, synthesize it, run its snapshot
# test and drift check, and see the drift check fail after a code change.
# Usage: bash scripts/consumer-test.sh   (npm run test:consumer)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-patterns-consumer-XXXXXX")"
trap 'rm -rf "$work"' EXIT
export CDK8S_CHECK_UPGRADE=false npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
# the consumer's own CI: snapshots are compared, never written (until we ask below)
unset CI || true

echo "== pack (prepare builds lib/)"
tarball="$work/$(cd "$repo" && npm pack --silent --pack-destination "$work" | tail -n 1)"
ls -l "$tarball"

app="$work/app"
mkdir -p "$app/src"
cd "$app"
git init -q
cat > package.json <<'JSON'
{ "name": "consumer-app", "version": "0.0.0", "private": true }
JSON

echo "== install the tarball, its peers, projen and TypeScript 6 (the README's consumer setup)"
npm install --silent --no-save "$tarball" cdk8s@^2.68.12 cdk8s-plus-28@^2.5.6 constructs@^10.3.0 projen@0.103.25 typescript@~6.0.3 >/dev/null

cat > .projenrc.js <<JS
const { typescript, javascript } = require('projen');
const { Cdk8sPatternsApp } = require('cdk8s-patterns/projen');
const project = new typescript.TypeScriptProject({
  name: 'consumer-app',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  github: false,
  release: false,
  eslint: false,
  sampleCode: false,
  jestOptions: { updateSnapshot: javascript.UpdateSnapshot.NEVER, jestConfig: { testMatch: ['<rootDir>/test/**/*.test.ts'] } },
});
// TypeScript 6: the newest major that ts-node (projen's .projenrc.ts runner) supports
project.addDevDeps('typescript@~6.0.3', '@types/node@^20');
// jest through @swc/jest (ts-jest does not support TypeScript 6)
project.deps.removeDependency('ts-jest');
project.addDevDeps('@swc/jest');
project.jest.config.transform = { '^.+\\\\.ts\$': ['@swc/jest'] };
new Cdk8sPatternsApp(project, { packageSpec: 'file:$tarball' });
project.synth();
JS

echo "== the README quick start becomes src/main.ts"
node -e '
const readme = require("fs").readFileSync(process.argv[1], "utf8");
const m = /<!-- quick-start -->\s*```ts\n([\s\S]*?)```/.exec(readme);
if (!m) { console.error("no <!-- quick-start --> block in README.md"); process.exit(1); }
require("fs").writeFileSync("src/main.ts", m[1]);
' "$repo/README.md"

echo "== node .projenrc.js (the first synth writes the project files and installs; npx projen works after)"
node .projenrc.js >/dev/null
grep -q 'class: PolicyValidation' cdk8s.yaml

echo "== tsc --strict"
npx tsc --noEmit --strict -p .

echo "== synth"
npx projen synth
grep -q '^kind: Deployment' dist/shop.k8s.yaml

echo "== snapshot test written once, then compared; the drift check passes"
npx jest --ci=false -u >/dev/null 2>&1
npx projen test

echo "== a code change without a new synth fails the drift check"
sed -i 's/storefront:1.4.2/storefront:1.4.3/' src/main.ts
if npx projen synth:check >/dev/null 2>&1; then
  echo "the drift check passed although src/main.ts changed" >&2
  exit 1
fi

echo "== a failing synth exits 1 and lists the error"
sed -i "s/storefront:1.4.3/storefront/" src/main.ts
if out=$(npx projen synth 2>&1); then
  echo "synth of an unpinned image succeeded" >&2
  exit 1
fi
grep -q 'has no tag' <<<"$out"
echo "consumer test passed"
