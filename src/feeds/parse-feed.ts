import { parseFeed as parseFeedDocument } from 'feedsmith';
import { z } from 'zod';
import { decodeText } from '../corpus/decode-text.js';
import { fail, ok, type Result } from '../result.js';
import type { FeedEntry, ParsedFeed } from './feed.js';
import { htmlToText } from './html-to-text.js';

/** Why some bytes are not a feed newsdesk can read. */
export type ParseFeedFailure = 'not-a-feed' | 'binary';

/** The most entries read from one document; a feed that holds more is read from its start (usually the newest). */
export const maxEntriesPerDocument = 500;

// Everything below validates what the parser made of an untrusted document: a field of the wrong type is treated as
// missing (`catch`), so one odd field never costs the whole entry, and an entry that is not an object is skipped.
const text = z.string().optional().catch(undefined);
const texts = z.array(z.string().catch('')).optional().catch(undefined);
const typedText = z.object({ value: text, type: text, src: text }).optional().catch(undefined);
const people = z
  .array(z.object({ name: text, email: text }).catch({}))
  .optional()
  .catch(undefined);
const dublinCore = z.object({ creators: texts, dates: texts }).optional().catch(undefined);
const encodedContent = z.object({ encoded: text }).optional().catch(undefined);

const RssItemSchema = z.object({
  title: text,
  link: text,
  guid: z.object({ value: text }).optional().catch(undefined),
  pubDate: text,
  description: text,
  authors: people,
  dc: dublinCore,
  content: encodedContent,
  rdf: z.object({ about: text }).optional().catch(undefined),
});

const AtomEntrySchema = z.object({
  id: text,
  title: typedText,
  links: z
    .array(z.object({ href: text, rel: text, type: text }).catch({}))
    .optional()
    .catch(undefined),
  published: text,
  updated: text,
  authors: people,
  summary: typedText,
  content: typedText,
  dc: dublinCore,
});

const JsonItemSchema = z.object({
  id: z
    .union([z.string(), z.number().transform(String)])
    .optional()
    .catch(undefined),
  url: text,
  external_url: text,
  title: text,
  summary: text,
  content_html: text,
  content_text: text,
  date_published: text,
  date_modified: text,
  authors: people,
  author: z.object({ name: text }).optional().catch(undefined),
});

const DocumentSchema = z.object({
  title: z
    .union([z.string(), z.object({ value: text }).transform((title) => title.value)])
    .optional()
    .catch(undefined),
  items: z.array(z.unknown()).optional().catch(undefined),
  entries: z.array(z.unknown()).optional().catch(undefined),
});

/** A parser's document type for a declared charset: an XML declaration's `encoding="…"`. */
function xmlEncoding(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  return /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1] ?? null;
}

