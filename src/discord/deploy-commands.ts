import { pathToFileURL } from 'node:url';
import { REST, Routes, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { loadConfig, secretsOf, type Config } from '../config.js';
import { createLogger, type Logger } from '../logger.js';
import type { Command } from './command.js';
import { commands as allCommands } from './commands/index.js';

/** Thrown when the commands cannot be registered. */
export class DeployCommandsError extends Error {
  override name = 'DeployCommandsError';
}

/** What a deployment did. */
export interface DeployResult {
  target: 'guild' | 'global';
  changed: boolean;
  names: string[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Option fields Discord echoes back with defaults filled in, compared with those defaults applied. */
function normalizeOption(option: Record<string, unknown>): Json {
  const choices = option.choices as { name: string; value: string | number }[] | undefined;
  const options = option.options as Record<string, unknown>[] | undefined;
  return {
    type: Number(option.type),
    name: String(option.name),
    description: typeof option.description === 'string' ? option.description : '',
    required: option.required === true,
    autocomplete: option.autocomplete === true,
    choices: (choices ?? []).map((choice) => ({ name: choice.name, value: choice.value })),
    min_length: (option.min_length as number | undefined) ?? null,
    max_length: (option.max_length as number | undefined) ?? null,
    min_value: (option.min_value as number | undefined) ?? null,
    max_value: (option.max_value as number | undefined) ?? null,
    channel_types: ((option.channel_types as number[] | undefined) ?? []).slice().sort(),
    options: (options ?? []).map(normalizeOption),
  };
}

/** The parts of a command that matter for deciding whether it must be registered again. */
function normalizeCommand(command: Record<string, unknown>): Json {
  const contexts = command.contexts as number[] | null | undefined;
  return {
    name: String(command.name),
    description: typeof command.description === 'string' ? command.description : '',
    type: Number(command.type ?? 1),
    default_member_permissions: (command.default_member_permissions as string | null | undefined) ?? null,
    contexts: contexts ? contexts.slice().sort() : null,
    nsfw: command.nsfw === true,
    options: ((command.options as Record<string, unknown>[] | undefined) ?? []).map(normalizeOption),
  };
}

/** Whether the registered commands already match the wanted ones (order and server-added fields ignored). */
export function sameCommands(
  registered: readonly unknown[],
  wanted: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[],
): boolean {
  const key = (list: readonly unknown[]): string =>
    JSON.stringify(
      list
        .map((command) => normalizeCommand(command as Record<string, unknown>))
        .sort((a, b) =>
          String((a as { name: string }).name).localeCompare(String((b as { name: string }).name)),
        ),
    );
  return key(registered) === key(wanted);
}

/**
 * Registers the slash commands with Discord, to `DISCORD_GUILD_ID` when it is set (instant, for testing) or
 * globally, and only when they differ from what is registered now.
 */
export async function deployCommands(
  config: Config,
  options: { commands?: readonly Command[]; logger?: Logger } = {},
): Promise<DeployResult> {
  if (config.DISCORD_TOKEN === undefined) throw new DeployCommandsError('DISCORD_TOKEN is not set.');
  const rest = new REST({ api: config.DISCORD_API_URL }).setToken(config.DISCORD_TOKEN);
  const wanted = (options.commands ?? allCommands).map((command) => command.data);
  const names = wanted.map((command) => command.name);
  try {
    const application = (await rest.get(Routes.currentApplication())) as { id: string };
    const route =
      config.DISCORD_GUILD_ID === undefined
        ? Routes.applicationCommands(application.id)
        : Routes.applicationGuildCommands(application.id, config.DISCORD_GUILD_ID);
    const target = config.DISCORD_GUILD_ID === undefined ? 'global' : 'guild';
    const registered = (await rest.get(route)) as unknown[];
    if (sameCommands(registered, wanted)) {
      options.logger?.info('slash commands already up to date', { target, names });
      return { target, changed: false, names };
    }
    await rest.put(route, { body: wanted });
    options.logger?.info('slash commands registered', { target, names });
    return { target, changed: true, names };
  } catch (error) {
    throw new DeployCommandsError(
      'Could not register the slash commands; check DISCORD_TOKEN and DISCORD_GUILD_ID.',
      {
        cause: error,
      },
    );
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const result = await deployCommands(config, {
    logger: createLogger(config.NEWSDESK_LOG_LEVEL, { secrets: secretsOf(config) }),
  });
  const where =
    result.target === 'guild'
      ? `server ${config.DISCORD_GUILD_ID}`
      : 'all servers (global commands can take a while to appear)';
  console.log(
    result.changed
      ? `Registered /${result.names.join(', /')} for ${where}.`
      : `The commands for ${where} are already up to date; nothing to do.`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await main();
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    console.error(error instanceof Error ? `${error.message}${cause}` : String(error));
    process.exitCode = 1;
  }
}
