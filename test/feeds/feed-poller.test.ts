import { afterEach, describe, expect, it } from 'vitest';
import { FeedPoller } from '../../src/feeds/feed-poller.js';
import { storedLines } from '../security/security-kit.js';
import {
  articlePage,
  atomFeed,
  jsonFeed,
  rssFeed,
  serveStories,
  startFeedServer,
  storyParagraphs,
  testEntry,
  type FeedServer,
  type TestEntry,
} from './feed-server.js';
import { advance, createFeedWorld, subscribe, type FeedProcess, type FeedWorld } from './feed-test-kit.js';

let server: FeedServer;
let world: FeedWorld;
const processes: FeedProcess[] = [];

afterEach(async () => {
  for (const process of processes.splice(0)) process.close();
  world.remove();
  await server.close();
});

async function setUp(): Promise<FeedProcess> {
  server = await startFeedServer();
  world = createFeedWorld();
  return open();
}

function open(environment: Record<string, string> = {}): FeedProcess {
  const process = world.open(environment);
  processes.push(process);
  return process;
}

const entry = testEntry;

function servePages(entries: readonly TestEntry[]): void {
  serveStories(server, entries);
}

function articleRows(process: FeedProcess) {
  return process.app.db
    .prepare(
      'SELECT id, scope, title, source, url, published, author, added_by, expires_ms FROM articles WHERE expires_ms IS NOT NULL ORDER BY rowid',
    )
    .all() as {
    id: string;
    scope: string;
    title: string;
    source: string;
    url: string;
    published: string;
    author: string | null;
    added_by: string;
    expires_ms: number;
  }[];
}

