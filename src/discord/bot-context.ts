import type { BaseInteraction } from 'discord.js';
import type { Deps } from '../deps.js';
import type { AnswerLog } from '../answer/answer-log.js';
import { AskGuard } from './ask-guard.js';
import { ComponentIds, type ComponentPlace } from './component-ids.js';

/** What every command handler receives besides its interaction: the core's dependencies and the bot's own state. */
export interface BotContext {
  deps: Deps;
  answers: AnswerLog;
  guard: AskGuard;
  /** Makes and checks the custom ids of buttons and forms. */
  componentIds: ComponentIds;
}

/** Builds the bot's context over the app's dependencies; `token` keys the custom ids of its buttons. */
export function createBotContext(deps: Deps, token: string): BotContext {
  return {
    deps,
    answers: deps.answers,
    guard: new AskGuard(deps.config, deps.clock),
    componentIds: new ComponentIds(token),
  };
}

/** Where an interaction happens and who is behind it, as custom ids are bound to it. */
export function placeOf(interaction: BaseInteraction): Required<ComponentPlace> {
  return { guildId: interaction.guildId, channelId: interaction.channelId, userId: interaction.user.id };
}
