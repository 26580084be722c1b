import type { Scope } from '../corpus/article-schema.js';
import type { Deps } from '../deps.js';
import { fail, ok, type Result } from '../result.js';
import type { BriefingSchedule, BriefingStore } from './briefing-store.js';
import { parseSchedule, type ScheduleProblem } from './parse-schedule.js';

/**
 * Makes the stored environment schedule match `NEWSDESK_BRIEFING_CHANNEL_ID`, `NEWSDESK_BRIEFING_CRON` and
 * `NEWSDESK_BRIEFING_TZ`: creates or updates it (resuming it if it was paused), or removes it when no channel is set.
 * Its scope is `scope` when given (the channel's server), else `DISCORD_GUILD_ID`, else global.
 */
export function syncEnvironmentSchedule(
  deps: Pick<Deps, 'config' | 'clock' | 'logger'>,
  store: BriefingStore,
  scope?: Scope,
): Result<BriefingSchedule | null, ScheduleProblem> {
  const { config } = deps;
  const channelId = config.NEWSDESK_BRIEFING_CHANNEL_ID;
  if (channelId === undefined) {
    const existing = store.environmentSchedule();
    if (existing) {
      store.remove(existing.id, existing.scope);
      deps.logger.info('briefing schedule from the environment removed (no NEWSDESK_BRIEFING_CHANNEL_ID)', {
        scheduleId: existing.id,
      });
    }
    return ok(null);
  }
  const parsed = parseSchedule({
    cron: config.NEWSDESK_BRIEFING_CRON,
    timezone: config.NEWSDESK_BRIEFING_TZ,
  });
  if (!parsed.ok) {
    deps.logger.error('NEWSDESK_BRIEFING_CRON / NEWSDESK_BRIEFING_TZ cannot be used', {
      problem: parsed.message,
    });
    return fail(parsed.reason, `NEWSDESK_BRIEFING_CRON / NEWSDESK_BRIEFING_TZ: ${parsed.message}`);
  }
  const schedule = store.saveEnvironmentSchedule(
    { scope: scope ?? config.DISCORD_GUILD_ID ?? 'global', channelId, ...parsed.value },
    deps.clock.now(),
  );
  deps.logger.info('briefing schedule from the environment', {
    scheduleId: schedule.id,
    channelId,
    cron: schedule.cron,
    timezone: schedule.timezone,
  });
  return ok(schedule);
}
