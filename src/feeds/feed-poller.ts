import { SerialPasses } from '../serial-passes.js';
import { createHash } from 'node:crypto';
import type { PostFailure } from '../briefing/briefing-scheduler.js';
import type { BriefingQuote } from '../briefing/briefing.js';
import { extractKeyPoints } from '../briefing/extract-key-points.js';
import { storeArticle } from '../corpus/add-article.js';
import { publishedMs } from '../corpus/article-store.js';
import type { Deps } from '../deps.js';
import type { Result } from '../result.js';
import { passesFilter } from './entry-filter.js';
import { entryToDraft, isPassing } from './entry-to-draft.js';
import type { Feed, FeedEntry, ParsedFeed } from './feed.js';
import type { EntryState, FeedPost } from './feed-store.js';
import { fetchFeed } from './fetch-feed.js';
import { HostLimiter, hostOf } from './host-limiter.js';
import { parseFeed } from './parse-feed.js';

/** A new feed article as it is posted: linked title, source, date and its lead sentence, verified. */
export interface FeedPostItem {
  feedId: number;
  articleId: string;
  title: string;
  source: string;
  url: string | null;
  published: string;
  /** The article's lead sentence, verified against its stored line, or null when it has none that can be quoted. */
  lead: BriefingQuote | null;
}

/** Where a feed posts: a channel (a text channel, optionally a thread per article, or a forum: a post per article). */
export interface FeedPostTarget {
  channelId: string;
  threadPerArticle: boolean;
}

/** Renders and posts a new feed article; implemented over discord.js in `src/discord/`, faked in tests. */
export interface FeedPoster {
  /** `nonce` is the same for every try of one claimed post, so Discord can drop a repeat. */
  post(
    target: FeedPostTarget,
    item: FeedPostItem,
    nonce: string,
  ): Promise<Result<{ messageId: string }, PostFailure>>;
}

/** An article a poll added. */
export interface AddedArticle {
  feedId: number;
  articleId: string;
  title: string;
  url: string | null;
  /** Whether its post was queued (a feed with a channel, past its first poll). */
  queued: boolean;
}

/** What one poll of one feed did. */
export interface FeedPollReport {
  feedId: number;
  url: string;
  outcome: 'read' | 'not-modified' | 'failed' | 'paused';
  added: AddedArticle[];
  /** How many entries were left out, by why. */
  left: Partial<Record<Exclude<EntryState, 'added'>, number>>;
  message?: string;
  nextPollMs: number;
}

/** What a tick did: the polls, the posts sent and the articles that expired. */
export interface FeedTickReport {
  polls: FeedPollReport[];
  posted: number;
  expired: number;
}

/** Tuning for the poller; the defaults suit production. */
export interface FeedPollerOptions {
  /** A number in [0, 1) for jitter; `Math.random` unless a test fixes it. */
  random?: () => number;
  /** Failed polls in a row that pause a feed. */
  maxFailures?: number;
  /** Tries of an entry whose page could not be reached before it is given up. */
  entryTries?: number;
  /** New entries taken from one poll; the rest wait for the next. */
  maxNewEntriesPerPoll?: number;
  /** A claimed post older than this whose process never finished it is settled as "possibly sent". */
  staleClaimMinutes?: number;
}

const minuteMs = 60_000;
const dayMs = 24 * 60 * minuteMs;
/** The longest wait between two polls, whatever backoff or a server's freshness says; a Retry-After may ask more. */
const maxDelayMs = dayMs;
const maxRetryAfterMs = 7 * dayMs;

function entryKey(entry: FeedEntry): string {
  if (entry.id !== null) return `id:${entry.id}`;
  if (entry.link !== null) return `link:${entry.link}`;
  const hash = createHash('sha256')
    .update([entry.title ?? '', entry.published ?? '', entry.content?.value ?? ''].join('\u0000'))
    .digest('hex');
  return `hash:${hash}`;
}

