import type { Scope } from '../corpus/article-schema.js';
import type { Db } from '../store/open-database.js';
import type { BodySource, Feed, FeedSettings } from './feed.js';

/** What became of one entry a feed held: taken in as an article, or why not. */
export type EntryState = 'added' | 'duplicate' | 'filtered' | 'old' | 'retry' | 'failed';

/** The recorded state of one entry of one feed. */
export interface SeenEntry {
  state: EntryState;
  attempts: number;
  article: number | null;
}

/** The life of a post of a new article: queued, claimed before sending, then delivered or failed. */
export type PostState = 'pending' | 'claimed' | 'delivered' | 'failed';

/** A queued post of a new feed article, with where it goes. */
export interface FeedPost {
  id: number;
  feedId: number;
  entryKey: string;
  /** The article's row, or null if it was removed before it could be posted. */
  article: number | null;
  channelId: string;
  threadPerArticle: boolean;
  state: PostState;
  queuedAt: string;
  claimedAt: string | null;
}

/** A new subscription. */
export interface NewFeed extends FeedSettings {
  scope: Scope;
  url: string;
  title: string | null;
  fromFile: boolean;
  createdBy: string | null;
}

/** What one poll changes about a feed. */
export interface PollRecord {
  etag: string | null;
  lastModified: string | null;
  nextPollMs: number;
  failures: number;
  lastError: string | null;
  polledAt: Date;
  title?: string | null;
  backlogTaken: boolean;
}

interface FeedRow {
  id: number;
  scope: string;
  url: string;
  title: string | null;
  channel_id: string | null;
  thread_per_article: number;
  include_words: string;
  exclude_words: string;
  every_minutes: number;
  body: BodySource;
  from_file: number;
  created_by: string | null;
  created_at: string;
  paused_reason: string | null;
  etag: string | null;
  last_modified: string | null;
  next_poll_ms: number;
  failures: number;
  last_error: string | null;
  last_polled_at: string | null;
  backlog_taken: number;
}

interface PostRow {
  id: number;
  feed: number;
  entry_key: string;
  article: number | null;
  channel_id: string;
  thread_per_article: number;
  state: PostState;
  queued_at: string;
  claimed_at: string | null;
}

function words(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
}

function toFeed(row: FeedRow): Feed {
  return {
    id: row.id,
    scope: row.scope,
    url: row.url,
    title: row.title,
    channelId: row.channel_id,
    threadPerArticle: row.thread_per_article === 1,
    include: words(row.include_words),
    exclude: words(row.exclude_words),
    everyMinutes: row.every_minutes,
    body: row.body,
    fromFile: row.from_file === 1,
    createdBy: row.created_by,
    createdAt: row.created_at,
    pausedReason: row.paused_reason,
    etag: row.etag,
    lastModified: row.last_modified,
    nextPollMs: row.next_poll_ms,
    failures: row.failures,
    lastError: row.last_error,
    lastPolledAt: row.last_polled_at,
    backlogTaken: row.backlog_taken === 1,
  };
}

function toPost(row: PostRow): FeedPost {
  return {
    id: row.id,
    feedId: row.feed,
    entryKey: row.entry_key,
    article: row.article,
    channelId: row.channel_id,
    threadPerArticle: row.thread_per_article === 1,
    state: row.state,
    queuedAt: row.queued_at,
    claimedAt: row.claimed_at,
  };
}

function settingsValues(settings: FeedSettings) {
  return {
    channelId: settings.channelId,
    threadPerArticle: settings.threadPerArticle ? 1 : 0,
    include: JSON.stringify(settings.include),
    exclude: JSON.stringify(settings.exclude),
    everyMinutes: settings.everyMinutes,
    body: settings.body,
  };
}

/**
 * Reads and writes feed subscriptions, the entries each feed has held (so no entry is ever taken in twice, across
 * restarts too) and the posts of new articles. Exactly-once posting rests on {@link FeedStore.claimPost}: a queued
 * post is claimed in an IMMEDIATE transaction before it is sent, and a claim is never handed out again.
 */
export class FeedStore {
  private readonly statements;

