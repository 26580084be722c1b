import { decodeText } from '../corpus/decode-text.js';
import { fail, ok, type Result } from '../result.js';
import { discoverFeedLinks } from './discover-feed-links.js';
import type { ParsedFeed } from './feed.js';
import { fetchFeed, type FetchFeedFailure } from './fetch-feed.js';
import { parseFeed, type ParseFeedFailure } from './parse-feed.js';

/** Why no feed was found at an address. */
export type FindFeedFailure = FetchFeedFailure | ParseFeedFailure | 'no-feed';

/** A feed found at (or through) an address: its own address and its parsed document. */
export interface FoundFeed {
  url: string;
  feed: ParsedFeed;
}

/** The most feeds a page announces that are tried in turn. */
const maxCandidates = 3;

function looksLikeHtml(mediaType: string | null, bytes: Uint8Array): boolean {
  if (/^\s*(text\/html|application\/xhtml\+xml)/i.test(mediaType ?? '')) return true;
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 512)).trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html');
}

/**
 * Finds the feed at an address a moderator gave: the address itself when it sends a feed, else (when it sends a web
 * page) the first feed the page announces with `<link rel="alternate">` that can be read (autodiscovery).
 */
export async function findFeed(
  url: string,
  options: { allowPrivate: boolean; now: Date },
): Promise<Result<FoundFeed, FindFeedFailure>> {
  const read = async (address: string): Promise<Result<FoundFeed | string[], FindFeedFailure>> => {
    const fetched = await fetchFeed(address, options);
    if (!fetched.ok) return fetched;
    const response = fetched.value;
    if (response.kind !== 'document') {
      return fail(
        'http-error',
        response.kind === 'refused'
          ? `${response.message} Check the address, or try again later.`
          : `${new URL(address).hostname} answered 304 Not Modified to a plain request.`,
      );
    }
    const parsed = parseFeed(response.bytes, { mediaType: response.mediaType, url: response.url });
    if (parsed.ok) return ok({ url: response.url, feed: parsed.value });
    if (!looksLikeHtml(response.mediaType, response.bytes)) return parsed;
    const page = decodeText(response.bytes, { charset: null, html: true });
    return ok(page.ok ? discoverFeedLinks(page.value.text, response.url) : []);
  };
  const first = await read(url);
  if (!first.ok || !Array.isArray(first.value)) return first as Result<FoundFeed, FindFeedFailure>;
  const candidates = first.value.slice(0, maxCandidates);
  let lastFailure: Result<FoundFeed, FindFeedFailure> | null = null;
  for (const candidate of candidates) {
    const found = await read(candidate);
    if (found.ok && !Array.isArray(found.value)) return ok(found.value);
    if (!found.ok) lastFailure = found;
  }
  if (candidates.length === 0) {
    return fail(
      'no-feed',
      'That address is a web page that announces no feed; give the address of its RSS, Atom or JSON feed instead.',
    );
  }
  return (
    lastFailure ??
    fail('no-feed', 'The feeds that page announces cannot be read; give the address of a feed instead.')
  );
}
