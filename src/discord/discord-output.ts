import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ForumChannel,
  type InteractionReplyOptions,
  type MediaChannel,
  type Message,
  type ModalBuilder,
  type RepliableInteraction,
  type SendableChannels,
  type ThreadChannel,
} from 'discord.js';
import { deliveryPolicyOf } from './delivery.js';
import { discordLimits } from './discord-limits.js';
import { plainText, safeLinkTarget, untrustedWithin, type Markdown } from './discord-markdown.js';

/** An embed the bot posts: Markdown title and description, a plain-text footer, and an article's URL at most. */
export interface OutgoingEmbed {
  title?: Markdown;
  /** The article's own stored URL (checked to be http(s) again here). */
  url?: string | null;
  description?: Markdown;
  /** Footers show no Markdown, so this is plain text (neutralised with `plainText`). */
  footer?: string;
}

/** A button the bot posts; its custom id is made by `componentIds`, its label is plain text. */
export interface OutgoingButton {
  customId: string;
  label?: string;
  emoji?: string;
  style?: 'primary' | 'secondary' | 'danger';
  disabled?: boolean;
}

/** One message as the rendering layer builds it; only `discordOutput` turns it into a Discord request. */
export interface OutgoingMessage {
  content: Markdown;
  embeds?: readonly OutgoingEmbed[];
  /** Rows of buttons. */
  buttons?: readonly (readonly OutgoingButton[])[];
}

/** Thrown when a rendered message breaks one of Discord's limits: a bug in a renderer, never sent. */
export class OutputLimitError extends Error {
  override name = 'OutputLimitError';
}

/** Every message the bot sends parses no mentions at all, and a reply never pings its author. */
const noMentions = { parse: [] as [], repliedUser: false } as const;

const styles = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  danger: ButtonStyle.Danger,
} as const;

function check(condition: boolean, what: string): void {
  if (!condition) throw new OutputLimitError(`A rendered message breaks Discord's limit on ${what}.`);
}

function toEmbed(embed: OutgoingEmbed): APIEmbed {
  const url = embed.url ? safeLinkTarget(embed.url) : null;
  const footer = embed.footer === undefined ? undefined : plainText(embed.footer, discordLimits.embedFooter);
  return {
    ...(embed.title ? { title: embed.title.text } : {}),
    ...(url ? { url } : {}),
    ...(embed.description ? { description: embed.description.text } : {}),
    ...(footer ? { footer: { text: footer } } : {}),
  };
}

function toRow(buttons: readonly OutgoingButton[]): APIActionRowComponent<APIButtonComponentWithCustomId> {
  check(buttons.length <= discordLimits.buttonsPerRow, 'buttons per row');
  return {
    type: ComponentType.ActionRow,
    components: buttons.map((button) => {
      check(button.customId.length <= discordLimits.customId, 'custom id length');
      return {
        type: ComponentType.Button,
        style: styles[button.style ?? 'secondary'],
        custom_id: button.customId,
        ...(button.label !== undefined ? { label: plainText(button.label, discordLimits.buttonLabel) } : {}),
        ...(button.emoji !== undefined ? { emoji: { name: button.emoji } } : {}),
        ...(button.disabled === true ? { disabled: true } : {}),
      };
    }),
  };
}

/** The Discord request body of a message, checked against every limit; mentions never parse. */
export function toPayload(message: OutgoingMessage) {
  const embeds = (message.embeds ?? []).map(toEmbed);
  const rows = (message.buttons ?? []).filter((row) => row.length > 0).map(toRow);
  check(message.content.length <= discordLimits.content, 'message length');
  check(message.content.length > 0 || embeds.length > 0, 'an empty message');
  check(embeds.length <= discordLimits.embedsPerMessage, 'embeds per message');
  check(rows.length <= discordLimits.rowsPerMessage, 'rows of buttons');
  let total = 0;
  for (const embed of embeds) {
    check((embed.title?.length ?? 0) <= discordLimits.embedTitle, 'embed title length');
    check((embed.description?.length ?? 0) <= discordLimits.embedDescription, 'embed description length');
    total += (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0);
  }
  check(total <= discordLimits.embedTotal, 'characters across embeds');
  return { content: message.content.text, embeds, components: rows, allowedMentions: noMentions };
}

