import type { Scope } from '../corpus/article-schema.js';
import type { Deps } from '../deps.js';
import { fail, ok, type Result } from '../result.js';
import { rankSentences } from '../retrieval/rank-sentences.js';
import type { ArticleStore } from '../corpus/article-store.js';
import { abstentionText, answerExtractively } from './answer-extractively.js';
import type { Answer, Citation } from './answer-schema.js';
import { answerWithLlm, renumber, type Turn } from './answer-with-llm.js';
import { buildPassages } from './build-passages.js';
import { verifyQuote } from './verify-quote.js';

/** Stages reported while an answer is being built, for progress displays. */
export type AnswerStage = 'searching' | 'asking-llm' | 'verifying';

/** A question and how to answer it. */
export interface AskInput {
  question: string;
  scope: Scope;
  /** Earlier turns of the same conversation, oldest first; only the last three are used. */
  history?: readonly Turn[];
  onProgress?: (stage: AnswerStage) => void;
  /** Set false to answer extractively even when an LLM is configured (for example when a budget is spent). */
  useLlm?: boolean;
  onUsage?: (usage: { promptTokens: number; completionTokens: number }) => void;
  /** Called when the LLM's reply was checked: how many claims it made and how many kept a proven quote. */
  onClaims?: (claims: { proposed: number; verified: number }) => void;
}

/** Ranked sentences the LLM path asks for: its passages are chosen from them. */
const llmRankLimit = 24;
/**
 * Ranked sentences an extractive answer asks for: it quotes at most three, from the best few, and asking for fewer
 * lets the ranking stop judging candidates sooner (the first eight are the same either way).
 */
const extractiveRankLimit = 8;

/** Why a question was not answered at all (as opposed to answered with an abstention). */
export type AskFailure = 'empty-question' | 'question-too-long';

/**
 * What newsdesk says when the LLM gave no claim it could support although retrieval found lines that look like an
 * answer; those lines follow as `closestLines`.
 */
export const noSupportedAnswerText =
  "The language model couldn't find an answer in the articles that it could support with a quote, so it gives none. The closest lines are listed below: read them as lines from the articles, not as an answer.";

/**
 * Answers a question from the articles visible in its scope: with the LLM when one is configured (falling back to
 * the extractive answer with a note when it fails), otherwise extractively. Every quote in the result has been
 * checked word for word against its stored line.
 */
export async function answerQuestion(
  deps: Pick<Deps, 'config' | 'articles' | 'retriever' | 'chatModel' | 'prompts' | 'clock' | 'logger'>,
  input: AskInput,
): Promise<Result<Answer, AskFailure>> {
  const question = input.question.replace(/\s+/g, ' ').trim();
  if (question === '') return fail('empty-question', 'Please ask a question.');
  const limit = deps.config.NEWSDESK_MAX_QUESTION_CHARS;
  if (question.length > limit) {
    return fail(
      'question-too-long',
      `That question is ${question.length} characters long; please keep it under ${limit}.`,
    );
  }
  const history = (input.history ?? []).slice(-3);
  input.onProgress?.('searching');
  const now = deps.clock.now();
  const chatModel = input.useLlm === false ? null : deps.chatModel;
  const ranked = rankSentences(deps.retriever, deps.articles, {
    question,
    scope: input.scope,
    limit: chatModel === null ? extractiveRankLimit : llmRankLimit,
    now,
    ...(history.length > 0 ? { context: history.map((turn) => turn.question).join(' ') } : {}),
  });
  const extractive = (note?: string): Answer => answerExtractively(question, ranked, note);
  if (chatModel === null) return ok(checked(deps.articles, input.scope, extractive()));
  if (ranked.length === 0) {
    return ok({
      question,
      mode: 'llm',
      status: 'abstained',
      answer: abstentionText,
      claims: [],
      citations: [],
    });
  }
  input.onProgress?.('asking-llm');
  const passages = buildPassages(deps.articles, ranked, deps.config.NEWSDESK_LLM_PASSAGES);
  const llm = await answerWithLlm(chatModel, {
    question,
    passages,
    history,
    promptTemplate: deps.prompts.answer,
    today: now.toISOString().slice(0, 10),
    ...(input.onUsage ? { onUsage: input.onUsage } : {}),
    ...(input.onClaims ? { onClaims: input.onClaims } : {}),
  });
  input.onProgress?.('verifying');
  if (llm.ok) {
    if (llm.value.status === 'abstained')
      return ok(checked(deps.articles, input.scope, noSupportedAnswer(llm.value, extractive())));
    return ok(checked(deps.articles, input.scope, llm.value));
  }
  deps.logger.warn('falling back to the extractive answer', { reason: llm.reason });
  const fallback = extractive(`${llm.message}, so these are the best matching lines from the articles.`);
  return ok(checked(deps.articles, input.scope, fallback));
}

/**
 * The model found nothing it could support. When retrieval is confident (the extractive answerer would have quoted
 * lines as an answer), say that the model found no supported answer and show those lines as lines; otherwise abstain
 * as plainly as the extractive answerer does.
 */
function noSupportedAnswer(llm: Answer, extractive: Answer): Answer {
  if (extractive.status !== 'answered') return { ...llm, answer: abstentionText };
  return { ...llm, answer: noSupportedAnswerText, closestLines: extractive.citations };
}

/**
 * The last gate before an answer leaves the core: every citation's quote is checked again against the stored line
 * it names, and any that fails (which would be a bug) is dropped with its markers.
 */
function checked(articles: ArticleStore, scope: Scope, answer: Answer): Answer {
  const proven = (citation: Citation): boolean => {
    const article = articles.get(citation.articleId, scope);
    const line = article ? articles.line(article.rowid, citation.line) : undefined;
    return line !== undefined && verifyQuote(line, citation.quote).ok;
  };
  if (answer.closestLines !== undefined) {
    const closestLines = answer.closestLines.filter(proven);
    answer =
      closestLines.length > 0
        ? { ...answer, closestLines }
        : { ...withoutClosestLines(answer), answer: abstentionText };
  }
  const kept = answer.citations.filter(proven);
  if (kept.length === answer.citations.length) return answer;
  const result = renumber({ ...answer, citations: kept });
  return result.citations.length > 0 || answer.status === 'abstained'
    ? result
    : { ...result, status: 'abstained', answer: abstentionText };
}

function withoutClosestLines(answer: Answer): Answer {
  const { closestLines: _dropped, ...rest } = answer;
  return rest;
}
