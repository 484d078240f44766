// `node -r ./scripts/swc-register.js src/main.ts`: runs the TypeScript sources
// directly, transpile-only, with @swc/core (the same transformer the tests use
// through @swc/jest). This is how `npm run synth` and `cdk8s synth` run the
// reference app: it always synthesizes the current source (a stale lib/ can
// never be synthesized) for about what running compiled JavaScript costs, where
// tsx and @swc-node/register cost 0.2-0.3 s here and `tsc --build` seconds
// after any edit (numbers in bench/RESULTS.md). Types are checked by `npm test`.
//
// Output is cached by content in node_modules/.cache/cdk8s-patterns-register/
// (the key: the source, its path, the options and the @swc/core version), so
// a synth after an edit transforms only the files that changed, and one after
// none does not load @swc/core at all. No cache when that folder cannot be
// written.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const options = {
  swcrc: false,
  configFile: false,
  // maps only when asked for (`node --enable-source-maps`): parsing them costs time
  sourceMaps: process.sourceMapsEnabled ? 'inline' : false,
  module: { type: 'commonjs' },
  // what tsc emits for tsconfig.json (target ES2020: class fields are assignments)
  jsc: { parser: { syntax: 'typescript' }, target: 'es2020', transform: { useDefineForClassFields: false } },
};

let swcVersion;
try {
  swcVersion = JSON.parse(fs.readFileSync(require.resolve('@swc/core/package.json'), 'utf8')).version;
} catch {
  process.stderr.write('cdk8s-patterns/register runs TypeScript with @swc/core, which is not installed: run `npm install -D @swc/core`\n');
  process.exit(1);
}

let transformSync;
function transform(source, filename) {
  // loaded on the first cache miss only: the native module takes tens of ms to load
  transformSync ??= require('@swc/core').transformSync;
  return transformSync(source, { ...options, filename }).code;
}

const cacheDir = path.join(process.cwd(), 'node_modules', '.cache', 'cdk8s-patterns-register');
let caching = fs.existsSync(path.join(process.cwd(), 'node_modules'));
const salt = `${swcVersion}\0${JSON.stringify(options)}\0`;

function compile(source, filename) {
  if (!caching) return transform(source, filename);
  const key = crypto.createHash('sha256').update(salt).update(`${filename}\0`).update(source).digest('hex');
  const file = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    // not cached yet
  }
  const code = transform(source, filename);
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    // written whole, then renamed: a synth running alongside never reads half a file
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, file);
  } catch {
    caching = false; // a read-only tree: transform every time
  }
  return code;
}

require.extensions['.ts'] = (module, filename) => {
  module._compile(compile(fs.readFileSync(filename, 'utf8'), filename), filename);
};
