import { ChannelType, type Client } from 'discord.js';
import type { FeedPoster } from '../feeds/feed-poller.js';
import type { Logger } from '../logger.js';
import { fail, ok } from '../result.js';
import { classifyPostFailure, describeFailure } from './classify-post-failure.js';
import { deliveryPolicyOf } from './delivery.js';
import { discordOutput } from './discord-output.js';
import { renderFeedPost } from './render-feed-post.js';

/**
 * Posts new feed articles through the ready discord.js client and the one output boundary (`renderFeedPost`): one
 * post per article in a forum channel, else a message in the channel (with the claim's nonce, so Discord drops a
 * repeated try) and, when the feed asks for it, a thread started on it.
 */
export function createFeedPoster(client: Client<true>, logger: Logger): FeedPoster {
  return {
    async post(target, item, nonce) {
      let channel;
      try {
        channel = await deliveryPolicyOf(client).deliver(
          () => client.channels.fetch(target.channelId),
          Date.now() + 60_000,
        );
      } catch (error) {
        logger.warn('feed channel could not be fetched', { channelId: target.channelId, error });
        return fail(classifyPostFailure(error), describeFailure(error));
      }
      const message = renderFeedPost(item);
      try {
        if (channel?.type === ChannelType.GuildForum || channel?.type === ChannelType.GuildMedia) {
          const thread = await discordOutput.createForumPost(channel, item.title, message);
          return ok({ messageId: thread.id });
        }
        if (channel === null || !channel.isSendable()) {
          return fail('missing-channel', `Channel ${target.channelId} is not a channel I can post in.`);
        }
        const sent = await discordOutput.send(channel, message, { nonce });
        if (target.threadPerArticle && !channel.isThread() && channel.type !== ChannelType.DM) {
          // The article is posted either way; a thread that cannot be started is worth a log line, not a failure.
          await discordOutput.startThread(sent, item.title).catch((error: unknown) => {
            logger.warn('could not start a thread on a feed article', { channelId: target.channelId, error });
          });
        }
        return ok({ messageId: sent.id });
      } catch (error) {
        logger.warn('posting a feed article failed', { channelId: target.channelId, error });
        return fail(classifyPostFailure(error), describeFailure(error));
      }
    },
  };
}
