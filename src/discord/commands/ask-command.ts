import {
  InteractionContextType,
  MessageFlags,
  SlashCommandBuilder,
  type ButtonInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { answerForDiscord, admitQuestion } from '../answer-for-discord.js';
import type { BotContext } from '../bot-context.js';
import type { Command } from '../command.js';
import { findConversation } from '../find-conversation.js';
import { createProgressReporter } from '../progress-reporter.js';
import { renderAllSources } from '../render-answer.js';
import { replyPrivately } from '../reply-privately.js';
import { scopeOf } from '../scope-of.js';

const voteWords = { 1: '\u{1F44D}', [-1]: '\u{1F44E}' } as const;

async function handleVote(
  interaction: ButtonInteraction,
  context: BotContext,
  answerId: number,
  vote: 1 | -1,
): Promise<void> {
  if (!context.answers.get(answerId)) {
    await replyPrivately(interaction, 'That answer is no longer stored, so I cannot take a vote on it.');
    return;
  }
  const outcome = context.answers.vote(answerId, interaction.user.id, vote, context.deps.clock.now());
  const words = {
    recorded: `Thanks! Your ${voteWords[vote]} is recorded.`,
    changed: `Changed your vote to ${voteWords[vote]}.`,
    unchanged: `You already gave this answer a ${voteWords[vote]}.`,
  } as const;
  await replyPrivately(interaction, words[outcome]);
}

async function handleSources(
  interaction: ButtonInteraction,
  context: BotContext,
  answerId: number,
): Promise<void> {
  const logged = context.answers.get(answerId);
  if (!logged) {
    await replyPrivately(interaction, 'That answer is no longer stored, so I cannot list its sources.');
    return;
  }
  const [first, ...rest] = renderAllSources(logged.answer);
  if (!first) {
    await replyPrivately(interaction, 'That answer has no sources.');
    return;
  }
  await interaction.reply({ embeds: first.embeds, flags: MessageFlags.Ephemeral });
  for (const page of rest) await interaction.followUp({ embeds: page.embeds, flags: MessageFlags.Ephemeral });
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
      await replyPrivately(interaction, admitted.message);
      return;
    }
    const conversation = findConversation(
      context.answers,
      interaction.client.user.id,
      interaction.channel,
      null,
    );
    await interaction.deferReply();
    const progress = createProgressReporter(
      (content) => interaction.editReply({ content }),
      (error) => context.deps.logger.warn('could not show answer progress', { error }),
    );
    const result = await answerForDiscord(context, {
      question: admitted.value,
      scope: scopeOf(interaction.guildId),
      userId: interaction.user.id,
      ...conversation,
      onProgress: (stage) => progress.report(stage),
    }).finally(() => progress.finish());
    if (!result.ok) {
      await interaction.editReply({ content: result.message });
      return;
    }
    const [first, ...rest] = result.value.messages;
    if (!first) return;
    const posted = [await interaction.editReply(first)];
    for (const message of rest) posted.push(await interaction.followUp(message));
    if (result.value.answerId !== null) {
      context.answers.linkMessages(
        result.value.answerId,
        posted.map((message) => message.id),
      );
    }
  },

  async component(interaction: ButtonInteraction | ModalSubmitInteraction, context) {
    const [, action, id, vote] = interaction.customId.split(':');
    const answerId = Number(id);
    if (!interaction.isButton() || !Number.isSafeInteger(answerId)) {
      await replyPrivately(interaction, 'That button is out of date.');
    } else if (action === 'vote' && (vote === 'up' || vote === 'down')) {
      await handleVote(interaction, context, answerId, vote === 'up' ? 1 : -1);
    } else if (action === 'sources') {
      await handleSources(interaction, context, answerId);
    } else {
      await replyPrivately(interaction, 'That button is out of date.');
    }
  },
} satisfies Command;
