import type { Response } from 'undici';
import { fail, type Result } from '../result.js';
import type { ArticleMetadata } from './add-article.js';
import type { ArticleDraft } from './article-schema.js';
import { fetchPublicUrl, type FetchUrlFailure } from './fetch-public-url.js';
import { ingestArticle } from './ingest-article.js';
import type { IngestFailure } from './parse-article-bytes.js';

/** Why a web page could not become an article. */
export type FetchArticleFailure = FetchUrlFailure | IngestFailure;

/** How a page may be fetched, and metadata from outside it (see {@link ArticleMetadata}). */
export interface FetchArticleOptions extends ArticleMetadata {
  /** Allow loopback and private network addresses; only for tests and trusted local setups. */
  allowPrivate: boolean;
  /** Give up after this many milliseconds in all, redirects and body included; 15 seconds when not given. */
  timeoutMs?: number;
  /** Largest accepted body in bytes (after decompression); 2 MB when not given. */
  maxBytes?: number;
}

/**
 * Fetches a web page (or a text or Markdown file) by its http(s) link and makes an article of it through
 * `ingestArticle`, with the declared `Content-Type` and the final address: refuses pages on private or local
 * networks (unless allowed), follows at most five redirects and checks each, and stops at the time and size limits
 * (all through `fetchPublicUrl`). The article's link is the page's final address after redirects, unless the page
 * states its own.
 */
export function fetchArticleUrl(
  url: string,
  options: FetchArticleOptions,
): Promise<Result<ArticleDraft, FetchArticleFailure>> {
  return fetchPublicUrl(
    url,
    {
      allowPrivate: options.allowPrivate,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      headers: { accept: 'text/html, application/xhtml+xml, text/markdown;q=0.9, text/plain;q=0.8' },
      noun: 'the page',
      timeoutAdvice: 'try again later or paste the article text.',
    },
    (response, final) => readArticle(response, final, options),
  );
}

async function readArticle(
  response: Response,
  url: URL,
  options: FetchArticleOptions,
): Promise<Result<ArticleDraft, FetchArticleFailure>> {
  const host = url.hostname;
  if (!response.ok) {
    await response.body?.cancel();
    return fail(
      'http-error',
      `${host} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}; ${statusAdvice(response.status)}`,
    );
  }
  const declaredLength = Number(response.headers.get('content-length') ?? Number.NaN);
  // With no declared type, the address's extension (story.md) is all there is to go by.
  const lastSegment = url.pathname.split('/').at(-1) ?? '';
  return ingestArticle({
    // Node types a fetch body's chunks as `any`; they are bytes.
    content: (response.body as AsyncIterable<Uint8Array> | null) ?? new Uint8Array(0),
    mediaType: response.headers.get('content-type'),
    fileName: lastSegment.includes('.') ? lastSegment : null,
    url: url.href,
    name: 'That page',
    declaredSize: Number.isFinite(declaredLength) ? declaredLength : null,
    ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
    ...(options.overrides === undefined ? {} : { overrides: options.overrides }),
    ...(options.defaults === undefined ? {} : { defaults: options.defaults }),
  });
}

function statusAdvice(status: number): string {
  if (status === 404 || status === 410) return 'the page was not found, so check the link.';
  if (status === 401 || status === 403)
    return 'the page needs a sign-in or refuses bots, so paste the article text instead.';
  if (status === 429) return 'the site is limiting requests, so try again in a few minutes.';
  if (status >= 500) return 'the site has a problem right now, so try again later.';
  return 'check the link, or paste the article text instead.';
}
