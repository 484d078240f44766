import type * as Engine from './engine';
import type * as Rules from './rules';

// The policy engine and its rule pack (every rule, the context indexes, the
// API-server checks and the strict schema: about 60 modules) are loaded on the
// first render or check, not when the package is imported: that is most of
// what `require('cdk8s-patterns')` would otherwise read and compile.

/** src/policy/engine.ts, loaded on first use. */
export function policyEngine(): typeof Engine {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./engine');
}

/** src/policy/rules (the rule pack), loaded on first use. */
export function policyRules(): typeof Rules {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./rules');
}
