import type { ArticleOverrides } from '../corpus/add-article.js';
import type { ArticleDraft } from '../corpus/article-schema.js';
import { fetchArticleUrl, type FetchArticleFailure } from '../corpus/fetch-article-url.js';
import { ingestArticle } from '../corpus/ingest-article.js';
import type { ArticleFields } from '../corpus/parse-front-matter.js';
import { fail, type Result } from '../result.js';
import type { Feed, FeedEntry } from './feed.js';
import { hostOf } from './host-limiter.js';

/** How an entry's page is fetched: allowed addresses, and a wrapper that keeps to the per-host limit. */
export interface EntryFetching {
  allowPrivate: boolean;
  limit: <T>(host: string, work: () => Promise<T>) => Promise<T>;
  /** In `auto`, fall back to the feed's text even when the page only failed for now (the entry's last try). */
  lastTry: boolean;
}

/** Failures of a page that may pass: worth trying the entry again at a later poll. */
export function isPassing(reason: string): boolean {
  return reason === 'timeout' || reason === 'unreachable' || reason === 'http-error';
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * The feed's own text of an entry as a small HTML page, so it goes through the same HTML reader as web pages (one
 * line per paragraph, no front matter that could restate its link); plain text is split at blank lines.
 */
function entryPage(content: NonNullable<FeedEntry['content']>): Uint8Array {
  const body =
    content.type === 'html'
      ? content.value
      : content.value
          .replace(/\r\n?/g, '\n')
          .split(/\n\s*\n/)
          .map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`)
          .join('');
  return new TextEncoder().encode(`<!doctype html><html><body><article>${body}</article></body></html>`);
}

function present(fields: Record<string, string | null>): ArticleFields {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null));
}

/**
 * Makes an article draft of a feed entry through the one ingestion pipeline: the linked page (`fetchArticleUrl`,
 * with the same private-address and size rules as a moderator's link) or the feed's own text (`ingestArticle`), as
 * the feed's `body` setting says; `auto` takes the feed's full text when the entry carries one, else the page, and
 * falls back to the feed's text when the page cannot be made an article (or, on the last try, cannot be reached). The article's link is always the entry's link, and
 * its title, date and author come from the entry where the text does not state them (the feed's text: always).
 */
export async function entryToDraft(
  entry: FeedEntry,
  feed: Pick<Feed, 'body' | 'title' | 'url'>,
  options: EntryFetching & { now: Date },
): Promise<Result<ArticleDraft, FetchArticleFailure | 'no-text'>> {
  const source = feed.title ?? hostOf(feed.url).replace(/^www\./, '');
  const fields = present({
    title: entry.title,
    published: entry.published ?? options.now.toISOString(),
    author: entry.author,
    url: entry.link,
  });
  const fromFeed = (): Promise<Result<ArticleDraft, FetchArticleFailure | 'no-text'>> => {
    if (entry.content === null) {
      return Promise.resolve(fail('no-text', 'The entry carries no text of its own and links no page.'));
    }
    return ingestArticle({
      content: entryPage(entry.content),
      mediaType: 'text/html; charset=utf-8',
      name: 'The entry',
      overrides: fields,
      defaults: { source },
    });
  };
  const wantsPage = feed.body === 'page' || (feed.body === 'auto' && !entry.fullText);
  if (!wantsPage || entry.link === null) return fromFeed();
  const link = entry.link;
  const overrides: ArticleOverrides = present({ url: link });
  const page = await options.limit(hostOf(link), () =>
    fetchArticleUrl(link, { allowPrivate: options.allowPrivate, overrides, defaults: { ...fields, source } }),
  );
  if (page.ok || feed.body === 'page' || entry.content === null) return page;
  if (isPassing(page.reason) && !options.lastTry) return page;
  const own = await fromFeed();
  return own.ok ? own : page;
}
