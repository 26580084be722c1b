import type { Scope } from '../corpus/article-schema.js';

/**
 * Where a feed article's text comes from: the linked page, the feed's own text, or automatically (the feed's full
 * text when an entry carries it, else the page).
 */
export type BodySource = 'page' | 'feed' | 'auto';

/** The body sources, in the order they are offered. */
export const bodySources: readonly BodySource[] = ['auto', 'page', 'feed'];

/** What a subscription is set to do, as a moderator (or the curated file) gives it. */
export interface FeedSettings {
  /** The channel new articles are posted in, or null to only add them to the desk. */
  channelId: string | null;
  /** Start a thread on each posted article (text channels; a forum channel always gets one post per article). */
  threadPerArticle: boolean;
  /** An entry is taken only if it holds one of these words or phrases (any, when empty)... */
  include: string[];
  /** ...and none of these. */
  exclude: string[];
  everyMinutes: number;
  body: BodySource;
}

/** A stored feed subscription with its polling state. */
export interface Feed extends FeedSettings {
  id: number;
  scope: Scope;
  url: string;
  /** The feed's own title, once it has been read. */
  title: string | null;
  /** From the curated feeds file (global, changed only by editing the file). */
  fromFile: boolean;
  createdBy: string | null;
  createdAt: string;
  /** Why the feed stopped being polled (a 410, repeated failures, a channel it cannot post in), or null. */
  pausedReason: string | null;
  etag: string | null;
  lastModified: string | null;
  nextPollMs: number;
  /** Failed polls in a row. */
  failures: number;
  lastError: string | null;
  lastPolledAt: string | null;
  /** Whether the entries the feed held when it was first read were taken in (they are never posted). */
  backlogTaken: boolean;
}

/** One entry of a feed document, validated and reduced to what newsdesk uses; every text is untrusted. */
export interface FeedEntry {
  /** The entry's own id (RSS guid, Atom id, JSON Feed id), if it has one. */
  id: string | null;
  /** The entry's http(s) link, resolved against the feed's address. */
  link: string | null;
  title: string | null;
  /** ISO 8601 with a zone, when the entry is dated. */
  published: string | null;
  author: string | null;
  /** The summary as plain text (for keyword filters). */
  summary: string | null;
  /** The full text the feed carries, if any: HTML or plain text. */
  content: { type: 'html' | 'text'; value: string } | null;
  /** Whether `content` came from a full-text field (RSS content:encoded, Atom content, JSON Feed content_*). */
  fullText: boolean;
}

/** A parsed feed document. */
export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title: string | null;
  entries: FeedEntry[];
  /** Entries left out because they were not objects of the expected shape. */
  skipped: number;
}