describe('polling feeds', () => {
  it('takes in summary-only RSS entries with the full text of their pages, linked to the entry, and posts nothing on the first read', async () => {
    const process = await setUp();
    const entries = [
      entry(1, 'Liepaja', '2025-09-01T05:00:00Z'),
      entry(2, 'Ventspils', '2025-09-01T05:30:00Z'),
    ];
    servePages(entries);
    server.feed('/rss', rssFeed('Baltic Wire', entries, server.origin));
    const feed = await subscribe(process.deps, { url: server.url('/rss'), channelId: '123456789012345678' });
    expect(feed.title).toBe('Baltic Wire');

    const report = await process.poller.tick();
    expect(report.polls[0]).toMatchObject({ outcome: 'read', added: [{ queued: false }, { queued: false }] });
    const rows = articleRows(process);
    expect(rows.map((row) => row.url)).toEqual([server.url('/news/liepaja'), server.url('/news/ventspils')]);
    expect(rows[0]).toMatchObject({
      scope: 'global',
      title: 'Liepaja port reopens to grain shipments',
      source: 'Baltic Wire',
      author: 'Ilze Kalnina',
      added_by: `feed #${feed.id}`,
    });
    // Thirty days after publication, by default.
    expect(rows[0]?.expires_ms).toBe(Date.parse('2025-09-01T05:00:00Z') + 30 * 24 * 3_600_000);
    expect(storedLines({ app: process.app } as never)).toContain(storyParagraphs('Liepaja')[1]);
    expect(process.poster.posts).toEqual([]);
  });

  it('posts a new entry once, with its verified lead sentence, and sends a conditional request after', async () => {
    const process = await setUp();
    const first = [entry(1, 'Liepaja', '2025-09-01T05:00:00Z')];
    servePages(first);
    const route = server.feed('/rss', rssFeed('Baltic Wire', first, server.origin));
    await subscribe(process.deps, { url: server.url('/rss'), channelId: '123456789012345678' });
    await process.poller.tick();

    const second = [entry(2, 'Ventspils', '2025-09-01T06:10:00Z'), ...first];
    servePages(second);
    route.set(rssFeed('Baltic Wire', second, server.origin));
    // Not due yet: nothing is fetched.
    advance(world.clock, 10);
    expect((await process.poller.tick()).polls).toEqual([]);
    advance(world.clock, 6);
    const report = await process.poller.tick();
    expect(report.polls[0]?.added.map((added) => added.url)).toEqual([server.url('/news/ventspils')]);
    expect(report.posted).toBe(1);
    expect(process.poster.posts).toHaveLength(1);
    const [post] = process.poster.posts;
    expect(post?.target).toEqual({ channelId: '123456789012345678', threadPerArticle: false });
    expect(post?.item).toMatchObject({
      title: 'Ventspils port reopens to grain shipments',
      url: server.url('/news/ventspils'),
      lead: {
        line: 1,
        quote:
          'The port of Ventspils reopened to grain shipments on Monday, transport minister Kaspars Briskens said.',
      },
    });
    expect(post?.nonce.length).toBeLessThanOrEqual(25);

    advance(world.clock, 16);
    const again = await process.poller.tick();
    expect(again.polls[0]?.outcome).toBe('not-modified');
    expect(route.served.notModified).toBe(1);
    expect(process.poster.posts).toHaveLength(1);
  });

  it('never takes an entry in twice or posts it twice across a restart, and finds what was published while it was down', async () => {
    const first = await setUp();
    const old = [entry(1, 'Liepaja', '2025-09-01T05:00:00Z')];
    servePages(old);
    const route = server.feed('/rss', rssFeed('Baltic Wire', old, server.origin));
    await subscribe(first.deps, { url: server.url('/rss'), channelId: '123456789012345678' });
    await first.poller.tick();
    const withNew = [entry(2, 'Ventspils', '2025-09-01T06:10:00Z'), ...old];
    servePages(withNew);
    route.set(rssFeed('Baltic Wire', withNew, server.origin));
    advance(world.clock, 20);
    await first.poller.tick();
    expect(first.poster.posts).toHaveLength(1);
    first.close();
    processes.splice(0);

    // Down for an hour, during which a third story appeared; the feed also drops its validators' match.
    const withThird = [entry(3, 'Riga', '2025-09-01T06:50:00Z'), ...withNew];
    servePages(withThird);
    route.set(rssFeed('Baltic Wire', withThird, server.origin));
    advance(world.clock, 60);
    const second = open();
    const report = await second.poller.tick();
    expect(report.polls[0]?.added.map((added) => added.url)).toEqual([server.url('/news/riga')]);
    expect(second.poster.posts.map((post) => post.item.url)).toEqual([server.url('/news/riga')]);
    expect(articleRows(second)).toHaveLength(3);
    // Each page was fetched once, whatever the restarts.
    expect(server.paths().filter((path) => path.startsWith('/news/'))).toEqual([
      '/news/liepaja',
      '/news/ventspils',
      '/news/riga',
    ]);
  });

  it('reads Atom and JSON Feed entries that carry their full text without fetching their pages', async () => {
    const process = await setUp();
    const content = storyParagraphs('Klaipeda')
      .map((paragraph) => `<p>${paragraph}</p>`)
      .join('');
    server.feed(
      '/atom',
      atomFeed('Atom Wire', [entry(1, 'Klaipeda', '2025-09-01T05:00:00Z', { content })], server.origin),
      'application/atom+xml',
    );
    server.feed(
      '/json',
      jsonFeed(
        'JSON Wire',
        [entry(2, 'Tallinn', '2025-09-01T05:10:00Z', { content: content.replaceAll('Klaipeda', 'Tallinn') })],
        server.origin,
      ),
      'application/feed+json',
    );
    await subscribe(process.deps, { url: server.url('/atom') });
    await subscribe(process.deps, { url: server.url('/json') });
    await process.poller.tick();
    expect(articleRows(process).map((row) => [row.source, row.title])).toEqual([
      ['Atom Wire', 'Klaipeda port reopens to grain shipments'],
      ['JSON Wire', 'Tallinn port reopens to grain shipments'],
    ]);
    expect(storedLines({ app: process.app } as never)).toContain(storyParagraphs('Tallinn')[2]);
    expect(server.paths().some((path) => path.startsWith('/news/'))).toBe(false);
  });

  it('finds the feed a site page announces (autodiscovery), and refuses a page that announces none', async () => {
    const process = await setUp();
    server.feed('/feeds/all.xml', rssFeed('Baltic Wire', [], server.origin));
    server.page(
      '/',
      '<!doctype html><html><head><title>Baltic Wire</title><link rel="alternate" type="application/rss+xml" href="/feeds/all.xml"></head><body>News</body></html>',
    );
    server.page(
      '/plain',
      '<!doctype html><html><head><title>No feed</title></head><body>Nothing</body></html>',
    );
    const feed = await subscribe(process.deps, { url: server.url('/') });
    expect(feed.url).toBe(server.url('/feeds/all.xml'));
    await expect(subscribe(process.deps, { url: server.url('/plain') })).rejects.toThrow(/announces no feed/);
  });

  it('backs off after malformed XML, and pauses after repeated failures with the reason', async () => {
    const process = await setUp();
    const route = server.feed('/rss', rssFeed('Baltic Wire', [], server.origin));
    const feed = await subscribe(process.deps, { url: server.url('/rss') });
    await process.poller.tick();
    route.set('<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</ti');
    advance(world.clock, 15);
    const failed = await process.poller.tick();
    expect(failed.polls[0]).toMatchObject({
      outcome: 'failed',
      message: expect.stringMatching(/does not send a feed/),
    });
    // Twice the interval after one failure, then four times, and so on.
    expect(failed.polls[0]?.nextPollMs).toBe(world.clock.now().getTime() + 30 * 60_000);
    let last = failed;
    for (let attempt = 2; attempt <= 8; attempt++) {
      world.clock.set(new Date(last.polls[0]?.nextPollMs ?? 0).toISOString());
      last = await process.poller.tick();
    }
    expect(last.polls[0]?.outcome).toBe('paused');
    expect(process.deps.feeds.get(feed.id)?.pausedReason).toMatch(
      /failed 8 times in a row.*does not send a feed/,
    );
    advance(world.clock, 48 * 60);
    expect((await process.poller.tick()).polls).toEqual([]);
  });

  it('pauses a feed at once on 410 Gone', async () => {
    const process = await setUp();
    server.feed('/rss', rssFeed('Baltic Wire', [], server.origin));
    const feed = await subscribe(process.deps, { url: server.url('/rss') });
    server.status('/rss', 410);
    const report = await process.poller.tick();
    expect(report.polls[0]?.outcome).toBe('paused');
    expect(process.deps.feeds.get(feed.id)?.pausedReason).toMatch(/410.*The feed is gone/);
  });

  it('follows a feed that moved for good to its new address, and keeps the address through a temporary redirect', async () => {
    const process = await setUp();
    server.feed('/new-rss', rssFeed('Baltic Wire', [], server.origin));
    server.feed('/b-rss', rssFeed('Harbour Wire', [], server.origin));
    const feed = await subscribe(process.deps, { url: server.url('/new-rss') });
    const other = await subscribe(process.deps, { url: server.url('/b-rss') });
    // The feeds move after they were subscribed: their servers now redirect the addresses stored.
    const storeUrl = process.app.db.prepare('UPDATE feeds SET url = ?, from_file = ? WHERE id = ?');
    storeUrl.run(server.url('/rss'), 0, feed.id);
    storeUrl.run(server.url('/b-old'), 0, other.id);
    server.status('/rss', 301, { location: '/temporary' });
    server.status('/temporary', 302, { location: '/new-rss' });
    server.status('/b-old', 308, { location: '/temporary' });

    // 301 then 302: the address moved for good only as far as /temporary, where the feed is polled from now on; the
    // other feed's 308 leads to that same address, which this server now subscribes to, so it keeps its own.
    const first = await process.poller.tick();
    expect(first.polls.map((poll) => poll.outcome)).toEqual(['read', 'read']);
    expect(process.deps.feeds.get(feed.id)?.url).toBe(server.url('/temporary'));
    expect(process.deps.feeds.get(other.id)?.url).toBe(server.url('/b-old'));
    advance(world.clock, 120);
    const requested = server.paths().length;
    await process.poller.tick();
    // Both polls run at once, so their requests interleave.
    expect(server.paths().slice(requested).sort()).toEqual([
      '/b-old',
      '/new-rss',
      '/new-rss',
      '/temporary',
      '/temporary',
    ]);

    // A feed from the curated feeds file keeps the address the file gives (the file is the place to change it).
    storeUrl.run(server.url('/rss'), 1, feed.id);
    advance(world.clock, 120);
    await process.poller.tick();
    expect(process.deps.feeds.get(feed.id)?.url).toBe(server.url('/rss'));
  });

  it('waits as long as a 429 Retry-After asks, and no less than Cache-Control max-age after a success', async () => {
    const process = await setUp();
    server.feed('/rss', rssFeed('Baltic Wire', [], server.origin));
    await subscribe(process.deps, { url: server.url('/rss') });
    server.status('/rss', 429, { 'retry-after': '7200' });
    const limited = await process.poller.tick();
    expect(limited.polls[0]?.nextPollMs).toBe(world.clock.now().getTime() + 7200_000);
    server.http.route('/rss', {
      headers: { 'content-type': 'application/rss+xml', 'cache-control': 'max-age=3600' },
      body: rssFeed('Baltic Wire', [], server.origin),
    });
    world.clock.set(new Date(limited.polls[0]?.nextPollMs ?? 0).toISOString());
    const fresh = await process.poller.tick();
    expect(fresh.polls[0]?.nextPollMs).toBe(world.clock.now().getTime() + 3600_000);
  });

  it('refuses a huge feed by its size, and takes a feed with many entries in batches', async () => {
    const process = await setUp();
    const many = Array.from({ length: 60 }, (_, index) =>
      entry(
        index,
        `Port${index}`,
        new Date(Date.parse('2025-09-01T00:00:00Z') + index * 60_000).toISOString(),
        {
          content: storyParagraphs(`Port${index}`)
            .map((paragraph) => `<p>${paragraph}</p>`)
            .join(''),
        },
      ),
    );
    server.feed('/many', rssFeed('Baltic Wire', many, server.origin));
    server.http.route('/huge', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      response.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>');
      const item = `<item><title>x</title><description>${'y'.repeat(10_000)}</description></item>`;
      for (let index = 0; index < 250; index++) response.write(item);
      response.end('</channel></rss>');
    });
    await expect(subscribe(process.deps, { url: server.url('/huge') })).rejects.toThrow(/larger than 2 MB/);
    await subscribe(process.deps, { url: server.url('/many'), body: 'feed' });
    const first = await process.poller.tick();
    expect(first.polls[0]?.added).toHaveLength(50);
    advance(world.clock, 15);
    const second = await process.poller.tick();
    // The ten oldest, left for the next poll, which could not be a 304.
    expect(second.polls[0]?.added.map((added) => added.title)).toHaveLength(10);
    expect(articleRows(process)).toHaveLength(60);
  });

  it('keeps one article for one story whether two feeds carry it by id, by link or by the same text', async () => {
    const process = await setUp();
    const story = entry(1, 'Liepaja', '2025-09-01T05:00:00Z');
    servePages([story]);
    server.feed('/a', rssFeed('Wire A', [story], server.origin));
    server.feed('/b', atomFeed('Wire B', [story], server.origin), 'application/atom+xml');
    // A third feed links the same text under another address.
    server.page('/mirror/liepaja', articlePage(story.title, storyParagraphs('Liepaja')));
    server.feed('/c', rssFeed('Wire C', [{ ...story, id: 'other', path: '/mirror/liepaja' }], server.origin));
    for (const path of ['/a', '/b', '/c']) await subscribe(process.deps, { url: server.url(path) });
    const report = await process.poller.tick();
    expect(articleRows(process)).toHaveLength(1);
    expect(report.polls.map((poll) => poll.left)).toEqual([{}, { duplicate: 1 }, { duplicate: 1 }]);
  });

  it('keeps a server’s feed articles to that server, and applies include and exclude keywords', async () => {
    const process = await setUp();
    const entries = [
      entry(1, 'Liepaja', '2025-09-01T05:00:00Z', { summary: 'Grain shipments resume at Liepaja.' }),
      entry(2, 'Ventspils', '2025-09-01T05:10:00Z', {
        summary: 'Grain and oil: a sanctions story from Ventspils.',
      }),
      entry(3, 'Riga', '2025-09-01T05:20:00Z', {
        title: 'Riga wins the derby',
        summary: 'Football from Riga.',
      }),
    ];
    servePages(entries);
    server.feed('/rss', rssFeed('Baltic Wire', entries, server.origin));
    await subscribe(process.deps, {
      url: server.url('/rss'),
      scope: '111111111111111111',
      include: 'grain, port strike',
      exclude: 'sanctions',
    });
    const report = await process.poller.tick();
    expect(report.polls[0]?.left).toEqual({ filtered: 2 });
    expect(articleRows(process).map((row) => [row.scope, row.url])).toEqual([
      ['111111111111111111', server.url('/news/liepaja')],
    ]);
  });

  it('expires feed articles after the configured days; curated and hand-added articles stay', async () => {
    const process = await setUp();
    const entries = [entry(1, 'Liepaja', '2025-09-01T05:00:00Z')];
    servePages(entries);
    server.feed('/rss', rssFeed('Baltic Wire', entries, server.origin));
    await subscribe(process.deps, { url: server.url('/rss') });
    await process.poller.tick();
    const before = process.deps.articles.count('global');
    advance(world.clock, 31 * 24 * 60);
    const report = await process.poller.tick();
    expect(report.expired).toBe(1);
    expect(process.deps.articles.count('global')).toBe(before - 1);
    expect(process.deps.articles.get('kallas-eu-contribution-security-guarantees', 'global')).toBeDefined();
    // The entry is remembered, so the feed still holding it does not bring it back.
    expect(report.polls[0]?.added ?? []).toEqual([]);
  });

  it('settles a post claimed by a process that died mid-send as possibly sent, and never posts it', async () => {
    const first = await setUp();
    const old = [entry(1, 'Liepaja', '2025-09-01T05:00:00Z')];
    servePages(old);
    const route = server.feed('/rss', rssFeed('Baltic Wire', old, server.origin));
    const feed = await subscribe(first.deps, { url: server.url('/rss'), channelId: '123456789012345678' });
    await first.poller.tick();
    const withNew = [entry(2, 'Ventspils', '2025-09-01T06:10:00Z'), ...old];
    servePages(withNew);
    route.set(rssFeed('Baltic Wire', withNew, server.origin));
    // The process reads the feed, then dies after claiming the post: claimed, never finished.
    const crashing = { post: () => new Promise<never>(() => {}) };
    const dying = new FeedPoller(first.deps, crashing, { random: () => 0.5 });
    advance(world.clock, 20);
    void dying.tick();
    await new Promise<void>((resolve) => {
      const check = (): void => {
        const row = first.app.db.prepare('SELECT state FROM feed_posts WHERE feed = ?').pluck().get(feed.id);
        if (row === 'claimed') resolve();
        else setImmediate(check);
      };
      check();
    });
    const second = open();
    advance(world.clock, 16);
    await second.poller.tick();
    expect(second.poster.posts).toEqual([]);
    expect(second.app.db.prepare('SELECT state, detail FROM feed_posts').all()).toEqual([
      { state: 'failed', detail: 'possibly sent' },
    ]);
  });
});
