import {
  InteractionContextType,
  SlashCommandBuilder,
  type ButtonInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { answerForDiscord, admitQuestion } from '../answer-for-discord.js';
import { placeOf, type BotContext } from '../bot-context.js';
import type { Command } from '../command.js';
import { markdown } from '../discord-markdown.js';
import { discordOutput, notice } from '../discord-output.js';
import { findConversation } from '../find-conversation.js';
import { createProgressReporter } from '../progress-reporter.js';
import { renderAllSources } from '../render-answer.js';
import { scopeOf } from '../scope-of.js';

const voteWords = { 1: '\u{1F44D}', [-1]: '\u{1F44E}' } as const;

const outOfDate = 'That button is out of date, or it is not from here.';

/** The stored answer a button belongs to, if it was given where the button was pressed. */
function answerHere(interaction: ButtonInteraction, context: BotContext, answerId: number) {
  const logged = context.answers.get(answerId);
  return logged !== undefined && logged.scope === scopeOf(interaction.guildId) ? logged : undefined;
}

async function handleVote(
  interaction: ButtonInteraction,
  context: BotContext,
  answerId: number,
  vote: 1 | -1,
): Promise<void> {
  if (!answerHere(interaction, context, answerId)) {
    await discordOutput.replyPrivately(
      interaction,
      notice('That answer is no longer stored, so I cannot take a vote on it.'),
    );
    return;
  }
  const outcome = context.answers.vote(answerId, interaction.user.id, vote, context.deps.clock.now());
  const words = {
    recorded: `Thanks! Your ${voteWords[vote]} is recorded.`,
    changed: `Changed your vote to ${voteWords[vote]}.`,
    unchanged: `You already gave this answer a ${voteWords[vote]}.`,
  } as const;
  await discordOutput.replyPrivately(interaction, notice(words[outcome]));
}

async function handleSources(
  interaction: ButtonInteraction,
  context: BotContext,
  answerId: number,
): Promise<void> {
  const logged = answerHere(interaction, context, answerId);
  if (!logged) {
    await discordOutput.replyPrivately(
      interaction,
      notice('That answer is no longer stored, so I cannot list its sources.'),
    );
    return;
  }
  const [first, ...rest] = renderAllSources(logged.answer);
  if (!first) {
    await discordOutput.replyPrivately(interaction, notice('That answer has no sources.'));
    return;
  }
  await discordOutput.reply(interaction, first, { private: true });
  for (const page of rest) await discordOutput.followUp(interaction, page, { private: true });
}

/** `/ask question:` answers from the articles of this server (and the curated ones), with quoted sources. */
export const askCommand = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask a question about the news; answered only from the stored articles, with quotes.')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addStringOption((option) =>
      option.setName('question').setDescription('Your question').setRequired(true).setMaxLength(1000),
    )
    .toJSON(),

  async execute(interaction, context) {
    const admitted = admitQuestion(
      context,
      interaction.options.getString('question', true),
      interaction.user.id,
    );
    if (!admitted.ok) {
      await discordOutput.replyPrivately(interaction, notice(admitted.message));
      return;
    }
    const conversation = findConversation(
      context.answers,
      interaction.client.user.id,
      interaction.channel,
      null,
    );
    await discordOutput.defer(interaction, { private: false });
    const progress = createProgressReporter(
      (content) => discordOutput.edit(interaction, { content: markdown`${content}` }),
      (error) => context.deps.logger.warn('could not show answer progress', { error }),
    );
    const result = await answerForDiscord(context, {
      question: admitted.value,
      scope: scopeOf(interaction.guildId),
      userId: interaction.user.id,
      guildId: interaction.guildId,
      channelId: interaction.channelId,
      ...conversation,
      onProgress: (stage) => progress.report(stage),
    }).finally(() => progress.finish());
    if (!result.ok) {
      await discordOutput.edit(interaction, notice(result.message));
      return;
    }
    const [first, ...rest] = result.value.messages;
    if (!first) return;
    const posted = [await discordOutput.edit(interaction, first)];
    for (const message of rest)
      posted.push(await discordOutput.followUp(interaction, message, { private: false }));
    if (result.value.answerId !== null) {
      context.answers.linkMessages(
        result.value.answerId,
        posted.map((message) => message.id),
      );
    }
  },

  async component(interaction: ButtonInteraction | ModalSubmitInteraction, context) {
    const parts = context.componentIds.read(interaction.customId, placeOf(interaction));
    const [, action, id, vote] = parts ?? [];
    const answerId = Number(id);
    if (!interaction.isButton() || parts === null || !Number.isSafeInteger(answerId)) {
      await discordOutput.replyPrivately(interaction, notice(outOfDate));
    } else if (action === 'vote' && (vote === 'up' || vote === 'down')) {
      await handleVote(interaction, context, answerId, vote === 'up' ? 1 : -1);
    } else if (action === 'sources') {
      await handleSources(interaction, context, answerId);
    } else {
      await discordOutput.replyPrivately(interaction, notice(outOfDate));
    }
  },
} satisfies Command;
