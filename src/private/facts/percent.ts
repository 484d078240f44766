// "25%": the release budgets, the NodeAgent's maxUnavailable and the
// pdb-allows-disruption rule read percentages here.

/** The whole number of percent in "25%", or undefined when `v` is not a whole percentage. */
export function wholePercent(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+)%$/.exec(v);
  return m ? Number(m[1]) : undefined;
}

/** An IntOrString budget as a number: a count as is, "25%" as 25; undefined otherwise. */
export function countOrPercent(v: unknown): number | undefined {
  return typeof v === 'number' ? v : wholePercent(v);
}
