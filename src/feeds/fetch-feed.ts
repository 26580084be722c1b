import type { Response } from 'undici';
import { fetchPublicUrl, type FetchUrlFailure } from '../corpus/fetch-public-url.js';
import { defaultMaxArticleBytes, formatByteSize } from '../corpus/parse-article-bytes.js';
import { readLimited } from '../corpus/read-limited.js';
import { fail, ok, type Result } from '../result.js';

/** What a feed's server answered, when it answered at all. */
export type FeedResponse =
  /** A document (a feed, or a page that may link one). */
  | {
      kind: 'document';
      /** The address it came from, after redirects. */
      url: string;
      /** Where the feed's address has moved for good (permanent redirects only), or null when it has not. */
      movedTo: string | null;
      bytes: Uint8Array;
      mediaType: string | null;
      etag: string | null;
      lastModified: string | null;
      /** How long the server says the document stays fresh (`Cache-Control: max-age`). */
      maxAgeMs: number | null;
    }
  /** Nothing changed since the validators sent (304). */
  | { kind: 'not-modified'; maxAgeMs: number | null; movedTo: string | null }
  /** Any other status; `retryAfterMs` is how long the server asked to be left alone (`Retry-After`). */
  | { kind: 'refused'; status: number; retryAfterMs: number | null; message: string };

/** Why a feed could not be fetched. */
export type FetchFeedFailure = FetchUrlFailure | 'too-large';

/** A conditional, size-limited fetch of a feed. */
export interface FetchFeedOptions {
  allowPrivate: boolean;
  /** Validators from the previous fetch, sent as `If-None-Match` and `If-Modified-Since`. */
  etag?: string | null;
  lastModified?: string | null;
  /** Largest accepted document in bytes; 2 MB (the article limit) when not given. */
  maxBytes?: number;
  timeoutMs?: number;
  /** The current time, for a `Retry-After` given as a date. */
  now: Date;
}

const accept =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, application/json;q=0.7, text/html;q=0.5';

/** Milliseconds a `Retry-After` value asks for (seconds, or an HTTP date), or null when it says nothing usable. */
export function retryAfterMs(value: string | null, now: Date): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

function maxAgeMs(cacheControl: string | null): number | null {
  const seconds = /(?:^|[,\s])(?:s-)?max-age\s*=\s*"?(\d+)/i.exec(cacheControl ?? '')?.[1];
  return seconds === undefined ? null : Number(seconds) * 1000;
}

/**
 * Fetches a feed the way a good citizen does, through the same private-address, redirect, time and size rules as
 * article links (`fetchPublicUrl`): conditional (the previous `ETag` and `Last-Modified` sent back), with what the
 * server says about freshness (`Cache-Control`) and about coming back later (`Retry-After`) returned as values.
 */
export function fetchFeed(
  url: string,
  options: FetchFeedOptions,
): Promise<Result<FeedResponse, FetchFeedFailure>> {
  const headers: Record<string, string> = { accept };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  return fetchPublicUrl(
    url,
    {
      allowPrivate: options.allowPrivate,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      headers,
      noun: 'the feed',
      timeoutAdvice: 'it will be tried again later.',
    },
    (response, final, movedTo) => readFeed(response, final, movedTo?.href ?? null, options),
  );
}

async function readFeed(
  response: Response,
  url: URL,
  movedTo: string | null,
  options: FetchFeedOptions,
): Promise<Result<FeedResponse, FetchFeedFailure>> {
  const freshFor = maxAgeMs(response.headers.get('cache-control'));
  if (response.status === 304) {
    await response.body?.cancel();
    return ok({ kind: 'not-modified', maxAgeMs: freshFor, movedTo });
  }
  if (!response.ok) {
    await response.body?.cancel();
    return ok({
      kind: 'refused',
      status: response.status,
      retryAfterMs: retryAfterMs(response.headers.get('retry-after'), options.now),
      message: `${url.hostname} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`,
    });
  }
  const maxBytes = options.maxBytes ?? defaultMaxArticleBytes;
  const tooLarge = fail('too-large', `The feed is larger than ${formatByteSize(maxBytes)}, the limit.`);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    return tooLarge;
  }
  // Node types a fetch body's chunks as `any`; they are bytes.
  const bytes = await readLimited(
    (response.body as AsyncIterable<Uint8Array> | null) ?? new Uint8Array(0),
    maxBytes,
  );
  if (!bytes.ok) return tooLarge;
  return ok({
    kind: 'document',
    url: url.href,
    movedTo,
    bytes: bytes.value,
    mediaType: response.headers.get('content-type'),
    etag: response.headers.get('etag'),
    lastModified: response.headers.get('last-modified'),
    maxAgeMs: freshFor,
  });
}
