import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/create-app.js';
import { BriefingScheduler } from '../../src/briefing/briefing-scheduler.js';
import type { BriefingStore } from '../../src/briefing/briefing-store.js';
import { fixedClock } from '../helpers/create-test-app.js';
import { snowflake, startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { addPortArticle, createDatabaseFolder, openProcess, recordingPoster } from './briefing-test-kit.js';

const channelId = '300000000000000001';
const guildId = '100000000000000001';
const opened: App[] = [];
const folders: { remove(): void }[] = [];
let fake: FakeDiscord | undefined;

afterEach(async () => {
  for (const app of opened.splice(0)) app.db.close();
  for (const folder of folders.splice(0)) folder.remove();
  await fake?.close();
  fake = undefined;
});

function newFolder(): string {
  const folder = createDatabaseFolder();
  folders.push(folder);
  return folder.path;
}

function startProcess(path: string, clock: ReturnType<typeof fixedClock>) {
  const app = openProcess(path, clock);
  opened.push(app);
  const poster = recordingPoster(clock);
  return {
    app,
    deps: app.deps,
    store: app.deps.briefings,
    poster,
    scheduler: new BriefingScheduler(app.deps, app.deps.briefings, poster),
  };
}

/** An hourly schedule made an hour before `clock` says, in `scope`. */
function hourly(store: BriefingStore, clock: ReturnType<typeof fixedClock>, scope = guildId) {
  return store.saveSchedule(
    { scope, channelId, createdBy: 'moderator-1', cron: '0 * * * *', timezone: 'UTC' },
    new Date(clock.now().getTime() - 60 * 60_000),
  );
}

/** The titles a recorded post covered. */
function titles(post: { briefing: { items: { title: string }[] } } | undefined): string[] {
  return (post?.briefing.items ?? []).map((item) => item.title);
}

describe('briefings never repeat an article, whatever happens to a send', () => {
  it('does not repeat the articles of a send whose outcome is unknown, and covers what came after', async () => {
    // The curated data was loaded days earlier, so only the articles added here are news.
    const clock = fixedClock('2025-08-28T00:00:00Z');
    const one = startProcess(newFolder(), clock);
    clock.set('2025-09-01T05:00:00Z');
    hourly(one.store, clock);
    addPortArticle(one.deps, guildId, 'Liepaja');
    clock.set('2025-09-01T06:00:00Z');
    one.poster.failWith = 'failed';
    one.poster.failMayHavePosted = true;
    expect((await one.scheduler.tick())[0]).toMatchObject({ outcome: 'failed' });

    one.poster.failWith = null;
    clock.set('2025-09-01T06:30:00Z');
    addPortArticle(one.deps, guildId, 'Ventspils');
    clock.set('2025-09-01T07:00:00Z');
    await one.scheduler.tick();
    expect(titles(one.poster.posts[0])).toEqual(['Latvia to reopen Ventspils port to grain shipments']);
  });

  it('carries the articles of a send Discord certainly refused into the next briefing, so none is lost', async () => {
    // The curated data was loaded days earlier, so only the articles added here are news.
    const clock = fixedClock('2025-08-28T00:00:00Z');
    const one = startProcess(newFolder(), clock);
    clock.set('2025-09-01T05:00:00Z');
    const created = hourly(one.store, clock);
    addPortArticle(one.deps, guildId, 'Liepaja');
    clock.set('2025-09-01T06:00:00Z');
    one.poster.failWith = 'missing-permission';
    expect((await one.scheduler.tick())[0]).toMatchObject({ outcome: 'paused' });

    one.poster.failWith = null;
    one.store.resume(created.id);
    clock.set('2025-09-01T07:00:00Z');
    await one.scheduler.tick();
    expect(titles(one.poster.posts[0])).toEqual(['Latvia to reopen Liepaja port to grain shipments']);
  });

  it('fixes what a slot covers when it is claimed: an article added while it is being sent waits for the next one', async () => {
    // The curated data was loaded days earlier, so only the articles added here are news.
    const clock = fixedClock('2025-08-28T00:00:00Z');
    const one = startProcess(newFolder(), clock);
    clock.set('2025-09-01T05:00:00Z');
    hourly(one.store, clock);
    addPortArticle(one.deps, guildId, 'Liepaja');
    clock.set('2025-09-01T06:00:00Z');
    const post = one.poster.post.bind(one.poster);
    one.poster.post = async (...args) => {
      // While the first briefing is on its way, a moderator adds an article (published an hour ago).
      clock.set('2025-09-01T06:00:30Z');
      addPortArticle(one.deps, guildId, 'Ventspils');
      return post(...args);
    };
    await one.scheduler.tick();
    one.poster.post = post;
    clock.set('2025-09-01T07:00:00Z');
    await one.scheduler.tick();
    expect(one.poster.posts.map(titles)).toEqual([
      ['Latvia to reopen Liepaja port to grain shipments'],
      ['Latvia to reopen Ventspils port to grain shipments'],
    ]);
  });

  it('after kill -9 during a briefing send, the restarted bot repeats none of its articles', async () => {
    const guild = { id: snowflake(), channelId: snowflake() };
    fake = await startFakeDiscord([
      { id: guild.id, name: 'Guild', channels: [{ id: guild.channelId, name: 'news' }] },
    ]);
    const path = newFolder();
    const setupClock = fixedClock(new Date().toISOString());
    const setup = startProcess(path, setupClock);
    // The environment schedule the child will sync, made two hours ago so its latest hourly slot is due at start.
    setup.store.saveEnvironmentSchedule(
      { scope: guild.id, channelId: guild.channelId, cron: '0 * * * *', timezone: 'UTC' },
      new Date(Date.now() - 2 * 60 * 60_000),
    );
    addPortArticle(setup.deps, guild.id, 'Liepaja');
    setup.app.db.close();
    opened.splice(opened.indexOf(setup.app), 1);

    const held = fake.holdNext(
      ({ method, path: requested }) =>
        method === 'POST' && requested === `/channels/${guild.channelId}/messages`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.apiUrl,
        NEWSDESK_DB: path,
        NEWSDESK_ARTICLES_DIR: 'data/articles',
        NEWSDESK_BRIEFING_CHANNEL_ID: guild.channelId,
        NEWSDESK_BRIEFING_CRON: '0 * * * *',
        NEWSDESK_BRIEFING_TZ: 'UTC',
        NEWSDESK_BRIEFING_GRACE_MINUTES: '120',
        OPENAI_API_KEY: '',
        OPENAI_BASE_URL: '',
        NEWSDESK_LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    await held.reached;
    child.kill('SIGKILL');
    await exited;
    held.release();

    // Restarted an hour later (the stale claim is settled as possibly sent); one more article has arrived.
    const clock = fixedClock(new Date(Date.now() + 60 * 60_000).toISOString());
    const restarted = startProcess(path, clock);
    addPortArticle(restarted.deps, guild.id, 'Ventspils');
    await restarted.scheduler.tick();
    const environment = restarted.store.environmentSchedule();
    expect(environment).toBeDefined();
    const slots = restarted.app.db
      .prepare('SELECT state, detail FROM briefing_slots WHERE schedule = ? ORDER BY slot_ms')
      .all(environment?.id);
    expect(slots[0]).toMatchObject({ state: 'failed', detail: 'possibly sent' });
    expect(restarted.poster.posts.map(titles)).toEqual([
      ['Latvia to reopen Ventspils port to grain shipments'],
    ]);
  }, 60_000);
});