  constructor(private readonly db: Db) {
    this.statements = {
      insert: db.prepare(`INSERT INTO feeds
        (scope, url, title, channel_id, thread_per_article, include_words, exclude_words, every_minutes, body,
         from_file, created_by, created_at, next_poll_ms)
        VALUES (@scope, @url, @title, @channelId, @threadPerArticle, @include, @exclude, @everyMinutes, @body,
         @fromFile, @createdBy, @createdAt, @nextPollMs)`),
      updateSettings:
        db.prepare(`UPDATE feeds SET channel_id = @channelId, thread_per_article = @threadPerArticle,
        include_words = @include, exclude_words = @exclude, every_minutes = @everyMinutes, body = @body WHERE id = @id`),
      byId: db.prepare('SELECT * FROM feeds WHERE id = ?'),
      byUrl: db.prepare('SELECT * FROM feeds WHERE scope = ? AND url = ?'),
      inScope: db.prepare('SELECT * FROM feeds WHERE scope = ? ORDER BY id'),
      fromFile: db.prepare('SELECT * FROM feeds WHERE from_file = 1 ORDER BY id'),
      count: db.prepare('SELECT count(*) FROM feeds WHERE scope = ?').pluck(),
      all: db.prepare('SELECT * FROM feeds ORDER BY id'),
      due: db.prepare(
        'SELECT * FROM feeds WHERE paused_reason IS NULL AND next_poll_ms <= ? ORDER BY next_poll_ms, id',
      ),
      delete: db.prepare('DELETE FROM feeds WHERE id = ?'),
      move: db.prepare(`UPDATE feeds SET url = @url WHERE id = @id AND from_file = 0
        AND NOT EXISTS (SELECT 1 FROM feeds other WHERE other.scope = feeds.scope AND other.url = @url)`),
      pause: db.prepare('UPDATE feeds SET paused_reason = ? WHERE id = ?'),
      resume: db.prepare(
        'UPDATE feeds SET paused_reason = NULL, failures = 0, last_error = NULL, next_poll_ms = ? WHERE id = ?',
      ),
      recordPoll: db.prepare(`UPDATE feeds SET etag = @etag, last_modified = @lastModified,
        next_poll_ms = @nextPollMs, failures = @failures, last_error = @lastError, last_polled_at = @polledAt,
        title = coalesce(@title, title), backlog_taken = @backlogTaken WHERE id = @id`),
      entry: db.prepare('SELECT state, attempts, article FROM feed_entries WHERE feed = ? AND entry_key = ?'),
      seenById: db.prepare(`SELECT 1 FROM feed_entries JOIN feeds ON feeds.id = feed_entries.feed
        WHERE feed_entries.entry_id = ? AND feed_entries.state IN ('added', 'duplicate')
        AND (feeds.scope = ? OR feeds.scope = 'global') LIMIT 1`),
      seenByLink: db.prepare(`SELECT 1 FROM feed_entries JOIN feeds ON feeds.id = feed_entries.feed
        WHERE feed_entries.link = ? AND feed_entries.state IN ('added', 'duplicate')
        AND (feeds.scope = ? OR feeds.scope = 'global') LIMIT 1`),
      recordEntry: db.prepare(`INSERT INTO feed_entries
        (feed, entry_key, entry_id, link, article, state, attempts, detail, first_seen_ms, last_seen_ms)
        VALUES (@feed, @key, @entryId, @link, @article, @state, @attempts, @detail, @now, @now)
        ON CONFLICT (feed, entry_key) DO UPDATE SET article = excluded.article, state = excluded.state,
          attempts = excluded.attempts, detail = excluded.detail, last_seen_ms = excluded.last_seen_ms`),
      touchEntry: db.prepare('UPDATE feed_entries SET last_seen_ms = ? WHERE feed = ? AND entry_key = ?'),
      pruneEntries: db.prepare("DELETE FROM feed_entries WHERE last_seen_ms < ? AND state <> 'retry'"),
      queuePost:
        db.prepare(`INSERT OR IGNORE INTO feed_posts (feed, entry_key, article, channel_id, state, queued_at)
        VALUES (?, ?, ?, ?, 'pending', ?)`),
      pendingPosts: db.prepare(`SELECT feed_posts.*, feeds.thread_per_article FROM feed_posts
        JOIN feeds ON feeds.id = feed_posts.feed
        WHERE feed_posts.state = 'pending' AND feeds.paused_reason IS NULL ORDER BY feed_posts.id LIMIT ?`),
      post: db.prepare(`SELECT feed_posts.*, feeds.thread_per_article FROM feed_posts
        JOIN feeds ON feeds.id = feed_posts.feed WHERE feed_posts.id = ?`),
      claimPost: db.prepare(
        "UPDATE feed_posts SET state = 'claimed', claimed_at = ? WHERE id = ? AND state = 'pending'",
      ),
      finishPost: db.prepare(
        "UPDATE feed_posts SET state = ?, finished_at = ?, message_id = ?, detail = ? WHERE id = ? AND state = 'claimed'",
      ),
      unclaimPost: db.prepare(
        "UPDATE feed_posts SET state = 'pending', claimed_at = NULL, detail = ? WHERE id = ? AND state = 'claimed'",
      ),
      staleClaims: db.prepare(`SELECT feed_posts.*, feeds.thread_per_article FROM feed_posts
        JOIN feeds ON feeds.id = feed_posts.feed WHERE feed_posts.state = 'claimed' AND feed_posts.claimed_at < ?`),
    };
  }

