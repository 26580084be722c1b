import { expect } from 'vitest';
import type { Deps } from '../../src/deps.js';
import type { Logger } from '../../src/logger.js';
import { startBot, type RunningBot, type StartBotOptions } from '../../src/discord/start-bot.js';
import { createTestApp, type TestApp } from '../helpers/create-test-app.js';
import {
  manageGuildPermission,
  snowflake,
  startFakeDiscord,
  type FakeDiscord,
  type FakeUser,
  type InteractionOptions,
  type RecordedRequest,
} from '../helpers/fake-discord.js';

/** One log entry the bot wrote. */
export interface LogEntry {
  level: string;
  message: string;
  fields: Record<string, unknown>;
}

/** A running bot against a fake Discord, with a real SQLite app behind it, and the people and places tests use. */
export interface BotTestKit {
  fake: FakeDiscord;
  app: TestApp;
  bot: RunningBot;
  deps: Deps;
  logs: LogEntry[];
  guildA: { id: string; channelId: string };
  guildB: { id: string; channelId: string };
  moderatorRoleId: string;
  member: FakeUser;
  moderator: FakeUser;
  /** Interaction context for a plain member in guild A. */
  asMember(guild?: { id: string; channelId: string }): InteractionOptions;
  /** Interaction context for a member with Manage Server in a guild. */
  asModerator(guild?: { id: string; channelId: string }): InteractionOptions;
  /** Resolves with the final edit of an interaction's original reply that has an answer (embeds or text). */
  waitForEdit(
    token: string,
    match?: (request: RecordedRequest) => boolean,
    since?: number,
  ): Promise<RecordedRequest>;
  close(): Promise<void>;
}

function recordingLogger(logs: LogEntry[]): Logger {
  const log =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}): void => {
      logs.push({ level, message, fields });
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** Starts a fake Discord with two guilds, an app over a temp SQLite file and the real bot logged in to the fake. */
export async function startBotTestKit(
  options: {
    environment?: Record<string, string>;
    overrides?: Partial<Deps>;
    bot?: StartBotOptions;
    /** More channels in guild A besides its text channel (a forum is type 15). */
    channels?: { id: string; name: string; type?: number }[];
  } = {},
): Promise<BotTestKit> {
  const guildA = { id: snowflake(), channelId: snowflake() };
  const guildB = { id: snowflake(), channelId: snowflake() };
  const moderatorRoleId = snowflake();
  const fake = await startFakeDiscord([
    {
      id: guildA.id,
      name: 'Guild A',
      channels: [{ id: guildA.channelId, name: 'general' }, ...(options.channels ?? [])],
      roles: [{ id: moderatorRoleId, name: 'newsdesk moderators' }],
    },
    { id: guildB.id, name: 'Guild B', channels: [{ id: guildB.channelId, name: 'general' }] },
  ]);
  const logs: LogEntry[] = [];
  const app = createTestApp(
    {
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_TOKEN: fake.token,
      NEWSDESK_COOLDOWN_SECONDS: '0',
      NEWSDESK_MODERATOR_ROLE_IDS: moderatorRoleId,
      ...options.environment,
    },
    { logger: recordingLogger(logs), ...options.overrides },
  );
  let bot: RunningBot;
  try {
    bot = await startBot(app.deps, {
      readyTimeoutMs: 10_000,
      stopGraceMs: 5_000,
      clientOptions: { ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) } },
      // Retries as in production, only faster, so a fault test takes seconds, not minutes.
      delivery: { baseDelayMs: 20, maxDelayMs: 200, giveUpAfterMs: 15_000 },
      ...options.bot,
    });
  } catch (error) {
    app.close();
    await fake.close();
    throw error;
  }
  const member: FakeUser = { id: snowflake(), username: 'reader' };
  const moderator: FakeUser = { id: snowflake(), username: 'editor' };
  return {
    fake,
    app,
    bot,
    deps: app.deps,
    logs,
    guildA,
    guildB,
    moderatorRoleId,
    member,
    moderator,
    asMember: (guild = guildA) => ({
      user: member,
      guildId: guild.id,
      channelId: guild.channelId,
      permissions: '0',
    }),
    asModerator: (guild = guildA) => ({
      user: moderator,
      guildId: guild.id,
      channelId: guild.channelId,
      permissions: manageGuildPermission,
    }),
    waitForEdit: (token, match = () => true, since = 0) =>
      fake.waitForRequest(
        (request) =>
          request.method === 'PATCH' &&
          request.path.endsWith(`/${token}/messages/@original`) &&
          request.status === 200 &&
          match(request),
        since,
      ),
    async close() {
      await bot.stop();
      app.close();
      await fake.close();
    },
  };
}

/** Text of a posted message body: its content and the descriptions of its embeds. */
export function postedText(body: unknown): string {
  const message = body as {
    content?: string;
    embeds?: { title?: string; description?: string; footer?: { text: string } }[];
  };
  return [
    message.content ?? '',
    ...(message.embeds ?? []).flatMap((embed) => [
      embed.title ?? '',
      embed.description ?? '',
      embed.footer?.text ?? '',
    ]),
  ].join('\n');
}

/** Asserts that a posted body can ping nobody: no parsed mention kinds, no listed users or roles, no reply ping. */
export function expectNoPings(body: unknown): void {
  const allowed = (body as { allowed_mentions?: Record<string, unknown> }).allowed_mentions;
  expect(allowed?.parse).toEqual([]);
  expect(allowed?.users ?? []).toEqual([]);
  expect(allowed?.roles ?? []).toEqual([]);
  expect(allowed?.replied_user ?? false).toBe(false);
}

/** The custom ids of the buttons of a posted body (or of a modal), in order. */
export function customIds(body: unknown): string[] {
  const message = body as {
    custom_id?: string;
    components?: { components?: { custom_id?: string }[] }[];
  };
  const ids = (message.components ?? []).flatMap((row) =>
    (row.components ?? []).flatMap((component) => (component.custom_id ? [component.custom_id] : [])),
  );
  return message.custom_id ? [message.custom_id, ...ids] : ids;
}

/** The callback (first response) the bot sent to an interaction, waiting for it if needed. */
export function callbackOf(
  kit: BotTestKit,
  interaction: { id: string; token: string },
): Promise<RecordedRequest> {
  return kit.fake.waitForRequest(
    (request) =>
      request.method === 'POST' &&
      request.path === `/interactions/${interaction.id}/${interaction.token}/callback`,
  );
}
