import { afterEach, describe, expect, it } from 'vitest';
import { BriefingScheduler } from '../../src/briefing/briefing-scheduler.js';
import { addArticle } from '../../src/corpus/add-article.js';
import { startBriefingService } from '../../src/discord/briefing-service.js';
import { createBriefingPoster } from '../../src/discord/post-briefing.js';
import { expectNoPings, startBotTestKit, type BotTestKit } from '../discord/bot-test-kit.js';
import { fixedClock } from '../helpers/create-test-app.js';
import type { InteractionOptions, RecordedRequest } from '../helpers/fake-discord.js';
import { postedQuotes } from './briefing-test-kit.js';

let kit: BotTestKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

const marathonLines = [
  'BERLIN (dpa) - Organisers told @everyone in the square that the 2025 city marathon will start at 9:00 on Sunday.',
  'About 45,000 runners from 150 countries have registered, race director Juergen Lock said.',
  'Ping test <@&123456789012345678> should never reach anyone.',
];

/** Runs `/briefing <subcommand>` and resolves with the body of the bot's reply (immediate or edited after deferring). */
async function briefing(
  current: BotTestKit,
  subcommand: string,
  options: unknown[],
  context: InteractionOptions,
): Promise<{ content: string; flags: number }> {
  const since = current.fake.requests.length;
  const channels = Object.fromEntries(
    current.fake.guilds.flatMap((guild) =>
      guild.channels.map((channel) => [
        channel.id,
        { id: channel.id, type: 0, name: channel.name, guild_id: guild.id, permissions: '0' },
      ]),
    ),
  );
  const { id, token } = current.fake.sendCommand('briefing', options, {
    ...context,
    subcommand,
    resolved: { channels },
  });
  const isReply = (request: RecordedRequest): boolean =>
    (request.path === `/interactions/${id}/${token}/callback` &&
      (request.body as { type: number }).type === 4) ||
    (request.method === 'PATCH' && request.path.endsWith(`/${token}/messages/@original`));
  const reply = await current.fake.waitForRequest(isReply, since);
  const body = reply.body as {
    type?: number;
    data?: { content: string; flags?: number };
    content?: string;
    flags?: number;
  };
  if (body.data) return { content: body.data.content, flags: body.data.flags ?? 0 };
  const callback = current.fake.requests.find(
    (request) => request.path === `/interactions/${id}/${token}/callback`,
  );
  return {
    content: body.content ?? '',
    flags: (callback?.body as { data?: { flags?: number } }).data?.flags ?? 0,
  };
}

const ephemeral = 64;

async function startWithClock() {
  // The curated data was loaded two days before, so only articles added in the test are news.
  const clock = fixedClock('2025-08-30T05:00:00Z');
  const current = await startBotTestKit({ overrides: { clock } });
  kit = current;
  clock.set('2025-09-01T05:00:00Z');
  const store = current.deps.briefings;
  const scheduler = new BriefingScheduler(
    current.deps,
    store,
    createBriefingPoster(current.bot.client, current.deps.logger),
  );
  return { current, clock, store, scheduler };
}

function addMarathon(current: BotTestKit): void {
  const added = addArticle(
    current.deps,
    {
      id: null,
      title: 'Berlin marathon starts Sunday with 45,000 runners',
      source: 'dpa',
      url: 'https://news.example.org/berlin-marathon',
      published: '2025-09-01T05:30:00Z',
      author: null,
      lines: marathonLines,
    },
    { scope: current.guildA.id, addedBy: current.moderator.id },
  );
  if (!added.ok) throw new Error(added.message);
}

const scheduleOptions = (channelId: string) => [
  { name: 'channel', type: 7, value: channelId },
  { name: 'time', type: 3, value: '08:30' },
  { name: 'timezone', type: 3, value: 'Europe/Berlin' },
];

