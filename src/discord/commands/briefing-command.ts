import { Cron } from 'croner';
import {
  ChannelType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { BriefingScheduler } from '../../briefing/briefing-scheduler.js';
import { parseSchedule } from '../../briefing/parse-schedule.js';
import { renderBriefingDiscord } from '../../briefing/render-briefing-discord.js';
import type { Scope } from '../../corpus/article-schema.js';
import type { BriefingSchedule, BriefingStore } from '../../briefing/briefing-store.js';
import type { BotContext } from '../bot-context.js';
import type { Command } from '../command.js';
import { isModerator } from '../is-moderator.js';
import { createBriefingPoster } from '../post-briefing.js';
import { replyPrivately } from '../reply-privately.js';

const refusal =
  'Sorry, only moderators can manage briefings here: that takes the Manage Server permission or one of the newsdesk moderator roles.';

function nextRun(schedule: Pick<BriefingSchedule, 'cron' | 'timezone'>): string {
  const next = new Cron(schedule.cron, { timezone: schedule.timezone, mode: '5-part' }).nextRun();
  return next ? `<t:${Math.floor(next.getTime() / 1000)}:F>` : 'never';
}

function describeSchedule(schedule: BriefingSchedule): string {
  const origin = schedule.fromEnvironment ? ' · from the environment' : '';
  const state =
    schedule.pausedReason === null ? `next ${nextRun(schedule)}` : `**paused**: ${schedule.pausedReason}`;
  return `**#${schedule.id}** · <#${schedule.channelId}> · \`${schedule.cron}\` (${schedule.timezone}) · ${state}${origin}`;
}

/** Tells moderators about paused schedules on every /briefing command until they fix them. */
function pausedNotice(store: BriefingStore, scope: Scope): string {
  const paused = store.list(scope).filter((schedule) => schedule.pausedReason !== null);
  if (paused.length === 0) return '';
  const lines = paused.map(
    (schedule) =>
      `⚠️ Briefing #${schedule.id} in <#${schedule.channelId}> is paused: ${schedule.pausedReason}`,
  );
  return `${lines.join('\n')}\nFix the channel, then run \`/briefing schedule\` for it again (or \`/briefing now id:\`) to resume.\n\n`;
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
) {
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
  if (!parsed.ok) return parsed.message;
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
  return `Briefing #${saved.id} will be posted in <#${saved.channelId}> at \`${saved.cron}\` (${saved.timezone}); next ${nextRun(saved)}. It covers the articles added or published since the previous briefing and never pings anyone.`;
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
      await replyPrivately(interaction, 'Briefings are set up inside a server.');
      return;
    }
    if (!isModerator(interaction, context.deps.config)) {
      await replyPrivately(interaction, refusal);
      return;
    }
    const scope: Scope = interaction.guildId;
    const store = context.deps.briefings;
    const notice = pausedNotice(store, scope);
    const subcommand = interaction.options.getSubcommand(true);

    if (subcommand === 'schedule') {
      await replyPrivately(interaction, notice + schedule(interaction, context, store, scope));
      return;
    }
    if (subcommand === 'list') {
      const schedules = store.list(scope);
      const text =
        schedules.length === 0
          ? 'No briefings are scheduled here. Add one with `/briefing schedule`.'
          : schedules.map(describeSchedule).join('\n');
      await replyPrivately(interaction, (notice + text).slice(0, 1990));
      return;
    }
    if (subcommand === 'remove') {
      const id = interaction.options.getInteger('id', true);
      const existing = store.get(id, scope);
      if (!existing || !store.remove(id, scope)) {
        await replyPrivately(interaction, `${notice}There is no briefing #${id} in this server.`);
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
      await replyPrivately(interaction, `Briefing #${id} in <#${existing.channelId}> is removed.${comeback}`);
      return;
    }

    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const target = targetSchedule(interaction, store, scope);
    if (target === 'not-found') {
      await interaction.editReply(`${notice}There is no such briefing schedule in this server.`);
      return;
    }
    const poster = createBriefingPoster(interaction.client, context.deps.logger);
    const scheduler = new BriefingScheduler(context.deps, store, poster);

    if (subcommand === 'preview') {
      const briefing = await scheduler.preview(target ?? scope);
      const parts = renderBriefingDiscord(briefing, { emptyNote: true });
      const [first = '', ...rest] = parts;
      const heading = `${notice}Preview${target ? ` of briefing #${target.id}` : ' of the last 24 hours'} (only you see this):\n`;
      await interaction.editReply(heading.length + first.length <= 2000 ? heading + first : first);
      for (const part of rest) await interaction.followUp({ content: part, flags: MessageFlags.Ephemeral });
      return;
    }

    if (target) {
      const posted = await scheduler.postNow(target.id);
      await interaction.editReply(
        posted.ok
          ? `${notice}${posted.value.outcome === 'nothing-new' ? 'Nothing new since the previous briefing, so nothing was posted.' : `Posted briefing #${target.id} in <#${target.channelId}>.`}`
          : `${notice}${posted.message}`,
      );
      return;
    }
    // No schedule here: post the last 24 hours in this channel, without touching any schedule.
    const parts = renderBriefingDiscord(await scheduler.preview(scope));
    if (parts.length === 0) {
      await interaction.editReply(`${notice}No new articles in the last 24 hours, so nothing was posted.`);
      return;
    }
    const posted = await poster.post(interaction.channelId, parts);
    await interaction.editReply(
      `${notice}${posted.ok ? 'Posted the briefing of the last 24 hours here.' : `I could not post here: ${posted.message}`}`,
    );
  },

  async autocomplete(interaction, context) {
    const focused = interaction.options.getFocused(true);
    const typed = focused.value.toLowerCase();
    if (focused.name === 'timezone') {
      const zones = ['UTC', ...Intl.supportedValuesOf('timeZone')];
      await interaction.respond(
        zones
          .filter((zone) => zone.toLowerCase().includes(typed))
          .slice(0, 25)
          .map((zone) => ({ name: zone, value: zone })),
      );
      return;
    }
    const scope = interaction.guildId;
    if (scope === null) {
      await interaction.respond([]);
      return;
    }
    const schedules = context.deps.briefings.list(scope);
    await interaction.respond(
      schedules
        .map((item) => ({
          name: `#${item.id} #${interaction.guild?.channels.cache.get(item.channelId)?.name ?? item.channelId} ${item.cron} ${item.timezone}`.slice(
            0,
            100,
          ),
          value: item.id,
        }))
        .filter((choice) => choice.name.toLowerCase().includes(typed))
        .slice(0, 25),
    );
  },
} satisfies Command;
