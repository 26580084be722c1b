import type { Channel } from 'discord.js';
import type { AnswerLog } from '../answer/answer-log.js';

/** Where a question sits in a conversation: the bot's thread it was asked in, and the answer it follows up on. */
export interface Conversation {
  threadId: string | null;
  follows: number | null;
}

/**
 * Finds the conversation a question continues: a reply to one of the bot's answers follows that answer; a
 * question in a thread the bot started follows the last answer given there. Anything else starts afresh.
 */
export function findConversation(
  answers: AnswerLog,
  botId: string,
  channel: Channel | null,
  repliedToMessageId: string | null,
): Conversation {
  const inThread = channel?.isThread() === true;
  const lastInThread = inThread && channel ? answers.latestInThread(channel.id) : undefined;
  const botThread =
    inThread && channel?.isThread() && (channel.ownerId === botId || lastInThread !== undefined);
  const threadId = botThread && channel ? channel.id : null;
  const repliedTo = repliedToMessageId === null ? undefined : answers.answerForMessage(repliedToMessageId);
  return { threadId, follows: repliedTo ?? lastInThread ?? null };
}
