// What a schedule Kubernetes accepts is (the CronJob controller parses it with
// robfig/cron's standard parser), and what an IANA time zone name is: for the
// ScheduledTask and StatefulStore backup prop checks.

/** A problem with a schedule or time zone: what is wrong and how to fix it. */
export interface CronProblem {
  readonly problem: string;
  readonly fix: string;
}

const MACROS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** Each field: its name, range and the names it accepts (numbered from `min`). */
const FIELDS: Array<{ name: string; min: number; max: number; names?: string[] }> = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 6, names: DAYS },
];

const FIX = 'use five fields "minute hour day-of-month month day-of-week" such as "0 3 * * *" (03:00 every day) or a macro such as "@daily"';

/**
 * Why `schedule` is not a schedule the CronJob controller accepts (five fields
 * or a macro; no TZ= prefix, which belongs in `timeZone`), or undefined.
 */
export function cronProblem(schedule: string): CronProblem | undefined {
  if (typeof schedule !== 'string' || schedule.trim() === '') return { problem: 'is not a cron schedule (it is empty)', fix: FIX };
  const s = schedule.trim();
  if (/^(CRON_)?TZ=/.test(s)) {
    return { problem: 'is not a cron schedule Kubernetes accepts (it names a time zone)', fix: 'Kubernetes refuses TZ= in a schedule: put the zone in `timeZone` and keep the five fields here' };
  }
  if (s.startsWith('@')) return MACROS.includes(s) ? undefined : { problem: 'is not a cron schedule (an unknown macro)', fix: `use one of ${MACROS.join(', ')}, or five fields` };
  const fields = s.split(/\s+/);
  if (fields.length !== 5) return { problem: `is not a cron schedule (${fields.length} field${fields.length === 1 ? '' : 's'}, not 5)`, fix: FIX };
  for (let i = 0; i < 5; i++) {
    const why = fieldProblem(fields[i], FIELDS[i]);
    if (why) return { problem: `is not a cron schedule (${FIELDS[i].name} "${fields[i]}" ${why})`, fix: FIX };
  }
  return undefined;
}

/** One field: a comma list of `*`, `?` (day fields), a value or a range, each with an optional `/step`. */
function fieldProblem(field: string, f: { name: string; min: number; max: number; names?: string[] }): string | undefined {
  for (const part of field.split(',')) {
    const [range, step, extra] = part.split('/');
    if (extra !== undefined) return 'has two steps';
    if (step !== undefined && !(/^\d+$/.test(step) && Number(step) > 0)) return `has step "${step}", not a whole number >= 1`;
    if (range === '*' || (range === '?' && f.names === DAYS) || (range === '?' && f.name === 'day of month')) continue;
    const ends = range.split('-');
    if (ends.length > 2) return `has range "${range}" with more than two ends`;
    const values = ends.map(e => valueOf(e, f));
    if (values.some(v => v === undefined)) return `is not a value from ${f.min} to ${f.max}${f.names ? ` or a name (${f.names[0]}...)` : ''}`;
    if (values.length === 2 && values[0]! > values[1]!) return 'is a range from high to low';
  }
  return undefined;
}

function valueOf(text: string, f: { min: number; max: number; names?: string[] }): number | undefined {
  const named = f.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named !== -1) return named + (f.names === MONTHS ? 1 : 0);
  if (!/^\d{1,2}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= f.min && n <= f.max ? n : undefined;
}

/**
 * Why `zone` is not an IANA time zone name ("Europe/Berlin", "Etc/UTC") that the
 * time zone database knows, or undefined. Kubernetes loads the zone file by its
 * name, so the spelling must match exactly; offsets ("+01:00") are not names.
 */
export function timeZoneProblem(zone: string): CronProblem | undefined {
  const fix = 'use an IANA time zone name such as "Europe/Berlin", "America/New_York" or "Etc/UTC"';
  let known: string;
  try {
    known = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return { problem: 'is not in the time zone database', fix };
  }
  // Intl matches names case-insensitively; the zone files Kubernetes loads do not (every IANA segment starts upper-case)
  if (known.toLowerCase() === zone.toLowerCase() && known !== zone) return { problem: 'is not spelled as in the time zone database', fix: `write it as "${known}"` };
  if (!/^[A-Z][A-Za-z0-9_+-]*(\/[A-Z][A-Za-z0-9_+-]*){0,2}$/.test(zone)) return { problem: 'is not spelled as in the time zone database', fix };
  return undefined;
}
