// The consequence classes of `cdk8s-patterns diff`, most severe first, with the
// exit code each one gives so CI can tell them apart.

/** What a change does, most severe first. */
export const CLASSES = ['data-at-risk', 'fails-to-apply', 'pods-restart', 'traffic-moves', 'access-widened', 'added-removed', 'other'] as const;

/** One consequence class. */
export type ChangeClass = typeof CLASSES[number];

/** Exit code of `diff` when `c` is the most severe class found (0: no change, 1: --fail-on hit, 2: bad input). */
export const EXIT_CODE: { [c in ChangeClass]: number } = {
  'data-at-risk': 9,
  'fails-to-apply': 8,
  'pods-restart': 7,
  'traffic-moves': 6,
  'access-widened': 5,
  'added-removed': 4,
  'other': 3,
};

/** Position of `c` in severity order: 0 is the most severe. */
export function rankOf(c: ChangeClass): number {
  return CLASSES.indexOf(c);
}

/** True when `name` is a class name. */
export function isClass(name: string): name is ChangeClass {
  return (CLASSES as readonly string[]).includes(name);
}
