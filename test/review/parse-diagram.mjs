// Checks a diagram on stdin with the real parsers: `node parse-diagram.mjs mermaid|dot`.
// Exit 0 when it parses, 1 with the parser's first error line when it does not.
// A child process, because mermaid and @viz-js/viz are ES modules and jest runs CommonJS.
import { readFileSync } from 'fs';

const text = readFileSync(0, 'utf8');
const kind = process.argv[2];
try {
  if (kind === 'mermaid') {
    // mermaid sanitizes labels with DOMPurify, which needs a DOM that node lacks;
    // sanitizing is not parsing, so it passes text through here
    const { default: DOMPurify } = await import('dompurify');
    DOMPurify.sanitize = s => s;
    DOMPurify.addHook = () => {};
    const { default: mermaid } = await import('mermaid');
    const result = await mermaid.parse(text);
    process.stdout.write(`${result.diagramType}\n`);
  } else if (kind === 'dot') {
    const viz = await (await import('@viz-js/viz')).instance();
    const result = viz.render(text, { format: 'svg' });
    if (result.status !== 'success') throw new Error(result.errors.map(e => e.message).join('; '));
    process.stdout.write(`svg ${result.output.length}\n`);
  } else {
    throw new Error(`unknown kind "${kind}"`);
  }
} catch (e) {
  process.stderr.write(`${String(e.message).split('\n').slice(0, 3).join(' ')}\n`);
  process.exit(1);
}