function charsetOf(mediaType: string | null): string | null {
  return /;\s*charset\s*=\s*["']?([\w.:-]+)/i.exec(mediaType ?? '')?.[1] ?? null;
}

/** Text of a feed field, with any markup read the way a reader sees it, or null when there is none. */
function plain(value: string | undefined, maxLength?: number): string | null {
  if (value === undefined) return null;
  const shown = htmlToText(value);
  if (shown === '') return null;
  if (maxLength === undefined || shown.length <= maxLength) return shown;
  const cut = shown.slice(0, maxLength - 2);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxLength / 2 ? cut.slice(0, space) : cut).trimEnd()} \u2026`;
}

/** An http(s) link resolved against the feed's address, or null for anything else (javascript:, mailto:, junk). */
function webLink(value: string | undefined, base: string): string | null {
  if (value === undefined || value.trim() === '') return null;
  try {
    const url = new URL(value.trim(), base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.username !== '' || url.password !== '') return null;
    return url.href.length <= 2000 ? url.href : null;
  } catch {
    return null;
  }
}

/** A feed's date as ISO 8601 with a zone, or null when it cannot be read. */
function isoDate(value: string | undefined): string | null {
  if (value === undefined) return null;
  const parsed = Date.parse(value.trim());
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
}

function authorOf(list: z.infer<typeof people>, creators: string[] | undefined): string | null {
  const names = (list ?? []).map((person) => person.name ?? '').filter((name) => name.trim() !== '');
  const all = names.length > 0 ? names : (creators ?? []).filter((name) => name.trim() !== '');
  return all.length > 0 ? plain(all.join(', '), 200) : null;
}

function identifier(value: string | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed.slice(0, 2000);
}

function fromRss(item: z.infer<typeof RssItemSchema>, base: string): FeedEntry {
  const encoded = item.content?.encoded;
  const description = item.description;
  const body = encoded ?? description;
  return {
    id: identifier(item.guid?.value ?? item.rdf?.about),
    link: webLink(item.link, base) ?? webLink(item.guid?.value, base),
    title: plain(item.title, 300),
    published: isoDate(item.pubDate ?? item.dc?.dates?.[0]),
    author: authorOf(item.authors, item.dc?.creators),
    summary: plain(description),
    content: body === undefined ? null : { type: 'html', value: body },
    fullText: encoded !== undefined,
  };
}

function fromAtom(entry: z.infer<typeof AtomEntrySchema>, base: string): FeedEntry {
  const links = entry.links ?? [];
  const alternate = links.find((link) => link.rel === undefined || link.rel === 'alternate') ?? links[0];
  const content = entry.content?.value === undefined ? entry.summary : entry.content;
  const isText = content?.type === undefined || content.type === 'text';
  return {
    id: identifier(entry.id),
    link: webLink(alternate?.href, base),
    title: plain(entry.title?.value, 300),
    published: isoDate(entry.published ?? entry.updated ?? entry.dc?.dates?.[0]),
    author: authorOf(entry.authors, entry.dc?.creators),
    summary: plain(entry.summary?.value),
    content: content?.value === undefined ? null : { type: isText ? 'text' : 'html', value: content.value },
    fullText: entry.content?.value !== undefined,
  };
}

function fromJson(item: z.infer<typeof JsonItemSchema>, base: string): FeedEntry {
  const full =
    item.content_html !== undefined
      ? { type: 'html' as const, value: item.content_html }
      : item.content_text !== undefined
        ? { type: 'text' as const, value: item.content_text }
        : null;
  return {
    id: identifier(item.id),
    link: webLink(item.url, base) ?? webLink(item.external_url, base),
    title: plain(item.title, 300),
    published: isoDate(item.date_published ?? item.date_modified),
    author: authorOf(item.authors ?? (item.author ? [item.author] : undefined), undefined),
    summary: plain(item.summary),
    content: full ?? (item.summary === undefined ? null : { type: 'text', value: item.summary }),
    fullText: full !== null,
  };
}

/**
 * Reads a feed document (RSS 0.9x/2.0, Atom, RDF or JSON Feed, through feedsmith) from its bytes: decoded by the
 * same rules as articles (a byte-order mark, the declared charset, the XML declaration, else UTF-8 or Windows-1252),
 * then every field the parser returns is validated as untrusted data and reduced to a {@link FeedEntry}: text
 * without markup, http(s) links resolved against `url`, dates in ISO 8601. Anything that is not a feed (an HTML page,
 * broken markup, JSON of another shape) is refused.
 */
export function parseFeed(
  bytes: Uint8Array,
  options: { mediaType: string | null; url: string },
): Result<ParsedFeed, ParseFeedFailure> {
  const decoded = decodeText(bytes, {
    charset: charsetOf(options.mediaType) ?? xmlEncoding(bytes),
    html: false,
  });
  if (!decoded.ok) return fail('binary', 'That address sends binary data, not a feed.');
  const notAFeed = fail(
    'not-a-feed',
    'That address does not send a feed newsdesk can read (RSS, Atom, RDF or JSON Feed).',
  );
  let parsed: { format: string; feed: unknown };
  try {
    parsed = parseFeedDocument(decoded.value.text);
  } catch {
    return notAFeed;
  }
  const document = DocumentSchema.safeParse(parsed.feed);
  if (!document.success) return notAFeed;
  const format = parsed.format;
  if (format !== 'rss' && format !== 'atom' && format !== 'rdf' && format !== 'json') return notAFeed;
  const raw = (format === 'atom' ? document.data.entries : document.data.items) ?? [];
  const entries: FeedEntry[] = [];
  let skipped = 0;
  for (const item of raw.slice(0, maxEntriesPerDocument)) {
    const entry =
      format === 'atom'
        ? AtomEntrySchema.safeParse(item)
        : format === 'json'
          ? JsonItemSchema.safeParse(item)
          : RssItemSchema.safeParse(item);
    if (!entry.success) {
      skipped++;
      continue;
    }
    entries.push(
      format === 'atom'
        ? fromAtom(entry.data as z.infer<typeof AtomEntrySchema>, options.url)
        : format === 'json'
          ? fromJson(entry.data as z.infer<typeof JsonItemSchema>, options.url)
          : fromRss(entry.data as z.infer<typeof RssItemSchema>, options.url),
    );
  }
  return ok({ format, title: plain(document.data.title, 200), entries, skipped });
}
