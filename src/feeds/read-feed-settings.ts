import type { Config } from '../config.js';
import { fail, ok, type Result } from '../result.js';
import { parseKeywords } from './entry-filter.js';
import { bodySources, type BodySource, type FeedSettings } from './feed.js';
import { parseInterval } from './parse-interval.js';

/** A subscription's settings as a moderator, the terminal or the curated file give them (all optional but where). */
export interface FeedSettingsInput {
  channelId?: string | null | undefined;
  threadPerArticle?: boolean | undefined;
  include?: string | readonly string[] | null | undefined;
  exclude?: string | readonly string[] | null | undefined;
  every?: string | null | undefined;
  body?: string | null | undefined;
}

/** Why a subscription's settings were refused. */
export type FeedSettingsProblem = 'invalid-interval' | 'invalid-keywords' | 'invalid-body';

/**
 * Validates a subscription's settings, the same for every way a feed is added: the interval (default and minimum
 * from the config), the keyword filters, and where article text comes from (`auto` by default).
 */
export function readFeedSettings(
  input: FeedSettingsInput,
  config: Pick<Config, 'NEWSDESK_FEED_EVERY_MINUTES' | 'NEWSDESK_FEED_MIN_MINUTES'>,
): Result<FeedSettings, FeedSettingsProblem> {
  const every =
    input.every === undefined || input.every === null || input.every.trim() === ''
      ? ok(config.NEWSDESK_FEED_EVERY_MINUTES)
      : parseInterval(input.every, config.NEWSDESK_FEED_MIN_MINUTES);
  if (!every.ok) return every;
  const include = parseKeywords(input.include ?? []);
  if (!include.ok) return include;
  const exclude = parseKeywords(input.exclude ?? []);
  if (!exclude.ok) return exclude;
  const body = (input.body ?? 'auto').trim().toLowerCase();
  if (!bodySources.includes(body as BodySource)) {
    return fail('invalid-body', `"${input.body ?? ''}" is not a body source; use auto, page or feed.`);
  }
  return ok({
    channelId: input.channelId ?? null,
    threadPerArticle: input.threadPerArticle ?? false,
    include: include.value,
    exclude: exclude.value,
    everyMinutes: every.value,
    body: body as BodySource,
  });
}
