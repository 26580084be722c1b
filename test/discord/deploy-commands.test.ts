import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { askCommand } from '../../src/discord/commands/ask-command.js';
import { deployCommands, sameCommands } from '../../src/discord/deploy-commands.js';
import { commands } from '../../src/discord/commands/index.js';
import { snowflake, startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';

let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function configFor(discord: FakeDiscord, guildId?: string) {
  return loadConfig(
    {
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      ...(guildId ? { DISCORD_GUILD_ID: guildId } : {}),
    },
    { dotenv: false },
  );
}

function puts(discord: FakeDiscord): number {
  return discord.requests.filter((request) => request.method === 'PUT').length;
}

describe('npm run deploy-commands', () => {
  it('registers the commands to one guild, then does nothing while they are unchanged', async () => {
    fake = await startFakeDiscord([]);
    const guildId = snowflake();
    const first = await deployCommands(configFor(fake, guildId));
    const names = commands.map((command) => command.data.name);
    expect(names).toEqual(expect.arrayContaining(['ask', 'article']));
    expect(first).toEqual({ target: 'guild', changed: true, names });
    expect(fake.registeredCommands(guildId).map((command) => command.name)).toEqual(names);
    expect(fake.registeredCommands(guildId).find((command) => command.name === 'article')).toMatchObject({
      default_member_permissions: '32',
      contexts: [0],
    });

    const second = await deployCommands(configFor(fake, guildId));
    expect(second.changed).toBe(false);
    expect(puts(fake)).toBe(1);
  });

  it('registers globally without a guild id, and again when a command changed', async () => {
    fake = await startFakeDiscord([]);
    await deployCommands(configFor(fake));
    expect(fake.registeredCommands(null)).toHaveLength(commands.length);
    const changed = [{ ...askCommand, data: { ...askCommand.data, description: 'Ask about the news.' } }];
    const result = await deployCommands(configFor(fake), { commands: changed });
    expect(result).toMatchObject({ target: 'global', changed: true });
    expect(fake.registeredCommands(null).map((command) => command.description)).toEqual([
      'Ask about the news.',
    ]);
  });

  it('treats fields Discord adds (ids, versions, defaults) as no change', () => {
    const echoed = commands.map((command) => ({
      ...command.data,
      id: snowflake(),
      version: snowflake(),
      application_id: snowflake(),
      nsfw: false,
      integration_types: [0],
      name_localizations: null,
      description_localizations: null,
    }));
    expect(
      sameCommands(
        echoed,
        commands.map((command) => command.data),
      ),
    ).toBe(true);
  });
});
