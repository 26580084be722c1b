import type { Scope } from '../corpus/article-schema.js';
import type { Deps } from '../deps.js';
import { fail, ok, type Result } from '../result.js';
import type { Feed } from './feed.js';
import { findFeed, type FindFeedFailure } from './find-feed.js';
import { readFeedSettings, type FeedSettingsInput, type FeedSettingsProblem } from './read-feed-settings.js';

/** Why a feed could not be subscribed to. */
export type SubscribeFailure = FindFeedFailure | FeedSettingsProblem | 'duplicate' | 'too-many';

/** The most feeds one server (or the terminal's global set) may follow. */
export const maxFeedsPerScope = 100;

/** A new subscription: where, who, and its settings as given. */
export interface SubscribeRequest extends FeedSettingsInput {
  url: string;
  scope: Scope;
  createdBy: string | null;
}

/**
 * Subscribes a scope to a feed: validates the settings, finds the feed at the address (or through the page it
 * announces, autodiscovery) and checks it can be read, then stores it, due for its first poll at once. That first
 * poll takes in the entries the feed already holds without posting them; only entries that arrive later are posted.
 */
export async function subscribeFeed(
  deps: Pick<Deps, 'config' | 'clock' | 'logger' | 'feeds'>,
  request: SubscribeRequest,
): Promise<Result<{ feed: Feed; entries: number }, SubscribeFailure>> {
  const settings = readFeedSettings(request, deps.config);
  if (!settings.ok) return settings;
  if (deps.feeds.count(request.scope) >= maxFeedsPerScope) {
    return fail(
      'too-many',
      `This server already follows ${maxFeedsPerScope} feeds, the most it may; remove one first.`,
    );
  }
  const found = await findFeed(request.url, {
    allowPrivate: deps.config.NEWSDESK_ALLOW_PRIVATE_URLS,
    now: deps.clock.now(),
  });
  if (!found.ok) return found;
  const { url, feed: parsed } = found.value;
  const feed = deps.feeds.transaction(() => {
    if (deps.feeds.byUrl(request.scope, url) !== undefined) return undefined;
    return deps.feeds.add(
      {
        ...settings.value,
        scope: request.scope,
        url,
        title: parsed.title,
        fromFile: false,
        createdBy: request.createdBy,
      },
      deps.clock.now(),
    );
  });
  if (feed === undefined) {
    const existing = deps.feeds.byUrl(request.scope, url);
    return fail('duplicate', `That feed is already followed here as #${existing?.id ?? '?'}.`);
  }
  deps.logger.info('feed subscribed', { feedId: feed.id, scope: feed.scope, by: request.createdBy });
  return ok({ feed, entries: parsed.entries.length });
}
