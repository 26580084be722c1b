import { Cron } from 'croner';
import { fail, ok, type Result } from '../result.js';

/** What a moderator (or the environment) gives to set up a schedule. */
export interface ScheduleRequest {
  /** Local time of day, `HH:MM` (24-hour). Ignored when `cron` is given. */
  time?: string;
  /** Days of the week, such as `mon-fri`, `mon,wed,fri`, `weekdays`, `weekends` or `daily` (the default). */
  days?: string;
  /** An advanced five-field cron expression (minute hour day month weekday), instead of time and days. */
  cron?: string;
  /** An IANA time zone such as `Europe/Berlin`. */
  timezone: string;
}

/** A validated schedule: a cron expression and the time zone it is read in. */
export interface ParsedSchedule {
  cron: string;
  timezone: string;
}

/** Why a schedule was refused. */
export type ScheduleProblem = 'bad-time' | 'bad-days' | 'bad-cron' | 'bad-timezone' | 'too-often';

/** Briefings come at most this often, so a typo like `* * * * *` cannot flood a channel. */
const minimumGapMs = 60 * 60 * 1000;

const dayNumbers: Record<string, number> = {
  sun: 0,
  sunday: 0,
  mon: 1,
  monday: 1,
  tue: 2,
  tues: 2,
  tuesday: 2,
  wed: 3,
  wednesday: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  thursday: 4,
  fri: 5,
  friday: 5,
  sat: 6,
  saturday: 6,
};

const dayAliases: Record<string, string> = {
  daily: '*',
  'every day': '*',
  everyday: '*',
  all: '*',
  '*': '*',
  weekdays: '1-5',
  workdays: '1-5',
  weekends: '0,6',
};

/** True when `timezone` is a time zone this runtime knows (IANA names such as `Europe/Berlin`, or `UTC`). */
export function isTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/** Turns "mon-fri", "mon,wed,fri", "1-5" or "weekends" into a cron weekday field, or undefined if unreadable. */
function weekdayField(days: string): string | undefined {
  const text = days.trim().toLowerCase();
  const alias = dayAliases[text];
  if (alias !== undefined) return alias;
  const day = (word: string): number | undefined =>
    /^[0-7]$/.test(word) ? Number(word) % 7 : dayNumbers[word.replace(/\.$/, '')];
  const numbers = new Set<number>();
  for (const part of text.split(/[\s,]+/).filter((piece) => piece !== '')) {
    const [from, to, ...extra] = part.split('-');
    const start = day(from ?? '');
    const end = to === undefined ? start : day(to);
    if (start === undefined || end === undefined || extra.length > 0) return undefined;
    for (let current = start; ; current = (current + 1) % 7) {
      numbers.add(current);
      if (current === end) break;
    }
  }
  if (numbers.size === 0) return undefined;
  if (numbers.size === 7) return '*';
  const sorted = [...numbers].sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const number of sorted) {
    const run = runs.at(-1);
    if (run && run.at(-1) === number - 1) run.push(number);
    else runs.push([number]);
  }
  return runs.map((run) => (run.length >= 3 ? `${run[0]}-${run.at(-1)}` : run.join(','))).join(',');
}

/**
 * Validates a schedule request and turns "daily at HH:MM on these days in this time zone" into a cron expression
 * (for example 08:30 on weekdays becomes `30 8 * * 1-5`), or checks an advanced cron expression. A schedule that
 * would post more than once an hour is refused.
 */
export function parseSchedule(request: ScheduleRequest): Result<ParsedSchedule, ScheduleProblem> {
  const timezone = request.timezone.trim();
  if (!isTimezone(timezone)) {
    return fail(
      'bad-timezone',
      `"${timezone}" is not a time zone I know; use an IANA name such as Europe/Berlin.`,
    );
  }
  let cron: string;
  if (request.cron !== undefined && request.cron.trim() !== '') {
    cron = request.cron.trim().replace(/\s+/g, ' ');
    if (cron.split(' ').length !== 5) {
      return fail(
        'bad-cron',
        'A cron expression needs five fields: minute hour day-of-month month day-of-week.',
      );
    }
  } else {
    const time = /^([01]?\d|2[0-3])[:.h]([0-5]\d)$/.exec((request.time ?? '').trim());
    if (!time) return fail('bad-time', 'Give the time as HH:MM on a 24-hour clock, for example 08:30.');
    const weekdays = weekdayField(request.days ?? 'daily');
    if (weekdays === undefined) {
      return fail(
        'bad-days',
        'Give the days as, for example, mon-fri, mon,wed,fri, weekdays, weekends or daily.',
      );
    }
    cron = `${Number(time[2])} ${Number(time[1])} * * ${weekdays}`;
  }
  let runs: Date[];
  try {
    runs = new Cron(cron, { timezone, mode: '5-part' }).nextRuns(48);
  } catch (error) {
    return fail(
      'bad-cron',
      `That cron expression is not valid: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (runs.length === 0) return fail('bad-cron', 'That cron expression never fires.');
  for (let index = 1; index < runs.length; index++) {
    const gap = (runs[index]?.getTime() ?? 0) - (runs[index - 1]?.getTime() ?? 0);
    if (gap < minimumGapMs) return fail('too-often', 'A briefing can be posted at most once an hour.');
  }
  return ok({ cron, timezone });
}
