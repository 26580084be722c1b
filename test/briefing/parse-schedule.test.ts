import { describe, expect, it } from 'vitest';
import { parseSchedule } from '../../src/briefing/parse-schedule.js';

describe('reading a briefing schedule', () => {
  it.each([
    [{ time: '08:30', timezone: 'Europe/Berlin' }, '30 8 * * *'],
    [{ time: '8:05', days: 'mon-fri', timezone: 'UTC' }, '5 8 * * 1-5'],
    [{ time: '18:00', days: 'weekends', timezone: 'America/New_York' }, '0 18 * * 0,6'],
    [{ time: '07:15', days: 'Mon, Wed, Fri', timezone: 'Asia/Tokyo' }, '15 7 * * 1,3,5'],
    [{ time: '07:15', days: 'fri-mon', timezone: 'UTC' }, '15 7 * * 0,1,5,6'],
    [{ time: '07:15', days: 'daily', timezone: 'UTC' }, '15 7 * * *'],
    [{ time: '07:15', days: 'tue-sun', timezone: 'UTC' }, '15 7 * * 0,2-6'],
    [{ cron: '0 9 * * 1', timezone: 'Europe/Berlin' }, '0 9 * * 1'],
  ])('turns %j into the cron %j', (request, cron) => {
    expect(parseSchedule(request)).toEqual({ ok: true, value: { cron, timezone: request.timezone } });
  });

  it.each([
    [{ time: '25:00', timezone: 'UTC' }, 'bad-time'],
    [{ time: '08:30', timezone: 'Mars/Olympus' }, 'bad-timezone'],
    [{ time: '08:30', days: 'someday', timezone: 'UTC' }, 'bad-days'],
    [{ cron: '0 9 * *', timezone: 'UTC' }, 'bad-cron'],
    [{ cron: '0 99 * * *', timezone: 'UTC' }, 'bad-cron'],
    [{ cron: '* * * * *', timezone: 'UTC' }, 'too-often'],
    [{ cron: '0,30 9 * * *', timezone: 'UTC' }, 'too-often'],
  ])('refuses %j as %s', (request, reason) => {
    expect(parseSchedule(request)).toMatchObject({ ok: false, reason });
  });
});
