import { afterEach, describe, expect, it } from 'vitest';
import { BriefingScheduler } from '../../src/briefing/briefing-scheduler.js';
import { parseSchedule } from '../../src/briefing/parse-schedule.js';
import type { App } from '../../src/app/create-app.js';
import type { BriefingSchedule, BriefingStore } from '../../src/briefing/briefing-store.js';
import { fixedClock } from '../helpers/create-test-app.js';
import {
  addPortArticle,
  createDatabaseFolder,
  openProcess,
  portArticleLines,
  postedQuotes,
  recordingLogger,
  recordingPoster,
} from './briefing-test-kit.js';

const channelId = '300000000000000001';
const guildId = '100000000000000001';
const opened: App[] = [];
const folders: { remove(): void }[] = [];

afterEach(() => {
  for (const app of opened.splice(0)) app.db.close();
  for (const folder of folders.splice(0)) folder.remove();
});

/** Starts a simulated process on the shared file: the app, its briefing store, a scheduler and what it posted. */
function startProcess(
  path: string,
  clock: ReturnType<typeof fixedClock>,
  environment: Record<string, string> = {},
) {
  const log = recordingLogger();
  const app = openProcess(path, clock, environment, { logger: log.logger });
  opened.push(app);
  const { deps } = app;
  const store = deps.briefings;
  const poster = recordingPoster(clock);
  const scheduler = new BriefingScheduler(deps, store, poster);
  return { app, deps, store, poster, scheduler, log };
}

function newFolder(): string {
  const folder = createDatabaseFolder();
  folders.push(folder);
  return folder.path;
}

function schedule(
  store: BriefingStore,
  clock: { now(): Date },
  request: { time: string; timezone: string; days?: string },
): BriefingSchedule {
  const parsed = parseSchedule(request);
  if (!parsed.ok) throw new Error(parsed.message);
  return store.saveSchedule(
    { scope: guildId, channelId, createdBy: 'moderator-1', ...parsed.value },
    clock.now(),
  );
}

