// `node -r ./scripts/swc-register.js src/main.ts`: runs the TypeScript sources
// directly, transpile-only, with @swc/core (the same transformer the tests use
// through @swc/jest). This is how `npm run synth` and `cdk8s synth` run the
// reference app: it always synthesizes the current source (a stale lib/ can
// never be synthesized) for ~0.05 s over running compiled JavaScript, where
// tsx and @swc-node/register cost 0.2-0.3 s here and `tsc --build` seconds
// after any edit (numbers in bench/RESULTS.md). Types are checked by `npm test`.
'use strict';
const fs = require('fs');
let transformSync;
try {
  ({ transformSync } = require('@swc/core'));
} catch {
  process.stderr.write('cdk8s-patterns/register runs TypeScript with @swc/core, which is not installed: run `npm install -D @swc/core`\n');
  process.exit(1);
}

const options = {
  swcrc: false,
  configFile: false,
  // maps only when asked for (`node --enable-source-maps`): parsing them costs time
  sourceMaps: process.sourceMapsEnabled ? 'inline' : false,
  module: { type: 'commonjs' },
  // what tsc emits for tsconfig.json (target ES2020: class fields are assignments)
  jsc: { parser: { syntax: 'typescript' }, target: 'es2020', transform: { useDefineForClassFields: false } },
};

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};