  /** Runs `work` in one IMMEDIATE transaction (committed when it returns, rolled back when it throws). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /** Stores a new subscription, due for its first poll at `now`. */
  add(input: NewFeed, now: Date): Feed {
    const info = this.statements.insert.run({
      ...settingsValues(input),
      scope: input.scope,
      url: input.url,
      title: input.title,
      fromFile: input.fromFile ? 1 : 0,
      createdBy: input.createdBy,
      createdAt: now.toISOString(),
      nextPollMs: now.getTime(),
    });
    return this.getUnchecked(Number(info.lastInsertRowid));
  }

  /** Changes what a subscription does, keeping its polling state and the entries it has seen. */
  updateSettings(id: number, settings: FeedSettings): void {
    this.statements.updateSettings.run({ ...settingsValues(settings), id });
  }

  /** The feed with this id, if it exists (and, when `scope` is given, belongs to that scope). */
  get(id: number, scope?: Scope): Feed | undefined {
    const row = this.statements.byId.get(id) as FeedRow | undefined;
    if (!row || (scope !== undefined && row.scope !== scope)) return undefined;
    return toFeed(row);
  }

  private getUnchecked(id: number): Feed {
    return toFeed(this.statements.byId.get(id) as FeedRow);
  }

  /** The subscription of `scope` to this address, if there is one. */
  byUrl(scope: Scope, url: string): Feed | undefined {
    const row = this.statements.byUrl.get(scope, url) as FeedRow | undefined;
    return row ? toFeed(row) : undefined;
  }

  /**
   * Stores the address a feed has moved to for good; false (nothing changed) for a feed from the curated feeds file,
   * which names its own address, or when the scope already subscribes to the new address.
   */
  move(id: number, url: string): boolean {
    return this.statements.move.run({ id, url }).changes === 1;
  }

  /** The feeds of one scope, oldest first. */
  list(scope: Scope): Feed[] {
    return (this.statements.inScope.all(scope) as FeedRow[]).map(toFeed);
  }

  /** How many feeds a scope follows. */
  count(scope: Scope): number {
    return this.statements.count.get(scope) as number;
  }

  /** Every feed, paused ones included. */
  all(): Feed[] {
    return (this.statements.all.all() as FeedRow[]).map(toFeed);
  }

  /** The feeds from the curated file. */
  fileFeeds(): Feed[] {
    return (this.statements.fromFile.all() as FeedRow[]).map(toFeed);
  }

  /** Active feeds whose next poll is due at `nowMs`, the most overdue first. */
  due(nowMs: number): Feed[] {
    return (this.statements.due.all(nowMs) as FeedRow[]).map(toFeed);
  }

  /** Deletes a subscription with its entry and post history (its articles stay until they expire). */
  remove(id: number): void {
    this.statements.delete.run(id);
  }

  /** Stops polling (and posting for) a feed until it is resumed, recording why. */
  pause(id: number, reason: string): void {
    this.statements.pause.run(reason, id);
  }

  /** Lets a paused feed be polled again, at once, with its failure count cleared. */
  resume(id: number, now: Date): void {
    this.statements.resume.run(now.getTime(), id);
  }

