import { DiscordAPIError, RESTJSONErrorCodes, type Client } from 'discord.js';
import type { BriefingPoster, PostFailure } from '../briefing/briefing-scheduler.js';
import type { Logger } from '../logger.js';
import { fail, ok, type Result } from '../result.js';
import { discordOutput } from './discord-output.js';
import { renderBriefing } from './render-briefing.js';

/** Sorts a Discord failure into what the scheduler acts on: a missing channel or permission pauses the schedule. */
function classify(error: unknown): PostFailure {
  if (!(error instanceof DiscordAPIError)) return 'failed';
  if (error.code === RESTJSONErrorCodes.UnknownChannel || error.status === 404) return 'missing-channel';
  if (
    error.code === RESTJSONErrorCodes.MissingAccess ||
    error.code === RESTJSONErrorCodes.MissingPermissions ||
    error.status === 403
  ) {
    return 'missing-permission';
  }
  return 'failed';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Renders a briefing (`renderBriefing`) and posts it to a channel through the ready discord.js client and the one
 * output boundary: mentions parse nothing, link previews are suppressed.
 */
export function createBriefingPoster(client: Client<true>, logger: Logger): BriefingPoster {
  return {
    async post(channelId, briefing): Promise<Result<{ messageIds: string[] }, PostFailure>> {
      let channel;
      try {
        channel = await client.channels.fetch(channelId);
      } catch (error) {
        logger.warn('briefing channel could not be fetched', { channelId, error });
        return fail(classify(error), describe(error));
      }
      if (channel === null || !channel.isSendable()) {
        return fail('missing-channel', `Channel ${channelId} is not a channel I can post in.`);
      }
      const messageIds: string[] = [];
      for (const part of renderBriefing(briefing)) {
        try {
          const message = await discordOutput.send(channel, part);
          messageIds.push(message.id);
        } catch (error) {
          logger.warn('posting a briefing message failed', { channelId, posted: messageIds.length, error });
          return fail(classify(error), describe(error));
        }
      }
      return ok({ messageIds });
    },
  };
}