/** An autocomplete choice: a plain-text name and its value. */
export interface OutgoingChoice {
  name: string;
  value: string | number;
}

/** How long after an interaction was created Discord still takes its first response (it allows 3 seconds). */
const acknowledgeWithinMs = 2500;
/** How long an interaction's token can still edit and follow up (Discord keeps it 15 minutes). */
const tokenLifetimeMs = 14.5 * 60_000;

type Interactive = RepliableInteraction | AutocompleteInteraction;

/** Runs a request to acknowledge an interaction, retried while the 3-second window lasts. */
function acknowledge<T>(interaction: Interactive, request: () => Promise<T>): Promise<T> {
  return deliveryPolicyOf(interaction.client).deliver(
    request,
    interaction.createdTimestamp + acknowledgeWithinMs,
  );
}

/** Runs a request that uses an interaction's token, retried while the token lives. */
function withToken<T>(interaction: RepliableInteraction, request: () => Promise<T>): Promise<T> {
  return deliveryPolicyOf(interaction.client).deliver(
    request,
    interaction.createdTimestamp + tokenLifetimeMs,
  );
}

/**
 * The one way the bot talks to Discord: every reply, edit, follow-up, update, channel post, autocomplete answer,
 * form and thread name goes through here, built from `Markdown` and checked against `discordLimits`, with mentions
 * parsing nothing, and delivered by the client's `DeliveryPolicy` (5xx, network failures and rate limits retried
 * with backoff while Discord can still take the message). ESLint keeps the rest of `src/discord/` from calling
 * discord.js's send methods directly.
 */
