// The longest time between two runs of a CronJob schedule, for alerts on a
// job that has not succeeded for too long. Standard five-field cron as the
// CronJob controller reads it (ranges, steps, lists, month and weekday names,
// the @hourly/@daily/... macros; day-of-month and day-of-week are OR-ed when
// both are restricted), evaluated over five years from a fixed date so leap
// days and month lengths count.

const MACROS: { [macro: string]: string } = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface Field {
  readonly values: Set<number>;
  /** "*" (or "?"): not restricted. */
  readonly any: boolean;
}

function parseField(text: string, min: number, max: number, names: string[] = [], nameBase = 0): Field | undefined {
  const values = new Set<number>();
  const value = (s: string): number => {
    const i = names.indexOf(s.toLowerCase());
    return i >= 0 ? i + nameBase : /^\d+$/.test(s) ? Number(s) : NaN;
  };
  for (const part of text.split(',')) {
    const m = /^(\*|\?|[a-zA-Z0-9]+)(?:-([a-zA-Z0-9]+))?(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    const whole = m[1] === '*' || m[1] === '?';
    const from = whole ? min : value(m[1]);
    const to = whole ? max : m[2] !== undefined ? value(m[2]) : m[3] !== undefined ? max : from;
    const step = m[3] !== undefined ? Number(m[3]) : 1;
    if ([from, to].some(v => !Number.isInteger(v) || v < min || v > max) || from > to || step < 1) return undefined;
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return { values, any: text === '*' || text === '?' };
}

/** Seconds of the longest gap between runs, or undefined when the schedule is not valid cron or runs fewer than twice in five years. */
export function longestCronGapSeconds(schedule: string): number | undefined {
  const spec = MACROS[schedule.trim()] ?? schedule.trim().replace(/^(CRON_)?TZ=\S+\s+/, '');
  const parts = spec.split(/\s+/);
  if (parts.length !== 5) return undefined;
  const minute = parseField(parts[0], 0, 59);
  const hour = parseField(parts[1], 0, 23);
  const dom = parseField(parts[2], 1, 31);
  const month = parseField(parts[3], 1, 12, MONTHS, 1);
  const dowRaw = parseField(parts[4], 0, 7, DAYS, 0);
  if (!minute || !hour || !dom || !month || !dowRaw) return undefined;
  const dow = new Set([...dowRaw.values].map(d => d % 7)); // 7 is Sunday too

  const times = [...hour.values].sort((a, b) => a - b).flatMap(h => [...minute.values].sort((a, b) => a - b).map(m => h * 60 + m));
  const start = Date.UTC(2024, 0, 1);
  const dayMs = 86_400_000;
  let previous: number | undefined;
  let longest = 0;
  for (let day = 0; day < 5 * 366; day++) {
    const date = new Date(start + day * dayMs);
    if (!month.values.has(date.getUTCMonth() + 1)) continue;
    const domOk = dom.values.has(date.getUTCDate());
    const dowOk = dow.has(date.getUTCDay());
    // cron: both restricted means either may match; otherwise the restricted one decides
    const runs = dom.any || dowRaw.any ? domOk && dowOk : domOk || dowOk;
    if (!runs) continue;
    const base = (start + day * dayMs) / 60_000;
    for (const t of times) {
      if (previous !== undefined) longest = Math.max(longest, base + t - previous);
      previous = base + t;
    }
  }
  return longest > 0 ? longest * 60 : undefined;
}
