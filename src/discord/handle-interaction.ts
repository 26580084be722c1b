import type { Interaction } from 'discord.js';
import type { BotContext } from './bot-context.js';
import type { Command } from './command.js';
import { discordOutput, notice } from './discord-output.js';

const failureText =
  'Sorry, something went wrong on my side while handling that. Please try again in a moment; if it keeps happening, tell a moderator.';

/** The command that owns an interaction: by command name, or by the `name:` prefix of a button's or modal's id. */
function commandFor(interaction: Interaction, commands: ReadonlyMap<string, Command>): Command | undefined {
  if (interaction.isChatInputCommand() || interaction.isAutocomplete())
    return commands.get(interaction.commandName);
  if (interaction.isButton() || interaction.isModalSubmit())
    return commands.get(interaction.customId.split(':')[0] ?? '');
  return undefined;
}

/**
 * Routes an interaction to its command and makes sure every failure ends in a friendly message to the user; a
 * failure that cannot even be reported is logged with its cause. Never rejects.
 */
export async function handleInteraction(
  interaction: Interaction,
  context: BotContext,
  commands: ReadonlyMap<string, Command>,
): Promise<void> {
  const command = commandFor(interaction, commands);
  try {
    if (interaction.isAutocomplete()) {
      if (command?.autocomplete) await command.autocomplete(interaction, context);
      else await discordOutput.respond(interaction, []);
      return;
    }
    if (!interaction.isRepliable()) return;
    if (!command) {
      await discordOutput.replyPrivately(
        interaction,
        notice("I don't know that command or button any more; it may be out of date."),
      );
    } else if (interaction.isChatInputCommand()) {
      await command.execute(interaction, context);
    } else if ((interaction.isButton() || interaction.isModalSubmit()) && command.component) {
      await command.component(interaction, context);
    } else {
      await discordOutput.replyPrivately(
        interaction,
        notice('That is out of date; please run the command again.'),
      );
    }
  } catch (error) {
    const name = interaction.isChatInputCommand() ? interaction.commandName : command?.data.name;
    context.deps.logger.error('handling an interaction failed', {
      command: name,
      interaction: interaction.id,
      error,
    });
    try {
      if (interaction.isAutocomplete()) {
        if (!interaction.responded) await discordOutput.respond(interaction, []);
      } else if (interaction.isRepliable() && interaction.deferred && !interaction.replied) {
        // Replace "is thinking…" so the user is never left with a reply that never comes.
        await discordOutput.edit(interaction, notice(failureText));
      } else if (interaction.isRepliable()) {
        await discordOutput.replyPrivately(interaction, notice(failureText));
      }
    } catch (replyError) {
      context.deps.logger.error('could not tell the user that their request failed', {
        command: name,
        interaction: interaction.id,
        error: new Error('reply failed', { cause: replyError }),
      });
    }
  }
}
