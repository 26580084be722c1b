import {
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import type { Scope } from '../../corpus/article-schema.js';
import { changeFeed, type FeedChange } from '../../feeds/change-feed.js';
import type { Feed } from '../../feeds/feed.js';
import type { FeedStore } from '../../feeds/feed-store.js';
import { describeInterval } from '../../feeds/parse-interval.js';
import { subscribeFeed } from '../../feeds/subscribe-feed.js';
import type { BotContext } from '../bot-context.js';
import type { Command } from '../command.js';
import { discordLimits } from '../discord-limits.js';
import {
  channelMention,
  emptyMarkdown,
  joinMarkdown,
  markdown,
  untrustedWithin,
  type Markdown,
} from '../discord-markdown.js';
import { discordOutput, notice } from '../discord-output.js';
import { isModerator } from '../is-moderator.js';

const refusal =
  'Sorry, only moderators can manage feeds here: that takes the Manage Server permission or one of the newsdesk moderator roles.';

/** A feed's name as shown: its title, else its address, both untrusted. */
function feedName(feed: Feed): Markdown {
  return untrustedWithin(feed.title ?? feed.url, 120);
}

/** Tells moderators about paused feeds on every /feed command until they resume or remove them. */
function pausedNotice(store: FeedStore, scope: Scope): Markdown {
  const paused = store.list(scope).filter((feed) => feed.pausedReason !== null);
  if (paused.length === 0) return emptyMarkdown;
  const lines = paused.map(
    (feed) =>
      markdown`⚠️ Feed #${feed.id} (${feedName(feed)}) is paused: ${untrustedWithin(feed.pausedReason ?? '', 300)}`,
  );
  return markdown`${joinMarkdown(lines, '\n')}\nFix what is wrong, then /feed resume id: (or /feed remove id:).\n\n`;
}

/** A private reply: the paused-feed warning, then `body`, kept within one message. */
function withNotice(paused: Markdown, body: Markdown) {
  const content = paused.length + body.length <= discordLimits.content ? markdown`${paused}${body}` : body;
  return { content };
}

function describeFeed(feed: Feed): Markdown {
  const where =
    feed.channelId === null
      ? markdown`added to the desk only`
      : markdown`posts in ${channelMention(feed.channelId)}`;
  const thread = feed.threadPerArticle ? markdown` (a thread each)` : emptyMarkdown;
  const filters = [
    ...(feed.include.length > 0 ? [markdown`with ${untrustedWithin(feed.include.join(', '), 200)}`] : []),
    ...(feed.exclude.length > 0 ? [markdown`without ${untrustedWithin(feed.exclude.join(', '), 200)}`] : []),
  ];
  const state =
    feed.pausedReason !== null
      ? markdown` · **paused**`
      : feed.failures > 0
        ? markdown` · failing (${feed.failures} in a row)`
        : emptyMarkdown;
  const filterText = filters.length > 0 ? markdown` · ${joinMarkdown(filters, ', ')}` : emptyMarkdown;
  return markdown`**#${feed.id}** ${feedName(feed)} · every ${describeInterval(feed.everyMinutes)} · ${feed.body} text · ${where}${thread}${filterText}${state}\n${untrustedWithin(feed.url, 300)}`;
}

/** The feed lines of /feed list, as many as fit in one message after the notice. */
function feedList(feeds: readonly Feed[], room: number): Markdown {
  if (feeds.length === 0) return markdown`This server follows no feeds. Add one with /feed add.`;
  const shown: Markdown[] = [];
  let length = 0;
  for (const item of feeds.map(describeFeed)) {
    if (length + item.length + 2 > room - 40) {
      return markdown`${joinMarkdown(shown, '\n\n')}\n…and ${feeds.length - shown.length} more.`;
    }
    length += item.length + 2;
    shown.push(item);
  }
  return joinMarkdown(shown, '\n\n');
}

async function add(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
  context: BotContext,
): Promise<Markdown> {
  const channel = interaction.options.getChannel('channel');
  const subscribed = await subscribeFeed(context.deps, {
    url: interaction.options.getString('url', true),
    scope: interaction.guildId,
    createdBy: interaction.user.id,
    channelId: channel?.id ?? null,
    threadPerArticle: interaction.options.getBoolean('thread') ?? false,
    include: interaction.options.getString('include'),
    exclude: interaction.options.getString('exclude'),
    every: interaction.options.getString('every'),
    body: interaction.options.getString('body'),
  });
  if (!subscribed.ok) return markdown`${subscribed.message}`;
  const { feed, entries } = subscribed.value;
  const posting =
    feed.channelId === null
      ? markdown`Its articles are added to the desk (searched only in this server) without being posted.`
      : markdown`New articles will be posted in ${channelMention(feed.channelId)}; the ${entries} it holds now are added without being posted.`;
  return markdown`Following feed #${feed.id}, ${feedName(feed)}, every ${describeInterval(feed.everyMinutes)}. ${posting}`;
}

const changed: Record<FeedChange, string> = {
  remove: 'is removed; its articles stay until they expire',
  pause: 'is paused',
  resume: 'is resumed and will be read within a minute',
};

/** A subcommand that acts on one feed, chosen by its id (autocompleted). */
function idSubcommand(name: FeedChange, description: string) {
  return (sub: SlashCommandSubcommandBuilder) =>
    sub
      .setName(name)
      .setDescription(description)
      .addIntegerOption((option) =>
        option.setName('id').setDescription('The feed').setRequired(true).setAutocomplete(true),
      );
}

/** `/feed add|list|remove|pause|resume`: feed subscriptions that keep the desk current, for moderators only. */
export const feedCommand = {
  data: new SlashCommandBuilder()
    .setName('feed')
    .setDescription('Follow RSS, Atom and JSON feeds: new articles are added, and posted (moderators only).')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      sub
        .setName('add')
        .setDescription('Follow a feed (or the feed a site’s page announces).')
        .addStringOption((option) =>
          option
            .setName('url')
            .setDescription('The feed, or a page of the site')
            .setRequired(true)
            .setMaxLength(2000),
        )
        .addChannelOption((option) =>
          option
            .setName('channel')
            .setDescription('Post each new article here (a forum gets a post per article)')
            .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.GuildForum),
        )
        .addStringOption((option) =>
          option
            .setName('include')
            .setDescription('Only entries with one of these words, comma-separated')
            .setMaxLength(1000),
        )
        .addStringOption((option) =>
          option
            .setName('exclude')
            .setDescription('Leave out entries with any of these words')
            .setMaxLength(1000),
        )
        .addStringOption((option) =>
          option
            .setName('every')
            .setDescription('How often to read it, e.g. 30m or 2h (default 15m)')
            .setMaxLength(20),
        )
        .addStringOption((option) =>
          option
            .setName('body')
            .setDescription('Article text from the linked page, the feed, or automatically (default)')
            .addChoices(
              { name: 'automatic', value: 'auto' },
              { name: 'the linked page', value: 'page' },
              { name: 'the feed itself', value: 'feed' },
            ),
        )
        .addBooleanOption((option) =>
          option.setName('thread').setDescription('Start a thread on each posted article (text channels)'),
        ),
    )
    .addSubcommand((sub) => sub.setName('list').setDescription('List the feeds this server follows.'))
    .addSubcommand(idSubcommand('remove', 'Stop following a feed (its articles stay until they expire).'))
    .addSubcommand(idSubcommand('pause', 'Stop reading a feed for now.'))
    .addSubcommand(idSubcommand('resume', 'Read a paused feed again.'))
    .toJSON(),

  async execute(interaction, context) {
    if (!interaction.inGuild() || !isModerator(interaction, context.deps.config)) {
      await discordOutput.replyPrivately(interaction, notice(refusal));
      return;
    }
    const scope: Scope = interaction.guildId;
    const store = context.deps.feeds;
    const subcommand = interaction.options.getSubcommand(true);
    if (subcommand === 'add') {
      await discordOutput.defer(interaction, { private: true });
      const body = await add(interaction, context);
      await discordOutput.edit(interaction, withNotice(pausedNotice(store, scope), body));
      return;
    }
    if (subcommand === 'list') {
      const paused = pausedNotice(store, scope);
      const list = feedList(store.list(scope), discordLimits.content - paused.length);
      await discordOutput.replyPrivately(interaction, withNotice(paused, list));
      return;
    }
    if (!(subcommand in changed)) {
      await discordOutput.replyPrivately(interaction, notice('That subcommand is out of date.'));
      return;
    }
    const change = subcommand as FeedChange;
    const id = interaction.options.getInteger('id', true);
    const result = changeFeed(context.deps, id, scope, change, interaction.user.id);
    const body = result.ok
      ? markdown`Feed #${id} (${feedName(result.value)}) ${changed[change]}.`
      : markdown`${result.message}`;
    await discordOutput.replyPrivately(interaction, withNotice(pausedNotice(store, scope), body));
  },

  async autocomplete(interaction, context) {
    // Only moderators learn which feeds a server follows.
    if (!interaction.inGuild() || !isModerator(interaction, context.deps.config)) {
      await discordOutput.respond(interaction, []);
      return;
    }
    const typed = String(interaction.options.getFocused()).toLowerCase();
    await discordOutput.respond(
      interaction,
      context.deps.feeds
        .list(interaction.guildId)
        .map((feed) => ({ name: `#${feed.id} ${feed.title ?? feed.url}`, value: feed.id }))
        .filter((choice) => choice.name.toLowerCase().includes(typed)),
    );
  },
} satisfies Command;
