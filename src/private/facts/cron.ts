// Cron schedules and time zones as a Kubernetes 1.28 CronJob reads them
// (robfig/cron's standard parser; Go's time zone database). Used by the
// StatefulStore backup and the object-level validation of every CronJob.

const FIELDS: { name: string; min: number; max: number; names?: string[] }[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day of week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** Why `schedule` is not a cron schedule a CronJob accepts; undefined when it is. */
export function cronProblem(schedule: string): { problem: string; fix: string } | undefined {
  const fix = 'give five fields "minute hour day-of-month month day-of-week", such as "30 2 * * *" (02:30 every day), or "@daily"';
  const s = schedule.trim();
  if (/^(CRON_)?TZ=/.test(s)) return { problem: 'is not a cron schedule (it sets the time zone inside the schedule)', fix: 'remove the TZ= prefix and set the time zone with the timeZone prop' };
  if (s.startsWith('@')) return DESCRIPTORS.has(s) ? undefined : { problem: 'is not a cron schedule (an unknown @-schedule)', fix };
  const parts = s.split(/\s+/);
  if (parts.length !== 5) return { problem: `is not a cron schedule (it has ${parts.length} field${parts.length === 1 ? '' : 's'}, not 5)`, fix };
  for (let i = 0; i < 5; i++) {
    const bad = fieldProblem(parts[i], FIELDS[i]);
    if (bad) return { problem: `is not a cron schedule (its ${FIELDS[i].name} field "${parts[i]}" ${bad})`, fix };
  }
  return undefined;
}

function fieldProblem(field: string, f: typeof FIELDS[number]): string | undefined {
  for (const item of field.split(',')) {
    const m = /^(\*|\?|[^-/]+(?:-[^-/]+)?)(?:\/(\d+))?$/.exec(item);
    if (!m) return 'is not a value, range, list or step';
    if (m[2] !== undefined && Number(m[2]) < 1) return 'has a step of 0';
    if (m[1] === '*' || m[1] === '?') continue;
    const [from, to] = m[1].split('-').map(v => valueOf(v, f));
    if (from === undefined || (m[1].includes('-') && to === undefined)) return `is outside ${f.min}-${f.max}`;
    if (to !== undefined && to < from) return 'has a range that ends before it starts';
  }
  return undefined;
}

function valueOf(v: string, f: typeof FIELDS[number]): number | undefined {
  const named = f.names?.indexOf(v.toUpperCase()) ?? -1;
  if (named !== -1) return named + f.min;
  if (!/^\d+$/.test(v)) return undefined;
  const n = Number(v);
  return n >= f.min && n <= f.max ? n : undefined;
}

let zones: Set<string> | undefined;

/** Why `zone` is not an IANA time zone name; undefined when it is. */
export function timeZoneProblem(zone: string): { problem: string; fix: string } | undefined {
  const intl = Intl as unknown as { supportedValuesOf(key: 'timeZone'): string[] };
  zones ??= new Set([...intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC', 'GMT']);
  if (zones.has(zone)) return undefined;
  // aliases ("US/Pacific", "Asia/Calcutta") are in the database too; names are case-sensitive there
  if (/^[A-Z][A-Za-z0-9_+-]*(\/[A-Z][A-Za-z0-9_+-]*)*$/.test(zone)) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return undefined;
    } catch {
      // not a zone: fall through
    }
  }
  return { problem: 'is not an IANA time zone', fix: 'give a name from the tz database, such as "Europe/Berlin" or "Etc/UTC"' };
}
