import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { documentationPages } from './util';

// Doc tests: every TypeScript block of README.md and docs/*.md type-checks, strictly, against
// the library's sources, so an example can never drift from the API. A block is
// its own module. Blocks continue the README's story, so what they use without
// declaring it is supplied: the names of the shared context below (`chart`,
// `web`, ...) as declarations, and capitalised names exported by
// cdk8s-patterns, cdk8s or cdk8s-plus-28 (in that order) as imports.

const ROOT = path.resolve(__dirname, '..');
const PAGES = documentationPages();

const CONTEXT: { [name: string]: string } = {
  app: "import('cdk8s').App",
  chart: "import('cdk8s').Chart",
  platformChart: "import('cdk8s').Chart",
  web: "import('cdk8s-patterns').WebApp",
  db: "import('cdk8s-patterns').StatefulStore",
  props: "import('cdk8s-patterns').StatefulStoreProps",
};

interface Block { readonly line: number; readonly code: string; readonly page?: string }

function blocks(markdown: string): Block[] {
  const out: Block[] = [];
  const re = /^( *)```ts\n([\s\S]*?)^\1```/gm;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) {
    const indent = m[1].length;
    out.push({ line: markdown.slice(0, m.index).split('\n').length + 1, code: m[2].split('\n').map(l => l.slice(indent)).join('\n') });
  }
  return out;
}

function exportedNames(mod: string): Set<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return new Set(Object.keys(require(mod)));
}

const SOURCES: ReadonlyArray<[string, Set<string>]> = [
  ['cdk8s-patterns', exportedNames(path.join(ROOT, 'src'))],
  ['cdk8s', exportedNames('cdk8s')],
  ['cdk8s-plus-28', exportedNames('cdk8s-plus-28')],
];

/** The block as a module, with what it uses from the context; returns the number of lines added before it. */
function asModule(code: string): { text: string; offset: number } {
  const declared = new Set<string>();
  for (const m of code.matchAll(/\b(?:const|let|var|class|function)\s+([A-Za-z_$][\w$]*)/g)) declared.add(m[1]);
  for (const m of code.matchAll(/import\s*\{([^}]*)\}/g)) m[1].split(',').map(n => n.trim().split(/\s+as\s+/).pop()!).filter(Boolean).forEach(n => declared.add(n));
  const used = new Set([...code.replace(/\/\/.*$/gm, '').replace(/'[^']*'|"[^"]*"|`[^`]*`/g, '""').matchAll(/\b[A-Za-z_$][\w$]*\b/g)].map(m => m[0]));
  const prelude: string[] = [];
  const imports = new Map<string, string[]>();
  for (const name of used) {
    if (declared.has(name)) continue;
    // own names only: a block with a constructor must not pick up Object.prototype.constructor
    if (Object.prototype.hasOwnProperty.call(CONTEXT, name)) {
      prelude.push(`declare const ${name}: ${CONTEXT[name]};`);
    } else if (/^[A-Z]/.test(name)) {
      const from = SOURCES.find(([, names]) => names.has(name));
      if (from) imports.set(from[0], [...imports.get(from[0]) ?? [], name]);
    }
  }
  for (const [mod, names] of imports) prelude.unshift(`import { ${names.sort().join(', ')} } from '${mod}';`);
  prelude.push('export {};');
  return { text: `${prelude.join('\n')}\n${code}`, offset: prelude.length };
}

describe('README.md and docs/', () => {
  const all = PAGES.flatMap(page => blocks(fs.readFileSync(path.join(ROOT, page), 'utf8')).map(b => ({ ...b, page })));

  test('has TypeScript examples to check', () => {
    expect(all.length).toBeGreaterThanOrEqual(10);
  });

  test('every TypeScript block type-checks under strict settings', () => {
    fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
    const dir = fs.mkdtempSync(path.join(ROOT, '.tmp', 'readme-'));
    try {
      const files = all.map((b, i) => {
        const file = path.join(dir, `block-${String(i + 1).padStart(2, '0')}.ts`);
        const { text, offset } = asModule(b.code);
        fs.writeFileSync(file, text);
        return { file, offset, line: b.line, page: b.page };
      });
      const program = ts.createProgram(files.map(f => f.file), {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        target: ts.ScriptTarget.ES2020,
        module: ts.ModuleKind.CommonJS,
        moduleResolution: ts.ModuleResolutionKind.Node10,
        esModuleInterop: true,
        types: ['node'],
        typeRoots: [path.join(ROOT, 'node_modules', '@types')],
        paths: { 'cdk8s-patterns': [path.join(ROOT, 'src', 'index.ts')], 'cdk8s-patterns/projen': [path.join(ROOT, 'src', 'projen.ts')] },
        ignoreDeprecations: '6.0',
      });
      const problems = ts.getPreEmitDiagnostics(program)
        .filter(d => d.file && files.some(f => f.file === d.file!.fileName))
        .map(d => {
          const f = files.find(x => x.file === d.file!.fileName)!;
          const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
          return `${f.page}:${f.line + line - f.offset}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
        });
      expect(problems).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a block gets the context it uses declared, and the library names it uses imported', () => {
    const { text, offset } = asModule("new WebApp(chart, 'x', { image: 42 });");
    expect(offset).toBe(3);
    expect(text).toContain("import { WebApp } from 'cdk8s-patterns';");
    expect(text).toContain("declare const chart: import('cdk8s').Chart;");
  });
});
