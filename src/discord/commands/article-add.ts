import {
  ActionRowBuilder,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  type ChatInputCommandInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { ArticleOverrides } from '../../corpus/add-article.js';
import { addArticleFrom, type ArticleFrom } from '../../corpus/add-article-from.js';
import { placeOf, type BotContext } from '../bot-context.js';
import { discordLimits } from '../discord-limits.js';
import { code, markdown, plainText, untrustedWithin } from '../discord-markdown.js';
import { discordOutput, notice, type OutgoingMessage } from '../discord-output.js';

function overridesFrom(
  values: Record<'title' | 'source' | 'published' | 'url', string | null>,
): ArticleOverrides {
  const overrides: ArticleOverrides = {};
  for (const [key, value] of Object.entries(values) as [keyof typeof values, string | null][]) {
    const trimmed = value?.trim();
    if (trimmed) overrides[key] = trimmed;
  }
  return overrides;
}

/** Stores an article from a link, a file or pasted text in this server's scope, and says what happened. */
async function store(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'> | ModalSubmitInteraction<'cached' | 'raw'>,
  context: BotContext,
  from: ArticleFrom,
  overrides: ArticleOverrides,
): Promise<OutgoingMessage> {
  const added = await addArticleFrom(context.deps, from, {
    scope: interaction.guildId,
    addedBy: interaction.user.id,
    overrides,
  });
  if (!added.ok) return notice(added.message);
  const article = added.value;
  const lines = `${article.lineCount} line${article.lineCount === 1 ? '' : 's'}`;
  return {
    content: markdown`Added **${untrustedWithin(article.title, 300)}** as ${code(article.id)} (${lines}). It is searched only in this server.`,
  };
}

function pasteModal(prefill: ArticleOverrides, customId: string): ModalBuilder {
  const input = (
    id: string,
    label: string,
    style: TextInputStyle,
    required: boolean,
    options: { placeholder?: string; value?: string | undefined; max: number },
  ) => {
    const field = new TextInputBuilder()
      .setCustomId(id)
      .setLabel(label)
      .setStyle(style)
      .setRequired(required)
      .setMaxLength(options.max);
    if (options.placeholder) field.setPlaceholder(options.placeholder);
    const value = options.value === undefined ? '' : plainText(options.value, options.max);
    if (value !== '') field.setValue(value);
    return new ActionRowBuilder<TextInputBuilder>().addComponents(field);
  };
  return new ModalBuilder()
    .setCustomId(customId)
    .setTitle('Add an article')
    .addComponents(
      input('text', 'Article text, one paragraph per line', TextInputStyle.Paragraph, true, {
        max: discordLimits.textInput,
        placeholder: 'Paste the article here. Front matter (--- title: ... ---) is read too.',
      }),
      input('title', 'Title', TextInputStyle.Short, false, { max: 300, value: prefill.title }),
      input('source', 'Source (publication)', TextInputStyle.Short, false, {
        max: 200,
        value: prefill.source,
      }),
      input('published', 'Published (e.g. 2025-08-29)', TextInputStyle.Short, false, {
        max: 40,
        value: prefill.published,
      }),
      input('url', 'Link to the article (optional)', TextInputStyle.Short, false, { max: 2000 }),
    );
}

/** `/article add`: from a link, an attached file, or (with neither) text pasted into a modal. */
export const articleAdd = {
  async execute(
    interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
    context: BotContext,
  ): Promise<void> {
    const url = interaction.options.getString('url');
    const file = interaction.options.getAttachment('file');
    const overrides = overridesFrom({
      title: interaction.options.getString('title'),
      source: interaction.options.getString('source'),
      published: interaction.options.getString('published'),
      url: null,
    });
    if (url && file) {
      await discordOutput.replyPrivately(interaction, notice('Give either a link or a file, not both.'));
      return;
    }
    if (!url && !file) {
      const formId = context.componentIds.make(['article', 'add'], placeOf(interaction));
      await discordOutput.showModal(interaction, pasteModal(overrides, formId));
      return;
    }
    await discordOutput.defer(interaction, { private: true });
    // The attachment's real size is checked while it downloads, whatever size Discord declared.
    const from: ArticleFrom = url
      ? { url }
      : {
          attachment: {
            url: file?.url ?? '',
            fileName: file?.name ?? 'article.txt',
            declaredSize: file?.size ?? null,
          },
        };
    await discordOutput.edit(interaction, await store(interaction, context, from, overrides));
  },

  async modal(interaction: ModalSubmitInteraction<'cached' | 'raw'>, context: BotContext): Promise<void> {
    const field = (id: string): string | null => {
      try {
        return interaction.fields.getTextInputValue(id);
      } catch {
        return null;
      }
    };
    const overrides = overridesFrom({
      title: field('title'),
      source: field('source'),
      published: field('published'),
      url: field('url'),
    });
    const reply = await store(interaction, context, { text: field('text') ?? '' }, overrides);
    await discordOutput.reply(interaction, reply, { private: true });
  },
};
