// What a schedule Kubernetes accepts is, and what an IANA time zone name is:
// for the ScheduledTask and StatefulStore backup prop checks.
//
// Verified against the sources, not a cron man page:
// - kubernetes pkg/apis/batch/validation/validation.go `validateScheduleFormat`:
//   `cron.ParseStandard(schedule)` must succeed, and on create a schedule that
//   contains "TZ" anywhere is refused ("cannot use TZ or CRON_TZ in schedule,
//   use timeZone field instead"; since 1.27 only updates of old objects keep it).
// - robfig/cron v3 `ParseStandard` = `NewParser(Minute | Hour | Dom | Month | Dow | Descriptor)`:
//   an empty spec is an error; a spec starting with "@" is a descriptor, matched
//   exactly (@yearly @annually @monthly @weekly @daily @midnight @hourly, or
//   "@every " + a Go duration); otherwise exactly 5 whitespace-separated fields.
//   A field is a comma list (empty items are skipped: strings.FieldsFunc); each
//   item is `*` or `?` (in ANY field; what follows a "-" is then ignored) or
//   number[-number], then an optional /step. Numbers go through strconv.Atoi
//   (a leading "+" and leading zeros pass); step 0 is an error; "N/step" means
//   N-max/step. Bounds (spec.go): minute 0-59, hour 0-23, day of month 1-31,
//   month 1-12 or jan-dec, day of week 0-6 or sun-sat (names case-insensitive,
//   three letters only). Day of week 7 is an error ("end of range (7) above
//   maximum (6)"); L, W, #, H are not supported.

/** A problem with a schedule or time zone: what is wrong and how to fix it. */
export interface CronProblem {
  readonly problem: string;
  readonly fix: string;
}

const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
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

/** A Go time.ParseDuration string ("1h30m", ".5h", "0"), as `@every` takes. */
const GO_DURATION = /^[-+]?(0|(\d+\.?\d*|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+$/;

/**
 * Why `schedule` is not a schedule the API server accepts on create (see the
 * top of this file), or undefined.
 */
export function cronProblem(schedule: string): CronProblem | undefined {
  if (typeof schedule !== 'string' || schedule.trim() === '') return { problem: 'is not a cron schedule (it is empty)', fix: FIX };
  if (schedule.includes('TZ')) {
    return { problem: 'is not a cron schedule Kubernetes accepts (it names a time zone)', fix: 'Kubernetes refuses TZ= in a schedule: put the zone in `timeZone` and keep the five fields here' };
  }
  if (schedule.startsWith('@')) return descriptorProblem(schedule);
  if (schedule.trim().startsWith('@')) return { problem: 'is not a cron schedule (white space before the macro)', fix: `write it as "${schedule.trim()}"` };
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5) return { problem: `is not a cron schedule (${fields.length} field${fields.length === 1 ? '' : 's'}, not 5)`, fix: FIX };
  for (let i = 0; i < 5; i++) {
    const why = fieldProblem(fields[i], FIELDS[i]);
    if (!why) continue;
    const sunday = FIELDS[i].names === DAYS && /(^|[,-])\+?0*7($|[,/-])/.test(fields[i]);
    return {
      problem: `is not a cron schedule (${FIELDS[i].name} "${fields[i]}" ${why})`,
      fix: sunday ? 'write Sunday as 0 or SUN: the parser Kubernetes uses (robfig/cron) stops at 6' : FIX,
    };
  }
  return undefined;
}

function descriptorProblem(schedule: string): CronProblem | undefined {
  if (DESCRIPTORS.includes(schedule)) return undefined;
  if (schedule.startsWith('@every ')) {
    return GO_DURATION.test(schedule.slice('@every '.length)) ? undefined
      : { problem: 'is not a cron schedule (@every takes a duration such as "1h30m")', fix: 'write it as "@every 1h30m", or use five fields' };
  }
  return { problem: 'is not a cron schedule (an unknown macro)', fix: `use one of ${DESCRIPTORS.join(', ')}, "@every <duration>", or five fields` };
}

/** One field: a comma list of `*`, `?`, a value or a range, each with an optional `/step`. */
function fieldProblem(field: string, f: { name: string; min: number; max: number; names?: string[] }): string | undefined {
  for (const part of field.split(',').filter(p => p !== '')) {
    const [range, step, extra] = part.split('/');
    if (extra !== undefined) return 'has two steps';
    if (step !== undefined && !(/^\+?\d+$/.test(step) && Number(step) > 0)) return `has step "${step}", not a whole number >= 1`;
    const ends = range.split('-');
    if (ends[0] === '*' || ends[0] === '?') continue;
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
  if (!/^\+?\d+$/.test(text)) return undefined;
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