describe('briefings through the real discord.js client and a fake Discord', () => {
  it('a moderator schedules a briefing; at the fake time it is posted citing the new article and pings nobody', async () => {
    const { current, clock, store, scheduler } = await startWithClock();
    const reply = await briefing(
      current,
      'schedule',
      scheduleOptions(current.guildA.channelId),
      current.asModerator(),
    );
    expect(reply.flags & ephemeral).toBe(ephemeral);
    expect(reply.content).toContain(`<#${current.guildA.channelId}>`);
    expect(reply.content).toContain('`30 8 * * *` (Europe/Berlin)');
    expect(store.list(current.guildA.id)).toMatchObject([
      { channelId: current.guildA.channelId, cron: '30 8 * * *' },
    ]);

    clock.set('2025-09-01T06:00:00Z');
    addMarathon(current);
    clock.set('2025-09-01T06:29:00Z');
    await scheduler.tick();
    clock.set('2025-09-01T06:30:00Z');
    const since = current.fake.requests.length;
    expect(await scheduler.tick()).toMatchObject([{ outcome: 'delivered', messages: 1 }]);

    const posts = current.fake.requests
      .slice(since)
      .filter(
        (request) =>
          request.method === 'POST' && request.path === `/channels/${current.guildA.channelId}/messages`,
      );
    expect(posts).toHaveLength(1);
    const body = posts[0]?.body as { content: string; flags: number };
    expect(body.content).toContain('Berlin marathon starts Sunday with 45,000 runners');
    expect(body.content).toContain('dpa');
    expect(body.content).not.toContain('Kallas');
    expect(postedQuotes(body.content)[0]).toEqual({
      line: 1,
      quote:
        'Organisers told @everyone in the square that the 2025 city marathon will start at 9:00 on Sunday.',
    });
    expect(body.content).toContain('(line 2)');
    expectNoPings(posts[0]?.body);
    expect(body.flags & 4).toBe(4);

    // Restarting at the same slot posts nothing more.
    const again = new BriefingScheduler(
      current.deps,
      current.deps.briefings,
      createBriefingPoster(current.bot.client, current.deps.logger),
    );
    expect(await again.tick()).toEqual([]);
  });

  it('a 403 from Discord pauses the schedule, and the moderator is told on the next /briefing command', async () => {
    const { current, clock, store, scheduler } = await startWithClock();
    await briefing(current, 'schedule', scheduleOptions(current.guildA.channelId), current.asModerator());
    clock.set('2025-09-01T06:00:00Z');
    addMarathon(current);
    current.fake.failNext(
      (request) =>
        request.method === 'POST' && request.path === `/channels/${current.guildA.channelId}/messages`,
      { status: 403, body: { message: 'Missing Permissions', code: 50013 } },
    );
    clock.set('2025-09-01T06:30:00Z');
    expect(await scheduler.tick()).toMatchObject([{ outcome: 'paused', failure: 'missing-permission' }]);
    const [saved] = store.list(current.guildA.id);
    expect(saved?.pausedReason).toMatch(/permission/);

    clock.set('2025-09-02T06:30:00Z');
    const since = current.fake.requests.length;
    expect(await scheduler.tick()).toEqual([]);
    expect(current.fake.requests.slice(since).some((request) => request.path.startsWith('/channels/'))).toBe(
      false,
    );

    const list = await briefing(current, 'list', [], current.asModerator());
    expect(list.content).toMatch(/⚠️ Briefing #\d+ in <#\d+> is paused: I lack permission/);
    expect(list.content).toContain('**paused**');
  });

  it('a channel Discord no longer knows pauses the schedule instead of retrying', async () => {
    const { current, clock, store, scheduler } = await startWithClock();
    const gone = store.saveSchedule(
      {
        scope: current.guildA.id,
        channelId: '399999999999999999',
        cron: '30 6 * * *',
        timezone: 'UTC',
        createdBy: null,
      },
      clock.now(),
    );
    addMarathon(current);
    clock.set('2025-09-01T06:30:00Z');
    expect(await scheduler.tick()).toMatchObject([{ outcome: 'paused', failure: 'missing-channel' }]);
    expect(store.get(gone.id)?.pausedReason).toMatch(/no longer exists/);
    expect(
      current.fake.requests.some((request) => request.path === '/channels/399999999999999999/messages'),
    ).toBe(false);
  });

  it('refuses members without Manage Server or a moderator role, and stores nothing', async () => {
    const { current, store } = await startWithClock();
    const reply = await briefing(
      current,
      'schedule',
      scheduleOptions(current.guildA.channelId),
      current.asMember(),
    );
    expect(reply.content).toContain('only moderators can manage briefings');
    expect(reply.flags & ephemeral).toBe(ephemeral);
    expect(store.all()).toEqual([]);
  });

  it('previews privately, and /briefing now posts once in the schedule’s channel', async () => {
    const { current, clock, store } = await startWithClock();
    await briefing(current, 'schedule', scheduleOptions(current.guildA.channelId), current.asModerator());
    clock.set('2025-09-01T06:00:00Z');
    addMarathon(current);

    const preview = await briefing(current, 'preview', [], current.asModerator());
    expect(preview.flags & ephemeral).toBe(ephemeral);
    expect(preview.content).toContain('Berlin marathon starts Sunday');
    expect(
      current.fake.requests.some(
        (request) => request.path === `/channels/${current.guildA.channelId}/messages`,
      ),
    ).toBe(false);

    const now = await briefing(current, 'now', [], current.asModerator());
    expect(now.content).toContain('Posted briefing #');
    const posts = current.fake.requests.filter(
      (request) => request.path === `/channels/${current.guildA.channelId}/messages`,
    );
    expect(posts).toHaveLength(1);
    expectNoPings(posts[0]?.body);
    const [saved] = store.list(current.guildA.id);
    expect(saved?.lastSlotMs).toBe(Date.parse('2025-09-01T06:00:00Z'));

    clock.set('2025-09-01T06:05:00Z');
    const second = await briefing(current, 'now', [], current.asModerator());
    expect(second.content).toContain('Nothing new since the previous briefing');
  });

  it('posts once when Discord made the message but the response was lost: the retry carries the same nonce', async () => {
    const { current, clock } = await startWithClock();
    await briefing(current, 'schedule', scheduleOptions(current.guildA.channelId), current.asModerator());
    clock.set('2025-09-01T06:00:00Z');
    addMarathon(current);
    const isPost = ({ method, path }: { method: string; path: string }) =>
      method === 'POST' && path === `/channels/${current.guildA.channelId}/messages`;
    current.fake.failNext(isPost, {
      status: 500,
      body: { message: 'Internal Server Error', code: 0 },
      afterHandling: true,
    });

    const now = await briefing(current, 'now', [], current.asModerator());
    expect(now.content).toContain('Posted briefing #');
    const attempts = current.fake.requests.filter(isPost);
    expect(attempts.map((request) => request.status)).toEqual([500, 200]);
    expect(attempts[0]?.body.nonce).toBeDefined();
    expect(attempts[1]?.body).toMatchObject({ nonce: attempts[0]?.body.nonce, enforce_nonce: true });
    // Discord handed back the message the first attempt had made instead of making a second one.
    const posted = current.fake
      .messagesIn(current.guildA.channelId)
      .filter((message) => message.nonce === attempts[0]?.body.nonce);
    expect(posted).toHaveLength(1);
    expect(current.logs.some((entry) => entry.message.includes('an earlier attempt had posted'))).toBe(true);
  });

  it('at start, creates the schedule configured in the environment in its channel’s server and posts a slot missed within grace', async () => {
    const { current, clock, store } = await startWithClock();
    addMarathon(current);
    clock.set('2025-09-01T07:00:00Z');
    const config = {
      ...current.deps.config,
      NEWSDESK_BRIEFING_CHANNEL_ID: current.guildA.channelId,
      NEWSDESK_BRIEFING_CRON: '30 6 * * *',
      NEWSDESK_BRIEFING_TZ: 'UTC',
    };
    // The schedule existed before the bot went down at 06:00 and missed the 06:30 slot.
    store.saveEnvironmentSchedule(
      { scope: current.guildA.id, channelId: current.guildA.channelId, cron: '30 6 * * *', timezone: 'UTC' },
      new Date('2025-08-31T00:00:00Z'),
    );
    const service = startBriefingService(
      current.bot.client,
      { ...current.deps, config },
      { intervalMs: 3_600_000 },
    );
    const post = await current.fake.waitForRequest(
      (request) =>
        request.method === 'POST' && request.path === `/channels/${current.guildA.channelId}/messages`,
    );
    await service.stop();
    expect((post.body as { content: string }).content).toContain('Berlin marathon starts Sunday');
    expectNoPings(post.body);
    expect(store.all()).toMatchObject([
      { scope: current.guildA.id, fromEnvironment: true, cron: '30 6 * * *' },
    ]);
    expect(store.slot(store.all()[0]?.id ?? 0, Date.parse('2025-09-01T06:30:00Z'))).toMatchObject({
      state: 'delivered',
    });
  });
});
