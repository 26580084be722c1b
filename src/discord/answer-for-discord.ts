import { answerQuestion, type AnswerStage } from '../answer/answer-question.js';
import type { Answer } from '../answer/answer-schema.js';
import type { Scope } from '../corpus/article-schema.js';
import { fail, ok, type Result } from '../result.js';
import type { BotContext } from './bot-context.js';
import type { OutgoingMessage } from './discord-output.js';
import { renderAnswer } from './render-answer.js';

/** A question asked on Discord, where, by whom, and the earlier answer it follows up on. */
export interface DiscordQuestion {
  question: string;
  scope: Scope;
  userId: string;
  /** The server (null in a DM) and channel the answer is posted in; its buttons work only there. */
  guildId: string | null;
  channelId: string | null;
  /** The answer this question follows up on (a reply to it, or the last one in the bot's thread). */
  follows: number | null;
  /** The bot's thread the question was asked in, if any. */
  threadId: string | null;
  onProgress?: (stage: AnswerStage) => void;
}

/** An answer ready to post: the stored answer's id (null if it could not be stored) and its messages. */
export interface DiscordAnswer {
  answerId: number | null;
  answer: Answer;
  messages: OutgoingMessage[];
}

/** Why a question is refused before any answering starts. */
export type AdmitFailure = 'empty-question' | 'question-too-long' | 'cooldown';

const budgetNote =
  "This server has used this hour's allowance of language-model answers, so this answer quotes the articles directly.";

/** Checks a question's length and the asker's cooldown before anything is posted, so refusals can be private. */
export function admitQuestion(
  context: BotContext,
  question: string,
  userId: string,
): Result<string, AdmitFailure> {
  const text = question.replace(/\s+/g, ' ').trim();
  if (text === '') {
    return fail(
      'empty-question',
      'Ask me a question about the news, for example: /ask question: what did Kallas say about troops?',
    );
  }
  const limit = context.deps.config.NEWSDESK_MAX_QUESTION_CHARS;
  if (text.length > limit) {
    return fail(
      'question-too-long',
      `That question is ${text.length} characters long; please keep it under ${limit} characters.`,
    );
  }
  const admitted = context.guard.admit(userId);
  return admitted.ok ? ok(text) : admitted;
}

/**
 * Answers a Discord question with the core (`answerQuestion`), spending the server's LLM budget (answering from the
 * articles directly once it is spent), with up to three earlier turns as context, and stores the answer.
 */
export async function answerForDiscord(
  context: BotContext,
  request: DiscordQuestion,
): Promise<Result<DiscordAnswer, 'empty-question' | 'question-too-long'>> {
  const { deps, answers, guard } = context;
  const useLlm = deps.chatModel === null ? false : guard.takeLlmBudget(request.scope);
  const result = await answerQuestion(deps, {
    question: request.question,
    scope: request.scope,
    history: request.follows === null ? [] : answers.history(request.follows, 3),
    useLlm,
    ...(request.onProgress ? { onProgress: request.onProgress } : {}),
  });
  if (!result.ok) return result;
  const answer: Answer =
    deps.chatModel !== null && !useLlm
      ? { ...result.value, note: result.value.note ? `${budgetNote} ${result.value.note}` : budgetNote }
      : result.value;
  let answerId: number | null = null;
  try {
    answerId = answers.record(answer, {
      scope: request.scope,
      askedBy: request.userId,
      at: deps.clock.now(),
      follows: request.follows,
      threadId: request.threadId,
    });
  } catch (error) {
    deps.logger.error('could not store an answer; posting it without feedback buttons', { error });
  }
  const place = { guildId: request.guildId, channelId: request.channelId };
  const buttonId = (parts: string[]): string => context.componentIds.make(parts, place);
  return ok({
    answerId,
    answer,
    messages: renderAnswer(answer, { answerId, buttonId: answerId === null ? null : buttonId }),
  });
}