describe('scheduled briefings', () => {
  it('posts a briefing at the scheduled time citing a newly added article with verified quotes and line numbers', async () => {
    // The curated data was loaded two days earlier, so only the new article is news.
    const clock = fixedClock('2025-08-30T06:00:00Z');
    const one = startProcess(newFolder(), clock);
    clock.set('2025-09-01T05:00:00Z');
    schedule(one.store, clock, { time: '06:30', timezone: 'UTC' });
    clock.set('2025-09-01T06:00:00Z');
    const article = addPortArticle(one.deps, guildId);

    clock.set('2025-09-01T06:29:00Z');
    expect(await one.scheduler.tick()).toEqual([]);
    expect(one.poster.posts).toEqual([]);

    clock.set('2025-09-01T06:30:00Z');
    await one.scheduler.tick();
    expect(one.poster.posts).toHaveLength(1);
    const post = one.poster.posts[0];
    expect(post?.channelId).toBe(channelId);
    const text = post?.parts.join('\n') ?? '';
    expect(text).toContain('Latvia to reopen Liepaja port to grain shipments');
    expect(text).toContain('Baltic Wire');
    expect(text).not.toContain('Kallas');
    const quotes = postedQuotes(text);
    expect(quotes.length).toBeGreaterThanOrEqual(2);
    expect(quotes[0]).toEqual({
      line: 1,
      quote:
        'Latvia will reopen the port of Liepaja to grain shipments on 15 September, transport minister Kaspars Briskens said on Monday.',
    });
    for (const { line, quote } of quotes) {
      expect(one.deps.articles.line(article.rowid, line)).toContain(quote);
    }
    for (const part of post?.parts ?? []) expect(part.length).toBeLessThanOrEqual(2000);
  });

  it('posts nothing when nothing new arrived, and covers the quiet day in the next briefing', async () => {
    const clock = fixedClock('2025-08-30T06:00:00Z');
    const one = startProcess(newFolder(), clock);
    clock.set('2025-09-01T05:00:00Z');
    const created = schedule(one.store, clock, { time: '06:30', timezone: 'UTC' });
    clock.set('2025-09-01T06:30:00Z');
    expect(await one.scheduler.tick()).toMatchObject([{ outcome: 'nothing-new' }]);
    expect(one.poster.posts).toEqual([]);
    expect(one.store.slot(created.id, Date.parse('2025-09-01T06:30:00Z'))).toMatchObject({
      state: 'delivered',
    });

    clock.set('2025-09-01T12:00:00Z');
    addPortArticle(one.deps, guildId);
    clock.set('2025-09-02T06:30:00Z');
    await one.scheduler.tick();
    expect(one.poster.posts).toHaveLength(1);
    expect(one.poster.posts[0]?.parts.join('\n')).toContain('Liepaja');
  });

  it('posts a short note instead of nothing when NEWSDESK_BRIEFING_EMPTY_NOTE is set', async () => {
    const clock = fixedClock('2025-08-30T06:00:00Z');
    const one = startProcess(newFolder(), clock, { NEWSDESK_BRIEFING_EMPTY_NOTE: 'true' });
    clock.set('2025-09-01T05:00:00Z');
    schedule(one.store, clock, { time: '06:30', timezone: 'UTC' });
    clock.set('2025-09-01T06:30:00Z');
    await one.scheduler.tick();
    expect(one.poster.posts.map((post) => post.parts)).toEqual([
      [expect.stringContaining('No new articles since')],
    ]);
  });

  it('never posts the same briefing twice when a second process starts on the same database at the same slot', async () => {
    const path = newFolder();
    const clock = fixedClock('2025-08-30T06:00:00Z');
    const first = startProcess(path, clock);
    clock.set('2025-09-01T05:00:00Z');
    const created = schedule(first.store, clock, { time: '06:30', timezone: 'UTC' });
    addPortArticle(first.deps, guildId);

    clock.set('2025-09-01T06:30:00Z');
    const second = startProcess(path, clock);
    await Promise.all([first.scheduler.tick(), second.scheduler.tick()]);
    await first.scheduler.tick();
    // A restart after the send: a third process at the same slot.
    const third = startProcess(path, clock);
    await third.scheduler.tick();

    const posts = [...first.poster.posts, ...second.poster.posts, ...third.poster.posts];
    expect(posts).toHaveLength(1);
    expect(third.store.slot(created.id, Date.parse('2025-09-01T06:30:00Z'))).toMatchObject({
      state: 'delivered',
    });
  });

  it('does not post a slot again after a crash between claiming and sending; it is logged as possibly sent', async () => {
    const path = newFolder();
    const clock = fixedClock('2025-08-30T06:00:00Z');
    const crashed = startProcess(path, clock);
    clock.set('2025-09-01T05:00:00Z');
    const created = schedule(crashed.store, clock, { time: '06:30', timezone: 'UTC' });
    addPortArticle(crashed.deps, guildId);
    clock.set('2025-09-01T06:30:00Z');
    const slotMs = Date.parse('2025-09-01T06:30:00Z');
    expect(
      crashed.store.claimSlot(created.id, slotMs, clock.now(), { sinceMs: 0, untilMs: slotMs }, () => []),
    ).toEqual([]);
    crashed.app.db.close();
    opened.splice(opened.indexOf(crashed.app), 1);

    clock.set('2025-09-01T06:31:00Z');
    const restarted = startProcess(path, clock);
    await restarted.scheduler.tick();
    clock.set('2025-09-01T07:00:00Z');
    await restarted.scheduler.tick();

    expect(restarted.poster.posts).toEqual([]);
    expect(restarted.store.slot(created.id, slotMs)).toMatchObject({
      state: 'failed',
      detail: 'possibly sent',
    });
    expect(restarted.log.entries).toContainEqual({
      level: 'warn',
      message: 'briefing slot was claimed but never finished (crash?); treating it as possibly sent',
    });
  });

  it('posts a slot missed while down once when the bot starts within the grace window', async () => {
    const path = newFolder();
    const clock = fixedClock('2025-08-30T06:00:00Z');
    const before = startProcess(path, clock);
    clock.set('2025-09-01T05:00:00Z');
    schedule(before.store, clock, { time: '06:30', timezone: 'UTC' });
    addPortArticle(before.deps, guildId);

    clock.set('2025-09-01T08:25:00Z');
    const after = startProcess(path, clock);
    await after.scheduler.tick();
    await after.scheduler.tick();
    expect(after.poster.posts).toHaveLength(1);
    expect(after.poster.posts[0]?.parts.join('\n')).toContain('Liepaja');
  });

  it('skips and logs a slot missed by more than the grace window, and brings its news in the next briefing', async () => {
    const path = newFolder();
    const clock = fixedClock('2025-08-30T06:00:00Z');
    const before = startProcess(path, clock);
    clock.set('2025-09-01T05:00:00Z');
    const created = schedule(before.store, clock, { time: '06:30', timezone: 'UTC' });
    addPortArticle(before.deps, guildId);

    clock.set('2025-09-01T08:31:00Z');
    const after = startProcess(path, clock);
    expect(await after.scheduler.tick()).toMatchObject([{ outcome: 'skipped' }]);
    expect(after.poster.posts).toEqual([]);
    expect(after.store.slot(created.id, Date.parse('2025-09-01T06:30:00Z'))).toMatchObject({
      state: 'skipped',
    });
    expect(after.log.entries).toContainEqual({
      level: 'warn',
      message: 'briefing slot missed beyond the grace window; skipped',
    });

    clock.set('2025-09-02T06:30:00Z');
    await after.scheduler.tick();
    expect(after.poster.posts).toHaveLength(1);
    expect(after.poster.posts[0]?.parts.join('\n')).toContain('Liepaja');
  });

  it('fires a Europe/Berlin schedule at 08:30 local time on both sides of the October daylight-saving change', async () => {
    const clock = fixedClock('2025-10-20T06:00:00Z');
    const one = startProcess(newFolder(), clock);
    clock.set('2025-10-24T12:00:00Z');
    schedule(one.store, clock, { time: '08:30', timezone: 'Europe/Berlin' });
    const days = ['Riga', 'Ventspils', 'Liepaja'];
    for (
      let at = Date.parse('2025-10-25T00:00:00Z');
      at <= Date.parse('2025-10-27T12:00:00Z');
      at += 15 * 60_000
    ) {
      clock.set(new Date(at).toISOString());
      // A new article every night, so every morning has news to post.
      if (new Date(at).getUTCHours() === 2 && new Date(at).getUTCMinutes() === 0) {
        addPortArticle(one.deps, guildId, days.shift() ?? 'Extra');
      }
      await one.scheduler.tick();
    }
    const times = one.poster.posts.map((post) => post.at.toISOString());
    expect(times).toEqual([
      '2025-10-25T06:30:00.000Z',
      '2025-10-26T07:30:00.000Z',
      '2025-10-27T07:30:00.000Z',
    ]);
    const berlin = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin',
      hour: '2-digit',
      minute: '2-digit',
    });
    expect(one.poster.posts.map((post) => berlin.format(post.at))).toEqual(['08:30', '08:30', '08:30']);
  });

  it('only fires on the chosen weekdays', async () => {
    const clock = fixedClock('2025-08-20T06:00:00Z');
    const one = startProcess(newFolder(), clock);
    clock.set('2025-08-29T00:00:00Z');
    const created = schedule(one.store, clock, { time: '06:30', timezone: 'UTC', days: 'mon-fri' });
    // Friday 29 August to Monday 1 September.
    for (const day of ['2025-08-29', '2025-08-30', '2025-08-31', '2025-09-01']) {
      clock.set(`${day}T06:30:00Z`);
      await one.scheduler.tick();
    }
    const slots = ['2025-08-29', '2025-08-30', '2025-08-31', '2025-09-01'].map(
      (day) => one.store.slot(created.id, Date.parse(`${day}T06:30:00Z`))?.state ?? 'none',
    );
    expect(slots).toEqual(['delivered', 'none', 'none', 'delivered']);
  });

  it('pauses a schedule whose channel it may not post in, and stops trying until a moderator saves it again', async () => {
    const clock = fixedClock('2025-08-30T06:00:00Z');
    const one = startProcess(newFolder(), clock);
    clock.set('2025-09-01T05:00:00Z');
    const created = schedule(one.store, clock, { time: '06:30', timezone: 'UTC' });
    addPortArticle(one.deps, guildId);
    one.poster.failWith = 'missing-permission';

    clock.set('2025-09-01T06:30:00Z');
    expect(await one.scheduler.tick()).toMatchObject([{ outcome: 'paused', failure: 'missing-permission' }]);
    expect(one.store.get(created.id)?.pausedReason).toMatch(/permission/);
    expect(one.log.entries).toContainEqual({ level: 'warn', message: 'briefing schedule paused' });

    one.poster.failWith = null;
    clock.set('2025-09-02T06:30:00Z');
    expect(await one.scheduler.tick()).toEqual([]);
    expect(one.poster.posts).toEqual([]);

    clock.set('2025-09-02T07:00:00Z');
    schedule(one.store, clock, { time: '07:30', timezone: 'UTC' });
    clock.set('2025-09-02T07:30:00Z');
    await one.scheduler.tick();
    expect(one.poster.posts).toHaveLength(1);
    expect(one.poster.posts[0]?.parts.join('\n')).toContain('Liepaja');
  });

  it('posts on request as an extra slot, so the next scheduled briefing starts where it ended', async () => {
    const clock = fixedClock('2025-08-30T06:00:00Z');
    const one = startProcess(newFolder(), clock);
    clock.set('2025-09-01T05:00:00Z');
    const created = schedule(one.store, clock, { time: '06:30', timezone: 'UTC' });
    addPortArticle(one.deps, guildId);
    clock.set('2025-09-01T05:10:00Z');
    const now = await one.scheduler.postNow(created.id);
    expect(now).toMatchObject({ ok: true, value: { outcome: 'delivered', messages: 1 } });
    clock.set('2025-09-01T06:30:00Z');
    expect(await one.scheduler.tick()).toMatchObject([{ outcome: 'nothing-new' }]);
    expect(one.poster.posts).toHaveLength(1);
    expect(postedQuotes(one.poster.posts[0]?.parts.join('\n') ?? '')[0]?.quote).toBe(
      portArticleLines[0]?.replace('RIGA, September 1 (Baltic Wire) - ', ''),
    );
  });
});
