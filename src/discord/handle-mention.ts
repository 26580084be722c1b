import { ChannelType, type Message } from 'discord.js';
import { answerForDiscord, admitQuestion } from './answer-for-discord.js';
import type { BotContext } from './bot-context.js';
import { markdown, userMention } from './discord-markdown.js';
import { discordOutput, notice, type OutgoingMessage } from './discord-output.js';
import { findConversation } from './find-conversation.js';
import { scopeOf } from './scope-of.js';

const failureText =
  'Sorry, something went wrong on my side while answering that. Please try again in a moment.';

/** Whether a message is a question for the bot: a direct message, or a message that mentions or replies to it. */
function isForBot(message: Message, botId: string): boolean {
  if (message.author.bot || message.system) return false;
  if (!message.inGuild()) return true;
  return message.mentions.users.has(botId);
}

function threadIntro(botId: string): OutgoingMessage {
  return {
    content: markdown`Ask follow-up questions here: mention ${userMention(botId)} with your question, or use /ask. I'll keep the last few questions and answers of this thread in mind.`,
  };
}

/**
 * Answers a question sent to the bot in a message (a mention, a reply to one of its answers, or a direct message)
 * as a reply, and starts a thread on the reply for follow-ups when asked in a server text channel. Never rejects.
 */
export async function handleMention(message: Message, context: BotContext): Promise<void> {
  const botId = message.client.user.id;
  if (!isForBot(message, botId)) return;
  const { deps, answers } = context;
  try {
    const question = message.content.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ');
    const admitted = admitQuestion(context, question, message.author.id);
    if (!admitted.ok) {
      await discordOutput.replyToMessage(message, notice(admitted.message));
      return;
    }
    const conversation = findConversation(
      answers,
      botId,
      message.channel,
      message.reference?.messageId ?? null,
    );
    if (message.channel.isSendable()) {
      await message.channel
        .sendTyping()
        .catch((error: unknown) => deps.logger.debug('typing failed', { error }));
    }
    const result = await answerForDiscord(context, {
      question: admitted.value,
      scope: scopeOf(message.guildId),
      userId: message.author.id,
      guildId: message.guildId,
      channelId: message.channelId,
      ...conversation,
    });
    if (!result.ok) {
      await discordOutput.replyToMessage(message, notice(result.message));
      return;
    }
    const [first, ...rest] = result.value.messages;
    if (!first) return;
    // Nonces from the question's id: a part retried after a lost response is not posted twice.
    const reply = await discordOutput.replyToMessage(message, first, { nonce: `a${message.id}.0` });
    const posted: Message[] = [reply];
    for (const part of rest) {
      if (message.channel.isSendable()) {
        posted.push(
          await discordOutput.send(message.channel, part, { nonce: `a${message.id}.${posted.length}` }),
        );
      }
    }
    const { answerId } = result.value;
    if (answerId === null) return;
    answers.linkMessages(
      answerId,
      posted.map((sent) => sent.id),
    );
    if (conversation.threadId === null && message.channel.type === ChannelType.GuildText) {
      try {
        const thread = await discordOutput.startThread(reply, `Follow-ups: ${admitted.value}`);
        answers.setThread(answerId, thread.id);
        await discordOutput.send(thread, threadIntro(botId));
      } catch (error) {
        deps.logger.warn('could not start a follow-up thread (missing Create Public Threads permission?)', {
          error,
        });
      }
    }
  } catch (error) {
    deps.logger.error('answering a mention failed', { message: message.id, error });
    try {
      await discordOutput.replyToMessage(message, notice(failureText));
    } catch (replyError) {
      deps.logger.error('could not tell the user that their question failed', {
        message: message.id,
        error: new Error('reply failed', { cause: replyError }),
      });
    }
  }
}