/** The nonce of a claimed post: the same for each try of that claim, at most Discord's 25 characters. */
export function postNonce(post: Pick<FeedPost, 'id'>): string {
  return `feed-post-${post.id}`;
}

/**
 * Polls feed subscriptions and turns their new entries into articles, posting each once where a feed has a channel.
 * Every feed is polled on its own interval with jitter, conditionally (ETag, Last-Modified), no sooner than its
 * server's `Cache-Control` or `Retry-After` allows, with at most a few requests at once per host; failures back off
 * exponentially and pause the feed after `maxFailures` in a row or at once on `410 Gone`. What an entry became is
 * recorded before the poll ends, so a restart never takes it in twice, and an entry published while the process was
 * down is found at the next poll. Time comes from the injected clock: tests move it and call {@link FeedPoller.tick}.
 */
export class FeedPoller {
  private readonly random: () => number;
  private readonly maxFailures: number;
  private readonly entryTries: number;
  private readonly maxNewEntries: number;
  private readonly staleClaimMs: number;
  private readonly limiter: HostLimiter;
  private readonly passes = new SerialPasses();

  constructor(
    private readonly deps: Deps,
    private readonly poster: FeedPoster | null,
    options: FeedPollerOptions = {},
  ) {
    this.random = options.random ?? Math.random;
    this.maxFailures = options.maxFailures ?? 8;
    this.entryTries = options.entryTries ?? 3;
    this.maxNewEntries = options.maxNewEntriesPerPoll ?? 50;
    this.staleClaimMs = (options.staleClaimMinutes ?? 15) * minuteMs;
    this.limiter = new HostLimiter(deps.config.NEWSDESK_FEED_HOST_CONCURRENCY);
  }

  /** Polls the feeds that are due, posts what is queued and removes expired articles; passes never overlap. */
  tick(): Promise<FeedTickReport> {
    return this.enqueue(() => this.runTick(false));
  }

  /** Polls every active feed now, due or not (`npm run feed -- poll`), then does what a tick does. */
  pollAll(): Promise<FeedTickReport> {
    return this.enqueue(() => this.runTick(true));
  }

  /** Ticks now and then every `intervalMs`. */
  start(intervalMs = 30_000): void {
    this.passes.start(
      () => this.tick(),
      intervalMs,
      (error) => this.deps.logger.error('feed tick failed', { error }),
    );
  }

  /** Stops the timer and waits for a pass in progress to finish. */
  stop(): Promise<void> {
    return this.passes.stop();
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    return this.passes.run(work);
  }

  private async runTick(all: boolean): Promise<FeedTickReport> {
    const { deps } = this;
    const now = deps.clock.now();
    for (const post of deps.feeds.settleStaleClaims(new Date(now.getTime() - this.staleClaimMs), now)) {
      deps.logger.warn('feed post was claimed but never finished (crash?); treating it as possibly sent', {
        feedId: post.feedId,
        postId: post.id,
        claimedAt: post.claimedAt,
      });
    }
    const expired = deps.articles.removeExpired(now);
    if (expired.length > 0) deps.logger.info('feed articles expired', { count: expired.length });
    // An entry record is kept while its feed holds it, and some time after, so it is never taken in again.
    deps.feeds.pruneEntries(now.getTime() - (deps.config.NEWSDESK_FEED_EXPIRY_DAYS + 7) * dayMs);
    const feeds = all
      ? deps.feeds.all().filter((feed) => feed.pausedReason === null)
      : deps.feeds.due(now.getTime());
    const polls = await Promise.all(feeds.map((feed) => this.poll(feed, now)));
    const posted = await this.postQueued();
    return { polls, posted, expired: expired.length };
  }

  private jittered(ms: number): number {
    return Math.round(ms * (0.9 + 0.2 * this.random()));
  }

