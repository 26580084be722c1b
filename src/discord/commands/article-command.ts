import {
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { listArticles } from '../../corpus/list-articles.js';
import { removalBlocker, removeArticle } from '../../corpus/remove-article.js';
import type { BotContext } from '../bot-context.js';
import type { Command } from '../command.js';
import { isModerator, moderatorOnlyText } from '../is-moderator.js';
import { neutraliseText, stripInvisible } from '../neutralise-text.js';
import { replyPrivately } from '../reply-privately.js';
import { addModalId, articleAdd } from './article-add.js';
import { articleListPage } from './article-list.js';
import { removeConfirmation } from './article-remove.js';
import { articleShowEmbed } from './article-show.js';

async function autocompleteId(interaction: AutocompleteInteraction, context: BotContext): Promise<void> {
  if (!interaction.inGuild() || !isModerator(interaction, context.deps.config)) {
    await interaction.respond([]);
    return;
  }
  const query = interaction.options.getFocused().toLowerCase().trim();
  const removing = interaction.options.getSubcommand() === 'remove';
  const choices = listArticles(context.deps, interaction.guildId)
    .articles.filter((article) => !removing || removalBlocker(article, interaction.guildId) === null)
    .filter(
      (article) => query === '' || article.id.includes(query) || article.title.toLowerCase().includes(query),
    )
    .slice(0, 25)
    .map((article) => {
      const name = `${article.id} \u2014 ${stripInvisible(article.title).trim()}`;
      return { name: name.length <= 100 ? name : `${name.slice(0, 99)}\u2026`, value: article.id };
    });
  await interaction.respond(choices);
}

async function handleButton(
  interaction: ButtonInteraction<'cached' | 'raw'>,
  context: BotContext,
): Promise<void> {
  const [, action, argument] = interaction.customId.split(':');
  if (action === 'list') {
    await interaction.update(articleListPage(context.deps, interaction.guildId, Number(argument)));
  } else if (action === 'remove' && argument) {
    const removed = removeArticle(context.deps, argument, interaction.guildId, interaction.user.id);
    await interaction.update({
      content: removed.ok
        ? `Removed **${neutraliseText(removed.value.title)}** (\`${removed.value.id}\`). It will no longer be used for answers here.`
        : removed.message,
      components: [],
    });
  } else if (action === 'cancel') {
    await interaction.update({ content: 'Kept the article.', components: [] });
  } else {
    await replyPrivately(interaction, 'That button is out of date; please run the command again.');
  }
}

async function execute(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
  context: BotContext,
): Promise<void> {
  const { deps } = context;
  const scope = interaction.guildId;
  switch (interaction.options.getSubcommand()) {
    case 'add':
      await articleAdd.execute(interaction, context);
      return;
    case 'list':
      await interaction.reply({
        ...articleListPage(deps, scope, interaction.options.getInteger('page') ?? 1),
        flags: MessageFlags.Ephemeral,
      });
      return;
    case 'show': {
      const shown = articleShowEmbed(
        deps,
        scope,
        interaction.options.getString('id', true),
        interaction.options.getString('lines'),
      );
      if (shown.ok) await interaction.reply({ embeds: [shown.value], flags: MessageFlags.Ephemeral });
      else await replyPrivately(interaction, shown.message);
      return;
    }
    case 'remove': {
      const confirmation = removeConfirmation(deps, scope, interaction.options.getString('id', true));
      if (confirmation.ok) await interaction.reply({ ...confirmation.value, flags: MessageFlags.Ephemeral });
      else await replyPrivately(interaction, confirmation.message);
      return;
    }
    default:
      await replyPrivately(interaction, 'That subcommand is out of date.');
  }
}

/** `/article add|list|show|remove`: moderators curate the articles answered from in their server. */
export const articleCommand = {
  data: new SlashCommandBuilder()
    .setName('article')
    .setDescription('Manage the articles newsdesk answers from in this server (moderators).')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      sub
        .setName('add')
        .setDescription('Add an article from a link, a file, or pasted text (leave link and file empty).')
        .addStringOption((option) =>
          option.setName('url').setDescription('Link to the article page').setMaxLength(2000),
        )
        .addAttachmentOption((option) => option.setName('file').setDescription('A .txt, .md or .html file'))
        .addStringOption((option) =>
          option.setName('title').setDescription('Title (overrides the one found)').setMaxLength(300),
        )
        .addStringOption((option) =>
          option
            .setName('source')
            .setDescription('Publication, e.g. Reuters (overrides the one found)')
            .setMaxLength(200),
        )
        .addStringOption((option) =>
          option
            .setName('published')
            .setDescription('Publication date, e.g. 2025-08-29 (overrides the one found)')
            .setMaxLength(40),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName('list')
        .setDescription('List the articles answered from here, with who added each.')
        .addIntegerOption((option) => option.setName('page').setDescription('Page number').setMinValue(1)),
    )
    .addSubcommand((sub) =>
      sub
        .setName('show')
        .setDescription("Show an article's details and numbered lines.")
        .addStringOption((option) =>
          option.setName('id').setDescription('Article id or title').setRequired(true).setAutocomplete(true),
        )
        .addStringOption((option) =>
          option.setName('lines').setDescription('Lines to show, e.g. 5 or 3-8').setMaxLength(20),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName('remove')
        .setDescription('Remove an article added in this server (asks for confirmation).')
        .addStringOption((option) =>
          option.setName('id').setDescription('Article id or title').setRequired(true).setAutocomplete(true),
        ),
    )
    .toJSON(),

  async execute(interaction, context) {
    if (!interaction.inGuild() || !isModerator(interaction, context.deps.config)) {
      await replyPrivately(interaction, moderatorOnlyText);
      return;
    }
    await execute(interaction, context);
  },

  autocomplete: autocompleteId,

  async component(interaction, context) {
    if (!interaction.inGuild() || !isModerator(interaction, context.deps.config)) {
      await replyPrivately(interaction, moderatorOnlyText);
    } else if (interaction.isModalSubmit() && interaction.customId === addModalId) {
      await articleAdd.modal(interaction, context);
    } else if (interaction.isButton()) {
      await handleButton(interaction, context);
    } else {
      await replyPrivately(interaction, 'That form is out of date; please run the command again.');
    }
  },
} satisfies Command;
