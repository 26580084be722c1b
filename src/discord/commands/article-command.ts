import {
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { listArticles } from '../../corpus/list-articles.js';
import { removalBlocker, removeArticle } from '../../corpus/remove-article.js';
import { placeOf, type BotContext } from '../bot-context.js';
import type { Command } from '../command.js';
import { code, markdown, untrustedWithin } from '../discord-markdown.js';
import { discordOutput, notice } from '../discord-output.js';
import { isModerator, moderatorOnlyText } from '../is-moderator.js';
import { articleAdd } from './article-add.js';
import { articleListPage } from './article-list.js';
import { removeConfirmation } from './article-remove.js';
import { articleShowEmbed } from './article-show.js';

async function autocompleteId(interaction: AutocompleteInteraction, context: BotContext): Promise<void> {
  if (!interaction.inGuild() || !isModerator(interaction, context.deps.config)) {
    await discordOutput.respond(interaction, []);
    return;
  }
  const query = interaction.options.getFocused().toLowerCase().trim();
  const removing = interaction.options.getSubcommand() === 'remove';
  const choices = listArticles(context.deps, interaction.guildId)
    .articles.filter((article) => !removing || removalBlocker(article, interaction.guildId) === null)
    .filter(
      (article) => query === '' || article.id.includes(query) || article.title.toLowerCase().includes(query),
    )
    .map((article) => ({ name: `${article.id} \u2014 ${article.title}`, value: article.id }));
  await discordOutput.respond(interaction, choices);
}

const outOfDate = 'That button is out of date, or it is not from here; please run the command again.';

/** Makes the custom ids of a moderator's private prompt, bound to them and to where they asked. */
function personalIds(interaction: ChatInputCommandInteraction | ButtonInteraction, context: BotContext) {
  const place = placeOf(interaction);
  return (parts: string[]): string => context.componentIds.make(parts, place);
}

async function handleButton(
  interaction: ButtonInteraction<'cached' | 'raw'>,
  context: BotContext,
  parts: string[],
): Promise<void> {
  const [, action, argument] = parts;
  if (action === 'list') {
    const page = articleListPage(
      context.deps,
      interaction.guildId,
      Number(argument),
      personalIds(interaction, context),
    );
    await discordOutput.update(interaction, page);
    return;
  }
  if (action === 'remove' && argument) {
    const article = context.deps.articles.byRowid(Number(argument));
    const removed = article
      ? removeArticle(context.deps, article.id, interaction.guildId, interaction.user.id)
      : ({ ok: false, message: 'That article was already removed.' } as const);
    await discordOutput.update(
      interaction,
      removed.ok
        ? {
            content: markdown`Removed **${untrustedWithin(removed.value.title, 300)}** (${code(removed.value.id)}). It will no longer be used for answers here.`,
          }
        : notice(removed.message),
    );
    return;
  }
  if (action === 'cancel') await discordOutput.update(interaction, notice('Kept the article.'));
  else await discordOutput.replyPrivately(interaction, notice(outOfDate));
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
    case 'list': {
      const page = interaction.options.getInteger('page') ?? 1;
      const list = articleListPage(deps, scope, page, personalIds(interaction, context));
      await discordOutput.reply(interaction, list, { private: true });
      return;
    }
    case 'show': {
      const shown = articleShowEmbed(
        deps,
        scope,
        interaction.options.getString('id', true),
        interaction.options.getString('lines'),
      );
      if (shown.ok) await discordOutput.reply(interaction, shown.value, { private: true });
      else await discordOutput.replyPrivately(interaction, notice(shown.message));
      return;
    }
    case 'remove': {
      const confirmation = removeConfirmation(
        deps,
        scope,
        interaction.options.getString('id', true),
        personalIds(interaction, context),
      );
      if (confirmation.ok) await discordOutput.reply(interaction, confirmation.value, { private: true });
      else await discordOutput.replyPrivately(interaction, notice(confirmation.message));
      return;
    }
    default:
      await discordOutput.replyPrivately(interaction, notice('That subcommand is out of date.'));
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
      await discordOutput.replyPrivately(interaction, notice(moderatorOnlyText));
      return;
    }
    await execute(interaction, context);
  },

  autocomplete: autocompleteId,

  async component(interaction, context) {
    const parts = context.componentIds.read(interaction.customId, placeOf(interaction));
    if (!interaction.inGuild() || !isModerator(interaction, context.deps.config)) {
      await discordOutput.replyPrivately(interaction, notice(moderatorOnlyText));
    } else if (parts === null) {
      await discordOutput.replyPrivately(interaction, notice(outOfDate));
    } else if (interaction.isModalSubmit() && parts[1] === 'add') {
      await articleAdd.modal(interaction, context);
    } else if (interaction.isButton()) {
      await handleButton(interaction, context, parts);
    } else {
      await discordOutput.replyPrivately(interaction, notice(outOfDate));
    }
  },
} satisfies Command;
