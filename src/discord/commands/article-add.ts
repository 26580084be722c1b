import {
  ActionRowBuilder,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  type ChatInputCommandInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { addArticle, type ArticleOverrides } from '../../corpus/add-article.js';
import type { ArticleInput } from '../../corpus/article-input.js';
import { fetchArticleUrl } from '../../corpus/fetch-article-url.js';
import {
  defaultMaxArticleBytes,
  parseArticleBytes,
  parsePastedText,
} from '../../corpus/parse-article-bytes.js';
import type { Result } from '../../result.js';
import { placeOf, type BotContext } from '../bot-context.js';
import { discordLimits } from '../discord-limits.js';
import { code, markdown, plainText, untrustedWithin } from '../discord-markdown.js';
import { discordOutput, notice, type OutgoingMessage } from '../discord-output.js';

const downloadTimeoutMs = 15_000;

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

/** Stores an article read from a link, a file or pasted text in this server's scope, and says what happened. */
function store(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'> | ModalSubmitInteraction<'cached' | 'raw'>,
  context: BotContext,
  input: Result<ArticleInput, string>,
  overrides: ArticleOverrides,
): OutgoingMessage {
  if (!input.ok) return notice(input.message);
  const added = addArticle(context.deps, input.value, {
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

async function download(url: string): Promise<Result<Uint8Array, 'download-failed'>> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(downloadTimeoutMs) });
    if (!response.ok) {
      return {
        ok: false,
        reason: 'download-failed',
        message: `I could not download the file from Discord (HTTP ${response.status}).`,
      };
    }
    return { ok: true, value: new Uint8Array(await response.arrayBuffer()) };
  } catch {
    return {
      ok: false,
      reason: 'download-failed',
      message: 'I could not download the file from Discord; please try again.',
    };
  }
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
    let input: Result<ArticleInput, string>;
    if (url) {
      input = await fetchArticleUrl(url, { allowPrivate: context.deps.config.NEWSDESK_ALLOW_PRIVATE_URLS });
    } else if (file && file.size > defaultMaxArticleBytes) {
      input = {
        ok: false,
        reason: 'too-large',
        message: `That file is too large; the limit is ${defaultMaxArticleBytes / 1_000_000} MB.`,
      };
    } else {
      const bytes = await download(file?.url ?? '');
      input = bytes.ok ? parseArticleBytes(bytes.value, file?.name ?? 'article.txt') : bytes;
    }
    await discordOutput.edit(interaction, store(interaction, context, input, overrides));
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
    const reply = store(interaction, context, parsePastedText(field('text') ?? ''), overrides);
    await discordOutput.reply(interaction, reply, { private: true });
  },
};