  private async poll(feed: Feed, now: Date): Promise<FeedPollReport> {
    const fetched = await this.limiter.run(hostOf(feed.url), () =>
      fetchFeed(feed.url, {
        allowPrivate: this.deps.config.NEWSDESK_ALLOW_PRIVATE_URLS,
        etag: feed.etag,
        lastModified: feed.lastModified,
        now,
      }),
    );
    if (!fetched.ok) return this.failed(feed, now, fetched.message, null);
    const response = fetched.value;
    if (response.kind !== 'refused' && response.movedTo !== null) this.moved(feed, response.movedTo);
    if (response.kind === 'not-modified') {
      return this.succeeded(feed, now, {
        outcome: 'not-modified',
        validators: { etag: feed.etag, lastModified: feed.lastModified },
        maxAgeMs: response.maxAgeMs,
        added: [],
        left: {},
        title: null,
      });
    }
    if (response.kind === 'refused') {
      if (response.status === 410) return this.paused(feed, now, `${response.message} The feed is gone.`);
      return this.failed(feed, now, response.message, response.retryAfterMs);
    }
    const parsed = parseFeed(response.bytes, { mediaType: response.mediaType, url: response.url });
    if (!parsed.ok) return this.failed(feed, now, parsed.message, null);
    const taken = await this.takeEntries(feed, parsed.value, now);
    return this.succeeded(feed, now, {
      outcome: 'read',
      // Entries left for later must be in the next answer, so the validators that would make it a 304 are dropped.
      validators: taken.complete
        ? { etag: response.etag, lastModified: response.lastModified }
        : { etag: null, lastModified: null },
      maxAgeMs: response.maxAgeMs,
      added: taken.added,
      left: taken.left,
      title: parsed.value.title,
    });
  }

  /** Follows a permanent redirect: the feed is polled at its new address from now on (see `FeedStore.move`). */
  private moved(feed: Feed, url: string): void {
    const fields = { feedId: feed.id, from: feed.url, to: url };
    if (this.deps.feeds.move(feed.id, url))
      this.deps.logger.info('feed moved permanently; address updated', fields);
    else if (feed.fromFile) {
      this.deps.logger.warn('feed moved permanently; update its address in the feeds file', fields);
    } else
      this.deps.logger.info('feed moved permanently to an address this server already subscribes to', fields);
  }

  private succeeded(
    feed: Feed,
    now: Date,
    result: Pick<FeedPollReport, 'added' | 'left'> & {
      outcome: 'read' | 'not-modified';
      validators: { etag: string | null; lastModified: string | null };
      maxAgeMs: number | null;
      title: string | null;
    },
  ): FeedPollReport {
    const delay = Math.max(
      this.jittered(feed.everyMinutes * minuteMs),
      Math.min(result.maxAgeMs ?? 0, maxDelayMs),
    );
    const nextPollMs = now.getTime() + delay;
    this.deps.feeds.recordPoll(feed.id, {
      ...result.validators,
      nextPollMs,
      failures: 0,
      lastError: null,
      polledAt: now,
      title: result.title,
      backlogTaken: feed.backlogTaken || result.outcome === 'read',
    });
    if (result.added.length > 0) {
      this.deps.logger.info('feed read', { feedId: feed.id, added: result.added.length });
    }
    return {
      feedId: feed.id,
      url: feed.url,
      outcome: result.outcome,
      added: result.added,
      left: result.left,
      nextPollMs,
    };
  }

  private failed(feed: Feed, now: Date, message: string, retryAfterMs: number | null): FeedPollReport {
    const failures = feed.failures + 1;
    if (failures >= this.maxFailures) {
      return this.paused(feed, now, `It failed ${failures} times in a row; the last time: ${message}`);
    }
    const backoff = Math.min(feed.everyMinutes * minuteMs * 2 ** failures, maxDelayMs);
    const nextPollMs =
      now.getTime() + Math.max(this.jittered(backoff), Math.min(retryAfterMs ?? 0, maxRetryAfterMs));
    this.deps.feeds.recordPoll(feed.id, {
      etag: feed.etag,
      lastModified: feed.lastModified,
      nextPollMs,
      failures,
      lastError: message,
      polledAt: now,
      backlogTaken: feed.backlogTaken,
    });
    this.deps.logger.warn('feed poll failed; backing off', {
      feedId: feed.id,
      failures,
      nextPoll: new Date(nextPollMs).toISOString(),
      reason: message,
    });
    return { feedId: feed.id, url: feed.url, outcome: 'failed', added: [], left: {}, message, nextPollMs };
  }

