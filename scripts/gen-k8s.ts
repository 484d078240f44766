// The Kubernetes L1 classes this library builds (KubeDeployment, KubeService, …),
// trimmed from cdk8s-plus-28's generated lib/imports/k8s.js: only the classes and
// enums src/ names as `k8s.X`, the toJson_ functions they call, and no comments.
// cdk8s-plus-28's module holds the classes of all 139 API kinds in 2.7 MB, and
// reading it was the largest single cost of `require('cdk8s-patterns')`.
// The types stay cdk8s-plus-28's own: src/private/k8s.d.ts re-exports them, so a
// WebApp's `deployment` has the type cdk8s-plus-28 users know.
// The output is deterministic and not committed: `npx projen gen:k8s`, compile,
// test and `prepare` run this (it does nothing when the recorded inputs hash
// matches), and it mirrors the module (and its .d.ts) into
// lib/src/private/ when lib/ is built.
//
//   node -r ./scripts/swc-register.js scripts/gen-k8s.ts
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..');
const SOURCE = require.resolve('cdk8s-plus-28/lib/imports/k8s.js', { paths: [ROOT] });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const PLUS_VERSION: string = require(require.resolve('cdk8s-plus-28/package.json', { paths: [ROOT] })).version;
/** The module src/ imports as `k8s`, and its types (committed). */
export const OUTPUT = path.join(ROOT, 'src', 'private', 'k8s.js');
const TYPES = path.join(ROOT, 'src', 'private', 'k8s.d.ts');

/** Every `k8s.X` that src/ names (types among them; only names with code in k8s.js are kept). */
export function namesUsedBySrc(dir = path.join(ROOT, 'src')): Set<string> {
  const names = new Set<string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.d.ts')) continue;
    const text = fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    for (const m of text.matchAll(/\bk8s\.([A-Za-z_$][\w$]*)/g)) names.add(m[1]);
  }
  return names;
}

/**
 * The top-level statements of k8s.js grouped by the name they define (a class
 * with its `exports.X = X` and static members, a function, an enum), or an
 * error naming a statement this script does not know, so a new cdk8s-plus-28
 * layout fails the build instead of dropping code.
 */
function units(sf: ts.SourceFile): Map<string, ts.Statement[]> {
  const out = new Map<string, ts.Statement[]>();
  const add = (name: string, s: ts.Statement) => out.set(name, [...out.get(name) ?? [], s]);
  const id = (e: ts.Expression) => (ts.isIdentifier(e) ? e.text : undefined);
  for (const s of sf.statements) {
    if ((ts.isClassDeclaration(s) || ts.isFunctionDeclaration(s)) && s.name) { add(s.name.text, s); continue; }
    if (ts.isVariableStatement(s)) {
      const [d, ...more] = s.declarationList.declarations;
      const name = ts.isIdentifier(d.name) ? d.name.text : '';
      // `var _a, _b…` (jsii RTTI temporaries), the RTTI symbol and the cdk8s import: written by the header
      if (name === '_a' || name === 'JSII_RTTI_SYMBOL_1' || name === 'cdk8s_1') continue;
      if (more.length === 0 && !d.initializer) { add(name, s); continue; } // `var SomeEnum;`
    }
    if (ts.isExpressionStatement(s)) {
      const e = s.expression;
      if (ts.isStringLiteral(e)) continue; // "use strict"
      if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.getText() === 'Object.defineProperty') continue;
      if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const left = e.left;
        // `exports.a = exports.b = … = void 0`: written for the kept names only
        if (isExportsReset(e)) continue;
        // `_u = JSII_RTTI_SYMBOL_1` and `X[_u] = { fqn }`: jsii type information, not needed
        if (id(left)?.startsWith('_') || (ts.isElementAccessExpression(left) && id(left.argumentExpression)?.startsWith('_'))) continue;
        if (ts.isPropertyAccessExpression(left) && id(left.expression) === 'exports' && id(e.right) === left.name.text) { add(left.name.text, s); continue; }
        if (ts.isPropertyAccessExpression(left) && id(left.expression)) { add(id(left.expression)!, s); continue; } // X.GVK = …
      }
      // `(function (SomeEnum) { … })(SomeEnum || (exports.SomeEnum = SomeEnum = {}))`
      if (ts.isCallExpression(e) && ts.isParenthesizedExpression(e.expression) && ts.isFunctionExpression(e.expression.expression)) {
        const param = e.expression.expression.parameters[0];
        if (param && ts.isIdentifier(param.name)) { add(param.name.text, s); continue; }
      }
    }
    throw new Error(`gen-k8s: unknown statement in ${SOURCE} at line ${sf.getLineAndCharacterOfPosition(s.getStart()).line + 1}: ${s.getText().slice(0, 120)}`);
  }
  return out;
}

