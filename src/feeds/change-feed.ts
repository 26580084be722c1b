import type { Scope } from '../corpus/article-schema.js';
import type { Deps } from '../deps.js';
import { fail, ok, type Result } from '../result.js';
import type { Feed } from './feed.js';

/** What can be done to a subscription after it was made. */
export type FeedChange = 'remove' | 'pause' | 'resume';

/** Why a subscription could not be changed. */
export type ChangeFeedFailure = 'not-found' | 'curated';

/**
 * Removes, pauses or resumes a feed of `scope`: a removed feed's articles stay until they expire; a resumed one is
 * polled at once with its failures forgotten. Curated feeds are changed by editing the feeds file, not here.
 */
export function changeFeed(
  deps: Pick<Deps, 'feeds' | 'clock' | 'logger'>,
  id: number,
  scope: Scope,
  change: FeedChange,
  actor: string | null,
): Result<Feed, ChangeFeedFailure> {
  const feed = deps.feeds.get(id, scope);
  if (!feed) return fail('not-found', `There is no feed #${id} here.`);
  if (feed.fromFile) {
    return fail(
      'curated',
      `Feed #${id} is a curated feed from the feeds file; change it there (it is synced at start).`,
    );
  }
  if (change === 'remove') deps.feeds.remove(id);
  else if (change === 'pause') deps.feeds.pause(id, 'A moderator paused it.');
  else deps.feeds.resume(id, deps.clock.now());
  deps.logger.info(`feed ${change === 'remove' ? 'removed' : `${change}d`}`, {
    feedId: id,
    scope,
    by: actor,
  });
  return ok(feed);
}