  private paused(feed: Feed, now: Date, reason: string): FeedPollReport {
    this.deps.feeds.recordPoll(feed.id, {
      etag: feed.etag,
      lastModified: feed.lastModified,
      nextPollMs: feed.nextPollMs,
      failures: feed.failures + 1,
      lastError: reason,
      polledAt: now,
      backlogTaken: feed.backlogTaken,
    });
    this.deps.feeds.pause(feed.id, reason);
    this.deps.logger.warn('feed paused', { feedId: feed.id, url: feed.url, reason });
    return {
      feedId: feed.id,
      url: feed.url,
      outcome: 'paused',
      added: [],
      left: {},
      message: reason,
      nextPollMs: feed.nextPollMs,
    };
  }

  /** Takes in the entries not seen before, oldest first, at most `maxNewEntries` of them. */
  private async takeEntries(
    feed: Feed,
    parsed: ParsedFeed,
    now: Date,
  ): Promise<{ added: AddedArticle[]; left: FeedPollReport['left']; complete: boolean }> {
    const nowMs = now.getTime();
    const fresh: { entry: FeedEntry; key: string; tries: number }[] = [];
    for (const entry of parsed.entries) {
      const key = entryKey(entry);
      if (fresh.some((item) => item.key === key)) continue;
      const seen = this.deps.feeds.entry(feed.id, key);
      if (seen !== undefined && seen.state !== 'retry') {
        this.deps.feeds.touchEntry(feed.id, key, nowMs);
        continue;
      }
      fresh.push({ entry, key, tries: seen?.attempts ?? 0 });
    }
    const dated = (entry: FeedEntry): number =>
      entry.published === null ? nowMs : Date.parse(entry.published);
    fresh.sort((a, b) => dated(a.entry) - dated(b.entry));
    const batch = fresh.slice(-this.maxNewEntries);
    let complete = batch.length === fresh.length;
    const added: AddedArticle[] = [];
    const left: FeedPollReport['left'] = {};
    for (const item of batch) {
      const outcome = await this.takeEntry(feed, item, now);
      if (outcome.state === 'added') {
        if (outcome.article) added.push(outcome.article);
        continue;
      }
      left[outcome.state] = (left[outcome.state] ?? 0) + 1;
      if (outcome.state === 'retry') complete = false;
    }
    return { added, left, complete };
  }

