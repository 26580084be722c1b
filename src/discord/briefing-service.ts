import type { Client } from 'discord.js';
import { BriefingScheduler } from '../briefing/briefing-scheduler.js';
import { syncEnvironmentSchedule } from '../briefing/sync-environment-schedule.js';
import type { Deps } from '../deps.js';
import { createBriefingPoster } from './post-briefing.js';

/**
 * Starts posting scheduled briefings through a ready client: syncs the schedule configured in the environment (in
 * the server its channel belongs to), then ticks at once (posting a slot missed while down, if within grace) and
 * every `intervalMs`. Returns the scheduler; `stop()` it before closing the database.
 */
export function startBriefingService(
  client: Client<true>,
  deps: Deps,
  options: { intervalMs?: number } = {},
): BriefingScheduler {
  const store = deps.briefings;
  const channelId = deps.config.NEWSDESK_BRIEFING_CHANNEL_ID;
  const channel = channelId === undefined ? undefined : client.channels.cache.get(channelId);
  const scope =
    channel !== undefined && 'guildId' in channel && channel.guildId !== null ? channel.guildId : undefined;
  syncEnvironmentSchedule(deps, store, scope);
  const scheduler = new BriefingScheduler(deps, store, createBriefingPoster(client, deps.logger));
  scheduler.start(options.intervalMs);
  return scheduler;
}
