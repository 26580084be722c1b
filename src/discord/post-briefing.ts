import { DiscordAPIError, type Client } from 'discord.js';
import type { BriefingPoster, PostOutcome } from '../briefing/briefing-scheduler.js';
import type { Logger } from '../logger.js';
import { classifyPostFailure, describeFailure } from './classify-post-failure.js';
import { deliveryPolicyOf } from './delivery.js';
import { discordOutput } from './discord-output.js';
import { renderBriefing } from './render-briefing.js';

/** How long fetching the briefing channel may be retried. */
const channelFetchMs = 60_000;

/**
 * Renders a briefing (`renderBriefing`) and posts it to a channel through the ready discord.js client and the one
 * output boundary: mentions parse nothing, link previews are suppressed, and each message carries a nonce made from
 * the slot's key and its part number, so a post retried after a lost response is de-duplicated by Discord. Only a
 * refusal Discord answered (4xx) before any message was posted counts as certainly not posted.
 */
export function createBriefingPoster(client: Client<true>, logger: Logger): BriefingPoster {
  return {
    async post(channelId, briefing, { key }): Promise<PostOutcome> {
      let channel;
      try {
        channel = await deliveryPolicyOf(client).deliver(
          () => client.channels.fetch(channelId),
          Date.now() + channelFetchMs,
        );
      } catch (error) {
        logger.warn('briefing channel could not be fetched', { channelId, error });
        return {
          ok: false,
          reason: classifyPostFailure(error),
          message: describeFailure(error),
          mayHavePosted: false,
        };
      }
      if (channel === null || !channel.isSendable()) {
        return {
          ok: false,
          reason: 'missing-channel',
          message: `Channel ${channelId} is not a channel I can post in.`,
          mayHavePosted: false,
        };
      }
      const messageIds: string[] = [];
      for (const [index, part] of renderBriefing(briefing).entries()) {
        const nonce = `${key}.${index}`;
        try {
          const message = await discordOutput.send(channel, part, {
            nonce,
            onEarlierAttempt: () =>
              logger.info('a retried briefing post found the message an earlier attempt had posted', {
                channelId,
                nonce,
              }),
          });
          messageIds.push(message.id);
        } catch (error) {
          logger.warn('posting a briefing message failed', { channelId, posted: messageIds.length, error });
          const refused = error instanceof DiscordAPIError && error.status < 500;
          return {
            ok: false,
            reason: classifyPostFailure(error),
            message: describeFailure(error),
            mayHavePosted: messageIds.length > 0 || !refused,
          };
        }
      }
      return { ok: true, value: { messageIds } };
    },
  };
}
