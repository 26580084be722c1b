import { Cron } from 'croner';
import {
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { BriefingScheduler, isEmpty } from '../../briefing/briefing-scheduler.js';
import { parseSchedule } from '../../briefing/parse-schedule.js';
import type { Scope } from '../../corpus/article-schema.js';
import type { BriefingSchedule, BriefingStore } from '../../briefing/briefing-store.js';
import type { BotContext } from '../bot-context.js';
import type { Command } from '../command.js';
import { discordLimits } from '../discord-limits.js';
import {
  channelMention,
  code,
  emptyMarkdown,
  joinMarkdown,
  markdown,
  timestamp,
  untrustedWithin,
  type Markdown,
} from '../discord-markdown.js';
import { discordOutput, notice } from '../discord-output.js';
import { isModerator } from '../is-moderator.js';
import { createBriefingPoster } from '../post-briefing.js';
import { renderBriefing } from '../render-briefing.js';

const refusal =
  'Sorry, only moderators can manage briefings here: that takes the Manage Server permission or one of the newsdesk moderator roles.';

function nextRun(schedule: Pick<BriefingSchedule, 'cron' | 'timezone'>): Markdown {
  const next = new Cron(schedule.cron, { timezone: schedule.timezone, mode: '5-part' }).nextRun();
  return next ? timestamp(next.getTime(), 'F') : markdown`never`;
}

function describeSchedule(schedule: BriefingSchedule): Markdown {
  const origin = schedule.fromEnvironment ? ' · from the environment' : '';
  const state =
    schedule.pausedReason === null
      ? markdown`next ${nextRun(schedule)}`
      : markdown`**paused**: ${untrustedWithin(schedule.pausedReason, 300)}`;
  return markdown`**#${schedule.id}** · ${channelMention(schedule.channelId)} · ${code(schedule.cron)} (${schedule.timezone}) · ${state}${origin}`;
}

/** Tells moderators about paused schedules on every /briefing command until they fix them. */
function pausedNotice(store: BriefingStore, scope: Scope): Markdown {
  const paused = store.list(scope).filter((schedule) => schedule.pausedReason !== null);
  if (paused.length === 0) return emptyMarkdown;
  const lines = paused.map(
    (schedule) =>
      markdown`⚠️ Briefing #${schedule.id} in ${channelMention(schedule.channelId)} is paused: ${untrustedWithin(schedule.pausedReason ?? '', 300)}`,
  );
  return markdown`${joinMarkdown(lines, '\n')}\nFix the channel, then run /briefing schedule for it again (or /briefing now id:) to resume.\n\n`;
}

/** A private reply: the paused-schedule warning, then `body`, kept within one message. */
function withNotice(notice: Markdown, body: Markdown) {
  const content = notice.length + body.length <= discordLimits.content ? markdown`${notice}${body}` : body;
  return { content };
}

/** The schedule a subcommand is about: the `id` option, else the one posting in this channel. */
function targetSchedule(
  interaction: ChatInputCommandInteraction,
  store: BriefingStore,
  scope: Scope,
): BriefingSchedule | 'not-found' | undefined {
  const id = interaction.options.getInteger('id');
  if (id !== null) return store.get(id, scope) ?? 'not-found';
  return store.list(scope).find((schedule) => schedule.channelId === interaction.channelId);
}

function schedule(
  interaction: ChatInputCommandInteraction,
  context: BotContext,
  store: BriefingStore,
  scope: Scope,
): Markdown {
  const channel = interaction.options.getChannel('channel', true);
  const parsed = parseSchedule({
    time: interaction.options.getString('time', true),
    timezone: interaction.options.getString('timezone', true),
    ...(interaction.options.getString('days') !== null
      ? { days: interaction.options.getString('days') ?? '' }
      : {}),
    ...(interaction.options.getString('cron') !== null
      ? { cron: interaction.options.getString('cron') ?? '' }
      : {}),
  });
  if (!parsed.ok) return markdown`${parsed.message}`;
  const saved = store.saveSchedule(
    { scope, channelId: channel.id, createdBy: interaction.user.id, ...parsed.value },
    context.deps.clock.now(),
  );
  context.deps.logger.info('briefing scheduled', {
    scheduleId: saved.id,
    scope,
    by: interaction.user.id,
    cron: saved.cron,
  });
  return markdown`Briefing #${saved.id} will be posted in ${channelMention(saved.channelId)} at ${code(saved.cron)} (${saved.timezone}); next ${nextRun(saved)}. It covers the articles added or published since the previous briefing and never pings anyone.`;
}

/** The schedule lines of /briefing list, as many as fit in one message after the notice. */
function scheduleList(schedules: readonly BriefingSchedule[], room: number): Markdown {
  if (schedules.length === 0)
    return markdown`No briefings are scheduled here. Add one with /briefing schedule.`;
  const shown: Markdown[] = [];
  let length = 0;
  for (const item of schedules.map(describeSchedule)) {
    if (length + item.length + 1 > room - 40) {
      return markdown`${joinMarkdown(shown, '\n')}\n…and ${schedules.length - shown.length} more.`;
    }
    length += item.length + 1;
    shown.push(item);
  }
  return joinMarkdown(shown, '\n');
}

/** `/briefing schedule|list|remove|preview|now`: scheduled, cited news briefings, for moderators only. */
export const briefingCommand = {
  data: new SlashCommandBuilder()
    .setName('briefing')
    .setDescription('Scheduled news briefings with quoted sources (moderators only).')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((sub) =>
      sub
        .setName('schedule')
        .setDescription('Post a briefing in a channel every day, or on chosen days, at a local time.')
        .addChannelOption((option) =>
          option
            .setName('channel')
            .setDescription('Where to post')
            .setRequired(true)
            .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
        )
        .addStringOption((option) =>
          option
            .setName('time')
            .setDescription('Local time, HH:MM on a 24-hour clock, e.g. 08:30')
            .setRequired(true)
            .setMaxLength(5),
        )
        .addStringOption((option) =>
          option
            .setName('timezone')
            .setDescription('IANA time zone, e.g. Europe/Berlin')
            .setRequired(true)
            .setAutocomplete(true)
            .setMaxLength(64),
        )
        .addStringOption((option) =>
          option
            .setName('days')
            .setDescription('Days, e.g. mon-fri, weekends or mon,wed,fri (default: every day)')
            .setMaxLength(60),
        )
        .addStringOption((option) =>
          option
            .setName('cron')
            .setDescription('Advanced: a five-field cron expression; replaces time and days')
            .setMaxLength(100),
        ),
    )
    .addSubcommand((sub) => sub.setName('list').setDescription('List the briefing schedules of this server.'))
    .addSubcommand((sub) =>
      sub
        .setName('remove')
        .setDescription('Stop a briefing schedule.')
        .addIntegerOption((option) =>
          option.setName('id').setDescription('The schedule').setRequired(true).setAutocomplete(true),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName('preview')
        .setDescription('Show (only to you) what a briefing would post now.')
        .addIntegerOption((option) =>
          option.setName('id').setDescription('The schedule (default: this channel’s)').setAutocomplete(true),
        ),
    )
    .addSubcommand((sub) =>
      sub
        .setName('now')
        .setDescription('Post a briefing now.')
        .addIntegerOption((option) =>
          option.setName('id').setDescription('The schedule (default: this channel’s)').setAutocomplete(true),
        ),
    )
    .toJSON(),

  async execute(interaction, context) {
    if (!interaction.inGuild()) {
      await discordOutput.replyPrivately(interaction, notice('Briefings are set up inside a server.'));
      return;
    }
    if (!isModerator(interaction, context.deps.config)) {
      await discordOutput.replyPrivately(interaction, notice(refusal));
      return;
    }
    const scope: Scope = interaction.guildId;
    const store = context.deps.briefings;
    const paused = pausedNotice(store, scope);
    const subcommand = interaction.options.getSubcommand(true);
    const reply = (body: Markdown) => discordOutput.replyPrivately(interaction, withNotice(paused, body));

    if (subcommand === 'schedule') {
      await reply(schedule(interaction, context, store, scope));
      return;
    }
    if (subcommand === 'list') {
      await reply(scheduleList(store.list(scope), discordLimits.content - paused.length));
      return;
    }
    if (subcommand === 'remove') {
      const id = interaction.options.getInteger('id', true);
      const existing = store.get(id, scope);
      if (!existing || !store.remove(id, scope)) {
        await reply(markdown`There is no briefing #${id} in this server.`);
        return;
      }
      context.deps.logger.info('briefing schedule removed', {
        scheduleId: id,
        scope,
        by: interaction.user.id,
      });
      const comeback = existing.fromEnvironment
        ? ' It came from NEWSDESK_BRIEFING_CHANNEL_ID, so it returns at the next restart unless that is unset.'
        : '';
      await reply(markdown`Briefing #${id} in ${channelMention(existing.channelId)} is removed.${comeback}`);
      return;
    }

    await discordOutput.defer(interaction, { private: true });
    const edit = (body: Markdown) => discordOutput.edit(interaction, withNotice(paused, body));
    const target = targetSchedule(interaction, store, scope);
    if (target === 'not-found') {
      await edit(markdown`There is no such briefing schedule in this server.`);
      return;
    }
    const poster = createBriefingPoster(interaction.client, context.deps.logger);
    const scheduler = new BriefingScheduler(context.deps, store, poster);

    if (subcommand === 'preview') {
      const parts = renderBriefing(await scheduler.preview(target ?? scope));
      const what = target ? markdown`briefing #${target.id}` : markdown`the last 24 hours`;
      const heading = markdown`${paused}Preview of ${what} (only you see this):`;
      const first = parts[0];
      if (first && heading.length + 1 + first.content.length <= discordLimits.content) {
        parts[0] = { ...first, content: markdown`${heading}\n${first.content}` };
      } else {
        parts.unshift({ content: heading });
      }
      const [opening, ...rest] = parts;
      if (opening) await discordOutput.edit(interaction, opening);
      for (const part of rest) await discordOutput.followUp(interaction, part, { private: true });
      return;
    }

    if (target) {
      const posted = await scheduler.postNow(target.id);
      await edit(
        !posted.ok
          ? markdown`${posted.message}`
          : posted.value.outcome === 'nothing-new'
            ? markdown`Nothing new since the previous briefing, so nothing was posted.`
            : markdown`Posted briefing #${target.id} in ${channelMention(target.channelId)}.`,
      );
      return;
    }
    // No schedule here: post the last 24 hours in this channel, without touching any schedule.
    const briefing = await scheduler.preview(scope);
    if (isEmpty(briefing)) {
      await edit(markdown`No new articles in the last 24 hours, so nothing was posted.`);
      return;
    }
    // One nonce per request, so retrying this post cannot double it and another /briefing now is its own post.
    const posted = await poster.post(interaction.channelId, briefing, {
      key: `n${interaction.id.slice(-12)}`,
    });
    await edit(
      posted.ok
        ? markdown`Posted the briefing of the last 24 hours here.`
        : markdown`I could not post here: ${posted.message}`,
    );
  },

  async autocomplete(interaction, context) {
    // Every option of /briefing is for moderators, so nobody else learns its schedules (or even its zones).
    if (!interaction.inGuild() || !isModerator(interaction, context.deps.config)) {
      await discordOutput.respond(interaction, []);
      return;
    }
    const focused = interaction.options.getFocused(true);
    const typed = focused.value.toLowerCase();
    if (focused.name === 'timezone') {
      const zones = ['UTC', ...Intl.supportedValuesOf('timeZone')];
      await discordOutput.respond(
        interaction,
        zones
          .filter((zone) => zone.toLowerCase().includes(typed))
          .map((zone) => ({ name: zone, value: zone })),
      );
      return;
    }
    const schedules = context.deps.briefings.list(interaction.guildId);
    await discordOutput.respond(
      interaction,
      schedules
        .map((item) => ({
          name: `#${item.id} #${interaction.guild?.channels.cache.get(item.channelId)?.name ?? item.channelId} ${item.cron} ${item.timezone}`,
          value: item.id,
        }))
        .filter((choice) => choice.name.toLowerCase().includes(typed)),
    );
  },
} satisfies Command;