export const discordOutput = {
  /** Replies to an interaction, privately when `private` is set. */
  async reply(interaction: RepliableInteraction, message: OutgoingMessage, options: { private: boolean }) {
    const payload: InteractionReplyOptions = {
      ...toPayload(message),
      ...(options.private ? { flags: MessageFlags.Ephemeral } : {}),
    };
    await acknowledge(interaction, () => interaction.reply(payload));
  },

  /** Tells the user something only they can see: a private reply, or a private follow-up once one was sent. */
  async replyPrivately(interaction: RepliableInteraction, message: OutgoingMessage): Promise<void> {
    const payload = { ...toPayload(message), flags: MessageFlags.Ephemeral } as const;
    if (interaction.deferred || interaction.replied) {
      await withToken(interaction, () => interaction.followUp(payload));
    } else {
      await acknowledge(interaction, () => interaction.reply(payload));
    }
  },

  /** Acknowledges an interaction now ("is thinking…"), to be edited within 15 minutes. */
  async defer(interaction: RepliableInteraction, options: { private: boolean }): Promise<void> {
    await acknowledge(interaction, () =>
      interaction.deferReply(options.private ? { flags: MessageFlags.Ephemeral } : {}),
    );
  },

  /** Replaces the interaction's original reply. */
  async edit(interaction: RepliableInteraction, message: OutgoingMessage): Promise<Message> {
    const payload = toPayload(message);
    return withToken(interaction, () => interaction.editReply(payload));
  },

  /** Adds a follow-up message to an interaction. */
  async followUp(
    interaction: RepliableInteraction,
    message: OutgoingMessage,
    options: { private: boolean },
  ): Promise<Message> {
    const payload: InteractionReplyOptions = {
      ...toPayload(message),
      ...(options.private ? { flags: MessageFlags.Ephemeral } : {}),
    };
    return withToken(interaction, () => interaction.followUp(payload));
  },

  /** Replaces the message whose button was pressed. */
  async update(interaction: ButtonInteraction, message: OutgoingMessage): Promise<void> {
    const payload = toPayload(message);
    await acknowledge(interaction, () => interaction.update(payload));
  },

  /**
   * Replies to a user's message, without pinging its author. With a `nonce`, a reply retried after a lost response
   * is not posted twice (see `send`).
   */
  async replyToMessage(
    message: Message,
    outgoing: OutgoingMessage,
    options: { nonce?: string } = {},
  ): Promise<Message> {
    const payload = {
      ...toPayload(outgoing),
      ...(options.nonce !== undefined ? { nonce: options.nonce, enforceNonce: true } : {}),
    } as const;
    return deliveryPolicyOf(message.client).deliver(() => message.reply(payload), Number.POSITIVE_INFINITY);
  },

  /**
   * Posts in a channel with link previews suppressed. With a `nonce`, Discord de-duplicates: a retried post with the
   * same nonce within a few minutes returns the message already created instead of a second one, and
   * `onEarlierAttempt` is told when the message returned predates the last attempt (an earlier one had posted it).
   */
  async send(
    channel: SendableChannels | ThreadChannel,
    outgoing: OutgoingMessage,
    options: { nonce?: string; onEarlierAttempt?: () => void } = {},
  ): Promise<Message> {
    const payload = {
      ...toPayload(outgoing),
      flags: MessageFlags.SuppressEmbeds,
      ...(options.nonce !== undefined ? { nonce: options.nonce, enforceNonce: true } : {}),
    } as const;
    let attempts = 0;
    let lastAttemptAt = 0;
    const message = await deliveryPolicyOf(channel.client).deliver<Message>(() => {
      attempts += 1;
      lastAttemptAt = Date.now();
      return channel.send(payload);
    }, Number.POSITIVE_INFINITY);
    if (attempts > 1 && message.createdTimestamp < lastAttemptAt) options.onEarlierAttempt?.();
    return message;
  },

  /**
   * Opens a post (a thread with its first message) in a forum or media channel, named in plain text, link previews
   * suppressed; returns the thread, whose id is also its first message's.
   */
  async createForumPost(
    channel: ForumChannel | MediaChannel,
    name: string,
    outgoing: OutgoingMessage,
  ): Promise<ThreadChannel> {
    const options = {
      name: plainText(name, discordLimits.threadName) || 'News',
      message: { ...toPayload(outgoing), flags: MessageFlags.SuppressEmbeds },
    } as const;
    return deliveryPolicyOf(channel.client).deliver<ThreadChannel>(
      () => channel.threads.create(options),
      Number.POSITIVE_INFINITY,
    );
  },

  /** Answers an autocomplete request with at most 25 plain-text choices. */
  async respond(interaction: AutocompleteInteraction, choices: readonly OutgoingChoice[]): Promise<void> {
    const named = choices.slice(0, discordLimits.autocompleteChoices).map((choice) => ({
      name: plainText(choice.name, discordLimits.autocompleteChoiceName) || String(choice.value),
      value: choice.value,
    }));
    await acknowledge(interaction, () => interaction.respond(named));
  },

  /** Opens a form (its prefilled values are plain text, made with `plainText`). */
  async showModal(interaction: RepliableInteraction, modal: ModalBuilder): Promise<void> {
    if ('showModal' in interaction) await acknowledge(interaction, () => interaction.showModal(modal));
  },

  /** Starts a public thread on one of the bot's messages, named in plain text. */
  async startThread(message: Message, name: string): Promise<ThreadChannel> {
    const options = {
      name: plainText(name, discordLimits.threadName) || 'Follow-ups',
      autoArchiveDuration: 1440,
    };
    return deliveryPolicyOf(message.client).deliver(
      () => message.startThread(options),
      Number.POSITIVE_INFINITY,
    );
  },
};

/** A message of plain words (a refusal, an error, a core message that may quote user input), shown literally. */
export function notice(text: string): OutgoingMessage {
  return { content: untrustedWithin(text, discordLimits.content) };
}
