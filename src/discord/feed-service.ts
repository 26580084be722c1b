import type { Client } from 'discord.js';
import type { Deps } from '../deps.js';
import { FeedPoller } from '../feeds/feed-poller.js';
import { createFeedPoster } from './post-feed-article.js';

/**
 * Starts polling feeds and posting their new articles through a ready client: ticks at once (catching up on what
 * was published while the bot was down) and every `intervalMs`. Returns the poller; `stop()` it before closing the
 * database.
 */
export function startFeedService(
  client: Client<true>,
  deps: Deps,
  options: { intervalMs?: number } = {},
): FeedPoller {
  const poller = new FeedPoller(deps, createFeedPoster(client, deps.logger));
  poller.start(options.intervalMs);
  return poller;
}
