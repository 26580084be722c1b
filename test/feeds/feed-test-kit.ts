import type { App } from '../../src/app/create-app.js';
import type { Clock } from '../../src/clock.js';
import type { Deps } from '../../src/deps.js';
import type { FeedPostItem, FeedPoster, FeedPostTarget } from '../../src/feeds/feed-poller.js';
import { FeedPoller } from '../../src/feeds/feed-poller.js';
import type { PostFailure } from '../../src/briefing/briefing-scheduler.js';
import { subscribeFeed, type SubscribeRequest } from '../../src/feeds/subscribe-feed.js';
import type { Feed } from '../../src/feeds/feed.js';
import { fail, ok } from '../../src/result.js';
import { createDatabaseFolder, openProcess } from '../briefing/briefing-test-kit.js';
import { fixedClock } from '../helpers/create-test-app.js';

/** A post the recording poster received. */
export interface RecordedFeedPost {
  target: FeedPostTarget;
  item: FeedPostItem;
  nonce: string;
}

/** A poster that records what would reach Discord, or fails with a chosen reason. */
export function recordingFeedPoster(): FeedPoster & {
  posts: RecordedFeedPost[];
  failWith: PostFailure | null;
} {
  const poster = {
    posts: [] as RecordedFeedPost[],
    failWith: null as PostFailure | null,
    post(target: FeedPostTarget, item: FeedPostItem, nonce: string) {
      if (poster.failWith !== null) return Promise.resolve(fail(poster.failWith, `fake: ${poster.failWith}`));
      poster.posts.push({ target, item, nonce });
      return Promise.resolve(ok({ messageId: `m${poster.posts.length}` }));
    },
  };
  return poster;
}

/** One simulated newsdesk process over a shared database file, with a fixed clock and private URLs allowed. */
export interface FeedProcess {
  app: App;
  deps: Deps;
  poller: FeedPoller;
  poster: ReturnType<typeof recordingFeedPoster>;
  close(): void;
}

/** A database folder and a clock that several simulated processes share. */
export interface FeedWorld {
  path: string;
  clock: Clock & { set(iso: string): void };
  /** Starts a process (a fresh start of newsdesk) on the shared database. */
  open(environment?: Record<string, string>): FeedProcess;
  remove(): void;
}

/** Moves a fixed clock forward by `minutes`. */
export function advance(clock: Clock & { set(iso: string): void }, minutes: number): void {
  clock.set(new Date(clock.now().getTime() + minutes * 60_000).toISOString());
}

/** Creates a shared database folder and clock; `open` starts processes on them. */
export function createFeedWorld(start = '2025-09-01T06:00:00Z'): FeedWorld {
  const folder = createDatabaseFolder();
  const clock = fixedClock(start);
  const open = (environment: Record<string, string> = {}): FeedProcess => {
    const app = openProcess(folder.path, clock, { NEWSDESK_ALLOW_PRIVATE_URLS: '1', ...environment });
    const poster = recordingFeedPoster();
    // No jitter, so the next poll is exactly one interval away.
    const poller = new FeedPoller(app.deps, poster, { random: () => 0.5 });
    return { app, deps: app.deps, poller, poster, close: () => app.close() };
  };
  return { path: folder.path, clock, open, remove: () => folder.remove() };
}

/** Subscribes to a feed or fails the test. */
export async function subscribe(
  deps: Deps,
  request: Partial<SubscribeRequest> & { url: string },
): Promise<Feed> {
  const subscribed = await subscribeFeed(deps, { scope: 'global', createdBy: 'test', ...request });
  if (!subscribed.ok) throw new Error(subscribed.message);
  return subscribed.value.feed;
}
