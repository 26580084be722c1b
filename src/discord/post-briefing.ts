import type { Client } from 'discord.js';
import type { BriefingPoster, PostFailure } from '../briefing/briefing-scheduler.js';
import type { Logger } from '../logger.js';
import { fail, ok, type Result } from '../result.js';
import { classifyPostFailure, describeFailure } from './classify-post-failure.js';
import { discordOutput } from './discord-output.js';
import { renderBriefing } from './render-briefing.js';

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
        return fail(classifyPostFailure(error), describeFailure(error));
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
          return fail(classifyPostFailure(error), describeFailure(error));
        }
      }
      return ok({ messageIds });
    },
  };
}
