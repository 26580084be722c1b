import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverFeedLinks } from '../../src/feeds/discover-feed-links.js';
import { passesFilter } from '../../src/feeds/entry-filter.js';
import { HostLimiter } from '../../src/feeds/host-limiter.js';
import { parseFeed } from '../../src/feeds/parse-feed.js';
import { parseInterval } from '../../src/feeds/parse-interval.js';
import { feedsFileWarnings, syncFeedsFile } from '../../src/feeds/sync-feeds-file.js';
import { createTestApp, fixedClock } from '../helpers/create-test-app.js';
import { atomFeed, jsonFeed, rdfFeed, rssFeed, type TestEntry } from './feed-server.js';

const origin = 'https://wire.example.org';
const entry: TestEntry = {
  id: 'urn:wire:1',
  title: 'Harbour reopens',
  path: '/news/harbour',
  published: '2025-09-01T05:00:00Z',
  summary: 'The harbour of Port Ellis reopened on Monday.',
  author: 'Ana Silva',
};

function parse(text: string, mediaType: string | null = null) {
  return parseFeed(new TextEncoder().encode(text), { mediaType, url: `${origin}/feed` });
}

describe('reading feed documents', () => {
  it.each([
    ['rss', rssFeed('Wire', [entry], origin)],
    ['atom', atomFeed('Wire', [entry], origin)],
    ['rdf', rdfFeed('Wire', [entry], origin)],
    ['json', jsonFeed('Wire', [entry], origin)],
  ])('reads the same entry from %s', (format, document) => {
    const parsed = parse(document);
    expect(parsed).toMatchObject({ ok: true, value: { format, title: 'Wire' } });
    expect(parsed.ok && parsed.value.entries[0]).toMatchObject({
      link: `${origin}/news/harbour`,
      title: 'Harbour reopens',
      published: '2025-09-01T05:00:00.000Z',
      summary: 'The harbour of Port Ellis reopened on Monday.',
    });
  });

  it('treats fields of the wrong shape as missing, drops links that are not http(s), and reads markup as text', () => {
    const parsed = parse(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: { nested: true },
        items: [
          { id: 7, url: 'javascript:alert(1)', title: { nested: ['x'] }, content_text: 'Body' },
          {
            id: 'b',
            url: '/relative',
            title: '<b>Bold</b> &amp; <script>alert(1)</script>plain',
            date_published: 'soon',
          },
        ],
      }),
    );
    expect(parsed.ok && parsed.value.title).toBeNull();
    expect(parsed.ok && parsed.value.entries).toMatchObject([
      { id: '7', link: null, title: null, content: { type: 'text', value: 'Body' }, fullText: true },
      { id: 'b', link: `${origin}/relative`, title: 'Bold & plain', published: null },
    ]);
  });

  it('reads a Latin-1 feed by its XML declaration', () => {
    const xml = `<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Caf\u00e9 news</title><item><title>D\u00e9j\u00e0 vu</title><link>${origin}/a</link></item></channel></rss>`;
    const bytes = Uint8Array.from([...xml].map((character) => character.charCodeAt(0)));
    const parsed = parseFeed(bytes, { mediaType: 'application/rss+xml', url: origin });
    expect(parsed.ok && parsed.value.entries[0]?.title).toBe('D\u00e9j\u00e0 vu');
  });

  it('refuses malformed XML, an HTML page and JSON that is not a feed', () => {
    for (const text of [
      '<rss version="2.0"><channel><title>Broken</ti',
      '<!doctype html><html><body>Hi</body></html>',
      '{"a":1}',
    ]) {
      expect(parse(text)).toMatchObject({ ok: false, reason: 'not-a-feed' });
    }
  });

  it('finds the feeds a page announces, resolved against its address', () => {
    const html = `<html><head>
      <link rel="alternate" type="application/rss+xml" href="/rss.xml">
      <link rel="alternate" type="application/atom+xml" href="https://other.example.org/atom">
      <link rel="stylesheet" type="text/css" href="/style.css">
      <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
    </head></html>`;
    expect(discoverFeedLinks(html, `${origin}/section/page`)).toEqual([
      `${origin}/rss.xml`,
      'https://other.example.org/atom',
    ]);
  });
});

describe('feed settings', () => {
  it('reads intervals within the minimum and a day', () => {
    expect(parseInterval('30m', 5)).toEqual({ ok: true, value: 30 });
    expect(parseInterval('2h', 5)).toEqual({ ok: true, value: 120 });
    expect(parseInterval('45', 5)).toEqual({ ok: true, value: 45 });
    expect(parseInterval('1m', 5)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/between 5 minutes/),
    });
    expect(parseInterval('2d', 5)).toMatchObject({ ok: false });
  });

  it('matches keywords as whole words, any case, with phrases', () => {
    const item = { title: 'Grain deal signed', summary: 'Ukraine and Turkey agree.', content: null };
    expect(passesFilter(item, { include: ['grain deal'], exclude: [] })).toBe(true);
    expect(passesFilter(item, { include: ['rain'], exclude: [] })).toBe(false);
    expect(passesFilter(item, { include: [], exclude: ['turkey'] })).toBe(false);
  });

  it('lets at most the limit of requests run at once against one host', async () => {
    const limiter = new HostLimiter(2);
    let running = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const work = () =>
      limiter.run('a.example', async () => {
        running++;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
      });
    const all = Promise.all([work(), work(), work(), work()]);
    const other = limiter.run('b.example', () => Promise.resolve('other host is not held up'));
    await expect(other).resolves.toBe('other host is not held up');
    while (releases.length > 0 || running > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      releases.shift()?.();
    }
    await all;
    expect(most).toBe(2);
  });
});

describe('the curated feeds file', () => {
  it('adds, updates and removes global feeds from the file, and reports what it cannot use', () => {
    const directory = mkdtempSync(join(tmpdir(), 'newsdesk-feeds-file-'));
    const app = createTestApp({}, { clock: fixedClock('2025-09-01T06:00:00Z') });
    try {
      const file = join(directory, 'feeds.json');
      writeFileSync(
        file,
        JSON.stringify({
          feeds: [
            { url: 'https://wire.example.org/rss', every: '30m', include: ['grain'] },
            { url: 'https://other.example.org/atom', body: 'page' },
            { url: 'ftp://nope.example.org/feed' },
            { url: 'https://bad.example.org/rss', every: '1m' },
          ],
        }),
      );
      const first = syncFeedsFile(app.deps, app.deps.feeds, file);
      expect(first).toMatchObject({ added: 2, removed: 0 });
      expect(feedsFileWarnings(first)).toEqual([
        expect.stringMatching(/feed 3 is not used: url must be an http\(s\) address/),
        expect.stringMatching(/bad\.example\.org\/rss is not used: .*between 5 minutes/),
      ]);
      expect(
        app.deps.feeds.list('global').map((feed) => [feed.url, feed.everyMinutes, feed.fromFile]),
      ).toEqual([
        ['https://wire.example.org/rss', 30, true],
        ['https://other.example.org/atom', 15, true],
      ]);
      writeFileSync(file, JSON.stringify({ feeds: [{ url: 'https://wire.example.org/rss', every: '1h' }] }));
      expect(syncFeedsFile(app.deps, app.deps.feeds, file)).toMatchObject({ updated: 1, removed: 1 });
      writeFileSync(file, '{ not json');
      const broken = syncFeedsFile(app.deps, app.deps.feeds, file);
      expect(feedsFileWarnings(broken)[0]).toMatch(/cannot be read as JSON/);
      expect(app.deps.feeds.list('global')).toHaveLength(1);
    } finally {
      app.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
