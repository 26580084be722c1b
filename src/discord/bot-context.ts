import type { Deps } from '../deps.js';
import type { AnswerLog } from '../answer/answer-log.js';
import { AskGuard } from './ask-guard.js';

/** What every command handler receives besides its interaction: the core's dependencies and the bot's own state. */
export interface BotContext {
  deps: Deps;
  answers: AnswerLog;
  guard: AskGuard;
}

/** Builds the bot's context over the app's dependencies. */
export function createBotContext(deps: Deps): BotContext {
  return { deps, answers: deps.answers, guard: new AskGuard(deps.config, deps.clock) };
}
