import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabaseFolder } from '../briefing/briefing-test-kit.js';
import { articlePage, rssFeed, startFeedServer, storyParagraphs, type FeedServer } from './feed-server.js';

const run = promisify(execFile);
let folder: { path: string; remove(): void };
let server: FeedServer;

beforeEach(async () => {
  folder = createDatabaseFolder();
  server = await startFeedServer();
});
afterEach(async () => {
  folder.remove();
  await server.close();
});

/** Runs `npm run feed -- …` as a fresh clone would, with no LLM and private URLs allowed for the loopback server. */
async function feed(...words: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  const env = {
    PATH: process.env.PATH,
    NEWSDESK_DB: folder.path,
    NEWSDESK_ALLOW_PRIVATE_URLS: '1',
    DISCORD_TOKEN: '',
    OPENAI_API_KEY: '',
    OPENAI_BASE_URL: '',
  };
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/feed-command.ts', ...words],
      {
        env,
      },
    );
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

describe('npm run feed', () => {
  it('adds a feed, polls it printing what was added as one JSON document, lists and removes it', async () => {
    const entry = {
      id: 'urn:wire:1',
      title: 'Liepaja port reopens to grain shipments',
      path: '/news/liepaja',
      published: new Date().toISOString(),
      summary: 'The port reopened.',
    };
    server.page(entry.path, articlePage(entry.title, storyParagraphs('Liepaja')));
    server.feed('/rss', rssFeed('Baltic Wire', [entry], server.origin));

    const added = await feed('add', server.url('/rss'), '--every', '30m');
    expect(added).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Following feed #1 (Baltic Wire), 1 entry now, read every 30 minutes.'),
    });

    const polled = await feed('poll', '--json');
    expect(polled.code).toBe(0);
    const report = JSON.parse(polled.stdout) as { polls: { outcome: string; added: { url: string }[] }[] };
    expect(report.polls).toMatchObject([{ outcome: 'read', added: [{ url: server.url('/news/liepaja') }] }]);

    const again = await feed('poll');
    expect(again.stdout).toContain('Feed #1 (Baltic Wire): nothing new (not modified).');

    const listed = JSON.parse((await feed('list', '--json')).stdout) as {
      id: number;
      everyMinutes: number;
    }[];
    expect(listed).toMatchObject([{ id: 1, everyMinutes: 30 }]);
    expect(await feed('remove', '1')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Removed feed #1'),
    });
    expect(JSON.parse((await feed('remove', '1', '--json')).stdout)).toEqual({
      error: { code: 'not-found', message: 'There is no feed #1 here.' },
    });
  });

  it('says what is wrong: no feed at the address (exit 1), words it does not understand (exit 2)', async () => {
    server.page('/', '<!doctype html><html><head><title>Plain</title></head><body>No feed</body></html>');
    const none = await feed('add', server.url('/'), '--json');
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stdout)).toMatchObject({ error: { code: 'no-feed' } });
    const usage = await feed('later');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: npm run feed -- <command>');
    expect((await feed('poll')).stdout).toContain('No feeds to read.');
  });
});
