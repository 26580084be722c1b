import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app/create-app.js';
import type { BriefingPoster, PostFailure, PostOutcome } from '../../src/briefing/briefing-scheduler.js';
import type { Briefing } from '../../src/briefing/briefing.js';
import type { Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { addArticle } from '../../src/corpus/add-article.js';
import type { Scope } from '../../src/corpus/article-schema.js';
import type { Deps } from '../../src/deps.js';
import { renderBriefing } from '../../src/discord/render-briefing.js';
import type { Logger } from '../../src/logger.js';
import { fail, ok } from '../../src/result.js';
import type { StoredArticle } from '../../src/corpus/article-store.js';

/** A folder holding one SQLite file that several simulated processes open. */
export function createDatabaseFolder(): { path: string; remove(): void } {
  const directory = mkdtempSync(join(tmpdir(), 'newsdesk-briefing-'));
  return {
    path: join(directory, 'newsdesk.db'),
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}

/** One simulated newsdesk process: its own connection to the shared database file, its own clock reading. */
export function openProcess(
  databasePath: string,
  clock: Clock,
  environment: Record<string, string> = {},
  overrides: Partial<Deps> = {},
): App {
  const config = loadConfig(
    { NEWSDESK_DB: databasePath, NEWSDESK_ARTICLES_DIR: 'data/articles', ...environment },
    { dotenv: false },
  );
  return createApp(config, { logger: recordingLogger().logger, clock, ...overrides });
}

/** A logger that keeps its entries so tests can check what operators would read. */
export function recordingLogger(): { logger: Logger; entries: { level: string; message: string }[] } {
  const entries: { level: string; message: string }[] = [];
  const record =
    (level: string) =>
    (message: string): void => {
      entries.push({ level, message });
    };
  return {
    entries,
    logger: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') },
  };
}

/** A post the recording poster received: the briefing, and the Discord messages it renders to. */
export interface RecordedPost {
  channelId: string;
  briefing: Briefing;
  parts: string[];
  at: Date;
}

/** A poster that records what would reach Discord, or fails with a chosen reason. */
export function recordingPoster(
  clock: Clock,
): BriefingPoster & { posts: RecordedPost[]; failWith: PostFailure | null; failMayHavePosted: boolean } {
  const poster = {
    posts: [] as RecordedPost[],
    failWith: null as PostFailure | null,
    /** Whether a failure leaves it unknown if anything reached Discord (a refusal is known to post nothing). */
    failMayHavePosted: false,
    post(channelId: string, briefing: Briefing): Promise<PostOutcome> {
      if (poster.failWith !== null) {
        const message = `fake poster: ${poster.failWith}`;
        return Promise.resolve({
          ...fail(poster.failWith, message),
          mayHavePosted: poster.failMayHavePosted,
        });
      }
      const parts = renderBriefing(briefing).map((message) => message.content.text);
      poster.posts.push({ channelId, briefing, parts, at: clock.now() });
      return Promise.resolve(ok({ messageIds: parts.map((_, index) => `m${poster.posts.length}-${index}`) }));
    },
  };
  return poster;
}

/** The lines of an article that is not among the curated ones. */
export const portArticleLines = [
  'RIGA, September 1 (Baltic Wire) - Latvia will reopen the port of Liepaja to grain shipments on 15 September, transport minister Kaspars Briskens said on Monday.',
  '"We expect 40 ships in the first month," Briskens told reporters in Riga.',
  'Port reopening',
  'The port was closed in June after a fire damaged two of its five grain terminals.',
  'Shipping companies welcomed the decision but warned that insurance costs remain high.',
];

/** Adds an article (a fresh one per `tag`) through the same path a moderator uses. */
export function addPortArticle(deps: Deps, scope: Scope = 'global', tag = 'Liepaja'): StoredArticle {
  const added = addArticle(
    deps,
    {
      id: null,
      title: `Latvia to reopen ${tag} port to grain shipments`,
      source: 'Baltic Wire',
      url: `https://news.example.org/${tag.toLowerCase()}-port`,
      published: deps.clock.now().toISOString(),
      author: null,
      lines: portArticleLines.map((line) => line.replace('Liepaja', tag)),
    },
    { scope, addedBy: 'moderator-1' },
  );
  if (!added.ok) throw new Error(added.message);
  return added.value;
}

/**
 * The quotes a posted briefing shows, with their line numbers (`“text” (line n)`), as a reader sees them: escapes
 * and the zero-width space that breaks `@everyone` are not visible.
 */
export function postedQuotes(text: string): { line: number; quote: string }[] {
  return [...text.matchAll(/\u201c(.+?)\u201d \(line (\d+)\)/g)].map((match) => ({
    line: Number(match[2]),
    quote: (match[1] ?? '').replace(/\\(.)/g, '$1').replace(/\u200b/g, ''),
  }));
}
