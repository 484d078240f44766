import { DIST_ENVIRONMENTS, review } from './review-util';
import { documentation } from './util';

// The README shows the real output of `graph` and `report` on the reference
// app. When the reference app's output changes on purpose, regenerate dist/
// (npm run synth) and paste the new output into README.md:
//   node -r ./scripts/swc-register.js src/synth/cli.ts graph dist/ --env production
//   node -r ./scripts/swc-register.js src/synth/cli.ts report dist/

const README = documentation();

/** The fenced block that follows `marker` in the README. */
function blockAfter(marker: string, fence: string): string {
  const at = README.indexOf(marker);
  if (at < 0) throw new Error(`README.md no longer contains ${JSON.stringify(marker)}`);
  const open = README.indexOf(`${fence}\n`, at);
  const start = open + fence.length + 1;
  return README.slice(start, README.indexOf('```\n', start));
}

test('the README\'s graph of the reference app is what graph prints', () => {
  expect(blockAfter('(`npx cdk8s-patterns graph dist/ --env production`):', '```mermaid'))
    .toEqual(review(['graph', DIST_ENVIRONMENTS, '--env', 'production']).stdout);
});

test('the README\'s capacity report of the reference app is what report prints', () => {
  const shown = blockAfter('caps autoscaling). The reference app, both environments', '```');
  expect(shown).toEqual(`$ npx cdk8s-patterns report dist/\n${review(['report', DIST_ENVIRONMENTS]).stdout}`);
});
