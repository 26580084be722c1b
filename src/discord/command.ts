import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { BotContext } from './bot-context.js';

/**
 * A slash command: its registration data, its handler, and optionally its autocomplete and the buttons and modals
 * it owns. A handler reads its options, calls one core function and formats the reply. Commands are plain objects
 * checked with `satisfies Command` and listed once in `commands/index.ts`.
 */
export interface Command {
  /** The command as registered with Discord (`SlashCommandBuilder#toJSON()` or a plain object). */
  readonly data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, context: BotContext): Promise<void>;
  /** Handles buttons and modals whose custom id starts with `<data.name>:`. */
  component?(interaction: ButtonInteraction | ModalSubmitInteraction, context: BotContext): Promise<void>;
}
