import type { Scope } from '../corpus/article-schema.js';
import type { Deps } from '../deps.js';
import { fail, ok, type Result } from '../result.js';
import { rankSentences } from '../retrieval/rank-sentences.js';
import type { ArticleStore } from '../corpus/article-store.js';
import { abstentionText, answerExtractively } from './answer-extractively.js';
import type { Answer } from './answer-schema.js';
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
}

/** Why a question was not answered at all (as opposed to answered with an abstention). */
export type AskFailure = 'empty-question' | 'question-too-long';

const passageCount = 8;

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
  const ranked = rankSentences(deps.retriever, deps.articles, {
    question,
    scope: input.scope,
    limit: 24,
    now,
    ...(history.length > 0 ? { context: history.map((turn) => turn.question).join(' ') } : {}),
  });
  const extractive = (note?: string): Answer => answerExtractively(question, ranked, note);
  if (deps.chatModel === null || input.useLlm === false)
    return ok(checked(deps.articles, input.scope, extractive()));
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
  const passages = buildPassages(deps.articles, ranked, passageCount);
  const llm = await answerWithLlm(deps.chatModel, {
    question,
    passages,
    history,
    promptTemplate: deps.prompts.answer,
    today: now.toISOString().slice(0, 10),
    ...(input.onUsage ? { onUsage: input.onUsage } : {}),
  });
  input.onProgress?.('verifying');
  if (llm.ok) {
    if (llm.value.status === 'abstained') return ok({ ...llm.value, answer: abstentionText });
    return ok(checked(deps.articles, input.scope, llm.value));
  }
  deps.logger.warn('falling back to the extractive answer', { reason: llm.reason });
  const fallback = extractive(`${llm.message}, so these are the best matching lines from the articles.`);
  return ok(checked(deps.articles, input.scope, fallback));
}

/**
 * The last gate before an answer leaves the core: every citation's quote is checked again against the stored line
 * it names, and any that fails (which would be a bug) is dropped with its markers.
 */
function checked(articles: ArticleStore, scope: Scope, answer: Answer): Answer {
  const kept = answer.citations.filter((citation) => {
    const article = articles.get(citation.articleId, scope);
    const line = article ? articles.line(article.rowid, citation.line) : undefined;
    return line !== undefined && verifyQuote(line, citation.quote).ok;
  });
  if (kept.length === answer.citations.length) return answer;
  const result = renumber({ ...answer, citations: kept });
  return result.citations.length > 0 || answer.status === 'abstained'
    ? result
    : { ...result, status: 'abstained', answer: abstentionText };
}
