import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/create-app.js';
import { loadConfig } from '../../src/config.js';
import { createFeedPoster } from '../../src/discord/post-feed-article.js';
import { FeedPoller } from '../../src/feeds/feed-poller.js';
import { postedText, startBotTestKit, type BotTestKit } from '../discord/bot-test-kit.js';
import { fixedClock } from '../helpers/create-test-app.js';
import { snowflake, type InteractionOptions, type RecordedRequest } from '../helpers/fake-discord.js';
import { clickableHosts, readsAsMassMention } from '../helpers/discord-reading.js';
import { expectSafe, postedBodies } from '../security/security-kit.js';
import {
  articlePage,
  rssFeed,
  startFeedServer,
  storyParagraphs,
  testEntry,
  type FeedServer,
} from './feed-server.js';
import { advance } from './feed-test-kit.js';

let kit: BotTestKit | undefined;
let server: FeedServer | undefined;
afterEach(async () => {
  await kit?.close();
  await server?.close();
  kit = undefined;
  server = undefined;
});

const forumId = snowflake();

async function start() {
  const clock = fixedClock('2025-09-01T06:00:00Z');
  const current = await startBotTestKit({
    environment: { NEWSDESK_ALLOW_PRIVATE_URLS: '1' },
    overrides: { clock },
    channels: [{ id: forumId, name: 'news-forum', type: 15 }],
  });
  kit = current;
  server = await startFeedServer();
  const poller = new FeedPoller(current.deps, createFeedPoster(current.bot.client, current.deps.logger), {
    random: () => 0.5,
  });
  return { current, clock, feeds: server, poller };
}

const story = testEntry;

/** Runs `/feed <subcommand>` and resolves with the text of the bot's private reply. */
async function feedCommand(
  current: BotTestKit,
  subcommand: string,
  options: unknown[],
  context: InteractionOptions,
): Promise<{ text: string; request: RecordedRequest }> {
  const since = current.fake.requests.length;
  const channels = Object.fromEntries(
    current.fake.guilds.flatMap((guild) =>
      guild.channels.map((channel) => [
        channel.id,
        { id: channel.id, type: channel.type ?? 0, name: channel.name, guild_id: guild.id, permissions: '0' },
      ]),
    ),
  );
  const { id, token } = current.fake.sendCommand('feed', options, {
    ...context,
    subcommand,
    resolved: { channels },
  });
  const request = await current.fake.waitForRequest(
    (candidate) =>
      (candidate.path === `/interactions/${id}/${token}/callback` && candidate.body.type === 4) ||
      (candidate.method === 'PATCH' && candidate.path.endsWith(`/${token}/messages/@original`)),
    since,
  );
  return { text: postedText(request.body.data ?? request.body), request };
}

/** A moderator's `/feed add` of a feed on the test server, posting in `channelId`, with more options if given. */
function addFeed(current: BotTestKit, url: string, channelId: string, more: unknown[] = []) {
  return feedCommand(
    current,
    'add',
    [{ name: 'url', type: 3, value: url }, { name: 'channel', type: 7, value: channelId }, ...more],
    current.asModerator(),
  );
}

function channelPosts(current: BotTestKit, channelId: string, since = 0): RecordedRequest[] {
  return current.fake.requests
    .slice(since)
    .filter((request) => request.method === 'POST' && request.path === `/channels/${channelId}/messages`);
}