  private async takeEntry(
    feed: Feed,
    item: { entry: FeedEntry; key: string; tries: number },
    now: Date,
  ): Promise<{ state: EntryState; article?: AddedArticle }> {
    const { deps } = this;
    const { entry, key } = item;
    const nowMs = now.getTime();
    const record = (state: EntryState, extra: { article?: number; tries?: number; detail?: string } = {}) => {
      deps.feeds.recordEntry(
        feed.id,
        key,
        {
          entryId: entry.id,
          link: entry.link,
          article: extra.article ?? null,
          state,
          attempts: extra.tries ?? item.tries,
          detail: extra.detail ?? null,
        },
        nowMs,
      );
      return { state };
    };
    const expiryMs = deps.config.NEWSDESK_FEED_EXPIRY_DAYS * dayMs;
    if (deps.feeds.seenElsewhere(feed.scope, entry.id, entry.link)) return record('duplicate');
    if (entry.published !== null && Date.parse(entry.published) < nowMs - expiryMs) return record('old');
    if (!passesFilter(entry, feed)) return record('filtered');
    const tries = item.tries + 1;
    const draft = await entryToDraft(entry, feed, {
      allowPrivate: deps.config.NEWSDESK_ALLOW_PRIVATE_URLS,
      limit: (host, work) => this.limiter.run(host, work),
      lastTry: tries >= this.entryTries,
      now,
    });
    if (!draft.ok) {
      const state = isPassing(draft.reason) && tries < this.entryTries ? 'retry' : 'failed';
      deps.logger.warn('feed entry not taken in', {
        feedId: feed.id,
        link: entry.link,
        state,
        reason: draft.message,
      });
      return record(state, { tries, detail: draft.message });
    }
    return deps.feeds.transaction(() => {
      const published = publishedMs(draft.value.published);
      const stored = storeArticle(deps.articles, draft.value, {
        scope: feed.scope,
        addedBy: `feed #${feed.id}`,
        now,
        expiresMs: Math.min(Number.isNaN(published) ? nowMs : published, nowMs) + expiryMs,
      });
      if (!stored.ok)
        return record(stored.reason === 'duplicate' ? 'duplicate' : 'failed', { detail: stored.message });
      const article = stored.value;
      record('added', { article: article.rowid, tries });
      // The feed's first read takes in what it already held without posting it: only news that arrives after is.
      const queued = feed.channelId !== null && feed.backlogTaken;
      if (queued && feed.channelId !== null)
        deps.feeds.queuePost(feed.id, key, article.rowid, feed.channelId, now);
      deps.logger.info('feed article added', {
        feedId: feed.id,
        id: article.id,
        scope: article.scope,
        queued,
      });
      return {
        state: 'added' as const,
        article: { feedId: feed.id, articleId: article.id, title: article.title, url: article.url, queued },
      };
    });
  }

  /** Sends the queued posts of active feeds, each claimed first so it is sent at most once. */
  private async postQueued(): Promise<number> {
    const { deps, poster } = this;
    if (poster === null) return 0;
    let posted = 0;
    for (const post of deps.feeds.pendingPosts()) {
      const feed = deps.feeds.get(post.feedId);
      if (!feed || feed.pausedReason !== null) continue;
      const now = deps.clock.now();
      if (!deps.feeds.claimPost(post.id, now)) continue;
      const article = post.article === null ? undefined : deps.articles.byRowid(post.article);
      if (!article) {
        deps.feeds.finishPost(post.id, 'failed', now, {
          detail: 'the article was removed before it was posted',
        });
        continue;
      }
      const lead = extractKeyPoints(deps.articles.lines(article.rowid, 1, 20), 1)[0]?.quotes[0] ?? null;
      const item: FeedPostItem = {
        feedId: feed.id,
        articleId: article.id,
        title: article.title,
        source: article.source,
        url: article.url,
        published: article.published,
        lead,
      };
      const sent = await poster.post(
        { channelId: post.channelId, threadPerArticle: post.threadPerArticle },
        item,
        postNonce(post),
      );
      const finished = deps.clock.now();
      if (sent.ok) {
        deps.feeds.finishPost(post.id, 'delivered', finished, { messageId: sent.value.messageId });
        posted++;
        continue;
      }
      if (sent.reason === 'failed') {
        // The outcome is unknown (it may have reached Discord), so it is never sent again.
        deps.feeds.finishPost(post.id, 'failed', finished, { detail: sent.message });
        deps.logger.error('posting a feed article failed; it will not be retried', {
          feedId: feed.id,
          postId: post.id,
          reason: sent.message,
        });
        continue;
      }
      // Discord refused outright, so nothing was posted: the post waits for the feed to be resumed.
      deps.feeds.unclaimPost(post.id, sent.message);
      const reason =
        sent.reason === 'missing-channel'
          ? 'Its channel no longer exists or I cannot see it.'
          : 'I lack permission to post in its channel (View Channel and Send Messages, and Create Posts in a forum).';
      deps.feeds.pause(feed.id, reason);
      deps.logger.warn('feed paused', { feedId: feed.id, reason, detail: sent.message });
    }
    return posted;
  }
}
