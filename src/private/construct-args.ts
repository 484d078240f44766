import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { typeName } from './shape';
import { SynthError } from './synth-error';
import { show } from './validate';

// The scope and id every public constructor receives, checked before
// `constructs` sees them (JavaScript callers). A scope that is not a construct
// has no app to collect an error into: that is a SynthError thrown at once,
// one line naming the class, the argument, the value and the fix. A bad or
// taken id is collected like a prop error (on the scope, which exists), and
// the construct is built under a free placeholder id so every other error of
// the app is still listed.

/** `[scope, id]` fit to build `what` with; throws a SynthError when `scope` is no construct inside a Chart. */
export function constructArgs(scope: unknown, id: unknown, what: string, needsChart = true): [Construct, string] {
  checkScope(scope, `new ${what}(scope, ...)`, 'the Chart (or a construct inside it) to create it in, such as new ' + `${what}(chart, "${typeof id === 'string' && id ? id : 'web'}", {...})`);
  if (needsChart && !scope.node.scopes.some(s => Chart.isChart(s))) {
    throw new SynthError([`new ${what}(scope, ...): scope "${scope.node.path || '(the app)'}" is not inside a Chart: create the ${what} in a Chart, such as new ${what}(chart, ...)`]);
  }
  const why = idProblem(scope, id);
  if (!why) return [scope, id as string];
  scope.node.addValidation({ validate: () => [`${what} id ${show(id)} ${why}`] });
  return [scope, freeId(scope)];
}

/** Throws a SynthError unless `scope` is a construct: `call` names the call, `fix` what to pass. */
export function checkScope(scope: unknown, call: string, fix: string): asserts scope is Construct {
  if (!Construct.isConstruct(scope)) {
    throw new SynthError([`${call}: scope ${show(scope)} is ${typeName(scope)}, not a construct: pass ${fix}`]);
  }
}

function idProblem(scope: Construct, id: unknown): string | undefined {
  if (typeof id !== 'string') return `is ${typeName(id)}, not a string: give each construct a string id, such as "web"`;
  if (id.trim() === '') return 'is empty: give each construct a non-empty id, such as "web"';
  if (scope.node.tryFindChild(id.replace(/\//g, '--'))) {
    return `is already taken in ${scope.node.path || 'the app'}: give each construct its own id within its scope`;
  }
  return undefined;
}

function freeId(scope: Construct): string {
  let n = 1;
  while (scope.node.tryFindChild(`invalid-id-${n}`)) n++;
  return `invalid-id-${n}`;
}