describe('feeds through the real discord.js client and a fake Discord', () => {
  it('lets a moderator follow a feed and refuses everyone else', async () => {
    const { current, feeds } = await start();
    feeds.feed('/rss', rssFeed('Baltic Wire', [], feeds.origin));
    const url = { name: 'url', type: 3, value: feeds.url('/rss') };
    const refused = await feedCommand(current, 'add', [url], current.asMember());
    expect(refused.text).toMatch(/only moderators can manage feeds/);
    expect(current.deps.feeds.list(current.guildA.id)).toEqual([]);

    const added = await feedCommand(
      current,
      'add',
      [
        url,
        { name: 'channel', type: 7, value: current.guildA.channelId },
        { name: 'every', type: 3, value: '30m' },
      ],
      current.asModerator(),
    );
    expect(added.text).toContain('Following feed #1, Baltic Wire, every 30 minutes.');
    expect(added.text).toContain(`<#${current.guildA.channelId}>`);
    expect(current.deps.feeds.list(current.guildA.id)).toMatchObject([
      {
        url: feeds.url('/rss'),
        channelId: current.guildA.channelId,
        everyMinutes: 30,
        createdBy: current.moderator.id,
      },
    ]);
    const listed = await feedCommand(current, 'list', [], current.asModerator());
    expect(listed.text).toContain('**#1** Baltic Wire · every 30 minutes');
  });

  it('posts a new entry once, answers with a citation of its page text, and repeats nothing across a restart', async () => {
    const { current, clock, feeds, poller } = await start();
    const first = [story(1, 'Liepaja', '2025-09-01T05:00:00Z')];
    for (const item of first) feeds.page(item.path, articlePage(item.title, storyParagraphs('Liepaja')));
    const route = feeds.feed('/rss', rssFeed('Baltic Wire', first, feeds.origin));
    await addFeed(current, feeds.url('/rss'), current.guildA.channelId);
    await poller.tick();
    expect(channelPosts(current, current.guildA.channelId)).toEqual([]);

    const second = [story(2, 'Ventspils', '2025-09-01T06:10:00Z'), ...first];
    feeds.page('/news/ventspils', articlePage(second[0]?.title ?? '', storyParagraphs('Ventspils')));
    route.set(rssFeed('Baltic Wire', second, feeds.origin));
    advance(clock, 16);
    const since = current.fake.requests.length;
    expect((await poller.tick()).posted).toBe(1);
    const posts = channelPosts(current, current.guildA.channelId, since);
    expect(posts).toHaveLength(1);
    const body = posts[0]?.body;
    expect(body?.nonce).toBe('feed-post-1');
    expect(body?.enforce_nonce).toBe(true);
    expect(body?.content).toContain(
      `**[Ventspils port reopens to grain shipments](<${feeds.url('/news/ventspils')}>)**`,
    );
    expect(body?.content).toContain(
      '\u201cThe port of Ventspils reopened to grain shipments on Monday, transport minister Kaspars Briskens said.\u201d (line 1)',
    );
    expectSafe(current, posts, { quotes: true });

    const { token } = current.fake.sendCommand(
      'ask',
      [{ name: 'question', type: 3, value: 'How many ships does Briskens expect at Ventspils?' }],
      current.asMember(),
    );
    const answer = postedText((await current.waitForEdit(token)).body);
    expect(answer).toContain('We expect 40 ships in the first month');
    expect(answer).toContain(feeds.url('/news/ventspils'));

    // A restart: a new process on the same database, polling the same feed.
    await poller.stop();
    const config = loadConfig(
      {
        NEWSDESK_DB: join(current.app.directory, 'newsdesk.db'),
        NEWSDESK_ARTICLES_DIR: 'data/articles',
        NEWSDESK_ALLOW_PRIVATE_URLS: '1',
      },
      { dotenv: false },
    );
    const restarted = createApp(config, { clock, logger: current.deps.logger });
    try {
      const again = new FeedPoller(
        restarted.deps,
        createFeedPoster(current.bot.client, current.deps.logger),
        {
          random: () => 0.5,
        },
      );
      advance(clock, 60);
      const afterRestart = current.fake.requests.length;
      const report = await again.tick();
      expect(report.polls[0]?.added).toEqual([]);
      expect(channelPosts(current, current.guildA.channelId, afterRestart)).toEqual([]);
    } finally {
      restarted.close();
    }
  });

  it('opens one forum post per article, and starts a thread per article in a text channel when asked', async () => {
    const { current, clock, feeds, poller } = await start();
    const route = feeds.feed('/rss', rssFeed('Baltic Wire', [], feeds.origin));
    const threaded = feeds.feed('/rss2', rssFeed('Other Wire', [], feeds.origin));
    await addFeed(current, feeds.url('/rss'), forumId);
    await addFeed(current, feeds.url('/rss2'), current.guildA.channelId, [
      { name: 'thread', type: 5, value: true },
    ]);
    await poller.tick();
    const riga = story(3, 'Riga', '2025-09-01T06:05:00Z');
    const tallinn = story(4, 'Tallinn', '2025-09-01T06:06:00Z');
    feeds.page(riga.path, articlePage(riga.title, storyParagraphs('Riga')));
    feeds.page(tallinn.path, articlePage(tallinn.title, storyParagraphs('Tallinn')));
    route.set(rssFeed('Baltic Wire', [riga], feeds.origin));
    threaded.set(rssFeed('Other Wire', [tallinn], feeds.origin));
    advance(clock, 16);
    const since = current.fake.requests.length;
    await poller.tick();
    const forumPosts = current.fake.requests
      .slice(since)
      .filter((request) => request.method === 'POST' && request.path === `/channels/${forumId}/threads`);
    expect(forumPosts).toHaveLength(1);
    expect(forumPosts[0]?.body.name).toBe('Riga port reopens to grain shipments');
    expect(forumPosts[0]?.body.message?.content).toContain('The port of Riga reopened');
    expectSafe(current, forumPosts, { quotes: true });
    const [message] = channelPosts(current, current.guildA.channelId, since);
    expect(message?.body.content).toContain('Tallinn port reopens');
    const messageId = String(message?.response?.id);
    await current.fake.waitForRequest(
      (request) =>
        request.method === 'POST' &&
        request.path === `/channels/${current.guildA.channelId}/messages/${messageId}/threads`,
      since,
    );
  });

  it('shows nothing clickable or pinging from a hostile feed, and warns on every /feed command about a paused feed', async () => {
    const { current, clock, feeds, poller } = await start();
    const hostile = story(5, 'Liepaja', '2025-09-01T06:05:00Z', {
      title:
        '[Official statement](https://evil.example/phish) @everyone <@&123456789012345678> https://evil.example/x',
      summary: 'Click https://evil.example/y and discord.gg/evil @here',
    });
    feeds.page(
      hostile.path,
      articlePage(hostile.title, [
        `${storyParagraphs('Liepaja')[0]} Read more at https://evil.example/z or [here](https://evil.example/w).`,
        ...storyParagraphs('Liepaja').slice(1),
        '@everyone come to <#123456789012345678> now.',
      ]),
    );
    const route = feeds.feed('/rss', rssFeed('Evil Wire @everyone https://evil.example/', [], feeds.origin));
    await addFeed(current, feeds.url('/rss'), current.guildA.channelId);
    await poller.tick();
    route.set(rssFeed('Evil Wire @everyone https://evil.example/', [hostile], feeds.origin));
    advance(clock, 16);
    const since = current.fake.requests.length;
    await poller.tick();
    const posts = channelPosts(current, current.guildA.channelId, since);
    expect(posts).toHaveLength(1);
    expect(clickableHosts(posts[0]?.body.content ?? '')).toEqual(['127.0.0.1']);

    feeds.status('/rss', 410);
    advance(clock, 16);
    await poller.tick();
    const listed = await feedCommand(current, 'list', [], current.asModerator());
    expect(listed.text).toMatch(/^⚠️ Feed #1 \(Evil Wire .*\) is paused: .*410.*The feed is gone/);
    expect(readsAsMassMention(listed.text)).toBe(false);
    const resumed = await feedCommand(
      current,
      'resume',
      [{ name: 'id', type: 4, value: 1 }],
      current.asModerator(),
    );
    expect(resumed.text).toContain('Feed #1');
    expectSafe(current, postedBodies(current), { quotes: true });
  });
});