/** `exports.a = exports.b = … = void 0`, the declaration of every export at the top of tsc's output. */
function isExportsReset(e: ts.Expression): boolean {
  if (e.kind === ts.SyntaxKind.VoidExpression) return true;
  return ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken
    && ts.isPropertyAccessExpression(e.left) && ts.isIdentifier(e.left.expression) && e.left.expression.text === 'exports'
    && isExportsReset(e.right);
}

/** The names a unit's code refers to. */
function references(statements: ts.Statement[]): Set<string> {
  const names = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) names.add(n.text);
    ts.forEachChild(n, visit);
  };
  statements.forEach(visit);
  return names;
}

/** A hash of what decides the output: cdk8s-plus-28's module, the names src/ uses, and this script. */
function inputsHash(source: string, used: Set<string>): string {
  return createHash('sha256').update(source).update(`\n${[...used].sort().join(',')}\n`).update(fs.readFileSync(__filename)).digest('hex');
}

/** The trimmed module's text: the used units and everything they call, in k8s.js order. */
export function generate(used: Set<string> = namesUsedBySrc()): string {
  const source = fs.readFileSync(SOURCE, 'utf8');
  const sf = ts.createSourceFile(SOURCE, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const all = units(sf);
  const keep = new Set<string>();
  const queue = [...used].filter(n => all.has(n));
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (keep.has(name)) continue;
    keep.add(name);
    for (const ref of references(all.get(name)!)) if (all.has(ref) && !keep.has(ref)) queue.push(ref);
  }
  const printer = ts.createPrinter({ removeComments: true });
  const kept = [...all.keys()].filter(n => keep.has(n));
  const body = sf.statements
    .filter(s => kept.some(n => all.get(n)!.includes(s)))
    .map(s => printer.printNode(ts.EmitHint.Unspecified, s, sf));
  const text = [
    `// Generated by scripts/gen-k8s.ts from cdk8s-plus-28@${PLUS_VERSION} lib/imports/k8s.js`,
    '// (Apache-2.0, generated there by cdk8s import from the Kubernetes 1.28 schema). Do not edit.',
    `// inputs ${inputsHash(source, used)}`,
    '"use strict";',
    'Object.defineProperty(exports, "__esModule", { value: true });',
    'const cdk8s_1 = require("cdk8s");',
    ...body,
    '',
  ].join('\n');
  return text;
}

/** Writes `file` only when its content differs (a build that changes nothing touches nothing). */
function write(file: string, text: string): void {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** The current module when its recorded inputs hash matches (parsing k8s.js takes ~0.5 s), else undefined. */
function current(): string | undefined {
  if (!fs.existsSync(OUTPUT)) return undefined;
  const text = fs.readFileSync(OUTPUT, 'utf8');
  return text.includes(`\n// inputs ${inputsHash(fs.readFileSync(SOURCE, 'utf8'), namesUsedBySrc())}\n`) ? text : undefined;
}

function main(): void {
  const started = Date.now();
  const unchanged = current();
  const text = unchanged ?? generate();
  write(OUTPUT, text);
  // the compiled package loads them from lib/src/private/ (tsc copies neither a .js nor a .d.ts from src/)
  const lib = path.join(ROOT, 'lib', 'src', 'private');
  if (fs.existsSync(lib)) {
    write(path.join(lib, 'k8s.js'), text);
    write(path.join(lib, 'k8s.d.ts'), fs.readFileSync(TYPES, 'utf8'));
  }
  if (!unchanged) process.stdout.write(`gen-k8s: ${(text.length / 1e3).toFixed(0)} kB to ${path.relative(process.cwd(), OUTPUT)} in ${Date.now() - started} ms\n`);
}

if (require.main === module) main();
