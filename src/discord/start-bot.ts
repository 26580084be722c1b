import { Client, Events, GatewayIntentBits, Partials, type ClientOptions } from 'discord.js';
import type { Deps } from '../deps.js';
import { createBotContext, type BotContext } from './bot-context.js';
import type { Command } from './command.js';
import { commands as allCommands } from './commands/index.js';
import { handleInteraction } from './handle-interaction.js';
import { handleMention } from './handle-mention.js';
import {
  attachDeliveryPolicy,
  defaultDeliverySettings,
  DeliveryPolicy,
  type DeliverySettings,
} from './delivery.js';
import { discordOutput, notice } from './discord-output.js';

/** Thrown when the bot cannot log in or does not become ready. */
export class BotStartError extends Error {
  override name = 'BotStartError';
}

/** How to start the bot; everything is optional. */
export interface StartBotOptions {
  /** Defaults to `DISCORD_TOKEN` from the config. */
  token?: string;
  /** Called once with the ready client (the briefing scheduler uses it to post). */
  onReady?: (client: Client<true>) => void;
  /** Extra discord.js client options, merged over newsdesk's (tests shorten reconnect throttles). */
  clientOptions?: Partial<ClientOptions>;
  /** The commands to handle; defaults to every command in `commands/index.ts`. */
  commands?: readonly Command[];
  /** Give up logging in after this long; 60 seconds by default. */
  readyTimeoutMs?: number;
  /** How long `stop()` waits for answers in flight; 20 seconds by default. */
  stopGraceMs?: number;
  /** How persistently messages are delivered (tests shorten the backoff). */
  delivery?: Partial<DeliverySettings>;
}

/** A running bot: its ready client, its context, and a way to stop it. */
export interface RunningBot {
  client: Client<true>;
  context: BotContext;
  /** Stops taking new questions, waits for answers in flight (bounded), then closes the gateway. The caller closes the database. */
  stop(): Promise<void>;
}

const restartingText = 'newsdesk is restarting right now; please ask again in a minute.';

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BotStartError(message)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Connects newsdesk to Discord (intents Guilds, GuildMessages, DirectMessages; no privileged intents), with mentions
 * never pinging anyone, REST pointed at `DISCORD_API_URL`, and handlers for slash commands, buttons, modals and
 * messages addressed to the bot. Resolves once the client is ready.
 */
export async function startBot(deps: Deps, options: StartBotOptions = {}): Promise<RunningBot> {
  const token = options.token ?? deps.config.DISCORD_TOKEN;
  if (token === undefined) throw new BotStartError('DISCORD_TOKEN is not set.');
  const context = createBotContext(deps, token);
  const byName = new Map((options.commands ?? allCommands).map((command) => [command.data.name, command]));
  const extra = options.clientOptions ?? {};
  const policy = new DeliveryPolicy({ ...defaultDeliverySettings, ...options.delivery });
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    // Direct-message channels are not cached before their first message; without this their messages are dropped.
    partials: [Partials.Channel],
    allowedMentions: { parse: [], repliedUser: false },
    // A question deleted before its answer is ready still gets the answer, just not as a reply.
    failIfNotExists: false,
    ...extra,
    rest: {
      ...extra.rest,
      api: deps.config.DISCORD_API_URL,
      // 5xx and network failures are retried by the delivery policy, with backoff, not at once by discord.js.
      retries: 0,
      rejectOnRateLimit: (data) => policy.rejectOnRateLimit(data),
    },
  });
  attachDeliveryPolicy(client, policy);

  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  const track = (work: Promise<void>): void => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  client.on(Events.InteractionCreate, (interaction) => {
    if (stopping) {
      if (interaction.isRepliable()) {
        track(
          discordOutput
            .replyPrivately(interaction, notice(restartingText))
            .catch((error: unknown) => deps.logger.warn('could not refuse while stopping', { error })),
        );
      }
      return;
    }
    track(handleInteraction(interaction, context, byName));
  });
  client.on(Events.MessageCreate, (message) => {
    if (!stopping) track(handleMention(message, context));
  });
  client.on(Events.Error, (error) => deps.logger.error('discord client error', { error }));
  client.on(Events.Warn, (warning) => deps.logger.warn('discord client warning', { warning }));
  client.on(Events.ShardDisconnect, (event, shardId) =>
    deps.logger.warn('gateway disconnected', { shardId, code: event.code }),
  );
  client.on(Events.ShardResume, (shardId, replayed) =>
    deps.logger.info('gateway resumed', { shardId, replayed }),
  );

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  try {
    await withTimeout(
      client.login(token),
      options.readyTimeoutMs ?? 60_000,
      'Logging in to Discord timed out.',
    );
    await withTimeout(ready, options.readyTimeoutMs ?? 60_000, 'Discord did not report ready in time.');
  } catch (error) {
    await client.destroy();
    if (error instanceof BotStartError) throw error;
    throw new BotStartError('Could not log in to Discord; check DISCORD_TOKEN and DISCORD_API_URL.', {
      cause: error,
    });
  }
  const readyClient = await ready;
  deps.logger.info('connected to Discord', {
    user: readyClient.user.tag,
    guilds: readyClient.guilds.cache.size,
  });
  options.onReady?.(readyClient);

  let stopped: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      stopping = true;
      const grace = new Promise<void>((resolve) =>
        setTimeout(resolve, options.stopGraceMs ?? 20_000).unref(),
      );
      await Promise.race([Promise.allSettled([...inFlight]), grace]);
      await client.destroy();
      deps.logger.info('disconnected from Discord');
    })();
    return stopped;
  };
  return { client: readyClient, context, stop };
}