  /** Records the outcome of a poll: validators, when to poll next, failures in a row. */
  recordPoll(id: number, record: PollRecord): void {
    this.statements.recordPoll.run({
      id,
      etag: record.etag,
      lastModified: record.lastModified,
      nextPollMs: record.nextPollMs,
      failures: record.failures,
      lastError: record.lastError,
      polledAt: record.polledAt.toISOString(),
      title: record.title ?? null,
      backlogTaken: record.backlogTaken ? 1 : 0,
    });
  }

  /** What became of an entry of this feed, if it was ever seen. */
  entry(feedId: number, key: string): SeenEntry | undefined {
    return this.statements.entry.get(feedId, key) as SeenEntry | undefined;
  }

  /**
   * Whether a feed visible in `scope` (its own or a global one) already took in an entry with this id or link, so
   * the same story from two feeds becomes one article.
   */
  seenElsewhere(scope: Scope, entryId: string | null, link: string | null): boolean {
    if (entryId !== null && this.statements.seenById.get(entryId, scope) !== undefined) return true;
    return link !== null && this.statements.seenByLink.get(link, scope) !== undefined;
  }

  /** Records (or updates) what became of an entry. */
  recordEntry(
    feedId: number,
    key: string,
    entry: {
      entryId: string | null;
      link: string | null;
      article: number | null;
      state: EntryState;
      attempts?: number;
      detail?: string | null;
    },
    nowMs: number,
  ): void {
    this.statements.recordEntry.run({
      feed: feedId,
      key,
      entryId: entry.entryId,
      link: entry.link,
      article: entry.article,
      state: entry.state,
      attempts: entry.attempts ?? 0,
      detail: entry.detail ?? null,
      now: nowMs,
    });
  }

  /** Notes that a feed still holds an entry, so its record is kept while the feed does. */
  touchEntry(feedId: number, key: string, nowMs: number): void {
    this.statements.touchEntry.run(nowMs, feedId, key);
  }

  /** Forgets entries no feed has held since `beforeMs`; returns how many. */
  pruneEntries(beforeMs: number): number {
    return this.statements.pruneEntries.run(beforeMs).changes;
  }

  /** Queues the post of a new article (once per feed entry, whatever happens later). */
  queuePost(feedId: number, key: string, article: number, channelId: string, now: Date): void {
    this.statements.queuePost.run(feedId, key, article, channelId, now.toISOString());
  }

  /** Queued posts of active feeds, oldest first. */
  pendingPosts(limit = 50): FeedPost[] {
    return (this.statements.pendingPosts.all(limit) as PostRow[]).map(toPost);
  }

  /** One post, whatever its state. */
  post(id: number): FeedPost | undefined {
    const row = this.statements.post.get(id) as PostRow | undefined;
    return row ? toPost(row) : undefined;
  }

  /**
   * Claims a queued post for sending in an IMMEDIATE transaction: true for the one process that moves it from
   * pending to claimed, false for any other (or when it was already claimed, delivered or failed).
   */
  claimPost(id: number, now: Date): boolean {
    return this.transaction(() => this.statements.claimPost.run(now.toISOString(), id).changes === 1);
  }

  /** Records how a claimed post ended; it is never sent again. */
  finishPost(
    id: number,
    state: 'delivered' | 'failed',
    now: Date,
    detail: { messageId?: string; detail?: string },
  ): void {
    this.statements.finishPost.run(
      state,
      now.toISOString(),
      detail.messageId ?? null,
      detail.detail ?? null,
      id,
    );
  }

  /** Puts a claimed post back in the queue: only when Discord refused it outright, so it surely was not posted. */
  unclaimPost(id: number, detail: string): void {
    this.statements.unclaimPost.run(detail, id);
  }

  /**
   * Turns claims older than `before` (their process most likely died mid-send) into 'failed' with the detail
   * "possibly sent", and returns them for the log. They are never sent again: a missing post is better than a double.
   */
  settleStaleClaims(before: Date, now: Date): FeedPost[] {
    return this.transaction(() => {
      const stale = (this.statements.staleClaims.all(before.toISOString()) as PostRow[]).map(toPost);
      for (const post of stale) this.finishPost(post.id, 'failed', now, { detail: 'possibly sent' });
      return stale;
    });
  }
}
